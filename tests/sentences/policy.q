% policy.q: why and why-not in words over the shipped knowledge base, for the
% cannabis, drug policy and statistics questions (kb/say_policy.kb).
% Run: regkb run --lang nb tests/sentences/policy.q (or --lang en; add
% --explain-detail full for the whole tree). Answers are as of today, after
% the Attorney General's guidelines of 18 May 2022.

% x: a drug-addicted first-time offender caught with 5 g, stated as a small
% amount for personal use.
possesses_cannabis_grams(x, 5).
first_time_offender(x).
drug_addicted(x).
small_amount_for_personal_use(x).

% y: the same, but not addicted (and no indication of addiction).
possesses_cannabis_grams(y, 5).
first_time_offender(y).
small_amount_for_personal_use(y).

% No fine for x: from 18 May 2022 x is not punishable under the guidelines.
?- whynot fine_for_first_time_offender(x).
?- why not_punishable_under_2022_guidelines(x).

% A fine for y, who is not addicted; and why y is not exempt.
?- why fine_for_first_time_offender(y).
?- whynot not_punishable_under_2022_guidelines(y).

% kari: a patient with MS prescribed Sativex, on a hospital prescription.
patient(kari).
diagnosed_with(kari, ms).
prescribed(kari, sativex).
hospital_prescription(kari, sativex).

?- why approved_medicine_on_hospital_prescription(kari, M).
?- why lawful_medical_cannabis_use(kari, approved_medicine).
?- why cost_may_be_covered(kari, sativex).

% ola: a patient with an exemption for Bedrocan, a product of medical
% cannabis (22 % THC), who has not tried approved alternatives.
patient(ola).
exemption_granted(ola, bedrocan).
prescribed(ola, bedrocan).
product(bedrocan).
class(bedrocan, cannabis).
thc_percent(bedrocan, 22).

?- why medical_cannabis(bedrocan).
?- why lawful_medical_cannabis_use(ola, special_exemption).
?- whynot special_exemption_last_resort_met(ola).

% The 2021 proposal did not pass: it is not in force.
?- whynot in_force(drug_policy_reform_2021).
?- why proposal_status(drug_policy_reform_2021, did_not_pass).

% A hypothetical case put to the proposal (NOT law): 3 g of the substance of
% row 1 (thresholds 2 g and 5 g) would not have been exempt.
proposal_case_possesses(w, unnamed_row_1, 3, grams).
?- whynot proposal_would_exempt_from_punishment(w).

% Statistics: a dispensing requisitioned to a hospital department is not in
% the registry figures; a shortage in which the exemption scheme is used.
unregistered_dispensing(d1).
dispensing_recipient(d1, hospital_department).
dispensing_prescriber(d1, doctor).
marketed_medicine_in_shortage(prednisolon).
general_permission_obstacle(prednisolon, not_appropriate).

?- why outside_registry_figures(d1, R).
?- whynot in_registry_figures(d1, human).
?- why exemption_scheme_used_in_shortage(prednisolon).
