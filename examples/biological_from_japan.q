% biological_from_japan.q
% Question from a pharmacy: "A doctor has sent an e-prescription for a
% biological medicine that is authorised in Japan, but not in Norway. Can we
% dispense it directly (notification), or must the agency approve it first?"
% And for comparison: the same substance as an ordinary (non-biological)
% medicine authorised in Japan, and the biological once it is on the agency's
% positive list.
% Source: seed 004, "Positivlisten og Negativlisten".

product(bio_jp).
class(bio_jp, biological).
ma_in(bio_jp, jp).

product(chem_jp).
ma_in(chem_jp, jp).

product(bio_jp_positive).
class(bio_jp_positive, biological).
ma_in(bio_jp_positive, jp).
on_positive_list(bio_jp_positive).

% Is Japan a country whose authorisations the scheme recognises, and why?
?- recognition_basis(jp, Basis).

% Can the biological authorised in Japan be notified?  (expected: no)
?- notifiable(bio_jp).

% Why not? Which negative-list group does it fall in?
?- negative_list_reason(bio_jp, Reason).

% The status of each of the three products.
?- exemption_status(P, Status).

% On which grounds may the ordinary medicine from Japan be notified?
?- notification_ground(chem_jp, Ground).
