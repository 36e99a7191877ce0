//! Resolution: the AST of every loaded module becomes one [`Program`].
//! Predicates get ids (and arity mismatches are found here), variables get
//! slots, constants are interned, ground facts are computed, and docs,
//! parameters and sources are attached to predicates and clauses.

use super::error::CheckError;
use super::program::*;
use crate::source::Span;
use crate::syntax::ast;
use crate::value::{Value, ValueStore};
use std::collections::HashMap;

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
    sources: HashMap<(String, Option<String>), SourceId>,
    /// The first constant sub-expression that could not be computed since
    /// this was last cleared: what a fact reports.
    fold_failure: Option<(String, Span)>,
}

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
        let sources = program
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.citation.clone(), s.locator.clone()), i as SourceId))
            .collect();
        Resolver {
            program,
            errors: Vec::new(),
            rule_occurrences: Vec::new(),
            query_occurrences: Vec::new(),
            values,
            sources,
            fold_failure: None,
        }
    }

    /// Resolves every item of a module.
    pub fn module(&mut self, module: &ast::Module) {
        for item in &module.items {
            match item {
                ast::Item::Include(_) => {}
                ast::Item::Input(input) => self.input(input),
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
                    if !self.program.pred(id).defined {
                        self.program.pred_mut(id).defined = true;
                    }
                    last = Some((name, p.arity, id));
                    id
                }
            };
            args.clear();
            for &a in view.args_of(p) {
                args.push(match view.value(a) {
                    ast::PlainValue::Int(i) => self.values.int(i),
                    ast::PlainValue::Text(t) => self.values.text(t),
                    ast::PlainValue::Var(_) => unreachable!("a plain fact is ground"),
                });
            }
            let span = Span::new(file, p.start as usize, p.end as usize);
            self.program.facts.push(id, &args, span, None);
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
        self.program.add_pred(Predicate {
            name: name.to_string(),
            arity,
            doc: None,
            params: None,
            input: false,
            defined: false,
            first_use: span,
            body_use: None,
        })
    }

    fn source(&mut self, s: Option<&ast::Source>) -> Option<SourceId> {
        let s = s?;
        let key = (s.citation.clone(), s.locator.clone());
        let next = self.program.sources.len() as SourceId;
        let id = *self.sources.entry(key).or_insert(next);
        if id == next {
            self.program.sources.push(Source {
                citation: s.citation.clone(),
                locator: s.locator.clone(),
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
        if p.arity == params.len() {
            p.params = Some(params);
        }
        if p.doc.is_none() {
            p.doc = input.doc.clone();
        }
    }

    fn clause(&mut self, c: &ast::Clause) {
        let id = self.pred(&c.head.pred, c.head.args.len(), c.head.span);
        let p = self.program.pred(id);
        if !p.defined || (p.doc.is_none() && c.doc.is_some()) {
            let p = self.program.pred_mut(id);
            p.defined = true;
            if p.doc.is_none() {
                p.doc = c.doc.as_deref().map(str::to_string);
            }
        }
        let source = self.source(c.source.as_deref());
        if c.body.is_empty() && c.head.args.iter().all(is_ground) {
            let mut args = Vec::with_capacity(c.head.args.len());
            let mut scope = Scope::default();
            self.fold_failure = None;
            for a in &c.head.args {
                match self.expr(a, &mut scope) {
                    Expr::Const(v) => args.push(v),
                    _ => {
                        let (reason, span) = self
                            .fold_failure
                            .take()
                            .unwrap_or_else(|| ("it cannot be computed".to_string(), a.span()));
                        self.errors
                            .push(CheckError::FactArithmetic { reason, span });
                        return;
                    }
                }
            }
            self.program.facts.push(id, &args, c.span, source);
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
    /// fact, which reports it at once.
    fn fold(&mut self, e: Expr, ready: bool, span: Span) -> Expr {
        if !ready {
            return e;
        }
        match e.evaluate(&[], self.values) {
            Ok(v) => Expr::Const(v),
            Err(err) => {
                if self.fold_failure.is_none() {
                    self.fold_failure = Some((err.reason(), span));
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
            ast::Const::Dec(d) => self
                .values
                .decimal(*d)
                .unwrap_or_else(|_| self.values.int(0)),
            ast::Const::Date(d) => self.values.date(*d),
        }
    }
}

fn is_ground(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Var(_) => false,
        ast::Expr::Const(..) => true,
        ast::Expr::Binary(_, a, b, _) => is_ground(a) && is_ground(b),
        ast::Expr::Neg(a, _) => is_ground(a),
    }
}
