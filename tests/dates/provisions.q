% Dated provisions of the shipped knowledge base, asked as of dates before
% and after them: a homeopathic product registered in Germany (from
% 2017-07-01), an urgent application (the original form until 2019-08-01),
% a drug-addicted first-time offender with a small amount (the 2022
% guidelines from 2022-05-18), the instruments in force, and the country
% list stated as of its page's date (2020-03-18).
% as of: 2016-06-01 2019-07-31 2022-05-17 2022-05-18 2024-06-01
product(arnica). class(arnica, homeopathic).
homeopathic_registration_in(arnica, de).
product(v). class(v, vaccine). application(u, v). urgent(u).
submitted_via(u, urgent_email).
possesses_cannabis_grams(x, 5). first_time_offender(x). drug_addicted(x).
small_amount_for_personal_use(x).
product(p). ma_in(p, de).

?- notifiable(arnica).
?- urgent_original_to_be_sent(u).
?- fine_for_first_time_offender(x).
?- not_punishable_under_2022_guidelines(x).
?- in_force(I).
?- notifiable(p).
?- when notifiable(arnica).
?- when urgent_original_to_be_sent(u).
?- when fine_for_first_time_offender(x).
?- when not_punishable_under_2022_guidelines(x).
?- when in_force(I).
?- whynot fine_for_first_time_offender(x).
?- whynot urgent_original_to_be_sent(u).
