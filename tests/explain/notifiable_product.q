% A product authorised in Germany, not on the negative list: why may the
% pharmacy dispense it by notification?
product(p1).
ma_in(p1, de).
?- why notifiable(p1).
