% Product questions over the shipped knowledge base, worded by the sentences
% of kb/say_exemption.kb. Run with
%   regkb run --lang nb tests/sentences/exemption.q
%   regkb run --lang en tests/sentences/exemption.q
% and --explain-detail full to see the tree under each short explanation.
% The products are the user's symbols; each is described by its own facts.

% A vaccine authorised in Japan (a PIC/S country): the MA would count, but
% vaccines are on the negative list, so the agency must approve it first. It
% would be notifiable if it were on the positive list.
product(v). class(v, vaccine). ma_in(v, jp).
?- whynot notifiable(v).
?- why requires_approval(v).

% A product with an MA in Germany (EEA) and nothing else: notifiable.
product(p). ma_in(p, de).
?- why notifiable(p).

% A product with no MA anywhere: on the negative list on both MA grounds.
product(x).
?- whynot notifiable(x).
?- why requires_approval(x).

% A homeopathic product registered (not authorised) in Germany: notifiable
% by the homeopathic route (from 1 July 2017), which lifts the MA grounds.
product(h). class(h, homeopathic). homeopathic_registration_in(h, de).
?- why notifiable(h).

% A medical gas with an MA in Sweden, used at a hospital: on the negative
% list; the application goes to the gas supplier, one per gas per year.
product(g). class(g, medical_gas). ma_in(g, se). gas_used_at(g, hospital).
?- whynot notifiable(g).
?- why application_goes_to(g, gas_supplier).
?- why one_application_per_gas_per_year(g).

% The same kind of gas for a clinical study: no exemption is needed.
product(gs). class(gs, medical_gas). for_clinical_study(gs).
?- why no_exemption_needed(gs, gas_for_clinical_study).
?- whynot requires_approval(gs).

% A food supplement sold as a food in the USA: the food route lifts the MA
% grounds, so it is notifiable without any MA.
product(f). sold_as_food_in(f, us).
?- why notifiable(f).
% The same, but on the agency's exclusion list: no food route.
product(fx). sold_as_food_in(fx, us). on_food_exclusion_list(fx).
?- whynot notifiable(fx).

% A high-dose vitamin D product for oral use: the supplement route.
product(d). class(d, vitamin_mineral). oral_use(d). exceeds_food_supplement_limits(d).
?- why notifiable(d).
?- why between_two_stools(d).

% Melatonin, 1 mg a day: may fall outside medicines law; 3 mg: not.
product(m1). melatonin_daily_dose_mg(m1, 1). ma_in(m1, se).
product(m3). melatonin_daily_dose_mg(m3, 3.0). ma_in(m3, se).
?- why may_fall_outside_medicines_law(m1).
?- whynot may_fall_outside_medicines_law(m3).

% A biological product sold as a food in the USA: the food route does not lift
% the class grounds.
product(b). class(b, biological). sold_as_food_in(b, us).
?- why requires_approval(b).

% A magistral preparation made by a Danish pharmacy.
product(mg). made_by_pharmacy_in(mg, dk). eu_eea_authorised_medicine_available(mg).
?- why requires_approval(mg).
?- whynot grant_precondition_met(mg).
?- why import_permit_required(mg).

% A cannabis product with no THC content given.
product(c). class(c, cannabis).
?- why cannabis_thc_unknown(c).
?- whynot cbd_product(c).
