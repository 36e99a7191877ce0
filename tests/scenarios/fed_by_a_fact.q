% A date at the end of the calendar: the decision 14 days on is past it.
product(p).
application(a, p). submitted_via(a, paper_form). received(a, 9999-12-31, 1000).
?- normally_decided_by(a, D).
?- requires_approval(p).
