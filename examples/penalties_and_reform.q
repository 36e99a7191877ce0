% penalties_and_reform.q
% "What happens if I am caught with cannabis?", "Was drug use decriminalised in
% 2021?", "What were the proposed threshold quantities, and are they law?"
% Sources: seed 001 (Enforcement, Decriminalization), seed 002 (the 2021
% proposal), seed 000 (Penalties & fines).

% Four people caught with cannabis outside the medical route.
possesses_cannabis_grams(anna, 5).
first_time_offender(anna).
possesses_cannabis_grams(bjorn, 400).
possesses_cannabis_grams(carl, 5000).
possesses_cannabis_grams(dina, 100000).
very_serious_case(dina).

% A drug addict caught with a small amount for personal use.
small_amount_for_personal_use(erik).
drug_addicted(erik).

% Penalty band and maximum prison sentence per person.
?- quantity_band(X, Band).
?- max_prison_years(X, Years).
?- min_prison_years(X, Years).
?- fine_for_first_time_offender(X).

% The 2022 guidelines and the 2021 decision.
?- not_punishable_under_2022_guidelines(X).
?- police_may_not(erik, Measure).

% Was the 2021 reform passed?  (no)
?- proposal_status(P, Status), proposal_submitted(P, Submitted).
?- proposal_vote(P, Side, Parties, Percent).

% The proposal's thresholds (NOT law), with the substance where it survives.
?- proposal_row(P, Row, N), proposal_threshold(Row, Tier, Amount, Unit).
?- proposal_threshold_substance(Row, Name).

% Which thresholds are law now?  (none)
?- threshold_in_force(Row, Tier, Amount, Unit).

% What is in force now?
?- in_force(I).

% The history, in order of the year.
?- policy_event(E, Year, _).
