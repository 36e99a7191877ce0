% What changed for homeopathic products, and when: a homeopathic product
% registered in Germany (an EEA country), one registered in Norway, and one
% registered nowhere. `?- when` answers the periods in which each answer
% holds; `regkb run --as-of 2016-06-01 examples/homeopathic_over_time.q`
% asks the other questions as of a date before the requirement.
product(arnica_de). class(arnica_de, homeopathic).
homeopathic_registration_in(arnica_de, de).

product(arnica_no). class(arnica_no, homeopathic).
homeopathic_registration_in(arnica_no, no).

product(calendula). class(calendula, anthroposophic).

% Since 1 July 2017 an application is required for those not registered in
% Norway; one registered in another EEA country may be notified.
?- when homeopathic_application_required(P).
?- when notifiable(P).
?- when requires_approval(P).
?- when exemption_status(P, S).

% As of the date asked about (today unless --as-of says otherwise).
?- exemption_status(P, S).
?- why notifiable(arnica_de).
