% medical_cannabis.q
% The explainer's frequently asked questions (seed 000) and the agency's rules
% for CBD and medical cannabis (seed 004), as queries:
% "Can I use medical cannabis?", "Which approved medicines are there?",
% "What is a special exemption?", "Can I grow cannabis for my own medical
% use?", "Does the state cover the cost?", "special exemption dmp cannabis".

% The people involved.
patient(kari).
prescribed(kari, sativex).

patient(ola).
tried_approved_alternatives_without_effect(ola).
exemption_granted(ola, bedrocan).
prescribed(ola, bedrocan).
grows_cannabis(ola).

patient(per).

% Three doctors: a GP with group A rights, a hospital specialist, a dentist.
prescriber(gp).
group_a_rights(gp).
hospital_specialist(neurologist).
prescriber(dentist).

% The products: Bedrocan (22 % THC) and Bedrolite (under 1 % THC).
product(bedrocan).
class(bedrocan, cannabis).
thc_percent(bedrocan, 22).

product(bedrolite).
class(bedrolite, cannabis).
thc_percent(bedrolite, 0.9).

% Can I use medical cannabis? Who uses it lawfully, and by which route?
?- lawful_medical_cannabis_use(X, Route).

% Which approved medicines are there?
?- approved_cannabis_medicine(M, Indication).

% What is a special exemption, and is it open yet to each patient?
?- medical_cannabis_route(special_exemption, Text).
?- special_exemption_last_resort_met(X).
?- special_exemption_not_yet_available(X).

% Can I grow cannabis for my own medical use? (Ola has a prescription.)
?- home_cultivation_forbidden(X).

% Does the state cover the cost?
?- cost_coverage(What, Coverage).

% Who may apply to the agency for Bedrocan (over 1 % THC) and Bedrolite (CBD)?
?- may_apply(D, bedrocan).
?- may_apply(D, bedrolite).

% Do these products need the agency's approval?
?- requires_approval(P).

% The explainer's FAQ, verbatim.
?- faq(Q, A).
