% A product with no marketing authorisation anywhere.
product(p0).
?- why negative_list_reason(p0, R).
?- whynot notifiable(p0).
