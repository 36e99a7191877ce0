% A vaccine on the positive list: notifiable although vaccines are on the
% negative list.
product(v2).
class(v2, vaccine).
ma_in(v2, se).
on_positive_list(v2).
?- why notifiable(v2).
