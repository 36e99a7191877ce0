% The same change, on purpose: every answer resting on it says so.
@override eea_member(br).
@override product(p).
ma_in(p, br).
?- notifiable(p).
?- class(p, vaccine).
