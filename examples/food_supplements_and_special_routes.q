% food_supplements_and_special_routes.q
% Questions about the special routes on the agency's page:
% - a vitamin D product sold as a food supplement in the USA (for a patient
%   after bariatric surgery, the page's own example: 50 000 IU two to three
%   times daily);
% - the same kind of product sold as food only in Japan;
% - a product on the agency's food exclusion list;
% - a homeopathic product registered in Germany, and one of biological origin;
% - melatonin of 1 mg and 3 mg daily dose.
% Source: seed 004, "Positivlisten og Negativlisten", "Homøopatiske
% legemidler", "Vitaminer, mineraler og enkelte andre produkter",
% "Godkjenningsfritak for melatonin".

product(vit_d_us).
sold_as_food_in(vit_d_us, us).

product(supplement_jp).
sold_as_food_in(supplement_jp, jp).

product(excluded_us).
sold_as_food_in(excluded_us, us).
on_food_exclusion_list(excluded_us).

product(homeo_de).
class(homeo_de, homeopathic).
homeopathic_registration_in(homeo_de, de).

product(homeo_bio_at).
class(homeo_bio_at, homeopathic).
class(homeo_bio_at, biological).
homeopathic_registration_in(homeo_bio_at, at).

product(melatonin_1mg).
melatonin_daily_dose_mg(melatonin_1mg, 1).
ma_in(melatonin_1mg, se).

product(melatonin_3mg).
melatonin_daily_dose_mg(melatonin_3mg, 3).
ma_in(melatonin_3mg, se).

% Which of these may the pharmacy dispense directly, and which need approval?
?- exemption_status(P, S).

% On which ground is each notifiable product notifiable?
?- notification_ground(P, G).

% Why does the food supplement from Japan need approval?
?- negative_list_reason(supplement_jp, R).

% Which products are sold as food but excluded from the food route?
?- food_route_excluded(P).

% Which melatonin products may fall outside medicines law?
?- may_fall_outside_medicines_law(P).

% Since when do homeopathic products need an application?
?- homeopathic_application_required_from(D).
