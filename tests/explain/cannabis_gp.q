% Medical cannabis with 22 % THC, applied for by a general practitioner with
% group A rights: only hospital specialists may apply.
product(bedrocan).
class(bedrocan, cannabis).
thc_percent(bedrocan, 22).
prescriber(gp).
group_a_rights(gp).
?- whynot may_apply(gp, bedrocan).
?- why requires_approval(bedrocan).
