% applications_workflow.q
% A pharmacy's and a hospital's questions about handling applications (seed
% 004): "The GP's e-prescription for a vaccine arrived on Friday: when will the
% agency decide?", "An urgent application came in at 12:45 on Tuesday", "Our
% department wants to use the e-prescription", "The paper form lacks the
% doctor's ID number", "When must this year's notifications be returned?",
% "A patient started a medicine in a study: can she get foreign packs after it
% is marketed?", "The new medicine was marketed on 1 March 2024: how long may
% we still dispense the unregistered one?".

prescriber(gp).

% A vaccine (negative list) by e-prescription, received on Friday 5 July 2024.
product(vaccine_de).
class(vaccine_de, vaccine).
ma_in(vaccine_de, de).
application(a1, vaccine_de).
applicant(a1, gp).
application_setting(a1, single_patient).
submitted_via(a1, e_prescription).
received(a1, 2024-07-05, 1015).
justification(a1, no_marketed_product_covers_need).
application_states(a1, active_substances_quantity_period).

% An urgent application by e-mail, received on Tuesday 2 July 2024 at 12:45.
application(a2, vaccine_de).
urgent(a2).
submitted_via(a2, urgent_email).
received(a2, 2024-07-02, 1245).
justification(a2, no_marketed_product_covers_need).

% A hospital department asking through e-prescription (not allowed).
product(p_se).
ma_in(p_se, se).
application(a3, p_se).
application_setting(a3, hospital_department).
submitted_via(a3, e_prescription).

% A paper form for a notifiable product, without the doctor's ID number.
application(a4, p_se).
application_setting(a4, single_patient).
submitted_via(a4, paper_form).
application_states(a4, correct_box_ticked).
application_states(a4, prescriber_name_legible).
application_states(a4, active_substances_quantity_period).
justification(a4, other_formulation_needed).

% Foreign packs after marketing.
foreign_pack_case(study_patient).
free_before_marketing_via(study_patient, study).
foreign_pack_fact(study_patient, company_offers_free_after_marketing).
foreign_pack_fact(study_patient, use_agreed_between_health_trust_and_company).
foreign_pack_fact(study_patient, dispensed_via_pharmacy).
foreign_pack_fact(study_patient, treated_at_hospital).
foreign_pack_fact(study_patient, doctor_states_conditions).

% The transition period. Whether it is still running depends on the date
% asked about, as_of(D): `regkb run --as-of 2024-05-15
% examples/applications_workflow.q` asks as of 15 May 2024, when
% old_unregistered was still within it; without --as-of, as of today.
marketed_in_norway_from(new_mt_product, 2024-03-01).
replaces_unregistered(new_mt_product, old_unregistered).

% When will the agency normally decide?
?- normally_decided_by(A, D).
?- urgent_same_day(A).

% Which channels are wrong?
?- wrong_channel(A, C).

% What is missing before the pharmacy may dispense?
?- missing_item(A, Item).
?- pharmacy_may_dispense(A).
?- awaiting_agency(A).

% How does each application reach the agency?
?- submission_route(A, Route).

% When must the 2024 notifications be returned?
?- notification_return_due_before(2024, D).

% Foreign packs after marketing.
?- foreign_pack_allowed(X), foreign_pack_duration(X, D).

% Transition period. `_Today` is the date asked about (as_of), not shown, so
% the answers do not change with the calendar: asked as of today the period is
% over; with --as-of 2024-05-15 it is still running.
?- transition_period_max_end(U, Start, End).
?- within_max_transition_period(U, _Today).
?- transition_period_over(U, _Today).

% Refunds.
?- refund_possible_via(P, R).
?- refund_rule(Id, Text).
