% A question about a predicate that does not exist, in a query and in a rule.
product(p1). ma_in(p1, de).
mine(P) :- notifable(P).
?- notifable(p1).
?- mine(P).
