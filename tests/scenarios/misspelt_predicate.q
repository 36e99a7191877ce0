% A class name misspelt: the fact would be ignored and the vaccine answered notifiable.
product(p1). ma_in(p1, jp). clas(p1, vaccine).
?- notifiable(p1).
