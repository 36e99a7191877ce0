% magistral_and_gases.q
% Questions about pharmacy-made preparations from abroad and medical gases:
% "A hospital wants CBD drops made by Glostrup apotek in Denmark. Can the
% pharmacy notify?", "We need xenon for a clinical study: do we apply?",
% "Our hospital uses nitric oxide every day: one application per patient?"
% Source: seed 004, "Legemidler som er apotektilvirket utenfor Norge",
% "Godkjenningsfritak for medisinske gasser".

% A magistral preparation from Denmark, no alternative with an EU/EEA MA, and
% no Norwegian pharmacy can make it.
product(glostrup_drops).
made_by_pharmacy_in(glostrup_drops, dk).

% A magistral preparation from Sweden for which a Norwegian pharmacy could make it.
product(swedish_cream).
made_by_pharmacy_in(swedish_cream, se).
norwegian_pharmacy_can_make(swedish_cream).

% A gas for a clinical study and a gas used every day in a hospital.
product(xenon_study).
class(xenon_study, medical_gas).
for_clinical_study(xenon_study).

product(nitric_oxide).
class(nitric_oxide, medical_gas).
ma_in(nitric_oxide, de).
gas_used_at(nitric_oxide, hospital).

% Status of each product.
?- exemption_status(P, S).

% Why do the magistral preparations need approval?
?- negative_list_reason(glostrup_drops, R).

% Can the agency grant them?  Which refusal grounds apply?
?- grant_precondition_met(P).
?- refusal_ground(P, R).

% Does the import itself need a permit from the agency?
?- import_permit_required(P).

% Where does the gas application go, and how often must the hospital apply?
?- application_goes_to(P, W).
?- one_application_per_gas_per_year(P).
?- gas_application_step(N, Who, What).

% Why does the study gas need no application?
?- no_exemption_needed(P, Why).
