% Prolog habits are no predicates here.
halt.
?- listing(notifiable).
