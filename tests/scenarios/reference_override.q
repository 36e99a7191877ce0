% A country added to the EEA by a fact: the reference data may not change unawares.
eea_member(br).
product(p). ma_in(p, br).
?- notifiable(p).
