//! Scenarios: a user's facts, rules and queries over a shared [`Base`].
//! A scenario checks only what it adds (against the base's program),
//! evaluates only the strata that depend on it (reading the base's
//! relations in place), and answers queries as structured [`Response`]s
//! with their explanations. Hypotheses of a why-not are verified by
//! evaluating the scenario again with the hypothetical facts added.
//!
//! Invariant: the program in force always checks without errors; a change
//! that would bring errors is refused and leaves the scenario as it was.

use super::base::Base;
use super::error::EngineError;
use super::files::{Files, sort_diagnostics};
use super::options::Options;
use super::response::{LaterSource, OverrideRef, Response, Streamed};
use crate::check::program::{Program, Query, QueryKind};
use crate::diag::Diagnostic;
use crate::eval::{self, Answer, EvalError, Limits, Model};
use crate::explain::{self, Context, Explained, GroundAtom};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{Item, Module};
use crate::value::{Date, ValueStore};
use std::path::Path;
use std::sync::Arc;

/// Facts, rules and queries over a knowledge base.
#[derive(Clone, Debug)]
pub struct Scenario {
    base: Arc<Base>,
    /// The modules' syntax trees were let go: the scenario cannot be
    /// checked again over another base (another date).
    forgotten: bool,
    files: Files,
    values: ValueStore,
    program: Program,
    diagnostics: Vec<Diagnostic>,
    model: Option<Model>,
}

/// Queries checked against a scenario without becoming part of it (those
/// typed at the prompt, or asked through [`Scenario::ask`]).
#[derive(Clone, Debug)]
pub struct Prepared {
    program: Program,
    file: FileId,
    /// Every diagnostic of the scenario with the queries, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// The queries, in the order written.
    pub fn queries(&self) -> impl Iterator<Item = &Query> {
        self.program
            .queries
            .iter()
            .filter(move |q| q.span.file == self.file)
    }
}

impl Scenario {
    /// A scenario over `base` with nothing of its own.
    pub fn new(base: Arc<Base>) -> Scenario {
        Scenario {
            files: Files::after(base.sources().clone()),
            values: ValueStore::over(base.values().clone()),
            program: base.program().layer(),
            diagnostics: base.diagnostics().to_vec(),
            model: None,
            forgotten: false,
            base,
        }
    }

    /// The knowledge base it stands on.
    pub fn base(&self) -> &Arc<Base> {
        &self.base
    }

    /// The date its questions are about.
    pub fn as_of(&self) -> Date {
        self.program.date()
    }

    /// Asks as of another date from now on: the base is evaluated again as
    /// of it (see [`Base::at`]) and the scenario's own clauses checked over
    /// it again. On an error the scenario stays as it was.
    pub fn set_as_of(&mut self, date: Date, limits: &Limits) -> Result<(), EngineError> {
        if self.base.as_of() == date {
            return Ok(());
        }
        let base = Arc::new(self.base.at(date, limits)?);
        self.rebase(base)
    }

    /// Stands the scenario on another evaluation of the same knowledge
    /// base (as of another date, see [`Base::at`]): its own clauses are
    /// checked over it again. On an error the scenario stays as it was.
    pub fn rebase(&mut self, base: Arc<Base>) -> Result<(), EngineError> {
        if self.forgotten {
            return Err(EngineError::AsOfFixed {
                fixed: self.as_of(),
                asked: base.as_of(),
                why: "its texts were let go; build its base as of the date instead",
            });
        }
        let values = ValueStore::over(base.values().clone());
        let program = base.program().layer();
        let old_base = std::mem::replace(&mut self.base, base);
        let old_values = std::mem::replace(&mut self.values, values);
        let old_program = std::mem::replace(&mut self.program, program);
        self.model = None;
        self.check().map(|_| ()).inspect_err(|_| {
            self.base = old_base;
            self.values = old_values;
            self.program = old_program;
        })
    }

    /// Every text: the base's, then the scenario's.
    pub fn sources(&self) -> &SourceMap {
        &self.files.sources
    }

    /// The values: the base's, then those the scenario interned.
    pub fn values(&self) -> &ValueStore {
        &self.values
    }

    /// The program in force (the base's and the scenario's clauses).
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Every diagnostic of the program in force (warnings only), the
    /// base's included, sorted.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The scenario's own modules, in the order added.
    pub fn modules(&self) -> &[Module] {
        &self.files.modules
    }

    /// The values, to intern constants to compare answers with.
    pub fn values_mut(&mut self) -> &mut ValueStore {
        &mut self.values
    }

    /// Frees the syntax trees of the scenario's modules once it is checked
    /// (a batch run, whose texts change no more): the program in force
    /// stays, but a later change or check starts without those modules.
    pub fn forget_modules(&mut self) {
        self.files.modules = Vec::new();
        self.forgotten = true;
    }

    /// Answers as of the date `options` ask for, if they name one.
    fn use_date(&mut self, options: &Options) -> Result<(), EngineError> {
        match options.as_of {
            Some(d) if d != self.as_of() => self.set_as_of(d, &options.limits),
            _ => Ok(()),
        }
    }

    /// The queries written in the scenario's texts, in order.
    pub fn queries(&self) -> &[Query] {
        &self.program.queries
    }

    /// Adds a text to the sources without parsing it (for a caller that
    /// parses it itself); returns its id.
    pub fn add_source(&mut self, name: &str, text: &str) -> FileId {
        self.files.sources.add(name, text)
    }

    /// Reads what is loaded from now on under `policy` (which includes
    /// are allowed, the size limit, the deadline).
    pub fn set_load_policy(&mut self, policy: crate::syntax::LoadPolicy) {
        self.files.policy = policy;
    }

    /// Loads the rows of a data file (`--facts PRED=FILE`) as facts of
    /// `pred`, for [`Scenario::check`].
    pub fn load_data(&mut self, pred: &str, path: &Path) {
        self.files.load_data(pred, path);
    }

    /// Loads a file (and its includes); [`Scenario::check`] takes it in.
    pub fn load_file(&mut self, path: &Path) {
        self.files.load_file(path);
    }

    /// Loads bytes with no file behind them (standard input).
    pub fn load_bytes(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.load_bytes(name, bytes);
    }

    /// Loads text with no file behind it.
    pub fn load_text(&mut self, name: &str, text: &str) {
        self.files.load_text(name, text);
    }

    /// Loads text and checks the scenario with it: facts and rules join
    /// the scenario, queries are kept for [`Scenario::queries`]. On errors
    /// nothing is taken.
    pub fn add_text(&mut self, name: &str, text: &str) -> Result<Vec<Diagnostic>, EngineError> {
        let saved = self.files.clone();
        self.files.load_text(name, text);
        self.check().inspect_err(|_| {
            let sources = std::mem::take(&mut self.files.sources);
            self.files = saved;
            // Keep the text: diagnostics point into it.
            self.files.sources = sources;
        })
    }

    /// Checks everything loaded over the base; on success it becomes the
    /// program in force (and the model is computed anew when needed).
    /// Returns every diagnostic, the base's warnings included, sorted; on
    /// errors the program in force stays as it was.
    pub fn check(&mut self) -> Result<Vec<Diagnostic>, EngineError> {
        let (program, diagnostics) = self.check_modules(None)?;
        self.program = program;
        self.diagnostics = diagnostics.clone();
        self.model = None;
        Ok(diagnostics)
    }

    /// Checks the modules (and `extra`, if given) over the base.
    fn check_modules(
        &mut self,
        extra: Option<&Module>,
    ) -> Result<(Program, Vec<Diagnostic>), EngineError> {
        let mut files = std::mem::take(&mut self.files);
        if let Some(m) = extra {
            files.modules.push(m.clone());
        }
        let checked = files.check_over(self.base.program(), &mut self.values);
        if extra.is_some() {
            files.modules.pop();
        }
        self.files = files;
        let mut diagnostics = self.base.lasting_diagnostics().to_vec();
        diagnostics.extend(checked.diagnostics);
        sort_diagnostics(&mut diagnostics);
        if diagnostics.iter().any(|d| d.is_error()) {
            return Err(EngineError::Rejected(diagnostics));
        }
        Ok((checked.program, diagnostics))
    }

    /// Adds a parsed module (its text added with [`Scenario::add_source`])
    /// and checks; on errors it is taken out again.
    pub fn try_add(&mut self, module: Module) -> Result<Vec<Diagnostic>, EngineError> {
        self.files.modules.push(module);
        self.check().inspect_err(|_| {
            self.files.modules.pop();
        })
    }

    /// Replaces the scenario's modules (to retract clauses) and checks; on
    /// errors the previous modules stay.
    pub fn set_modules(&mut self, modules: Vec<Module>) -> Result<Vec<Diagnostic>, EngineError> {
        let previous = std::mem::replace(&mut self.files.modules, modules);
        self.check().inspect_err(|_| {
            self.files.modules = previous;
        })
    }

    /// Checks a module of queries against the scenario without adding it.
    pub fn prepare(&mut self, module: Module) -> Result<Prepared, EngineError> {
        let file = module.file;
        let (program, diagnostics) = self.check_modules(Some(&module))?;
        Ok(Prepared {
            program,
            file,
            diagnostics,
        })
    }

    /// Parses query text (`notifiable(p)`, `?- why notifiable(p).`, several
    /// queries each ending with `.`) and answers it.
    pub fn ask(&mut self, text: &str, options: &Options) -> Result<Vec<Response>, EngineError> {
        self.use_date(options)?;
        let text = if text.trim_start().starts_with("?-") {
            text.to_string()
        } else {
            format!("?- {}.", text.trim().trim_end_matches('.'))
        };
        let file = self.add_source("<query>", &text);
        let (module, errors) = crate::syntax::parse_program(file, &text);
        if !errors.is_empty() {
            let mut d: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            sort_diagnostics(&mut d);
            return Err(EngineError::Rejected(d));
        }
        let prepared = self.prepare(Module {
            items: module
                .items
                .into_iter()
                .filter(|i| matches!(i, Item::Query(_)))
                .collect(),
            ..module
        })?;
        let queries: Vec<Query> = prepared.queries().cloned().collect();
        queries
            .iter()
            .map(|q| self.answer_prepared(&prepared, q, options))
            .collect()
    }

    /// Evaluates the program in force unless it is evaluated already: only
    /// the strata that depend on the scenario are computed.
    pub fn evaluate(&mut self, limits: &Limits) -> Result<&Model, EvalError> {
        if self.model.is_none() {
            let model =
                eval::evaluate_layer(self.base.model(), &self.program, &mut self.values, limits)
                    .map_err(|mut e| {
                        e.trace_facts(self.program.facts.own().map(|(_, f)| f), &self.values);
                        e
                    })?;
            self.model = Some(model);
        }
        Ok(self.model.as_ref().expect("evaluated"))
    }

    /// Drops the evaluated model (the next answer evaluates again).
    pub fn forget_model(&mut self) {
        self.model = None;
    }

    /// The answer to a query of the program in force, as values.
    pub fn answer_values(&mut self, query: &Query, limits: &Limits) -> Result<Answer, EvalError> {
        self.evaluate(limits)?;
        let known = self.program.preds.len();
        let model = self.model.as_mut().expect("evaluated");
        model.truncate(known);
        model.answer(query, &mut self.values, limits)
    }

    /// Answers a query of the program in force, with its explanations when
    /// `options` ask for them (always for `why` and `whynot`).
    pub fn answer(&mut self, query: &Query, options: &Options) -> Result<Response, EngineError> {
        self.use_date(options)?;
        self.answer_in(None, query, options)
    }

    /// Answers query `i` of [`Scenario::queries`].
    pub fn answer_at(&mut self, i: usize, options: &Options) -> Result<Response, EngineError> {
        self.use_date(options)?;
        let query = std::mem::replace(&mut self.program.queries[i], placeholder());
        let response = self.answer_in(None, &query, options);
        self.program.queries[i] = query;
        response
    }

    /// Answers a query of a [`Prepared`] module.
    pub fn answer_prepared(
        &mut self,
        prepared: &Prepared,
        query: &Query,
        options: &Options,
    ) -> Result<Response, EngineError> {
        if let Some(asked) = options.as_of
            && asked != self.as_of()
        {
            return Err(EngineError::AsOfFixed {
                fixed: self.as_of(),
                asked,
                why: "prepared queries are answered as of the date they were prepared at",
            });
        }
        self.answer_in(Some(prepared), query, options)
    }

    /// Answers query `i` of [`Scenario::queries`] for writing as it is
    /// read: the response without its `rows`, and the rows as values of
    /// this scenario (nothing is copied per row). Explanations are
    /// computed as [`Scenario::answer_at`] computes them.
    pub fn answer_at_streamed(
        &mut self,
        i: usize,
        options: &Options,
    ) -> Result<Streamed<'_>, EngineError> {
        self.use_date(options)?;
        let query = std::mem::replace(&mut self.program.queries[i], placeholder());
        let answered = self.answer_rows_in(None, &query, options, false);
        self.program.queries[i] = query;
        let (response, answer) = answered?;
        Ok(Streamed {
            response,
            answer,
            store: &self.values,
        })
    }

    fn answer_in(
        &mut self,
        prepared: Option<&Prepared>,
        query: &Query,
        options: &Options,
    ) -> Result<Response, EngineError> {
        self.answer_rows_in(prepared, query, options, true)
            .map(|(r, _)| r)
    }

    /// The response and the answer's values; the response's `rows` are
    /// filled in only when `constants` (a timeline's always are).
    fn answer_rows_in(
        &mut self,
        prepared: Option<&Prepared>,
        query: &Query,
        options: &Options,
        constants: bool,
    ) -> Result<(Response, Answer), EngineError> {
        // One deadline for evaluating, answering, explaining and verifying.
        let limits = &options.limits.from_now();
        self.evaluate(limits)?;
        let Scenario {
            base,
            files,
            values,
            program: in_force,
            model,
            ..
        } = self;
        let program = prepared.map_or(&*in_force, |p| &p.program);
        let model = model.as_mut().expect("evaluated");
        // Relations of predicates only earlier queries named go: these
        // queries may name others by the same numbers. Every predicate of
        // the program answered has a relation (an empty one if only its
        // queries name it).
        model.truncate(in_force.preds.len());
        for (i, p) in program.preds.iter().enumerate().skip(model.preds()) {
            let id = crate::check::PredId(i as u32);
            if p.name == crate::check::AS_OF {
                model.cover_as_of(id, values);
            } else {
                model.cover(id, p.arity);
            }
        }
        let answer = model.answer_in_order(query, values, limits, options.order)?;
        // A timeline answers the rows that hold on some date, each with its
        // periods; it is not explained.
        let when = query.kind == QueryKind::When;
        let timeline = if when {
            Some(super::timeline::timeline(program, values, query, limits)?)
        } else {
            None
        };
        let rows: Vec<Vec<crate::value::Constant>> = match &timeline {
            Some(spans) => {
                let mut rows = Vec::new();
                for s in spans {
                    if !rows.contains(&s.row) {
                        rows.push(s.row.clone());
                    }
                }
                rows
            }
            None if constants => answer
                .rows()
                .map(|r| r.iter().map(|v| values.constant(*v)).collect())
                .collect(),
            None => Vec::new(),
        };
        let explaining = !when && (options.explain || query.kind != QueryKind::Find);
        let mut explanations = if explaining {
            let ctx = Context {
                program,
                model,
                values,
                sources: &files.sources,
                limits,
            };
            let explained = explain::explain_query(ctx, query, &answer, options.explain_limit)?;
            Some(verified(base, values, program, explained, limits))
        } else {
            None
        };
        let wording = explain::say::Wording {
            program,
            model,
            store: values,
            lang: options.lang,
        };
        for e in explanations.iter_mut().flatten() {
            wording.word_tree(&mut e.tree);
            e.short = wording.short(e);
        }
        let text = single_atom(query)
            .filter(|_| !when)
            .and_then(|atom| {
                if answer.holds() {
                    wording.atom(&atom)
                } else {
                    wording.denied(&atom)
                }
            })
            .map(explain::say::sentence);
        let holds = if timeline.is_some() {
            !rows.is_empty()
        } else {
            answer.holds()
        };
        let response = Response {
            text,
            query: query.text.clone(),
            kind: query.kind,
            as_of: in_force.date(),
            columns: answer.columns.clone(),
            holds,
            rows,
            timeline,
            explanations,
            overrides: overrides_under(program, query, &files.sources),
            // A timeline reaches back before every source's date.
            later_sources: later_sources(program, query, (!when).then(|| in_force.date())),
        };
        Ok((response, answer))
    }
}

/// The atom of a query that asks one ground atom (`notifiable(p)`, `why
/// notifiable(p)`), for wording its answer.
fn single_atom(query: &Query) -> Option<explain::tree::GoalAtom> {
    let [crate::check::program::Literal::Pos(a)] = &query.body[..] else {
        return None;
    };
    let args = a
        .args
        .iter()
        .map(|e| match e {
            crate::check::program::Expr::Const(v) => Some(Some(*v)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(explain::tree::GoalAtom {
        pred: a.pred,
        args,
        negated: false,
    })
}

/// The sources dated after `date` (`@source(..., as_of: DATE)`; with no
/// date, every dated source) of the clauses the query reads through the
/// rules (those in force on `date`, if given).
fn later_sources(program: &Program, query: &Query, date: Option<Date>) -> Vec<LaterSource> {
    let after = |d: Date| date.is_none_or(|asked| d > asked);
    let later =
        |s: Option<u32>| s.filter(|&s| program.sources[s as usize].as_of.is_some_and(after));
    if !program.sources.iter().any(|s| s.as_of.is_some_and(after)) {
        return Vec::new();
    }
    let in_force = |p: crate::value::Period| date.is_none_or(|d| p.contains(d));
    let cone = super::timeline::cone(program, query);
    let mut used: Vec<u32> = Vec::new();
    for r in program.rules.iter() {
        if cone[r.head.pred.0 as usize] && in_force(r.valid) {
            used.extend(later(r.source));
        }
    }
    for f in program.facts.iter() {
        if cone[f.pred.0 as usize] && in_force(f.valid) {
            used.extend(later(f.source));
        }
    }
    used.sort_unstable();
    used.dedup();
    let mut out: Vec<LaterSource> = used
        .into_iter()
        .map(|s| {
            let src = &program.sources[s as usize];
            LaterSource {
                citation: src.citation.clone(),
                as_of: src.as_of.expect("dated"),
            }
        })
        .collect();
    out.dedup();
    out
}

/// The `@override` clauses of `program` whose predicates the query depends
/// on, through the rules.
fn overrides_under(program: &Program, query: &Query, sources: &SourceMap) -> Vec<OverrideRef> {
    if program.overrides.is_empty() {
        return Vec::new();
    }
    let seen = super::timeline::cone(program, query);
    program
        .overrides
        .iter()
        .filter(|(p, _)| seen[p.0 as usize])
        .map(|(_, span)| OverrideRef {
            clause: format!("@override {}", sources.text(*span)),
            location: sources.location(*span).to_string(),
        })
        .collect()
}

/// A query with nothing in it, to hold a place while its own is answered.
fn placeholder() -> Query {
    Query {
        kind: QueryKind::Find,
        body: Vec::new(),
        vars: Vec::new(),
        answer: Vec::new(),
        text: String::new(),
        span: Span::default(),
    }
}

/// The explanations with the hypotheses of a failing goal verified: the
/// smallest sets of facts that, added, make it hold.
fn verified(
    base: &Base,
    values: &mut ValueStore,
    program: &Program,
    explained: Explained,
    limits: &Limits,
) -> Vec<explain::Explanation> {
    let mut out = explained.explanations;
    let Some(h) = explained.hypotheses else {
        return out;
    };
    let mut found: Vec<Vec<GroundAtom>> = Vec::new();
    for c in h
        .candidates
        .iter()
        .filter(|c| !c.is_empty())
        .take(explain::MAX_VERIFIED)
    {
        if found.first().is_some_and(|f| f.len() < c.len()) {
            break;
        }
        if holds_with(base, values, program, &h.goal, c, limits) {
            found.push(c.clone());
        }
    }
    if let Some(e) = out.last_mut() {
        e.would_hold_atoms = found
            .iter()
            .map(|c| {
                c.iter()
                    .map(|(p, v)| explain::tree::GoalAtom {
                        pred: *p,
                        args: v.iter().copied().map(Some).collect(),
                        negated: false,
                    })
                    .collect()
            })
            .collect();
        e.would_hold_with = found
            .iter()
            .map(|c| {
                c.iter()
                    .map(|(p, v)| explain::atom_text(program, values, *p, v))
                    .collect()
            })
            .collect();
    }
    out
}

/// Whether `goal` holds once `facts` are added to `program`.
fn holds_with(
    base: &Base,
    values: &mut ValueStore,
    program: &Program,
    goal: &GroundAtom,
    facts: &[GroundAtom],
    limits: &Limits,
) -> bool {
    let mut fork = program.without_queries();
    for (p, args) in facts {
        fork.facts.push(
            *p,
            args,
            Span::default(),
            None,
            crate::value::Period::ALWAYS,
        );
        if !fork.pred(*p).defined {
            fork.pred_mut(*p).defined = true;
        }
    }
    match eval::evaluate_layer(base.model(), &fork, values, limits) {
        Ok(model) => model.relation(goal.0).find(&goal.1).is_some(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(text: &str) -> Arc<Base> {
        let mut files = Files::new();
        files.load_text("<base>", text);
        Arc::new(Base::build(files, &Limits::default()).expect("builds"))
    }

    fn rows(r: &Response) -> Vec<String> {
        r.rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn options_name_the_date_a_scenario_answers_as_of() {
        let base = base(
            "@valid(from: 2017-07-01) needs(h). @valid(until: 2019-08-01) form(X) :- needs(X), own(X).",
        );
        let mut s = base.scenario();
        s.add_text("<s>", "own(h).").expect("checks");
        let at = |d: &str| Options {
            as_of: crate::value::Date::parse(d),
            ..Options::default()
        };
        // (date, needs(h), form(h)).
        let cases = [
            ("2017-06-30", false, false),
            ("2018-01-01", true, true),
            ("2019-08-01", true, false),
            ("2017-06-30", false, false),
        ];
        for (d, needs, form) in cases {
            let r = s.ask("needs(h)", &at(d)).expect("answers");
            assert_eq!((r[0].holds, r[0].as_of.to_string()), (needs, d.to_string()));
            let r = s.ask("form(h)", &at(d)).expect("answers");
            assert_eq!(r[0].holds, form, "form(h) as of {d}");
        }
        // The scenario's own clauses stay through the changes of date.
        assert_eq!(
            s.ask("own(X)", &Options::default()).unwrap()[0].rows.len(),
            1
        );
        // Prepared queries, and a scenario whose texts were let go, keep
        // their date.
        let file = s.add_source("<q>", "?- needs(h).");
        let (module, _) = crate::syntax::parse_program(file, "?- needs(h).");
        let prepared = s.prepare(module).expect("checks");
        let q = prepared.queries().next().unwrap().clone();
        let err = s
            .answer_prepared(&prepared, &q, &at("2030-01-01"))
            .unwrap_err();
        assert_eq!(err.code(), "as-of-fixed");
        s.forget_modules();
        let err = s.ask("needs(h)", &at("2016-01-01")).unwrap_err();
        assert_eq!(err.code(), "as-of-fixed");
        assert!(
            err.to_string().contains("build its base as of the date"),
            "{err}"
        );
    }

    #[test]
    fn a_scenario_adds_to_the_base_and_leaves_it_unchanged() {
        let base = base("e(1, 2). p(X, Y) :- e(X, Y). p(X, Z) :- p(X, Y), e(Y, Z). k(7).");
        let mut s = base.scenario();
        s.add_text("<s>", "e(2, 3).").expect("checks");
        let options = Options::default();
        let r = s.ask("p(1, X)", &options).expect("answers");
        assert_eq!(rows(&r[0]), ["2", "3"]);
        let k = s.program().pred_id("k").unwrap();
        let model = s.evaluate(&options.limits).unwrap();
        assert!(
            !model.is_own(k),
            "a relation the scenario does not touch is read in place"
        );
        let mut fresh = base.scenario();
        let r = fresh.ask("p(1, X)", &options).expect("answers");
        assert_eq!(rows(&r[0]), ["2"], "the base is unchanged");
    }

    #[test]
    fn text_with_errors_is_refused_and_changes_nothing() {
        let base = base("e(1, 2).");
        let mut s = base.scenario();
        s.add_text("<a>", "e(3, 4).").unwrap();
        let err = s.add_text("<b>", "e(5).").unwrap_err();
        assert_eq!(err.code(), "arity-mismatch");
        let r = s.ask("e(X, Y)", &Options::default()).unwrap();
        assert_eq!(rows(&r[0]), ["1,2", "3,4"]);
    }

    #[test]
    fn whynot_verifies_what_would_make_a_goal_hold() {
        let base = base(
            "@input item(P). @input listed(P).\n\
             ok(P) :- item(P), listed(P).",
        );
        let mut s = base.scenario();
        s.add_text("<s>", "item(a).").unwrap();
        let r = s.ask("?- whynot ok(a).", &Options::default()).unwrap();
        let e = &r[0].explanations.as_ref().unwrap()[0];
        assert!(!e.holds);
        assert_eq!(e.would_hold_with, [["listed(a)"]]);
    }
}
