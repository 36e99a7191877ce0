% SYNTAX TEST "source.regkb-query" "lines of examples/*.q"

% statistics_2024.q
% ^^^^^^^^^^^^^^^^^ comment.line.percentage.regkb
prescriber(gp).
% <---------- entity.name.function.regkb
%          ^^ constant.other.symbol.regkb
received(a1, 2024-07-05, 1015).
%            ^^^^^^^^^^ constant.numeric.date.regkb
%                        ^^^^ constant.numeric.integer.regkb

?- applications(2022, notified, N).
% <-- keyword.operator.query.regkb
%  ^^^^^^^^^^^^ entity.name.function.regkb
%               ^^^^ constant.numeric.integer.regkb
%                     ^^^^^^^^ constant.other.symbol.regkb
%                               ^ variable.other.regkb
?- top_unregistered_rank(2024, A, R), R <= 5, top_unregistered(2024, A, S, _, P).
%                                       ^^ keyword.operator.comparison.regkb
%                                                                          ^ variable.other.anonymous.regkb
shortage_rows(N) :- N = count : { top_unregistered_marker(2024, _A, shortage) }.
% <------------- entity.name.function.regkb
%                ^^ keyword.operator.rule.regkb
%                       ^^^^^ support.function.aggregate.regkb
%                                                                   ^^^^^^^^ constant.other.symbol.regkb

% Explanations and periods
?- when homeopathic_application_required(P).
% <-- keyword.operator.query.regkb
%  ^^^^ keyword.control.query.when.regkb
%       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.function.regkb
?- why notifiable(arnica_de).
%  ^^^ keyword.control.query.why.regkb
%      ^^^^^^^^^^ entity.name.function.regkb
%                 ^^^^^^^^^ constant.other.symbol.regkb
% (tests/fuzz_regressions/wild_negation.kb)
?- whynot p(a).
%  ^^^^^^ keyword.control.query.whynot.regkb
%         ^ entity.name.function.regkb
