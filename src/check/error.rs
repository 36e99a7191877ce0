//! Errors and warnings of the check layer, each with its stable code.

use crate::diag::{Diagnostic, plural};
use crate::source::{SourceMap, Span};
use crate::value::{Date, Kind, Period};

/// One step of a dependency cycle: `head` depends on `body` (negatively
/// when `negative`) through the literal at `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleStep {
    /// The depending predicate.
    pub head: String,
    /// The predicate it depends on.
    pub body: String,
    /// Through `not` or an aggregate.
    pub negative: bool,
    /// Through an aggregate.
    pub aggregate: bool,
    /// The literal.
    pub span: Span,
}

/// A problem the checks found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// `p(a). q :- p(X, Y).`
    #[error("predicate `{pred}` used with {}, but with {expected} elsewhere", plural(*found, "argument"))]
    ArityMismatch {
        /// The predicate.
        pred: String,
        /// Arguments here.
        found: usize,
        /// Arguments at its first use.
        expected: usize,
        /// This use.
        span: Span,
        /// The first use.
        first: Span,
    },
    /// `p(X) :- q(Y).`, `p(X) :- q(X), not r(Y).`, `p(X) :- X > 1.`
    #[error("variable `{var}` in {context} is not bound by any positive atom or `=`")]
    UnsafeVariable {
        /// The variable.
        var: String,
        /// Where it is used: "the head", "a negated atom", ...
        context: &'static str,
        /// The occurrence.
        span: Span,
    },
    /// `p :- not q. q :- p.`
    #[error("`{pred}` depends on itself through {}", if *aggregate { "an aggregate" } else { "negation" })]
    Unstratifiable {
        /// The predicate.
        pred: String,
        /// Whether the offending dependency is an aggregate.
        aggregate: bool,
        /// The cycle, starting at the negative step.
        cycle: Vec<CycleStep>,
    },
    /// `p(X) :- q(X), Y = X + a.` where `q` only holds symbols.
    #[error("{what}")]
    TypeMismatch {
        /// What is wrong, in words.
        what: String,
        /// The kinds involved.
        kinds: (Kind, Kind),
        /// The literal.
        span: Span,
    },
    /// `p(X) :- eea_membr(X).` (a warning: facts may come later)
    #[error("predicate `{pred}` is never defined by a fact or rule")]
    UndefinedPredicate {
        /// The predicate.
        pred: String,
        /// Its arity.
        arity: usize,
        /// The first use.
        span: Span,
        /// A defined predicate with a close name.
        suggestion: Option<String>,
    },
    /// `p(X) :- q(X, Y).` (a warning: `Y` is used once; write `_` or `_Y`)
    #[error("variable `{var}` is used only once")]
    SingletonVariable {
        /// The variable.
        var: String,
        /// Its occurrence.
        span: Span,
    },
    /// `valid_from(p1, 2024-7-1).` (a warning: that is the number 2016, the
    /// subtraction 2024 - 7 - 1; a date is written `2024-07-01`)
    #[error("`{year:04}-{month}-{day}` is a subtraction, not a date")]
    SuspiciousDate {
        /// The first number, four digits.
        year: i64,
        /// The second, 1 to 12.
        month: i64,
        /// The third, 1 to 31.
        day: i64,
        /// The subtraction.
        span: Span,
    },
    /// `@input p(a).`
    #[error("`@input` arguments must be variables naming the columns")]
    InvalidInput {
        /// The argument.
        span: Span,
    },
    /// `p(1 / 0).`, `p(a + 1).`
    #[error("cannot compute this fact: {reason}")]
    FactArithmetic {
        /// Why.
        reason: String,
        /// The argument.
        span: Span,
    },
    /// `clas(p1, vaccine).` or `?- notifable(p1).` over a knowledge base
    /// that neither defines nor declares the predicate.
    #[error(
        "unknown predicate `{pred}/{arity}`: the knowledge base neither defines it nor declares it as an input"
    )]
    UnknownPredicate {
        /// The predicate.
        pred: String,
        /// Its arity.
        arity: usize,
        /// Its first use.
        span: Span,
        /// The known predicate most likely meant (`name/arity`).
        suggestion: Option<String>,
        /// Whether it is stated by facts that nothing uses (rather than
        /// asked or used without a definition).
        fact: bool,
    },
    /// `ma_in(p1, japan).` where the argument's domain is `country`.
    #[error("`{written}` is not a {domain}: `{pred}` takes a {domain} as its {}", ordinal(*arg, param.as_deref()))]
    UnknownValue {
        /// The predicate.
        pred: String,
        /// The argument, from 0.
        arg: usize,
        /// The argument's name in the `@input`.
        param: Option<Box<str>>,
        /// The domain.
        domain: String,
        /// The value as written.
        written: Box<str>,
        /// The fact or atom.
        span: Span,
        /// The member most likely meant, written as a constant, with a
        /// name of it (boxed: the error stays small).
        suggestion: Option<Box<(String, Option<String>)>>,
    },
    /// `thc_percent(p1, "20%").` where the argument is a `decimal`.
    #[error("`{written}` is not a {kind}: `{pred}` takes a {kind} as its {}", ordinal(*arg, param.as_deref()))]
    KindMismatch {
        /// The predicate.
        pred: String,
        /// The argument, from 0.
        arg: usize,
        /// The argument's name in the `@input`.
        param: Option<Box<str>>,
        /// The kind declared.
        kind: &'static str,
        /// The value as written.
        written: Box<str>,
        /// The fact or atom.
        span: Span,
        /// The value most likely meant, written as a constant.
        suggestion: Option<String>,
    },
    /// `eea_member(br).` over the knowledge base that defines `eea_member`.
    #[error(
        "`{pred}/{arity}` is defined by the knowledge base; a fact or rule of yours would change it"
    )]
    ReferenceOverride {
        /// The predicate.
        pred: String,
        /// Its arity.
        arity: usize,
        /// The clause.
        span: Span,
        /// Where the knowledge base first defines it.
        defined_at: Span,
        /// Whether the clause is a fact.
        fact: bool,
    },
    /// `@override p(a).` where the knowledge base does not define `p`.
    #[error("`@override` of `{pred}`, which no knowledge-base file defines")]
    NeedlessOverride {
        /// The predicate.
        pred: String,
        /// The clause.
        span: Span,
    },
    /// `@document("f.txt", titel: "...")`, a `@document` without `cite`,
    /// a second one for the same file.
    #[error("invalid document `{file}`: {reason}")]
    InvalidDocument {
        /// The file it describes.
        file: String,
        /// Why.
        reason: String,
        /// Where.
        span: Span,
        /// A key with a close name.
        suggestion: Option<String>,
    },
    /// `@say(de, p(X), "...")`, `@say(nb, p(X), "{Y}")`, `{C:kontry}`.
    #[error("invalid sentence: {reason}")]
    InvalidTemplate {
        /// Why.
        reason: String,
        /// Where.
        span: Span,
    },
    /// A predicate with a sentence in one language but not the other, or
    /// an `@input` without one, in a knowledge base that words its answers.
    #[error("`{pred}` has no sentence in {lang}")]
    MissingTemplate {
        /// The predicate.
        pred: String,
        /// The language code missing.
        lang: &'static str,
        /// Where the predicate is first declared or defined.
        span: Span,
    },
    /// `@valid(from: 2024-01-01, until: 2023-01-01)`.
    #[error("invalid period: `until` {until} is not after `from` {from}")]
    InvalidPeriod {
        /// The first day.
        from: Date,
        /// The day it ends.
        until: Date,
        /// The annotation.
        span: Span,
    },
    /// Two dated rules for one predicate, with different sources, that
    /// apply on some common dates.
    #[error("two versions of `{pred}` with different sources both apply {overlap}")]
    OverlappingVersions {
        /// The predicate.
        pred: String,
        /// The dates both apply on.
        overlap: Period,
        /// The later rule.
        span: Span,
        /// The earlier one.
        other: Span,
    },
    /// `as_of(2024-01-01).`: the date asked about is not the program's to
    /// state.
    #[error("`{pred}` is the date being asked about; it cannot be given facts or rules")]
    ReservedPredicate {
        /// The predicate.
        pred: String,
        /// The clause.
        span: Span,
    },
    /// `@input p(X: contry).`
    #[error("unknown domain `{name}`")]
    UnknownDomain {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A kind or domain with a close name.
        suggestion: Option<String>,
        /// The domains there are (kinds first).
        known: Vec<String>,
    },
    /// `@domain d = p(1, X).`, `@domain date = {a}.`, a second `@domain d`.
    #[error("invalid domain `{name}`: {reason}")]
    InvalidDomain {
        /// The domain.
        name: String,
        /// Why.
        reason: String,
        /// Where.
        span: Span,
    },
}

/// "2nd argument (C)".
fn ordinal(arg: usize, param: Option<&str>) -> String {
    let n = arg + 1;
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    match param {
        Some(p) => format!("{n}{suffix} argument ({p})"),
        None => format!("{n}{suffix} argument"),
    }
}

impl CheckError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CheckError::ArityMismatch { .. } => "arity-mismatch",
            CheckError::UnsafeVariable { .. } => "unsafe-variable",
            CheckError::Unstratifiable { .. } => "unstratifiable",
            CheckError::TypeMismatch { .. } => "type-mismatch",
            CheckError::UndefinedPredicate { .. } => "undefined-predicate",
            CheckError::SingletonVariable { .. } => "singleton-variable",
            CheckError::SuspiciousDate { .. } => "suspicious-date",
            CheckError::InvalidInput { .. } => "invalid-input",
            CheckError::FactArithmetic { .. } => "arithmetic-error",
            CheckError::UnknownPredicate { .. } => "unknown-predicate",
            CheckError::UnknownValue { .. } => "unknown-value",
            CheckError::KindMismatch { .. } => "kind-mismatch",
            CheckError::ReferenceOverride { .. } => "reference-override",
            CheckError::NeedlessOverride { .. } => "needless-override",
            CheckError::UnknownDomain { .. } => "unknown-domain",
            CheckError::InvalidDomain { .. } => "invalid-domain",
            CheckError::InvalidPeriod { .. } => "invalid-period",
            CheckError::InvalidDocument { .. } => "invalid-document",
            CheckError::InvalidTemplate { .. } => "invalid-template",
            CheckError::MissingTemplate { .. } => "missing-template",
            CheckError::OverlappingVersions { .. } => "overlapping-versions",
            CheckError::ReservedPredicate { .. } => "reserved-predicate",
        }
    }

    /// Whether it is only a warning.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            CheckError::UndefinedPredicate { .. }
                | CheckError::SingletonVariable { .. }
                | CheckError::SuspiciousDate { .. }
                | CheckError::NeedlessOverride { .. }
                | CheckError::OverlappingVersions { .. }
                | CheckError::MissingTemplate { .. }
        )
    }

    /// The diagnostic, with locations resolved through `sources`.
    pub fn to_diagnostic(&self, sources: &SourceMap) -> Diagnostic {
        let d = if self.is_warning() {
            Diagnostic::warning(self.code(), self.to_string())
        } else {
            Diagnostic::error(self.code(), self.to_string())
        };
        match self {
            CheckError::ArityMismatch {
                found,
                expected,
                span,
                first,
                ..
            } => d
                .with_primary(*span, format!("{} here", plural(*found, "argument")))
                .with_note(format!(
                    "first used with {} at {}",
                    plural(*expected, "argument"),
                    sources.location(*first)
                )),
            CheckError::UnsafeVariable { var, span, .. } => d
                .with_primary(*span, format!("`{var}` is never bound"))
                .with_help(
                    "bind it in a positive atom of the body, e.g. `country(X)`, or with `X = ...`",
                ),
            CheckError::Unstratifiable { cycle, .. } => {
                let path: Vec<String> = cycle
                    .iter()
                    .map(|s| match (s.negative, s.aggregate) {
                        (_, true) => format!("`{}` aggregates over `{}`", s.head, s.body),
                        (true, false) => format!("`{}` depends on not `{}`", s.head, s.body),
                        _ => format!("`{}` depends on `{}`", s.head, s.body),
                    })
                    .collect();
                let mut d = d;
                for (i, s) in cycle.iter().enumerate() {
                    let label = if s.aggregate {
                        format!("`{}` aggregates over `{}` here", s.head, s.body)
                    } else if s.negative {
                        format!("`{}` depends on `{}` negatively here", s.head, s.body)
                    } else {
                        format!("`{}` depends on `{}` here", s.head, s.body)
                    };
                    d = if i == 0 {
                        d.with_primary(s.span, label)
                    } else {
                        d.with_secondary(s.span, label)
                    };
                }
                d.with_note(format!("cycle: {}", path.join(", ")))
                    .with_note("negation and aggregates need what they look at to be complete first, so they cannot be part of a recursion")
            }
            CheckError::TypeMismatch { span, kinds, .. } => {
                d.with_primary(*span, format!("{} and {}", kinds.0, kinds.1))
            }
            CheckError::UndefinedPredicate {
                pred,
                arity,
                span,
                suggestion,
            } => {
                let d = d.with_primary(*span, "used here");
                let d = d.with_suggestion(suggestion.as_deref());
                d.with_note(format!(
                    "it has no answers unless facts are added; declare scenario inputs with `@input {pred}({}).`",
                    (1..=*arity).map(|i| format!("A{i}")).collect::<Vec<_>>().join(", ")
                ))
            }
            CheckError::SingletonVariable { var, span } => d
                .with_primary(*span, "used only here")
                .with_help(format!("write `_` (or `_{var}`) if any value will do")),
            CheckError::SuspiciousDate {
                year,
                month,
                day,
                span,
            } => d
                .with_primary(*span, format!("this is the number {}", year - month - day))
                .with_help(format!("write the date as `{year:04}-{month:02}-{day:02}`")),
            CheckError::InvalidInput { span } => d.with_primary(*span, "not a variable"),
            CheckError::FactArithmetic { span, .. } => d.with_primary(*span, "here"),
            CheckError::UnknownPredicate {
                pred,
                span,
                suggestion,
                fact,
                ..
            } => {
                let d = d.with_primary(
                    *span,
                    if *fact {
                        "nothing uses this fact"
                    } else {
                        "not known"
                    },
                );
                let d = d.with_suggestion(suggestion.as_deref());
                let d = match prolog_habit(pred) {
                    Some(h) => d.with_help(h),
                    None => d,
                };
                if *fact {
                    d.with_note("a fact of a predicate the knowledge base does not know changes no answer; `regkb preds` (`:preds` at the prompt) lists the inputs")
                } else {
                    d.with_note("it would answer `false.` whatever the facts; `regkb preds` (`:preds` at the prompt) lists the predicates")
                }
            }
            CheckError::UnknownValue {
                span,
                suggestion,
                domain,
                ..
            } => {
                let d = d.with_primary(*span, format!("not a {domain}"));
                match suggestion.as_deref() {
                    Some((v, Some(name))) => d.with_help(format!("did you mean `{v}` ({name})?")),
                    Some((v, None)) => d.with_help(format!("did you mean `{v}`?")),
                    None => d.with_note(format!(
                        "the values of `{domain}` are listed where it is declared (`regkb preds` shows the inputs)"
                    )),
                }
            }
            CheckError::KindMismatch {
                span,
                suggestion,
                kind,
                ..
            } => {
                let d = d.with_primary(*span, format!("not a {kind}"));
                d.with_suggestion(suggestion.as_deref())
            }
            CheckError::ReferenceOverride {
                pred,
                span,
                defined_at,
                fact,
                ..
            } => d
                .with_primary(*span, if *fact { "this fact" } else { "this rule" })
                .with_note(format!(
                    "`{pred}` is reference data of the knowledge base, first defined at {}",
                    sources.location(*defined_at)
                ))
                .with_help(format!(
                    "to change it on purpose, write `@override {}` (every answer resting on it will say so)",
                    sources.text(*span)
                )),
            CheckError::NeedlessOverride { span, .. } => d
                .with_primary(*span, "nothing to override")
                .with_help("write the clause without `@override`"),
            CheckError::UnknownDomain {
                span,
                suggestion,
                known,
                ..
            } => {
                let d = d.with_primary(*span, "not a kind or a `@domain`");
                let d = d.with_suggestion(suggestion.as_deref());
                d.with_note(format!("the domains are {}", known.join(", ")))
            }
            CheckError::InvalidDomain { span, .. } => d.with_primary(*span, "here"),
            CheckError::InvalidDocument {
                span, suggestion, ..
            } => d
                .with_primary(*span, "here")
                .with_suggestion(suggestion.as_deref())
                .with_note(format!(
                    "a `@document` has `cite` and `title`, and may have {}",
                    super::program::DOCUMENT_FIELDS[2..]
                        .iter()
                        .map(|(k, _)| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            CheckError::InvalidTemplate { span, .. } => d.with_primary(*span, "here"),
            CheckError::MissingTemplate { pred, lang, span } => d
                .with_primary(*span, "declared here")
                .with_help(format!(
                    "add `@say({lang}, {pred}(...), \"...\").` so that answers about it can be worded in {}",
                    if *lang == "nb" { "Norwegian" } else { "English" }
                )),
            CheckError::InvalidPeriod { span, .. } => d
                .with_primary(*span, "no date is in this period")
                .with_note("a clause applies on date D when from <= D < until"),
            CheckError::OverlappingVersions { span, other, .. } => d
                .with_primary(*span, "this version")
                .with_secondary(*other, "and this one")
                .with_help("end the earlier version where the later one starts (`@valid(until: ...)`), or give both the same `@source`"),
            CheckError::ReservedPredicate { span, .. } => d
                .with_primary(*span, "not allowed")
                .with_help("ask about a date with `--as-of DATE` (at the prompt `:as-of DATE`, in a fixture case `@as_of(DATE)`)"),
        }
    }
}

/// What to type instead of a Prolog habit that is no predicate here.
fn prolog_habit(pred: &str) -> Option<&'static str> {
    match pred {
        "halt" => Some("to leave the prompt, type `:quit`"),
        "listing" => Some("to see a predicate's clauses at the prompt, type `:list NAME`"),
        "consult" => Some("to load a file at the prompt, type `:load FILE`"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::syntax::parse_program;
    use crate::value::ValueStore;

    /// The diagnostics of a text checked as `t.kb`, rendered without colour.
    fn rendered(text: &str, code: &str) -> String {
        let mut sources = SourceMap::new();
        let file = sources.add("t.kb", text);
        let (m, syntax) = parse_program(file, text);
        assert!(syntax.is_empty(), "{text}: {syntax:?}");
        let (_, errors) = check([&m], &mut ValueStore::new());
        let d: Vec<Diagnostic> = errors
            .iter()
            .filter(|e| e.code() == code)
            .map(|e| e.to_diagnostic(&sources))
            .collect();
        assert_eq!(d.len(), 1, "{text}: {errors:?}");
        crate::diag::render(&d, &sources, false)
    }

    #[test]
    fn every_variant_has_its_code_and_message() {
        let s = Span::default();
        let step = |head: &str, body: &str, negative, aggregate| CycleStep {
            head: head.to_string(),
            body: body.to_string(),
            negative,
            aggregate,
            span: s,
        };
        // (error, code, is a warning, message)
        let cases: Vec<(CheckError, &str, bool, &str)> = vec![
            (
                CheckError::ArityMismatch {
                    pred: "p".into(),
                    found: 2,
                    expected: 1,
                    span: s,
                    first: s,
                },
                "arity-mismatch",
                false,
                "predicate `p` used with 2 arguments, but with 1 elsewhere",
            ),
            (
                CheckError::ArityMismatch {
                    pred: "p".into(),
                    found: 1,
                    expected: 0,
                    span: s,
                    first: s,
                },
                "arity-mismatch",
                false,
                "predicate `p` used with 1 argument, but with 0 elsewhere",
            ),
            (
                CheckError::UnsafeVariable {
                    var: "X".into(),
                    context: "the head",
                    span: s,
                },
                "unsafe-variable",
                false,
                "variable `X` in the head is not bound by any positive atom or `=`",
            ),
            (
                CheckError::Unstratifiable {
                    pred: "p".into(),
                    aggregate: false,
                    cycle: vec![step("p", "q", true, false)],
                },
                "unstratifiable",
                false,
                "`p` depends on itself through negation",
            ),
            (
                CheckError::Unstratifiable {
                    pred: "c".into(),
                    aggregate: true,
                    cycle: vec![step("c", "c", true, true)],
                },
                "unstratifiable",
                false,
                "`c` depends on itself through an aggregate",
            ),
            (
                CheckError::TypeMismatch {
                    what: "`+` cannot combine a symbol and a number".into(),
                    kinds: (Kind::Text, Kind::Number),
                    span: s,
                },
                "type-mismatch",
                false,
                "`+` cannot combine a symbol and a number",
            ),
            (
                CheckError::UndefinedPredicate {
                    pred: "q".into(),
                    arity: 1,
                    span: s,
                    suggestion: None,
                },
                "undefined-predicate",
                true,
                "predicate `q` is never defined by a fact or rule",
            ),
            (
                CheckError::SingletonVariable {
                    var: "Y".into(),
                    span: s,
                },
                "singleton-variable",
                true,
                "variable `Y` is used only once",
            ),
            (
                CheckError::SuspiciousDate {
                    year: 2024,
                    month: 7,
                    day: 1,
                    span: s,
                },
                "suspicious-date",
                true,
                "`2024-7-1` is a subtraction, not a date",
            ),
            (
                CheckError::InvalidInput { span: s },
                "invalid-input",
                false,
                "`@input` arguments must be variables naming the columns",
            ),
            (
                CheckError::FactArithmetic {
                    reason: "division by zero".into(),
                    span: s,
                },
                "arithmetic-error",
                false,
                "cannot compute this fact: division by zero",
            ),
        ];
        let mut sources = SourceMap::new();
        sources.add("t.kb", "p(a).");
        for (e, code, warning, message) in cases {
            assert_eq!(e.code(), code, "{e:?}");
            assert_eq!(e.is_warning(), warning, "{e:?}");
            assert_eq!(e.to_string(), message, "{e:?}");
            let d = e.to_diagnostic(&sources);
            assert_eq!(d.code, code, "{e:?}");
            assert_eq!(d.is_error(), !warning, "{e:?}");
            assert_eq!(d.message, message, "{e:?}");
            assert!(d.primary.is_some(), "{e:?}: points somewhere");
        }
    }

    #[test]
    fn diagnostics_render_with_their_labels_notes_and_help() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "p(a).\nq(X) :- p(X, X).\n",
                "arity-mismatch",
                "error[arity-mismatch]: predicate `p` used with 2 arguments, but with 1 elsewhere\n --> t.kb:2:9\n  |\n2 | q(X) :- p(X, X).\n  |         ^^^^^^^ 2 arguments here\n  |\n  = note: first used with 1 argument at t.kb:1:1\n\n",
            ),
            (
                "p(X) :- eea_membr(X).\neea_member(no).\n",
                "undefined-predicate",
                "warning[undefined-predicate]: predicate `eea_membr` is never defined by a fact or rule\n --> t.kb:1:9\n  |\n1 | p(X) :- eea_membr(X).\n  |         ^^^^^^^^^^^^ used here\n  |\n  = note: it has no answers unless facts are added; declare scenario inputs with `@input eea_membr(A1).`\n  = help: did you mean `eea_member`?\n\n",
            ),
            (
                "p :- not q.\nq :- p.\n",
                "unstratifiable",
                "error[unstratifiable]: `p` depends on itself through negation\n --> t.kb:1:6\n  |\n1 | p :- not q.\n  |      ^^^^^ `p` depends on `q` negatively here\n2 | q :- p.\n  |      - `q` depends on `p` here\n  |\n  = note: cycle: `p` depends on not `q`, `q` depends on `p`\n  = note: negation and aggregates need what they look at to be complete first, so they cannot be part of a recursion\n\n",
            ),
            (
                "n(N) :- N = count : { m(_) }.\nm(X) :- n(X).\n",
                "unstratifiable",
                "error[unstratifiable]: `n` depends on itself through an aggregate\n --> t.kb:1:23\n  |\n1 | n(N) :- N = count : { m(_) }.\n  |                       ^^^^ `n` aggregates over `m` here\n2 | m(X) :- n(X).\n  |         ---- `m` depends on `n` here\n  |\n  = note: cycle: `n` aggregates over `m`, `m` depends on `n`\n  = note: negation and aggregates need what they look at to be complete first, so they cannot be part of a recursion\n\n",
            ),
            (
                "valid_from(p1, 2024-7-1).\n",
                "suspicious-date",
                "warning[suspicious-date]: `2024-7-1` is a subtraction, not a date\n --> t.kb:1:16\n  |\n1 | valid_from(p1, 2024-7-1).\n  |                ^^^^^^^^ this is the number 2016\n  |\n  = help: write the date as `2024-07-01`\n\n",
            ),
            (
                "p(2024-01-01 + 1.5).\n",
                "type-mismatch",
                "error[type-mismatch]: `+` cannot combine a date and a number\n --> t.kb:1:3\n  |\n1 | p(2024-01-01 + 1.5).\n  |   ^^^^^^^^^^^^^^^^ date and number\n\n",
            ),
            (
                "p(X) :- q(Y).\nq(1).\n",
                "unsafe-variable",
                "error[unsafe-variable]: variable `X` in the head is not bound by any positive atom or `=`\n --> t.kb:1:3\n  |\n1 | p(X) :- q(Y).\n  |   ^ `X` is never bound\n  |\n  = help: bind it in a positive atom of the body, e.g. `country(X)`, or with `X = ...`\n\n",
            ),
        ];
        for (text, code, want) in cases {
            assert_eq!(rendered(text, code), *want, "{text}");
        }
    }
}
