% A vaccine authorised in Germany: why does it need the agency's approval,
% why is it not notifiable, and what would it take?
product(v1).
class(v1, vaccine).
ma_in(v1, de).
?- why requires_approval(v1).
?- whynot notifiable(v1).
