% applications.q: why and why-not questions a pharmacist or a prescriber asks
% about applications for godkjenningsfritak (kb/applications.kb), over the
% shipped knowledge base, to read in words:
%
%   regkb run --lang nb tests/sentences/applications.q
%   regkb run --lang en tests/sentences/applications.q
%   regkb run --lang nb --explain-detail full tests/sentences/applications.q
%
% Every question is ground, and none depends on the date it is asked (the
% engine answers as of today by default): the dated rules asked about (the
% simplified routine for hospitals from 2019-01-01, the transition period
% from 2024-01-01) hold on every date from then, and the transition period
% is asked about by its dates, not by as_of. The scenario facts use their own
% identifiers for each question, since they are shared by the whole file.

% Three doctors, as in tests/fixtures/applications.kbtest: a GP with group A
% rights, a hospital specialist and a dentist.
prescriber(gp).
group_a_rights(gp).
hospital_specialist(oncologist).
prescriber(dentist).

% Products: medical cannabis above 1 % THC, CBD with at most 1 % THC, an
% ordinary product with an MA in Germany (notifiable) and a vaccine (on the
% negative list: the agency must approve it).
product(bedrocan). class(bedrocan, cannabis). thc_percent(bedrocan, 22).
product(bedrolite). class(bedrolite, cannabis). thc_percent(bedrolite, 0.9).
product(p). ma_in(p, de).
product(vax). class(vax, vaccine). ma_in(vax, de).

% --- Who may apply ----------------------------------------------------------

% A GP asks why he may not apply for Bedrocan (22 % THC): only hospital
% specialists may.
?- whynot may_apply(gp, bedrocan).

% The hospital specialist may.
?- why may_apply(oncologist, bedrocan).

% The dentist has no group A rights, so he may not apply for CBD.
?- whynot may_apply(dentist, bedrolite).

% --- Processing times -------------------------------------------------------

% An e-prescription for the vaccine, received on Monday 1 July 2024: three
% working days, so by Thursday 4 July.
application(e1, vax). submitted_via(e1, e_prescription). received(e1, 2024-07-01, 1000).
?- why normally_decided_by(e1, 2024-07-04).

% An urgent application received on a Thursday at 12:45: processed the same day.
application(u1, vax). urgent(u1). extraordinary_case(u1). submitted_via(u1, urgent_email). received(u1, 2024-07-04, 1245).
?- why urgent_same_day(u1).
?- why normally_decided_by(u1, 2024-07-04).

% The same on a Thursday at 14:00: no same-day processing is promised, and
% the guidance states no other time.
application(u2, vax). urgent(u2). extraordinary_case(u2). submitted_via(u2, urgent_email). received(u2, 2024-07-04, 1400).
?- why urgent_same_day_not_promised(u2).
?- whynot normally_decided_by(u2, 2024-07-04).

% And on a Saturday morning.
application(u3, vax). urgent(u3). extraordinary_case(u3). submitted_via(u3, urgent_email). received(u3, 2024-07-06, 900).
?- whynot urgent_same_day(u3).

% An urgent application not stated to concern an extraordinary case.
application(u4, vax). urgent(u4). submitted_via(u4, urgent_email). received(u4, 2024-07-04, 1000).
?- why urgent_not_extraordinary(u4).

% --- Hospital departments and the simplified routine ------------------------

% A paper application from a hospital department for the notifiable product,
% not signed by the chief physician.
application(h1, p). application_setting(h1, hospital_department). submitted_via(h1, paper_form).
?- why must_use_paper_form(h1).
?- why missing_item(h1, department_chief_signature).

% From 2019 a hospital department's notifiable use may go by the routine's
% yearly list signed by the chief physician, without the paper form. (A
% why-not of must_use_paper_form(h2) would name the applicant's e-prescription
% access first, which says nothing here: the list routine is the reason.)
application(h2, p). application_setting(h2, hospital_department). submitted_via(h2, simplified_hospital_routine). signed_by_department_chief(h2).
?- why department_list_routine(h2).

% A single patient to be treated in a hospital department, for the vaccine
% (which the agency must assess): the simplified routine is open to it, its
% signed paper form goes as a PDF, and only initials and age are wanted.
application(h3, vax). application_setting(h3, single_patient). treated_in_hospital_department(h3). submitted_via(h3, simplified_hospital_routine).
?- why simplified_routine_open_to(h3).
?- why application_channel_allowed(h3, simplified_hospital_routine).
?- why paper_form_used(h3).
?- why personal_data_wanted(h3, initials).

% The same for the notifiable product: the routine is not open to it, so it
% was sent through a wrong channel.
application(h4, p). application_setting(h4, single_patient). treated_in_hospital_department(h4). submitted_via(h4, simplified_hospital_routine).
?- why wrong_channel(h4, simplified_hospital_routine).

% An e-prescription for a hospital department: the wrong channel.
application(h5, p). application_setting(h5, hospital_department). submitted_via(h5, e_prescription).
?- why wrong_channel(h5, e_prescription).

% --- What the application contains ----------------------------------------

% An e-prescription for the notifiable product that refers to an earlier
% application instead of giving a medical justification.
application(m1, p). application_setting(m1, single_patient). submitted_via(m1, e_prescription).
application_states(m1, active_substances_quantity_period). justification(m1, reference_to_earlier_application).
?- why missing_item(m1, medical_justification).
?- why justification_rejected(m1).

% The same with a justification the guidance names: the pharmacy may dispense.
application(m2, p). application_setting(m2, single_patient). submitted_via(m2, e_prescription).
application_states(m2, active_substances_quantity_period). justification(m2, other_formulation_needed).
?- why pharmacy_may_dispense(m2).

% A paper application for the vaccine, not yet granted.
application(m3, vax). application_setting(m3, single_patient). submitted_via(m3, paper_form).
?- whynot pharmacy_may_dispense(m3).

% An application for more than a year.
application(v1, p). requested_months(v1, 18).
?- why exceeds_max_validity(v1).

% --- The agency's answer ----------------------------------------------------

% A granted paper application that does not show which pharmacy sent it in.
application(r1, vax). submitted_via(r1, paper_form). agency_approved(r1).
?- why answer_sent_to(r1, prescriber).
?- why granted_taken_to_pharmacy_by(r1, prescriber_or_patient).

% --- Foreign packs and the transition period ------------------------------

% A hospital patient's case where the company's free supply after marketing
% is not stated.
foreign_pack_case(x1). free_before_marketing_via(x1, study).
foreign_pack_fact(x1, use_agreed_between_health_trust_and_company).
foreign_pack_fact(x1, dispensed_via_pharmacy). foreign_pack_fact(x1, treated_at_hospital).
foreign_pack_fact(x1, doctor_states_conditions).
?- whynot foreign_pack_allowed(x1).
?- why foreign_pack_unmet(x1, company_offers_free_after_marketing).

% A medicine marketed on 1 March 2024 replaces an unregistered one: the
% transition period ends on 30 May 2024 at the latest.
marketed_in_norway_from(newmed, 2024-03-01). replaces_unregistered(newmed, oldmed).
?- why transition_period_max_end(oldmed, 2024-03-01, 2024-05-30).
