% recognised_countries.q
% Questions a regulatory officer gets about countries:
% "Does an authorisation from Bulgaria / Brazil / the UK / South Korea count?",
% "Which countries does the agency's list leave out although they are in the
% EEA?", "What is the code for Switzerland?".
% Source: seed 004, "Land som er med i EØS-området eller PIC/S" and "Land med
% MRA-avtale".

% Which EEA states are missing from the agency's combined list?  (bg, lu)
?- eea_state_not_on_agency_page(C), country_name(C, en, Name).

% Does an MA from Bulgaria count?  (yes: Bulgaria is in the EEA)
?- recognised_ma_country(bg).

% Does an MA from Brazil count?  (no)
?- recognised_ma_country(br).

% On which ground do the United Kingdom and South Korea count?
?- country_called(C, "Storbritannia"), recognition_basis(C, Basis).
?- country_called(C, "Sør-Korea"), recognition_basis(C, Basis).

% The PIC/S countries on the agency's page, with their Norwegian names.
?- pics_member(C), country_name(C, nb, Navn).

% The MRA countries.
?- mra_country(C), country_name(C, en, Name).

% How many countries are recognised in all?  (51: the 30 EEA states and the 21
% listed countries outside the EEA)
recognised_count(N) :- N = count : { recognised_ma_country(_C) }.
?- recognised_count(N).

% Look up a code by name, in English or Norwegian.
?- country_called(C, "Sveits").
?- country_called(C, "Switzerland").
