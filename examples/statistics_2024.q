% statistics_2024.q
% Questions about the agency's 2024 annual report on unregistered medicines
% (seed 003): "How many notifications in 2022?", "Which top medicines of 2024
% are in group N05?", "Which were marked as shortages?", "How many patients got
% Bedrocan?", "How many veterinary applications?".

% How many notifications in 2022?
?- applications(2022, notified, N).

% All application figures for 2024, and the footnote on the total.
?- applications(2024, Kind, N).
?- applications_footnote(2024, Kind, Text).

% Growth from year to year.
?- applications_change(Y, total, Delta).

% Which top medicines of 2024 are in group N05 (psycholeptics)?
?- top_unregistered_in_group(2024, A, n05), top_unregistered(2024, A, S, D, P).

% The five most used unregistered medicines of 2024 by packages.
?- top_unregistered_rank(2024, A, R), R <= 5, top_unregistered(2024, A, S, _, P).

% Which 2024 rows are marked deregistered or withdrawn (**)?
?- top_unregistered_marker(2024, A, deregistered_or_withdrawn), top_unregistered(2024, A, S, _, _).

% How many 2024 rows are marked as shortage (*)?
shortage_rows(N) :- N = count : { top_unregistered_marker(2024, _A, shortage) }.
?- shortage_rows(N).

% Which 2024 rows have no DDD?
?- ddd_not_given(2024, A), top_unregistered(2024, A, S, _, _).

% Melatonin and semaglutide in both years.
?- top_unregistered(Y, n05ch01, S, D, P).
?- packages_change_2023_2024(a10bj06, Delta).

% Cannabis products: patients per year (exact counts), censored cells, lost cells.
?- cannabis_patients(bedrocan_urtete, Y, N).
?- patients_censored(P, 2024).
?- cannabis_patients_known_sum(Y, S).

% Veterinary: applications per year and the QP (antiparasitic) products of 2024.
?- vet_applications(Y, N).
?- top_vet_in_group(2024, A, qp), top_vet_unregistered(2024, A, S, D).
