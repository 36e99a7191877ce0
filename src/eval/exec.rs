//! Running a plan: nested loops over the steps with the bindings in a
//! register file, emitting one head tuple per solution into a flat buffer.
//! No allocation per tuple; the clock is consulted every few thousand rows.

use super::error::EvalError;
use super::limits::{Budget, Stop};
use super::model::Model;
use super::plan::{AggPlan, ColOp, Operand, Step, View};
use super::relation::NONE;
use crate::check::program::{AggOp, CmpOp, Expr, PredId};
use crate::source::Span;
use crate::value::{ArithError, BinOp, Datum, Value, ValueStore};
use std::cmp::Ordering;

/// Semi-naive watermarks of one relation: rows below `stable` are old, rows
/// from `stable` to `recent` are the delta.
#[derive(Clone, Copy, Debug, Default)]
pub struct Watermark {
    /// End of the rows known before the last round.
    pub stable: u32,
    /// End of the rows known after the last round.
    pub recent: u32,
}

/// Where a failure is reported.
#[derive(Clone, Copy)]
pub enum Spans<'a> {
    /// The spans of the body's literals, by position.
    Body(&'a [Span]),
    /// One span for everything (an aggregate's inner body).
    Fixed(Span),
}

impl Spans<'_> {
    fn at(&self, literal: usize) -> Span {
        match self {
            Spans::Body(s) => s.get(literal).copied().unwrap_or_default(),
            Spans::Fixed(s) => *s,
        }
    }
}

/// Why a plan stopped early.
pub enum Fail {
    /// A limit or interrupt.
    Stop(Stop),
    /// A run-time error.
    Error(EvalError),
    /// The caller asked for no more solutions.
    Enough,
}

impl From<Stop> for Fail {
    fn from(s: Stop) -> Self {
        Fail::Stop(s)
    }
}

/// What an aggregate has seen so far. Its solutions need no set to be
/// distinct: the aggregate's body binds every variable it mentions
/// (anonymous ones included, see `plan::plan_scope`), and rows of a relation
/// are distinct, so two solutions always differ in some variable.
struct Collector {
    target: Option<Expr>,
    span: Span,
    count: u64,
    /// Target values, for `sum`, `min` and `max`.
    values: Vec<Value>,
}

/// The state of one plan run.
pub struct Exec<'a> {
    model: &'a Model,
    marks: &'a [Watermark],
    /// Interns values computed by arithmetic.
    pub store: &'a mut ValueStore,
    budget: &'a mut Budget,
    /// The bindings.
    pub regs: Vec<Value>,
    head: &'a [Operand],
    head_span: Span,
    /// Emitted head tuples, flat.
    pub out: Vec<Value>,
    /// Stop after this many emitted values (for explanations and limits).
    pub max_out: usize,
    /// Number of solutions found (emitted head tuples, with duplicates).
    pub solutions: usize,
    collectors: Vec<Collector>,
    key: Vec<Value>,
}

impl<'a> Exec<'a> {
    /// A run over `model`'s relations emitting `head` for each solution.
    pub fn new(
        model: &'a Model,
        marks: &'a [Watermark],
        store: &'a mut ValueStore,
        budget: &'a mut Budget,
        vars: usize,
        head: &'a [Operand],
        head_span: Span,
    ) -> Exec<'a> {
        Exec {
            model,
            marks,
            store,
            budget,
            regs: vec![Value::default(); vars],
            head,
            head_span,
            out: Vec::new(),
            max_out: usize::MAX,
            solutions: 0,
            collectors: Vec::new(),
            key: Vec::with_capacity(8),
        }
    }

    #[inline]
    fn range(&self, pred: PredId, view: View) -> (u32, u32) {
        let rows = self.model.relation(pred).rows();
        let pred = pred.0 as usize;
        match view {
            View::All => (0, rows),
            View::Full => (0, self.marks[pred].recent),
            View::Old => (0, self.marks[pred].stable),
            View::Delta => (self.marks[pred].stable, self.marks[pred].recent),
        }
    }

    /// Runs `steps` from step `i`.
    pub fn run(&mut self, steps: &[Step], i: usize, spans: Spans<'_>) -> Result<(), Fail> {
        let Some(step) = steps.get(i) else {
            return self.solution();
        };
        let model = self.model;
        match step {
            Step::Join {
                pred,
                view,
                key,
                index,
                cols,
                exists,
                literal,
            } => {
                let rel = model.relation(*pred);
                let (lo, hi) = self.range(*pred, *view);
                if key.is_empty() {
                    for r in lo..hi {
                        self.budget.tick()?;
                        if self.bind_row(rel.row(r), cols) {
                            self.run(steps, i + 1, spans)?;
                            if *exists {
                                break;
                            }
                        }
                    }
                } else {
                    let index = model.index(*pred, *index);
                    self.key.clear();
                    for (_, o) in key {
                        let v = self.operand(o, spans.at(*literal))?;
                        self.key.push(v);
                    }
                    let mut r = index.probe(rel, &self.key);
                    while r != NONE && r >= hi {
                        r = index.next(r);
                    }
                    while r != NONE && r >= lo {
                        self.budget.tick()?;
                        if self.bind_row(rel.row(r), cols) {
                            self.run(steps, i + 1, spans)?;
                            if *exists {
                                break;
                            }
                        }
                        r = index.next(r);
                    }
                }
                Ok(())
            }
            Step::Contains {
                pred,
                view,
                args,
                literal,
            } => {
                let (lo, hi) = self.range(*pred, *view);
                self.key.clear();
                for o in args {
                    let v = self.operand(o, spans.at(*literal))?;
                    self.key.push(v);
                }
                match model.relation(*pred).find(&self.key) {
                    Some(r) if r >= lo && r < hi => self.run(steps, i + 1, spans),
                    _ => Ok(()),
                }
            }
            Step::NotExists {
                pred,
                key,
                full,
                index,
                literal,
            } => {
                let rel = model.relation(*pred);
                self.key.clear();
                for (_, o) in key {
                    let v = self.operand(o, spans.at(*literal))?;
                    self.key.push(v);
                }
                let found = if *full {
                    rel.find(&self.key).is_some()
                } else if key.is_empty() {
                    rel.rows() > 0
                } else {
                    model.index(*pred, *index).probe(rel, &self.key) != NONE
                };
                if found {
                    Ok(())
                } else {
                    self.run(steps, i + 1, spans)
                }
            }
            Step::Filter {
                lhs,
                op,
                rhs,
                literal,
            } => {
                let span = spans.at(*literal);
                let (a, b) = (self.expr(lhs, span)?, self.expr(rhs, span)?);
                if self.compare(a, *op, b, span)? {
                    self.run(steps, i + 1, spans)
                } else {
                    Ok(())
                }
            }
            Step::Bind { var, expr, literal } => {
                let v = self.expr(expr, spans.at(*literal))?;
                self.regs[*var as usize] = v;
                self.run(steps, i + 1, spans)
            }
            Step::Agg(plan) => self.aggregate(plan, steps, i, spans),
        }
    }

    #[inline]
    fn bind_row(&mut self, row: &[Value], cols: &[ColOp]) -> bool {
        for (c, op) in cols.iter().enumerate() {
            match op {
                ColOp::Bind(v) => self.regs[*v as usize] = row[c],
                ColOp::Check(v) => {
                    if self.regs[*v as usize] != row[c] {
                        return false;
                    }
                }
                ColOp::Skip => {}
            }
        }
        true
    }

    fn solution(&mut self) -> Result<(), Fail> {
        if let Some(c) = self.collectors.last() {
            let span = c.span;
            let value = match c.target.clone() {
                Some(t) => Some(self.expr(&t, span)?),
                None => None,
            };
            let c = self.collectors.last_mut().expect("collector");
            c.count += 1;
            c.values.extend(value);
            return Ok(());
        }
        for o in self.head {
            let v = self.operand(o, self.head_span)?;
            self.out.push(v);
        }
        self.solutions += 1;
        if self.out.len() >= self.max_out || (self.head.is_empty() && self.max_out == 0) {
            return Err(Fail::Enough);
        }
        Ok(())
    }

    fn aggregate(
        &mut self,
        plan: &AggPlan,
        steps: &[Step],
        i: usize,
        spans: Spans<'_>,
    ) -> Result<(), Fail> {
        let span = spans.at(plan.literal);
        self.collectors.push(Collector {
            target: plan.target.clone(),
            span,
            count: 0,
            values: Vec::new(),
        });
        let r = self.run(&plan.steps, 0, Spans::Fixed(span));
        let c = self.collectors.pop().expect("collector");
        r?;
        let result = match plan.op {
            AggOp::Count => Some(self.store.int(c.count as i64)),
            AggOp::Sum => {
                let mut acc = self.store.int(0);
                // Sum in a fixed order so a failure is reported the same way
                // every time.
                let mut values = c.values;
                values.sort_unstable();
                for v in values {
                    if !matches!(self.store.get(v), Datum::Int(_) | Datum::Dec(_)) {
                        let kind = self.store.kind(v);
                        return Err(Fail::Error(EvalError::Arithmetic {
                            reason: format!("`sum` needs numbers, but found a {kind}"),
                            span,
                        }));
                    }
                    acc = self.arith(BinOp::Add, acc, v, span)?;
                }
                Some(acc)
            }
            AggOp::Min | AggOp::Max => {
                let store = &*self.store;
                let it = c.values.iter().copied();
                if plan.op == AggOp::Min {
                    it.min_by(|a, b| store.compare(*a, *b))
                } else {
                    it.max_by(|a, b| store.compare(*a, *b))
                }
            }
        };
        let Some(result) = result else { return Ok(()) };
        if plan.result_bound {
            if self.regs[plan.result as usize] == result {
                return self.run(steps, i + 1, spans);
            }
            return Ok(());
        }
        self.regs[plan.result as usize] = result;
        self.run(steps, i + 1, spans)
    }

    #[inline]
    fn operand(&mut self, o: &Operand, span: Span) -> Result<Value, Fail> {
        match o {
            Operand::Var(v) => Ok(self.regs[*v as usize]),
            Operand::Const(c) => Ok(*c),
            Operand::Expr(e) => self.expr(e, span),
        }
    }

    /// Evaluates an expression under the current bindings.
    #[inline]
    pub fn expr(&mut self, e: &Expr, span: Span) -> Result<Value, Fail> {
        match e {
            Expr::Var(v) => Ok(self.regs[*v as usize]),
            Expr::Const(c) => Ok(*c),
            _ => e.evaluate(&self.regs, self.store).map_err(|e| {
                Fail::Error(EvalError::Arithmetic {
                    reason: e.reason(),
                    span,
                })
            }),
        }
    }

    #[inline]
    fn arith(&mut self, op: BinOp, x: Value, y: Value, span: Span) -> Result<Value, Fail> {
        self.store
            .arith(op, x, y)
            .map_err(|e| Fail::Error(arith_error(e, op.symbol(), span)))
    }

    fn compare(&self, a: Value, op: CmpOp, b: Value, span: Span) -> Result<bool, Fail> {
        match op {
            CmpOp::Eq => return Ok(a == b),
            CmpOp::Ne => return Ok(a != b),
            _ => {}
        }
        let ord = self.store.compare_same_kind(a, b).map_err(|e| match e {
            ArithError::Kinds(l, r) => Fail::Error(EvalError::Compare {
                op: op.symbol(),
                left: l,
                right: r,
                span,
            }),
            other => Fail::Error(arith_error(other, op.symbol(), span)),
        })?;
        Ok(match op {
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Gt => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        })
    }
}

fn arith_error(e: ArithError, op: &str, span: Span) -> EvalError {
    EvalError::Arithmetic {
        reason: crate::check::arith_reason(e, op),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::Program;
    use crate::check::{CheckError, check};
    use crate::eval::{Limits, evaluate};
    use crate::source::SourceMap;
    use crate::syntax::parse_program;
    use crate::value::Kind;

    struct Run {
        map: SourceMap,
        program: Program,
        values: ValueStore,
        model: Result<Model, EvalError>,
    }

    fn run(text: &str) -> Run {
        let mut map = SourceMap::new();
        let file = map.add("t.kb", text);
        let (module, errors) = parse_program(file, text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        let mut values = ValueStore::new();
        let (program, errors) = check([&module], &mut values);
        assert!(
            errors.iter().all(CheckError::is_warning),
            "{text}: {errors:?}"
        );
        let model = evaluate(&program, &mut values, &Limits::default());
        Run {
            map,
            program,
            values,
            model,
        }
    }

    impl Run {
        /// The rows of `pred`, each as `a,b`, sorted.
        fn rows(&self, pred: &str) -> Vec<String> {
            let model = self.model.as_ref().expect("evaluates");
            let p = self.program.pred_id(pred).expect("a predicate");
            let rel = model.relation(p);
            let mut rows: Vec<String> = (0..rel.rows())
                .map(|r| {
                    rel.row(r)
                        .iter()
                        .map(|v| self.values.display(*v).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            rows.sort();
            rows
        }
    }

    #[test]
    fn rules_derive_what_their_bodies_allow() {
        let cases: &[(&str, &str, &[&str])] = &[
            // Joins.
            (
                "e(1, 2). e(2, 3). e(3, 1). p(X, Z) :- e(X, Y), e(Y, Z).",
                "p",
                &["1,3", "2,1", "3,2"],
            ),
            (
                "e(1, 2). e(2, 3). f(3). p(X) :- e(X, Y), e(Y, Z), f(Z).",
                "p",
                &["1"],
            ),
            ("e(1, 1). e(1, 2). p(X) :- e(X, X).", "p", &["1"]),
            ("e(1, a). e(2, b). p(X) :- e(X, b).", "p", &["2"]),
            // Negation, with and without `_`.
            (
                "n(1). n(2). bad(2). ok(X) :- n(X), not bad(X).",
                "ok",
                &["1"],
            ),
            (
                "n(1). n(3). e(1, 2). lone(X) :- n(X), not e(X, _).",
                "lone",
                &["3"],
            ),
            ("n(1). none :- not n(_).", "none", &[]),
            ("n(1). m(2). some :- not m(1).", "some", &[""]),
            // Comparisons.
            ("n(1). n(2). n(3). p(X) :- n(X), X < 2.", "p", &["1"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X <= 2.", "p", &["1", "2"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X > 2.", "p", &["3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X >= 2.", "p", &["2", "3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X != 2.", "p", &["1", "3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X = 2.", "p", &["2"]),
            ("n(1). n(a). p(X) :- n(X), X != a.", "p", &["1"]),
            (
                "d(2024-01-01). d(2024-06-01). p(D) :- d(D), D > 2024-03-01.",
                "p",
                &["2024-06-01"],
            ),
            (
                "w(apple). w(pear). p(X) :- w(X), X < banana.",
                "p",
                &["apple"],
            ),
            ("n(1). m(1.5). p(X) :- n(X), m(Y), X < Y.", "p", &["1"]),
            // Arithmetic.
            ("n(1). n(2). p(Y) :- n(X), Y = X + 1.", "p", &["2", "3"]),
            (
                "n(1). n(2). p(Y) :- n(X), Y = X * 10 - 1.",
                "p",
                &["19", "9"],
            ),
            ("n(7). p(Y) :- n(X), Y = X % 3.", "p", &["1"]),
            ("n(3). p(Y) :- n(X), Y = X / 2.", "p", &["1.5"]),
            ("n(3). p(Y) :- n(X), Y = -X.", "p", &["-3"]),
            ("n(1). p(X, Y) :- n(X), X + 1 = Y.", "p", &["1,2"]),
            ("n(1). n(2). p(X) :- n(X), n(Y), Y = X + 1.", "p", &["1"]),
            (
                "d(2024-01-30). p(E) :- d(D), E = D + 2.",
                "p",
                &["2024-02-01"],
            ),
            // Heads with constants and expressions; zero arity.
            ("n(1). p(X, yes) :- n(X).", "p", &["1,yes"]),
            ("n(1). p(Y) :- n(X), Y = X + 0.5.", "p", &["1.5"]),
            ("n(1). flag :- n(1).", "flag", &[""]),
            ("n(1). flag :- n(2).", "flag", &[]),
        ];
        for (text, pred, want) in cases {
            let r = run(text);
            assert!(r.model.is_ok(), "case {text}: {:?}", r.model);
            assert_eq!(r.rows(pred), *want, "case {text}");
        }
    }

    #[test]
    fn aggregates_count_sum_min_and_max() {
        let facts = "item(a). item(b). item(c). price(a, 3). price(a, 5). price(b, 2). ";
        let cases: &[(&str, &str, &[&str])] = &[
            // Count and sum of nothing are 0 ...
            (
                "cnt(I, N) :- item(I), N = count : { price(I, _) }.",
                "cnt",
                &["a,2", "b,1", "c,0"],
            ),
            (
                "tot(I, S) :- item(I), S = sum P : { price(I, P) }.",
                "tot",
                &["a,8", "b,2", "c,0"],
            ),
            // ... min and max of nothing give no row.
            (
                "lo(I, M) :- item(I), M = min P : { price(I, P) }.",
                "lo",
                &["a,3", "b,2"],
            ),
            (
                "hi(I, M) :- item(I), M = max P : { price(I, P) }.",
                "hi",
                &["a,5", "b,2"],
            ),
            // Ungrouped.
            ("all(N) :- N = count : { price(_, _) }.", "all", &["3"]),
            ("total(S) :- S = sum P : { price(_, P) }.", "total", &["10"]),
            ("none(N) :- N = count : { price(z, _) }.", "none", &["0"]),
            ("nomax(M) :- M = max P : { price(z, P) }.", "nomax", &[]),
            // Each distinct solution counts: two items at 3 sum to 6.
            (
                "price(c, 3). threes(S) :- S = sum P : { price(_, P), P = 3 }.",
                "threes",
                &["6"],
            ),
            // A target expression.
            (
                "dbl(I, S) :- item(I), S = sum P * 2 : { price(I, P) }.",
                "dbl",
                &["a,16", "b,4", "c,0"],
            ),
            // A result bound before is a test.
            (
                "two(I) :- item(I), N = 2, N = count : { price(I, _) }.",
                "two",
                &["a"],
            ),
            // Min and max order text too.
            ("first(M) :- M = min I : { item(I) }.", "first", &["a"]),
            // A negation inside.
            (
                "free(N) :- N = count : { item(I), not price(I, _) }.",
                "free",
                &["1"],
            ),
        ];
        for (rule, pred, want) in cases {
            let text = format!("{facts}{rule}");
            let r = run(&text);
            assert!(r.model.is_ok(), "case {rule}: {:?}", r.model);
            assert_eq!(r.rows(pred), *want, "case {rule}");
        }
    }

    /// What an evaluation error says: its code, its message, and the text
    /// its span covers.
    fn failure(text: &str) -> (String, String, String) {
        let r = run(text);
        let e = r.model.expect_err(text);
        let span = match &e {
            EvalError::Arithmetic { span, .. } | EvalError::Compare { span, .. } => *span,
            other => panic!("{text}: not a run-time error: {other:?}"),
        };
        (
            e.code().to_string(),
            e.to_string(),
            r.map.text(span).to_string(),
        )
    }

    #[test]
    fn run_time_errors_name_the_literal() {
        let cases: &[(&str, (&str, &str, &str))] = &[
            (
                "n(1). n(0). p(Y) :- n(X), Y = 1 / X.",
                ("arithmetic-error", "division by zero", "Y = 1 / X"),
            ),
            (
                "n(0). p(Y) :- n(X), Y = 5 % X.",
                ("arithmetic-error", "division by zero", "Y = 5 % X"),
            ),
            (
                "n(0). p(X) :- n(X), 1 / X > 0.",
                ("arithmetic-error", "division by zero", "1 / X > 0"),
            ),
            (
                "n(1). n(a). p(Y) :- n(X), Y = X + 1.",
                (
                    "arithmetic-error",
                    "`+` cannot combine a symbol and a number",
                    "Y = X + 1",
                ),
            ),
            (
                "n(1). n(a). p(X) :- n(X), X < 3.",
                (
                    "type-mismatch",
                    "`<` cannot order a symbol and a number",
                    "X < 3",
                ),
            ),
            (
                "n(1). n(2024-01-01). p(X) :- n(X), X >= 3.",
                (
                    "type-mismatch",
                    "`>=` cannot order a date and a number",
                    "X >= 3",
                ),
            ),
            (
                "q(1). q(a). s(S) :- S = sum X : { q(X) }.",
                (
                    "arithmetic-error",
                    "`sum` needs numbers, but found a symbol",
                    "S = sum X : { q(X) }",
                ),
            ),
            // An error inside an aggregate's body is reported at the
            // aggregate.
            (
                "q(0). s(S) :- S = count : { q(X), 1 / X > 0 }.",
                (
                    "arithmetic-error",
                    "division by zero",
                    "S = count : { q(X), 1 / X > 0 }",
                ),
            ),
        ];
        for (text, (code, message, at)) in cases {
            let (c, m, a) = failure(text);
            assert_eq!(
                (c.as_str(), m.as_str(), a.as_str()),
                (*code, *message, *at),
                "case {text}"
            );
        }
    }

    #[test]
    fn a_comparison_error_carries_the_kinds() {
        let r = run("n(1). n(a). p(X) :- n(X), X > 3.");
        match r.model {
            Err(EvalError::Compare {
                op, left, right, ..
            }) => assert_eq!((op, left, right), (">", Kind::Text, Kind::Number)),
            other => panic!("{other:?}"),
        }
    }
}
