//! Resolution: the AST of every loaded module becomes one [`Program`].
//! Predicates get ids (and arity mismatches are found here), variables get
//! slots, constants are interned, ground facts are computed, and docs,
//! parameters and sources are attached to predicates and clauses.

use super::error::CheckError;
use super::expr::ExprError;
use super::program::*;
use crate::source::Span;
use crate::syntax::ast;
use crate::value::{ArithError, Kind, Period, Value, ValueStore};
use std::collections::HashMap;
use std::sync::Arc;

/// Every variable occurrence of a rule or query, for pointing at them.
pub(super) type Occurrences = Vec<(VarId, Span)>;

/// Builds the program while walking the modules.
pub(super) struct Resolver<'s> {
    pub program: Program,
    pub errors: Vec<CheckError>,
    /// Variable occurrences by rule, parallel to `program.rules`.
    pub rule_occurrences: Vec<Occurrences>,
    /// Variable occurrences by query, parallel to `program.queries`.
    pub query_occurrences: Vec<Occurrences>,
    values: &'s mut ValueStore,
    /// The sources by what they say, built when a clause of the layer
    /// first has one (most layers have none).
    sources: Option<HashMap<SourceKey, SourceId>>,
    /// The first constant sub-expression that could not be computed since
    /// this was last cleared: what a fact reports.
    fold_failure: Option<CheckError>,
    /// Whether the module being resolved is a knowledge-base file.
    reference: bool,
    /// For each predicate of the base: whether a knowledge-base file
    /// defines it (and it is not an input), so that a clause of this layer
    /// for it changes reference data.
    base_defined: Vec<bool>,
    /// The domains `@input`s name, resolved once every module is read.
    pending_inputs: Vec<(PredId, Vec<Option<ast::DomainName>>)>,
    /// The patterns of `@domain`s drawn from facts, resolved likewise.
    pending_domains: Vec<(DomainId, Vec<ast::Atom>)>,
    /// The first fact of each predicate new in this layer, outside a
    /// fixture's shared clauses (what `unknown-predicate` looks at).
    pub stated: HashMap<PredId, Span>,
    /// Whether the module being resolved is a fixture's shared clauses.
    shared: bool,
    /// The base's sentences: the layer's own follow them until `finish`.
    base_templates: usize,
}

/// What tells sources apart: citation, locator, date.
type SourceKey = (String, Option<String>, Option<crate::value::Date>);

/// The variable table of one clause or query.
#[derive(Default)]
struct Scope {
    names: Vec<String>,
    by_name: HashMap<String, VarId>,
    occurrences: Occurrences,
}

impl Scope {
    fn var(&mut self, v: &ast::Var) -> VarId {
        let id = if v.name == "_" {
            self.names.push("_".to_string());
            (self.names.len() - 1) as VarId
        } else if let Some(&id) = self.by_name.get(&v.name) {
            id
        } else {
            self.names.push(v.name.clone());
            let id = (self.names.len() - 1) as VarId;
            self.by_name.insert(v.name.clone(), id);
            id
        };
        self.occurrences.push((id, v.span));
        id
    }
}

impl<'s> Resolver<'s> {
    /// A resolver adding to `program` (a new layer over a knowledge base,
    /// or an empty program).
    pub fn new(program: Program, values: &'s mut ValueStore) -> Self {
        let base_templates = program.templates.len();
        let sources = None;
        let base_defined = program.preds[..program.base_preds()]
            .iter()
            .map(|p| p.reference && p.defined && !p.input)
            .collect();
        Resolver {
            program,
            errors: Vec::new(),
            rule_occurrences: Vec::new(),
            query_occurrences: Vec::new(),
            values,
            sources,
            fold_failure: None,
            reference: false,
            base_templates,
            base_defined,
            pending_inputs: Vec::new(),
            pending_domains: Vec::new(),
            stated: HashMap::new(),
            shared: false,
        }
    }

    /// Resolves every item of a module.
    pub fn module(&mut self, module: &ast::Module) {
        self.reference = module.origin == ast::Origin::Reference;
        self.shared = module.origin == ast::Origin::FixtureShared;
        for item in &module.items {
            match item {
                ast::Item::Include(_) => {}
                ast::Item::Input(input) => self.input(input),
                ast::Item::Domain(d) => self.domain(d),
                ast::Item::Document(d) => self.document(d),
                ast::Item::Say(s) => self.say(s),
                ast::Item::Names(n) => self.names(n),
                ast::Item::Clause(c) => self.clause(c),
                ast::Item::Query(q) => self.query(q),
                ast::Item::Plain(run) => self.plain(module, run.clone()),
            }
        }
    }

    /// A run of plain items: facts straight from the text into
    /// [`Program::facts`], queries through their syntax trees.
    fn plain(&mut self, module: &ast::Module, run: std::ops::Range<u32>) {
        let view = module.plain.view();
        let file = module.file;
        let items = &module.plain.items[run.start as usize..run.end as usize];
        let facts = items.iter().filter(|p| !p.query);
        let values = facts.clone().map(|p| p.arity as usize).sum();
        self.program.facts.reserve(facts.count(), values);
        let mut args = Vec::new();
        // Consecutive facts mostly share their predicate.
        let mut last: Option<(&str, u32, PredId)> = None;
        // Whether this fact starts a run of its predicate's facts.
        let mut first_of_run = false;
        // The predicate whose facts are known to be neither reserved nor
        // the base's.
        let mut checked_run: Option<PredId> = None;
        for p in items {
            if p.query {
                if let ast::Item::Query(q) = view.expand(file, p) {
                    self.query(&q);
                }
                continue;
            }
            let name = view.pred(p);
            let id = match last {
                Some((n, arity, id)) if n == name && arity == p.arity => id,
                _ => {
                    let span = Span::new(file, p.atom_start as usize, p.atom_end as usize);
                    let id = self.pred(name, p.arity as usize, span);
                    let pred = self.program.pred(id);
                    if !pred.defined || (self.reference && !pred.reference) {
                        let pred = self.program.pred_mut(id);
                        pred.defined = true;
                        pred.reference |= self.reference;
                    }
                    last = Some((name, p.arity, id));
                    first_of_run = true;
                    id
                }
            };
            args.clear();
            for &a in view.args_of(p) {
                args.push(match view.value(a) {
                    ast::PlainValue::Int(i) => self.values.int(i),
                    ast::PlainValue::Dec(d) => self.decimal(d),
                    ast::PlainValue::Date(d) => self.values.date(d),
                    ast::PlainValue::Text(t) => self.values.text(t),
                    ast::PlainValue::Var(_) => unreachable!("a plain fact is ground"),
                });
            }
            let span = Span::new(file, p.start as usize, p.end as usize);
            if checked_run != Some(id) {
                // Whether the facts of this predicate are refused or
                // change the base's is the same for the whole run: asked
                // once, unless the answer is an error to report per fact.
                if self.reserved(id, span) {
                    continue;
                }
                if self.base_defines(id) {
                    self.changes_reference(id, span, false, true);
                } else {
                    checked_run = Some(id);
                }
            }
            if std::mem::take(&mut first_of_run) {
                self.state(id, span);
            }
            self.program
                .facts
                .push(id, &args, span, None, Period::ALWAYS);
        }
    }

    /// The id of a predicate used with `arity` arguments at `span`; reports
    /// an arity mismatch (and still returns the id).
    fn pred(&mut self, name: &str, arity: usize, span: Span) -> PredId {
        if let Some(id) = self.program.pred_id(name) {
            let p = self.program.pred(id);
            if p.arity != arity {
                self.errors.push(CheckError::ArityMismatch {
                    pred: name.to_string(),
                    found: arity,
                    expected: p.arity,
                    span,
                    first: p.first_use,
                });
            }
            return id;
        }
        if name == AS_OF {
            let id = self.program.add_pred(Predicate {
                name: name.to_string(),
                arity: 1,
                doc: Some(
                    "as_of(D): D is the date the question is asked about (`--as-of`, `:as-of`, a fixture case's `@as_of`; today unless given)."
                        .to_string(),
                ),
                params: Some(vec!["D".to_string()]),
                input: false,
                defined: true,
                first_use: span,
                body_use: None,
                domains: vec![Some(DomainRef::Kind(KindDomain::Date))],
                reference: false,
            });
            if arity != 1 {
                self.errors.push(CheckError::ArityMismatch {
                    pred: name.to_string(),
                    found: arity,
                    expected: 1,
                    span,
                    first: span,
                });
            }
            return id;
        }
        self.program.add_pred(Predicate {
            name: name.to_string(),
            arity,
            doc: None,
            params: None,
            input: false,
            defined: false,
            first_use: span,
            body_use: None,
            domains: Vec::new(),
            reference: false,
        })
    }

    /// A `@say`: the language, the atom and the slots checked, the
    /// sentence recorded (its `{C:names}` tables are checked in `finish`).
    fn say(&mut self, say: &ast::Say) {
        use super::sentences::{Lang, Template, TemplateError, parse_template};
        let invalid = |reason: String, span: Span| CheckError::InvalidTemplate { reason, span };
        let Some(lang) = Lang::from_code(&say.lang) else {
            self.errors.push(invalid(
                format!(
                    "`{}` is not a language of sentences; write `nb` or `en`",
                    say.lang
                ),
                say.lang_span,
            ));
            return;
        };
        let pred = self.pred(&say.atom.pred, say.atom.args.len(), say.atom.span);
        let mut vars = Vec::new();
        let mut args = Vec::new();
        for a in &say.atom.args {
            match a {
                ast::Expr::Var(v) if v.name != "_" => {
                    vars.push(Some(v.name.as_str()));
                    args.push(None);
                }
                ast::Expr::Var(_) => {
                    vars.push(None);
                    args.push(None);
                }
                ast::Expr::Const(c, _) => {
                    vars.push(None);
                    let v = match c {
                        ast::Const::Int(i) => self.values.int(*i),
                        ast::Const::Dec(d) => self.decimal(*d),
                        ast::Const::Date(d) => self.values.date(*d),
                        ast::Const::Text(t) => self.values.text(t),
                    };
                    args.push(Some(v));
                }
                other => {
                    self.errors.push(invalid(
                        "a sentence's atom has variables and constants only".to_string(),
                        other.span(),
                    ));
                    return;
                }
            }
        }
        let pieces = match parse_template(&say.text, &vars) {
            Ok(p) => p,
            Err(e) => {
                let reason = match e {
                    TemplateError::Unbalanced => {
                        "a `{` without its `}` (write `{{` and `}}` for braces)".to_string()
                    }
                    TemplateError::NotAVariable(s) => {
                        format!("`{{{s}}}` does not name a variable of the atom")
                    }
                    TemplateError::UnknownSlot(v) => {
                        format!("`{{{v}}}`: the atom has no variable `{v}`")
                    }
                };
                self.errors.push(invalid(reason, say.text_span));
                return;
            }
        };
        Arc::make_mut(&mut self.program.templates).push(Template {
            pred,
            lang,
            negated: say.negated,
            args,
            pieces,
            span: say.span,
        });
    }

    /// A `@names`: the atom's `Value`, `Lang` and `Name` arguments found
    /// (the predicate is checked in `finish`).
    fn names(&mut self, n: &ast::Names) {
        let invalid = |reason: String, span: Span| CheckError::InvalidTemplate { reason, span };
        if self.program.names_tables.iter().any(|t| t.name == n.name) {
            self.errors.push(invalid(
                format!("the names `{}` are declared twice", n.name),
                n.name_span,
            ));
            return;
        }
        let position = |name: &str| {
            n.atom
                .args
                .iter()
                .position(|a| matches!(a, ast::Expr::Var(v) if v.name == name))
        };
        let (Some(value), Some(lang), Some(label)) =
            (position("Value"), position("Lang"), position("Name"))
        else {
            self.errors.push(invalid(
                "`@names` draws from an atom with the variables `Value`, `Lang` and `Name`, such as `country_name(Value, Lang, Name)`".to_string(),
                n.atom.span,
            ));
            return;
        };
        let pred = self.pred(&n.atom.pred, n.atom.args.len(), n.atom.span);
        Arc::make_mut(&mut self.program.names_tables).push(super::sentences::NamesTable {
            name: n.name.clone(),
            pred,
            value,
            lang,
            label,
            span: n.span,
        });
    }

    /// The sentences' `{C:names}` tables exist, and every predicate that
    /// has a sentence (or is an `@input`) of a program that words its
    /// answers has one in each language.
    fn check_sentences(&mut self) {
        use super::sentences::{Lang, Piece};
        let program = &self.program;
        if program.templates.is_empty() {
            return;
        }
        // The base's sentences were checked with the base.
        for t in program.templates[self.base_templates..].iter() {
            for piece in &t.pieces {
                if let Piece::Slot {
                    names: Some(name), ..
                } = piece
                    && !program.names_tables.iter().any(|n| &n.name == name)
                {
                    let known: Vec<&str> = program
                        .names_tables
                        .iter()
                        .map(|n| n.name.as_str())
                        .collect();
                    self.errors.push(CheckError::InvalidTemplate {
                        reason: format!(
                            "no `@names({name}, ...)` names the values of `{{...:{name}}}`{}",
                            match crate::diag::did_you_mean(name, known.iter().copied()) {
                                Some(k) => format!("; did you mean `{k}`?"),
                                None => String::new(),
                            }
                        ),
                        span: t.span,
                    });
                }
            }
        }
        let base = self.program.base_preds();
        let plain = !self.program.has_reference();
        // The languages each predicate has a sentence in, in one pass.
        let mut said = vec![[false; Lang::ALL.len()]; self.program.preds.len()];
        for t in self.program.templates.iter().filter(|t| !t.negated) {
            if let Some(s) = said.get_mut(t.pred.0 as usize) {
                s[Lang::ALL.iter().position(|l| *l == t.lang).unwrap_or(0)] = true;
            }
        }
        for (i, p) in self.program.preds.iter().enumerate() {
            // A layer answers for its own predicates only; over a knowledge
            // base, the knowledge base's.
            if i < base || !(p.reference || plain) {
                continue;
            }
            if !said[i].contains(&true) && !p.input {
                continue;
            }
            for (k, lang) in Lang::ALL.into_iter().enumerate() {
                if !said[i][k] {
                    self.errors.push(CheckError::MissingTemplate {
                        pred: p.name.clone(),
                        lang: lang.code(),
                        span: p.first_use,
                    });
                }
            }
        }
    }

    /// A `@document`: its fields checked, and the document recorded.
    fn document(&mut self, d: &ast::Document) {
        let invalid =
            |reason: String, span: Span, suggestion: Option<String>| CheckError::InvalidDocument {
                file: d.file.clone(),
                reason,
                span,
                suggestion,
            };
        if self.program.documents.iter().any(|o| o.file == d.file) {
            self.errors
                .push(invalid("it is described twice".to_string(), d.span, None));
            return;
        }
        let mut doc = Document {
            file: d.file.clone(),
            cite: String::new(),
            title: String::new(),
            publisher: None,
            kind: None,
            language: None,
            published: None,
            updated: None,
            dated: None,
            provisions: None,
        };
        let mut seen = Vec::new();
        for (key, span, value) in &d.fields {
            let Some(&(_, wants_date)) = DOCUMENT_FIELDS.iter().find(|(k, _)| k == key) else {
                let names: Vec<&str> = DOCUMENT_FIELDS.iter().map(|(k, _)| *k).collect();
                let close = crate::diag::did_you_mean(key, names.iter().copied());
                self.errors.push(invalid(
                    format!("`{key}` is not a field of a document"),
                    *span,
                    close.map(str::to_string),
                ));
                continue;
            };
            if seen.contains(key) {
                self.errors
                    .push(invalid(format!("`{key}` is given twice"), *span, None));
                continue;
            }
            seen.push(key.clone());
            match (value, wants_date) {
                (ast::Const::Date(date), true) => {
                    let slot = if key == "published" {
                        &mut doc.published
                    } else {
                        &mut doc.updated
                    };
                    *slot = Some(*date);
                }
                (ast::Const::Text(t), false) => {
                    let t = t.clone();
                    match key.as_str() {
                        "cite" => doc.cite = t,
                        "title" => doc.title = t,
                        "publisher" => doc.publisher = Some(t),
                        "kind" => doc.kind = Some(t),
                        "language" => doc.language = Some(t),
                        "dated" => doc.dated = Some(t),
                        _ => doc.provisions = Some(t),
                    }
                }
                (_, true) => self.errors.push(invalid(
                    format!("`{key}` takes a date, such as 2020-03-18"),
                    *span,
                    None,
                )),
                (_, false) => {
                    self.errors
                        .push(invalid(format!("`{key}` takes a string"), *span, None))
                }
            }
        }
        for required in ["cite", "title"] {
            if !seen.iter().any(|k| k == required) {
                self.errors
                    .push(invalid(format!("it has no `{required}`"), d.span, None));
                return;
            }
        }
        Arc::make_mut(&mut self.program.documents).push(doc);
    }

    /// A clause for `as_of`, which only the date asked about gives: an
    /// error.
    fn reserved(&mut self, id: PredId, span: Span) -> bool {
        let p = self.program.pred(id);
        if p.name != AS_OF {
            return false;
        }
        self.errors.push(CheckError::ReservedPredicate {
            pred: p.name.clone(),
            span,
        });
        true
    }

    /// The period of a clause, checked: `None` (reported) when no date is
    /// in it.
    fn period(&mut self, valid: Option<&ast::Validity>) -> Option<Period> {
        let Some(v) = valid else {
            return Some(Period::ALWAYS);
        };
        if let (Some(from), Some(until)) = (v.period.from, v.period.until)
            && v.period.is_empty()
        {
            self.errors.push(CheckError::InvalidPeriod {
                from,
                until,
                span: v.span,
            });
            return None;
        }
        Some(v.period)
    }

    /// Warns about two dated rules of one predicate with different sources
    /// that apply on some common dates (one of them this layer's).
    fn overlapping_versions(&mut self) {
        let base = self.program.rules.len() - self.program.rules.own().len();
        let dated: Vec<(usize, &Rule)> = self
            .program
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.valid.is_always())
            .collect();
        let mut warned = std::collections::HashSet::new();
        for (k, &(i, r)) in dated.iter().enumerate() {
            if i < base {
                continue;
            }
            for &(_, earlier) in &dated[..k] {
                if earlier.head.pred == r.head.pred
                    && earlier.source != r.source
                    && r.valid.overlaps(&earlier.valid)
                    && warned.insert(i)
                {
                    self.errors.push(CheckError::OverlappingVersions {
                        pred: self.program.pred(r.head.pred).name.clone(),
                        overlap: r.valid.intersect(&earlier.valid),
                        span: r.span,
                        other: earlier.span,
                    });
                }
            }
        }
    }

    /// Records the first fact of a predicate new in this layer (outside a
    /// fixture's shared clauses), for `unknown-predicate`.
    fn state(&mut self, id: PredId, span: Span) {
        if !self.shared && id.0 as usize >= self.program.base_preds() {
            self.stated.entry(id).or_insert(span);
        }
    }

    /// Whether the base defines a predicate (a layer's clauses for it
    /// change the base's verdicts).
    fn base_defines(&self, id: PredId) -> bool {
        self.base_defined
            .get(id.0 as usize)
            .copied()
            .unwrap_or(false)
    }

    /// A clause of this layer for predicate `id`: an error if a
    /// knowledge-base file defines it, unless written with `@override`
    /// (then recorded), and a warning for an `@override` of anything else.
    fn changes_reference(&mut self, id: PredId, span: Span, overrides: bool, fact: bool) {
        match (self.base_defines(id), overrides) {
            (true, true) => self.program.overrides.push((id, span)),
            (true, false) => {
                let p = self.program.pred(id);
                self.errors.push(CheckError::ReferenceOverride {
                    pred: p.name.clone(),
                    arity: p.arity,
                    span,
                    defined_at: p.first_use,
                    fact,
                });
            }
            (false, true) => self.errors.push(CheckError::NeedlessOverride {
                pred: self.program.pred(id).name.clone(),
                span,
            }),
            (false, false) => {}
        }
    }

    fn source(&mut self, s: Option<&ast::Source>) -> Option<SourceId> {
        let s = s?;
        let key = (s.citation.clone(), s.locator.clone(), s.as_of);
        let next = self.program.sources.len() as SourceId;
        let program = &self.program;
        let sources = self.sources.get_or_insert_with(|| {
            program
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        (s.citation.clone(), s.locator.clone(), s.as_of),
                        i as SourceId,
                    )
                })
                .collect()
        });
        let id = *sources.entry(key).or_insert(next);
        if id == next {
            self.program.sources.push(Source {
                citation: s.citation.clone(),
                locator: s.locator.clone(),
                as_of: s.as_of,
            });
        }
        Some(id)
    }

    fn input(&mut self, input: &ast::Input) {
        let id = self.pred(&input.atom.pred, input.atom.args.len(), input.atom.span);
        let mut params = Vec::new();
        for a in &input.atom.args {
            match a {
                ast::Expr::Var(v) => params.push(v.name.clone()),
                other => self
                    .errors
                    .push(CheckError::InvalidInput { span: other.span() }),
            }
        }
        let p = self.program.pred_mut(id);
        p.input = true;
        p.reference |= self.reference;
        if p.arity == params.len() {
            p.params = Some(params);
        }
        if p.doc.is_none() {
            p.doc = input.doc.clone();
        }
        if input.domains.iter().any(Option::is_some) && p.arity == input.domains.len() {
            self.pending_inputs.push((id, input.domains.clone()));
        }
    }

    /// `@domain name = ...`: an enumeration is complete here; patterns
    /// are resolved by [`Resolver::finish`].
    fn domain(&mut self, d: &ast::Domain) {
        if KindDomain::named(&d.name).is_some() || self.program.domain_id(&d.name).is_some() {
            let reason = if KindDomain::named(&d.name).is_some() {
                "it is the name of a kind".to_string()
            } else {
                "a domain of that name is declared already".to_string()
            };
            self.errors.push(CheckError::InvalidDomain {
                name: d.name.clone(),
                reason,
                span: d.name_span,
            });
            return;
        }
        let mut members = Members::default();
        let mut patterns = Vec::new();
        match &d.def {
            ast::DomainDef::Values(values) => {
                for (c, _) in values {
                    let v = self.constant(c);
                    members.add(v);
                }
            }
            ast::DomainDef::Patterns(atoms) => patterns = atoms.clone(),
        }
        let id = self.program.domains.len() as DomainId;
        std::sync::Arc::make_mut(&mut self.program.domains).push(Domain {
            name: d.name.clone(),
            doc: d.doc.clone(),
            span: d.span,
            from: Vec::new(),
            members,
        });
        if !patterns.is_empty() {
            self.pending_domains.push((id, patterns));
        }
    }

    /// Resolves what could only be resolved once every module was read:
    /// the domains drawn from facts (then filled from the facts) and the
    /// domains `@input`s name.
    pub fn finish(&mut self) {
        self.overlapping_versions();
        self.check_sentences();
        // Sentences by predicate, so a predicate's are found by a search.
        if !self.program.templates.is_sorted_by_key(|t| t.pred) {
            Arc::make_mut(&mut self.program.templates).sort_by_key(|t| t.pred);
        }
        for (id, patterns) in std::mem::take(&mut self.pending_domains) {
            let name = self.program.domains[id as usize].name.clone();
            let mut from = Vec::new();
            for a in &patterns {
                let invalid = |reason: String| CheckError::InvalidDomain {
                    name: name.clone(),
                    reason,
                    span: a.span,
                };
                let Some(pred) = self.program.pred_id(&a.pred) else {
                    self.errors.push(invalid(format!(
                        "no predicate `{}/{}` to draw it from",
                        a.pred,
                        a.args.len()
                    )));
                    continue;
                };
                let p = self.program.pred(pred);
                if p.arity != a.args.len() {
                    self.errors.push(invalid(format!(
                        "`{}` has {} arguments, not {}",
                        a.pred,
                        p.arity,
                        a.args.len()
                    )));
                    continue;
                }
                if self.program.rules.iter().any(|r| r.head.pred == pred) {
                    self.errors.push(invalid(format!(
                        "`{}` has rules; a domain is drawn from facts",
                        a.pred
                    )));
                    continue;
                }
                let mut names = Vec::new();
                let mut ok = matches!(a.args.first(), Some(ast::Expr::Var(v)) if v.name != "_");
                for (i, e) in a.args.iter().enumerate().skip(1) {
                    match e {
                        ast::Expr::Var(v) if v.name == "_" => {}
                        ast::Expr::Var(_) => names.push(i),
                        _ => ok = false,
                    }
                }
                if !ok {
                    self.errors.push(invalid(
                        "a pattern is a predicate with a variable first (the values) and variables or `_` after it (their names)"
                            .to_string(),
                    ));
                    continue;
                }
                from.push((pred, 0, names));
            }
            let mut members = Members::default();
            for f in self.program.facts.iter() {
                for (pred, col, names) in &from {
                    if f.pred == *pred {
                        let v = f.args[*col];
                        members.add(v);
                        for &n in names {
                            if let crate::value::Datum::Text(t) = self.values.get(f.args[n]) {
                                members.names.push((v, t.to_string()));
                            }
                        }
                    }
                }
            }
            let domains = std::sync::Arc::make_mut(&mut self.program.domains);
            domains[id as usize].from = from;
            domains[id as usize].members = members;
        }
        for (id, domains) in std::mem::take(&mut self.pending_inputs) {
            let mut refs = Vec::new();
            for d in &domains {
                refs.push(match d {
                    None => None,
                    Some((name, span)) => {
                        if let Some(k) = KindDomain::named(name) {
                            Some(DomainRef::Kind(k))
                        } else if let Some(d) = self.program.domain_id(name) {
                            Some(DomainRef::Declared(d))
                        } else {
                            let mut known: Vec<String> =
                                KindDomain::ALL.iter().map(|(n, _)| n.to_string()).collect();
                            known.extend(self.program.domains.iter().map(|d| d.name.clone()));
                            self.errors.push(CheckError::UnknownDomain {
                                name: name.clone(),
                                span: *span,
                                suggestion: crate::diag::did_you_mean(
                                    name,
                                    known.iter().map(String::as_str),
                                )
                                .map(str::to_string),
                                known,
                            });
                            None
                        }
                    }
                });
            }
            self.program.pred_mut(id).domains = refs;
        }
    }

    fn clause(&mut self, c: &ast::Clause) {
        let id = self.pred(&c.head.pred, c.head.args.len(), c.head.span);
        if self.reserved(id, c.span) {
            return;
        }
        let valid = self.period(c.valid.as_deref());
        self.changes_reference(id, c.span, c.overrides, c.body.is_empty());
        let p = self.program.pred(id);
        if !p.defined || (p.doc.is_none() && c.doc.is_some()) || (self.reference && !p.reference) {
            let p = self.program.pred_mut(id);
            p.defined = true;
            p.reference |= self.reference;
            if p.doc.is_none() {
                p.doc = c.doc.as_deref().map(str::to_string);
            }
        }
        let Some(valid) = valid else {
            return;
        };
        let source = self.source(c.source.as_deref());
        if c.body.is_empty() && c.head.args.iter().all(is_ground) {
            let mut args = Vec::with_capacity(c.head.args.len());
            let mut scope = Scope::default();
            self.fold_failure = None;
            for a in &c.head.args {
                match self.expr(a, &mut scope) {
                    Expr::Const(v) => args.push(v),
                    _ => {
                        let error = self.fold_failure.take().unwrap_or_else(|| {
                            CheckError::FactArithmetic {
                                reason: "it cannot be computed".to_string(),
                                span: a.span(),
                            }
                        });
                        self.errors.push(error);
                        return;
                    }
                }
            }
            self.state(id, c.span);
            self.program.facts.push(id, &args, c.span, source, valid);
            return;
        }
        let mut scope = Scope::default();
        let head_args: Vec<Expr> = c
            .head
            .args
            .iter()
            .map(|a| self.expr(a, &mut scope))
            .collect();
        let body = self.body(&c.body, &mut scope);
        let head = Atom {
            pred: id,
            args: head_args,
            span: c.head.span,
        };
        // Parameter names from the first rule whose head is all distinct
        // named variables.
        let p = self.program.pred(id);
        if p.params.is_none() {
            let names: Vec<String> = c
                .head
                .args
                .iter()
                .filter_map(|a| match a {
                    ast::Expr::Var(v) if v.name != "_" => Some(v.name.clone()),
                    _ => None,
                })
                .collect();
            let mut distinct = names.clone();
            distinct.sort();
            distinct.dedup();
            if names.len() == p.arity && distinct.len() == names.len() {
                self.program.pred_mut(id).params = Some(names);
            }
        }
        self.program.rules.push(Rule {
            head,
            body,
            vars: scope.names,
            span: c.span,
            source,
            valid,
        });
        self.rule_occurrences.push(scope.occurrences);
    }

    fn query(&mut self, q: &ast::Query) {
        let mut scope = Scope::default();
        let body = self.body(&q.body, &mut scope);
        // Answer columns: named variables outside aggregate bodies (those
        // inside belong to the aggregate).
        let mut outside = std::collections::HashSet::new();
        for l in &body {
            super::safety::literal_vars(l, false, &mut outside);
        }
        let mut answer = Vec::new();
        for (v, _) in &scope.occurrences {
            if !scope.names[*v as usize].starts_with('_')
                && outside.contains(v)
                && !answer.contains(v)
            {
                answer.push(*v);
            }
        }
        self.program.queries.push(Query {
            kind: q.kind.into(),
            body,
            vars: scope.names,
            answer,
            text: q.body_text(),
            span: q.span,
        });
        self.query_occurrences.push(scope.occurrences);
    }

    fn body(&mut self, body: &[ast::Literal], scope: &mut Scope) -> Vec<Literal> {
        body.iter().map(|l| self.literal(l, scope)).collect()
    }

    fn atom(&mut self, a: &ast::Atom, scope: &mut Scope) -> Atom {
        let pred = self.pred(&a.pred, a.args.len(), a.span);
        if self.program.pred(pred).body_use.is_none() {
            self.program.pred_mut(pred).body_use = Some(a.span);
        }
        Atom {
            pred,
            args: a.args.iter().map(|e| self.expr(e, scope)).collect(),
            span: a.span,
        }
    }

    fn literal(&mut self, l: &ast::Literal, scope: &mut Scope) -> Literal {
        match l {
            ast::Literal::Pos(a) => Literal::Pos(self.atom(a, scope)),
            ast::Literal::Neg(a, span) => {
                let mut atom = self.atom(a, scope);
                // `_` in a negated atom matches anything: it binds nothing.
                for (arg, e) in atom.args.iter_mut().zip(&a.args) {
                    if matches!(e, ast::Expr::Var(v) if v.name == "_") {
                        *arg = Expr::Wild;
                    }
                }
                atom.span = *span;
                Literal::Neg(atom)
            }
            ast::Literal::Cmp(c) => Literal::Cmp {
                lhs: self.expr(&c.lhs, scope),
                op: c.op.into(),
                rhs: self.expr(&c.rhs, scope),
                span: c.span,
            },
            ast::Literal::Agg(a) => {
                let body = self.body(&a.body, scope);
                let target = a.target.as_ref().map(|t| self.expr(t, scope));
                let result = scope.var(&a.result);
                Literal::Agg(Aggregate {
                    result,
                    op: a.op.into(),
                    target,
                    body,
                    shared: Vec::new(),
                    span: a.span,
                })
            }
        }
    }

    fn expr(&mut self, e: &ast::Expr, scope: &mut Scope) -> Expr {
        match e {
            ast::Expr::Var(v) => Expr::Var(scope.var(v)),
            ast::Expr::Const(c, _) => Expr::Const(self.constant(c)),
            ast::Expr::Binary(op, a, b, span) => {
                if let Some(warning) = suspicious_date(e) {
                    self.errors.push(warning);
                }
                let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                let folded = matches!((&a, &b), (Expr::Const(_), Expr::Const(_)));
                self.fold(Expr::Bin(*op, Box::new(a), Box::new(b)), folded, *span)
            }
            ast::Expr::Neg(a, span) => {
                let a = self.expr(a, scope);
                let folded = matches!(a, Expr::Const(_));
                self.fold(Expr::Neg(Box::new(a)), folded, *span)
            }
        }
    }

    /// Computes an operator over constants now (`ready`), with the one
    /// expression evaluator; a failure is left to run time (and to the type
    /// check) so that a rule reports it in context, and remembered for a
    /// fact, which reports it at once: operands of the wrong kinds as the
    /// type check words them (`type-mismatch`), division by zero and
    /// overflow as `arithmetic-error`.
    fn fold(&mut self, e: Expr, ready: bool, span: Span) -> Expr {
        if !ready {
            return e;
        }
        match e.evaluate(&[], self.values) {
            Ok(v) => Expr::Const(v),
            Err(err) => {
                if self.fold_failure.is_none() {
                    // The operands are constants, so the failure is this
                    // operator's own.
                    let negation = matches!(e, Expr::Neg(_));
                    self.fold_failure = Some(fold_error(err, negation, span));
                }
                e
            }
        }
    }

    /// Interns a constant.
    pub fn constant(&mut self, c: &ast::Const) -> Value {
        match c {
            ast::Const::Text(t) => self.values.text(t),
            ast::Const::Int(i) => self.values.int(*i),
            ast::Const::Dec(d) => self.decimal(*d),
            ast::Const::Date(d) => self.values.date(*d),
        }
    }

    /// Interns a decimal. The syntax layer refuses a whole decimal beyond
    /// the 64-bit integers (`invalid-literal`), so the value always exists;
    /// the fallback only keeps a hand-built syntax tree from panicking.
    fn decimal(&mut self, d: crate::value::Decimal) -> Value {
        match self.values.decimal(d) {
            Ok(v) => v,
            Err(_) => self.values.int(0),
        }
    }
}

/// What a fact reports when a constant operation fails.
fn fold_error(err: ExprError, negation: bool, span: Span) -> CheckError {
    match err {
        ExprError::Arith {
            error: ArithError::Kinds(a, b),
            op,
        } => {
            if negation {
                CheckError::TypeMismatch {
                    what: format!("`-` cannot negate a {a}"),
                    kinds: (Kind::Number, a),
                    span,
                }
            } else {
                CheckError::TypeMismatch {
                    what: format!("`{op}` cannot combine a {a} and a {b}"),
                    kinds: (a, b),
                    span,
                }
            }
        }
        other => CheckError::FactArithmetic {
            reason: other.reason(),
            span,
        },
    }
}

/// The warning for `2024-7-1`: a subtraction of three integers written
/// without spaces (the span is the digits and the two `-`), with four
/// digits, then a month, then a day, which was meant as a date.
fn suspicious_date(e: &ast::Expr) -> Option<CheckError> {
    use crate::value::BinOp::Sub;
    let ast::Expr::Binary(Sub, ym, d, span) = e else {
        return None;
    };
    let ast::Expr::Binary(Sub, y, m, _) = &**ym else {
        return None;
    };
    let int = |e: &ast::Expr| match e {
        ast::Expr::Const(ast::Const::Int(i), s) => Some((*i, s.end - s.start)),
        _ => None,
    };
    let ((year, y_len), (month, m_len), (day, d_len)) = (int(y)?, int(m)?, int(d)?);
    let written = span.end - span.start;
    let dateish = year >= 0
        && y_len == 4
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && written == y_len + m_len + d_len + 2;
    dateish.then_some(CheckError::SuspiciousDate {
        year,
        month,
        day,
        span: *span,
    })
}

fn is_ground(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Var(_) => false,
        ast::Expr::Const(..) => true,
        ast::Expr::Binary(_, a, b, _) => is_ground(a) && is_ground(b),
        ast::Expr::Neg(a, _) => is_ground(a),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{CheckError, Expr, Literal, Program, QueryKind, Rule, check};
    use crate::source::{SourceMap, Span};
    use crate::syntax::parse_program_compact;
    use crate::value::ValueStore;

    /// A text checked as the file `t.kb`.
    struct Checked {
        map: SourceMap,
        program: Program,
        errors: Vec<CheckError>,
        values: ValueStore,
    }

    fn checked(text: &str) -> Checked {
        let mut values = ValueStore::new();
        let (map, program, errors) = crate::testing::checked_with_errors(text, &mut values);
        Checked {
            map,
            program,
            errors,
            values,
        }
    }

    impl Checked {
        /// `text@line:col` of a span.
        fn at(&self, span: Span) -> String {
            let loc = self.map.location(span);
            format!("{}@{}:{}", self.map.text(span), loc.line, loc.col)
        }

        /// The errors that are not warnings, by code.
        fn error_codes(&self) -> Vec<&'static str> {
            self.errors
                .iter()
                .filter(|e| !e.is_warning())
                .map(CheckError::code)
                .collect()
        }

        /// An expression with each variable as `Name#id`.
        fn expr(&self, e: &Expr, vars: &[String]) -> String {
            match e {
                Expr::Var(v) => format!("{}#{v}", vars[*v as usize]),
                Expr::Const(c) => self.values.display(*c).to_string(),
                Expr::Bin(op, a, b) => format!(
                    "({} {} {})",
                    self.expr(a, vars),
                    op.symbol(),
                    self.expr(b, vars)
                ),
                Expr::Neg(a) => format!("-{}", self.expr(a, vars)),
                Expr::Wild => "*".to_string(),
            }
        }

        fn args(&self, args: &[Expr], vars: &[String]) -> String {
            let args: Vec<String> = args.iter().map(|e| self.expr(e, vars)).collect();
            args.join(", ")
        }

        fn literal(&self, l: &Literal, vars: &[String]) -> String {
            match l {
                Literal::Pos(a) => {
                    let name = &self.program.pred(a.pred).name;
                    format!("{name}({})", self.args(&a.args, vars))
                }
                Literal::Neg(a) => {
                    let name = &self.program.pred(a.pred).name;
                    format!("not {name}({})", self.args(&a.args, vars))
                }
                Literal::Cmp { lhs, op, rhs, .. } => format!(
                    "{} {} {}",
                    self.expr(lhs, vars),
                    op.symbol(),
                    self.expr(rhs, vars)
                ),
                Literal::Agg(a) => format!(
                    "{}#{} = {}{} : {{ {} }}",
                    vars[a.result as usize],
                    a.result,
                    a.op.name(),
                    a.target
                        .as_ref()
                        .map(|t| format!(" {}", self.expr(t, vars)))
                        .unwrap_or_default(),
                    self.body(&a.body, vars)
                ),
            }
        }

        fn body(&self, body: &[Literal], vars: &[String]) -> String {
            let body: Vec<String> = body.iter().map(|l| self.literal(l, vars)).collect();
            body.join(", ")
        }

        /// A rule as `head(X#0) :- body(X#0)`.
        fn rule(&self, r: &Rule) -> String {
            let name = &self.program.pred(r.head.pred).name;
            format!(
                "{name}({}) :- {}",
                self.args(&r.head.args, &r.vars),
                self.body(&r.body, &r.vars)
            )
        }

        /// Every ground fact as `p(3, a)`.
        fn facts(&self) -> Vec<String> {
            self.program
                .facts
                .iter()
                .map(|f| {
                    let args: Vec<String> = f
                        .args
                        .iter()
                        .map(|v| self.values.display(*v).to_string())
                        .collect();
                    format!("{}({})", self.program.pred(f.pred).name, args.join(", "))
                })
                .collect()
        }
    }

    #[test]
    fn predicates_get_ids_in_order_of_first_use_with_their_arity() {
        // (name, arity, defined, input) by id.
        type Pred = (&'static str, usize, bool, bool);
        let cases: &[(&str, &[Pred])] = &[
            ("p(a).", &[("p", 1, true, false)]),
            ("urgent. urgent().", &[("urgent", 0, true, false)]),
            (
                "p(a). q(X) :- p(X), r(X, Y).",
                &[
                    ("p", 1, true, false),
                    ("q", 1, true, false),
                    ("r", 2, false, false),
                ],
            ),
            (
                // The head is resolved before the body.
                "q(X) :- p(X). p(1).",
                &[("q", 1, true, false), ("p", 1, true, false)],
            ),
            (
                "@input w(A, B). v(A) :- w(A, _).",
                &[("w", 2, false, true), ("v", 1, true, false)],
            ),
            ("?- s(X, 1).", &[("s", 2, false, false)]),
        ];
        for (text, want) in cases {
            let c = checked(text);
            let got: Vec<(&str, usize, bool, bool)> = c
                .program
                .preds
                .iter()
                .map(|p| (p.name.as_str(), p.arity, p.defined, p.input))
                .collect();
            assert_eq!(got, *want, "{text}");
            for (i, (name, ..)) in want.iter().enumerate() {
                assert_eq!(
                    c.program.pred_id(name),
                    Some(crate::check::PredId(i as u32)),
                    "{text}: id of {name}"
                );
            }
            assert_eq!(c.program.pred_id("nope"), None, "{text}");
        }
    }

    #[test]
    fn an_arity_mismatch_is_reported_at_the_later_use() {
        // (pred, found, expected, this use, first use)
        type Mismatch = (&'static str, usize, usize, &'static str, &'static str);
        let cases: &[(&str, &[Mismatch])] = &[
            (
                "p(a). q(X) :- p(X, Y).",
                &[("p", 2, 1, "p(X, Y)@1:15", "p(a)@1:1")],
            ),
            (
                "q :- p(X), r(X).\np(a, b).",
                &[("p", 2, 1, "p(a, b)@2:1", "p(X)@1:6")],
            ),
            (
                "p(a).\np(b, c).\np(d, e, f).",
                &[
                    ("p", 2, 1, "p(b, c)@2:1", "p(a)@1:1"),
                    ("p", 3, 1, "p(d, e, f)@3:1", "p(a)@1:1"),
                ],
            ),
            (
                "@input w(X).\n?- w(X, Y).",
                &[("w", 2, 1, "w(X, Y)@2:4", "w(X)@1:8")],
            ),
            ("p(a). p(b). q(X) :- p(X).", &[]),
        ];
        for (text, want) in cases {
            let c = checked(text);
            let got: Vec<(&str, usize, usize, String, String)> = c
                .errors
                .iter()
                .filter_map(|e| match e {
                    CheckError::ArityMismatch {
                        pred,
                        found,
                        expected,
                        span,
                        first,
                    } => Some((pred.as_str(), *found, *expected, c.at(*span), c.at(*first))),
                    _ => None,
                })
                .collect();
            let want: Vec<(&str, usize, usize, String, String)> = want
                .iter()
                .map(|&(p, f, e, s, fs)| (p, f, e, s.to_string(), fs.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
            // The predicate keeps the arity of its first use.
            if let Some(first) = want.first() {
                let id = c.program.pred_id(first.0).unwrap();
                assert_eq!(c.program.pred(id).arity, first.2, "{text}");
            }
        }
    }

    #[test]
    fn variables_are_numbered_per_clause() {
        let cases: &[(&str, &[&str])] = &[
            (
                "p(X, Y) :- q(X, Z), r(Z, Y).",
                &["p(X#0, Y#1) :- q(X#0, Z#2), r(Z#2, Y#1)"],
            ),
            (
                // Every `_` is a variable of its own.
                "p(X) :- q(X, _), r(_, X).",
                &["p(X#0) :- q(X#0, _#1), r(_#2, X#0)"],
            ),
            (
                // Numbering starts again in each clause.
                "p(X) :- q(X). s(Y, X) :- q(Y), q(X).",
                &["p(X#0) :- q(X#0)", "s(Y#0, X#1) :- q(Y#0), q(X#1)"],
            ),
            (
                // `_` in a negated atom matches anything (but has a slot).
                "p(X) :- q(X), not r(X, _).",
                &["p(X#0) :- q(X#0), not r(X#0, *)"],
            ),
            (
                // An aggregate's body is numbered before its result.
                "p(N) :- N = count : { q(X) }.",
                &["p(N#0) :- N#0 = count : { q(X#1) }"],
            ),
            (
                "p(S) :- S = sum V : { q(K, V) }.",
                &["p(S#0) :- S#0 = sum V#2 : { q(K#1, V#2) }"],
            ),
            (
                "p(Y) :- q(X), Y = X + 1.",
                &["p(Y#0) :- q(X#1), Y#0 = (X#1 + 1)"],
            ),
        ];
        for (text, want) in cases {
            let c = checked(text);
            let got: Vec<String> = c.program.rules.iter().map(|r| c.rule(r)).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn ground_facts_are_computed() {
        let cases: &[(&str, &[&str])] = &[
            ("p(1 + 2).", &["p(3)"]),
            ("p(-4). p(- (1 - 5)).", &["p(-4)", "p(4)"]),
            ("p(2 * 3 - 1, a, \"b c\").", &["p(5, a, \"b c\")"]),
            ("p(7 / 2). p(8 / 2). p(7 % 2).", &["p(3.5)", "p(4)", "p(1)"]),
            ("p(1.5 + 1). p(1.0).", &["p(2.5)", "p(1)"]),
            ("p(2024-01-31 + 1).", &["p(2024-02-01)"]),
            ("p(2024-03-01 - 2024-02-01).", &["p(29)"]),
            ("urgent.", &["urgent()"]),
        ];
        for (text, want) in cases {
            let c = checked(text);
            assert!(c.errors.is_empty(), "{text}: {:?}", c.errors);
            assert_eq!(c.facts(), *want, "{text}");
            assert!(c.program.rules.is_empty(), "{text}: a fact is no rule");
            // A fact's span is its whole clause.
            let first = c.program.facts.get(0);
            let clause = text.split_inclusive(". ").next().unwrap().trim_end();
            assert_eq!(c.map.text(first.span), clause, "{text}");
            assert_eq!(first.source, None, "{text}");
        }
        // Equal constants have equal handles.
        let c = checked("p(1.0). p(2 - 1). p(\"abc\"). p(abc).");
        let args: Vec<_> = c.program.facts.iter().map(|f| f.args[0]).collect();
        assert_eq!(args[0], args[1], "1.0 and 2 - 1");
        assert_eq!(args[2], args[3], "\"abc\" and abc");
    }

    #[test]
    fn a_fact_that_cannot_be_computed_is_reported() {
        // (text, the code, the message, the span, the facts that are kept)
        let cases: &[(&str, &str, &str, &str, &[&str])] = &[
            (
                "p(1 / 0).",
                "arithmetic-error",
                "cannot compute this fact: division by zero",
                "1 / 0@1:3",
                &[],
            ),
            (
                "p(5 % 0).",
                "arithmetic-error",
                "cannot compute this fact: division by zero",
                "5 % 0@1:3",
                &[],
            ),
            (
                // Operands of the wrong kinds are a type mismatch, worded as
                // the type check words it in a rule.
                "p(a + 1).",
                "type-mismatch",
                "`+` cannot combine a symbol and a number",
                "a + 1@1:3",
                &[],
            ),
            (
                "p(-a).",
                "type-mismatch",
                "`-` cannot negate a symbol",
                "-a@1:3",
                &[],
            ),
            (
                "p(2024-01-01 + 1.5).",
                "type-mismatch",
                "`+` cannot combine a date and a number",
                "2024-01-01 + 1.5@1:3",
                &[],
            ),
            (
                "q(1).\np(1, (a * 2) + 1).",
                "type-mismatch",
                "`*` cannot combine a symbol and a number",
                "a * 2@2:7",
                &["q(1)"],
            ),
            (
                // The innermost failure is the one reported.
                "q(1).\np(1, (2 / 0) + 1).",
                "arithmetic-error",
                "cannot compute this fact: division by zero",
                "2 / 0@2:7",
                &["q(1)"],
            ),
            (
                "p(9223372036854775807 + 1). p(2).",
                "arithmetic-error",
                "cannot compute this fact: the result of `+` is out of range",
                "9223372036854775807 + 1@1:3",
                &["p(2)"],
            ),
        ];
        for (text, code, message, span, facts) in cases {
            let c = checked(text);
            let got: Vec<(&str, String, String)> = c
                .errors
                .iter()
                .map(|e| match e {
                    CheckError::FactArithmetic { span, .. }
                    | CheckError::TypeMismatch { span, .. } => {
                        (e.code(), e.to_string(), c.at(*span))
                    }
                    other => panic!("{text}: unexpected {other:?}"),
                })
                .collect();
            assert_eq!(
                got,
                [(*code, message.to_string(), span.to_string())],
                "{text}"
            );
            assert_eq!(c.facts(), *facts, "{text}: the fact is left out");
            let p = c.program.pred_id("p").unwrap();
            assert!(c.program.pred(p).defined, "{text}: `p` is still defined");
        }
    }

    #[test]
    fn a_subtraction_written_like_a_date_is_a_warning() {
        // (text, the warnings as `span@line:col = value, help`)
        let cases: &[(&str, &[&str])] = &[
            (
                "d(2024-7-1).",
                &["2024-7-1@1:3 = 2016, write the date as `2024-07-01`"],
            ),
            (
                "d(p1, 2024-12-3).",
                &["2024-12-3@1:7 = 2009, write the date as `2024-12-03`"],
            ),
            (
                "d(2024-07-1).",
                &["2024-07-1@1:3 = 2016, write the date as `2024-07-01`"],
            ),
            (
                // In rules and queries too.
                "late(P) :- due(P, D), D > 2024-3-15.\n?- X = 1999-1-2.",
                &[
                    "2024-3-15@1:27 = 2006, write the date as `2024-03-15`",
                    "1999-1-2@2:8 = 1996, write the date as `1999-01-02`",
                ],
            ),
            // Spaces around a `-` say a subtraction is meant.
            ("d(2024 - 7 - 1).", &[]),
            ("d(2024-7 - 1).", &[]),
            ("d(2024 -7-1).", &[]),
            // Not a year, a month and a day.
            ("d(202-7-1).", &[]),
            ("d(20245-7-1).", &[]),
            ("d(2024-13-1).", &[]),
            ("d(2024-0-1).", &[]),
            ("d(2024-7-32).", &[]),
            ("d(2024-7-0).", &[]),
            ("d(-2024-7-1).", &[]),
            (
                "d(0999-1-1).",
                &["0999-1-1@1:3 = 997, write the date as `0999-01-01`"],
            ),
            (
                // The date-like part of a longer chain.
                "d(2024-7-1-1).",
                &["2024-7-1@1:3 = 2016, write the date as `2024-07-01`"],
            ),
            ("d(2024+7-1).", &[]),
            ("d(2024-(7-1)).", &[]),
            ("d(X) :- e(X, Y), X = Y-7-1.", &[]),
            // A real date.
            ("d(2024-07-01).", &[]),
        ];
        for (text, want) in cases {
            let c = checked(text);
            let got: Vec<String> = c
                .errors
                .iter()
                .filter(|e| e.code() == "suspicious-date")
                .map(|e| {
                    assert!(e.is_warning(), "{text}");
                    let d = e.to_diagnostic(&c.map);
                    let label = d.primary.expect("a place");
                    let value = label.text.strip_prefix("this is the number ").unwrap();
                    format!("{} = {value}, {}", c.at(label.span), d.help.join("; "))
                })
                .collect();
            assert_eq!(got, *want, "{text}");
            // It stays the number it is.
            if text.starts_with("d(2024-7-1)") {
                assert_eq!(c.facts(), ["d(2016)"], "{text}");
            }
        }
    }

    #[test]
    fn constants_are_folded_in_rules() {
        let cases: &[(&str, &str)] = &[
            ("p(Y) :- q(_), Y = 2 * 3.", "p(Y#0) :- q(_#1), Y#0 = 6"),
            (
                "p(Y) :- q(X), Y = X * (2 + 1).",
                "p(Y#0) :- q(X#1), Y#0 = (X#1 * 3)",
            ),
            ("p(1 + 1, X) :- q(X).", "p(2, X#0) :- q(X#0)"),
            ("p(X) :- q(X), X > -(2).", "p(X#0) :- q(X#0), X#0 > -2"),
            (
                "p(X) :- q(X), X < 2024-01-01 + 30.",
                "p(X#0) :- q(X#0), X#0 < 2024-01-31",
            ),
            (
                // A failure is left to run time, in context.
                "p(X) :- q(X), X > 1 / 0.",
                "p(X#0) :- q(X#0), X#0 > (1 / 0)",
            ),
        ];
        for (text, want) in cases {
            let c = checked(text);
            assert_eq!(c.error_codes(), Vec::<&str>::new(), "{text}");
            let got: Vec<String> = c.program.rules.iter().map(|r| c.rule(r)).collect();
            assert_eq!(got, [want.to_string()], "{text}");
        }
    }

    #[test]
    fn docs_and_parameters_attach_to_predicates() {
        // (text, predicate, its doc, its parameters)
        type Want = (
            &'static str,
            Option<&'static str>,
            Option<&'static [&'static str]>,
        );
        let cases: &[(&str, &[Want])] = &[
            (
                "%% The p.\np(a).\n%% Rule doc\n%% goes on.\nq(X) :- p(X).",
                &[
                    ("p", Some("The p."), None),
                    ("q", Some("Rule doc\ngoes on."), Some(&["X"])),
                ],
            ),
            (
                // The first documented clause gives the doc.
                "p(a).\n%% Later doc\np(b).\n%% Ignored\np(c).",
                &[("p", Some("Later doc"), None)],
            ),
            (
                "%% Inputs.\n@input w(Who, When).\n%% Not this.\nw(a, b).",
                &[("w", Some("Inputs."), Some(&["Who", "When"]))],
            ),
            (
                // Parameters come from the first head of distinct named
                // variables.
                "q(X, X) :- r(X). q(_, Y) :- r(Y). q(A, B) :- r(A), r(B). q(C, D) :- r(C), r(D).",
                &[("q", None, Some(&["A", "B"])), ("r", None, None)],
            ),
            ("q(X, 1) :- r(X).", &[("q", None, None)]),
        ];
        for (text, want) in cases {
            let c = checked(text);
            for (name, doc, params) in *want {
                let p = c.program.pred(c.program.pred_id(name).unwrap());
                assert_eq!(p.doc.as_deref(), *doc, "{text}: doc of {name}");
                let got: Option<Vec<&str>> = p
                    .params
                    .as_ref()
                    .map(|ps| ps.iter().map(String::as_str).collect());
                assert_eq!(got.as_deref(), *params, "{text}: params of {name}");
            }
        }
    }

    #[test]
    fn input_arguments_must_be_variables() {
        // (text, the arguments reported, the parameters kept)
        type Case = (
            &'static str,
            &'static [&'static str],
            Option<&'static [&'static str]>,
        );
        let cases: &[Case] = &[
            ("@input w(X, Y).", &[], Some(&["X", "Y"])),
            ("@input w(a, Y).", &["a@1:10"], None),
            ("@input w(1 + 2).", &["1 + 2@1:10"], None),
        ];
        for (text, want, params) in cases {
            let c = checked(text);
            let got: Vec<String> = c
                .errors
                .iter()
                .map(|e| match e {
                    CheckError::InvalidInput { span } => c.at(*span),
                    other => panic!("{text}: unexpected {other:?}"),
                })
                .collect();
            assert_eq!(got, *want, "{text}");
            let w = c.program.pred(c.program.pred_id("w").unwrap());
            assert!(w.input, "{text}");
            let got: Option<Vec<&str>> = w
                .params
                .as_ref()
                .map(|ps| ps.iter().map(String::as_str).collect());
            assert_eq!(got.as_deref(), *params, "{text}");
        }
    }

    #[test]
    fn sources_are_interned_and_attached_to_clauses() {
        let text = "@source(\"A\", \"s\") { p(a). q(X) :- p(X). }\n\
                    @source(\"A\", \"s\") r(b).\n\
                    @source(\"B\") s(c).\n\
                    @source(\"A\") t(d).\n\
                    u(e). v(X) :- p(X).";
        let c = checked(text);
        let sources: Vec<(&str, Option<&str>)> = c
            .program
            .sources
            .iter()
            .map(|s| (s.citation.as_str(), s.locator.as_deref()))
            .collect();
        assert_eq!(sources, [("A", Some("s")), ("B", None), ("A", None)]);
        let facts: Vec<(String, Option<u32>)> = c
            .facts()
            .into_iter()
            .zip(c.program.facts.iter().map(|f| f.source))
            .collect();
        let want = [
            ("p(a)", Some(0)),
            ("r(b)", Some(0)),
            ("s(c)", Some(1)),
            ("t(d)", Some(2)),
            ("u(e)", None),
        ];
        let want: Vec<(String, Option<u32>)> =
            want.iter().map(|(f, s)| (f.to_string(), *s)).collect();
        assert_eq!(facts, want);
        let rules: Vec<Option<u32>> = c.program.rules.iter().map(|r| r.source).collect();
        assert_eq!(rules, [Some(0), None]);
    }

    #[test]
    fn query_answers_are_the_named_variables_outside_aggregates() {
        // (query, kind, canonical text, answer columns)
        let cases: &[(&str, QueryKind, &str, &[&str])] = &[
            ("?- p(X, Y).", QueryKind::Find, "p(X,Y)", &["X", "Y"]),
            (
                "?- p(Y, X), q(X, Y).",
                QueryKind::Find,
                "p(Y,X), q(X,Y)",
                &["Y", "X"],
            ),
            (
                "?- p(X, _), q(_Y, Z).",
                QueryKind::Find,
                "p(X,_), q(_Y,Z)",
                &["X", "Z"],
            ),
            (
                "?- p(X), N = count : { q(X, W) }.",
                QueryKind::Find,
                "p(X), N = count : { q(X,W) }",
                &["X", "N"],
            ),
            (
                "?- Y = 1 + 2, p(Y).",
                QueryKind::Find,
                "Y = 1 + 2, p(Y)",
                &["Y"],
            ),
            ("?- why p(1).", QueryKind::Why, "why p(1)", &[]),
            ("?- whynot p(X).", QueryKind::WhyNot, "whynot p(X)", &["X"]),
        ];
        for (text, kind, canonical, want) in cases {
            let c = checked(text);
            assert_eq!(c.program.queries.len(), 1, "{text}");
            let q = &c.program.queries[0];
            let answer: Vec<&str> = q
                .answer
                .iter()
                .map(|v| q.vars[*v as usize].as_str())
                .collect();
            assert_eq!(answer, *want, "{text}");
            assert_eq!(q.kind, *kind, "{text}");
            assert_eq!(q.text, *canonical, "{text}");
            assert_eq!(
                c.map.text(q.span),
                *text,
                "{text}: the span is the whole query"
            );
        }
    }

    #[test]
    fn compact_plain_items_resolve_like_parsed_ones() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "p(a, 1). p(b, 2). q(c). p(\"x y\", 3). ?- p(X, 1).",
                &["p(a, 1)", "p(b, 2)", "q(c)", "p(\"x y\", 3)"],
                &[],
            ),
            ("p(a).\np(b, c).", &["p(a)", "p(b, c)"], &["arity-mismatch"]),
            (
                // Dates and decimals as the grammar's lowering reads them:
                // a whole decimal is the integer it equals.
                "d(p1, 2024-01-01). d(p2, 1.5). d(p3, 1.0). d(p4, -0.25). ?- d(X, 2024-01-01).",
                &[
                    "d(p1, 2024-01-01)",
                    "d(p2, 1.5)",
                    "d(p3, 1)",
                    "d(p4, -0.25)",
                ],
                &[],
            ),
        ];
        for (text, facts, codes) in cases {
            let mut map = SourceMap::new();
            let file = map.add("t.kb", *text);
            let (module, syntax) = parse_program_compact(file, (*text).into());
            assert!(syntax.is_empty(), "{text}: {syntax:?}");
            assert!(
                module
                    .items
                    .iter()
                    .any(|i| matches!(i, crate::syntax::ast::Item::Plain(_))),
                "{text}: kept compact"
            );
            let mut values = ValueStore::new();
            let (program, errors) = check([&module], &mut values);
            let compact = Checked {
                map,
                program,
                errors,
                values,
            };
            let parsed = checked(text);
            assert_eq!(compact.facts(), *facts, "{text}");
            assert_eq!(parsed.facts(), *facts, "{text}");
            let spans = |c: &Checked| -> Vec<String> {
                c.program.facts.iter().map(|f| c.at(f.span)).collect()
            };
            assert_eq!(spans(&compact), spans(&parsed), "{text}: fact spans");
            let codes_of =
                |c: &Checked| -> Vec<&str> { c.errors.iter().map(CheckError::code).collect() };
            assert_eq!(codes_of(&compact), *codes, "{text}");
            assert_eq!(codes_of(&parsed), *codes, "{text}");
            let errs = |c: &Checked| -> Vec<String> {
                c.errors
                    .iter()
                    .map(|e| match e {
                        CheckError::ArityMismatch { span, first, .. } => {
                            format!("{} / {}", c.at(*span), c.at(*first))
                        }
                        other => format!("{other:?}"),
                    })
                    .collect()
            };
            assert_eq!(errs(&compact), errs(&parsed), "{text}: error spans");
            let texts = |c: &Checked| -> Vec<String> {
                c.program.queries.iter().map(|q| q.text.clone()).collect()
            };
            assert_eq!(texts(&compact), texts(&parsed), "{text}: queries");
        }
    }
}
