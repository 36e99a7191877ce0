//! Why a ground atom holds: the derivation of least height, rebuilt from the
//! model. A tuple first derived in round `r` of its stratum has a rule
//! instance whose body atoms of the same stratum were all derived in
//! earlier rounds; searching only those rows finds a shortest derivation
//! without any bookkeeping during evaluation beyond the round marks.

use super::text::collapse;
use super::tree::{Binding, Node, NodeKind, RuleRef, SourceRef, Status};
use crate::check::program::{Expr, Literal, PredId, Program, RuleId, SourceId};
use crate::eval::exec::Watermark;
use crate::eval::model::{Model, Solver};
use crate::eval::plan::View;
use crate::eval::{EvalError, Limits};
use crate::source::{SourceMap, Span};
use crate::value::{Value, ValueStore};
use std::collections::{HashMap, HashSet};

/// Most rule instances looked at per goal when choosing the shortest.
const MAX_INSTANCES: usize = 64;
/// Most solutions of an aggregate listed.
const MAX_COUNTED: usize = 10;

/// Explains goals against a model.
pub struct Explainer<'a> {
    pub(super) program: &'a Program,
    pub(super) solver: Solver<'a>,
    pub(super) store: &'a mut ValueStore,
    pub(super) sources: &'a SourceMap,
    pub(super) limits: &'a Limits,
    stratum: Vec<Option<usize>>,
    pub(super) rules_of: Vec<Vec<RuleId>>,
    /// The facts of each predicate looked at so far, by index.
    facts_of: HashMap<PredId, Vec<usize>>,
    seen: HashSet<(PredId, Vec<Value>)>,
}

impl<'a> Explainer<'a> {
    /// An explainer for `program`'s `model`.
    pub fn new(
        program: &'a Program,
        model: &'a mut Model,
        store: &'a mut ValueStore,
        sources: &'a SourceMap,
        limits: &'a Limits,
    ) -> Explainer<'a> {
        let mut stratum = vec![None; program.preds.len()];
        for (i, s) in program.strata.iter().enumerate() {
            for p in &s.preds {
                stratum[p.0 as usize] = Some(i);
            }
        }
        let mut rules_of = vec![Vec::new(); program.preds.len()];
        for (i, r) in program.rules.iter().enumerate() {
            rules_of[r.head.pred.0 as usize].push(i as RuleId);
        }
        Explainer {
            program,
            solver: Solver::new(model),
            store,
            sources,
            limits,
            stratum,
            rules_of,
            facts_of: HashMap::new(),
            seen: HashSet::new(),
        }
    }

    /// Forgets which goals were already explained (a new tree starts).
    pub fn reset(&mut self) {
        self.seen.clear();
    }

    /// Whether the ground atom holds in the model.
    pub fn holds(&self, pred: PredId, values: &[Value]) -> bool {
        self.solver.model().relation(pred).find(values).is_some()
    }

    /// `pred(v1, v2)` as written.
    pub fn atom_text(&self, pred: PredId, values: &[Value]) -> String {
        let name = &self.program.pred(pred).name;
        if values.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = values
            .iter()
            .map(|v| self.store.display(*v).to_string())
            .collect();
        format!("{name}({})", args.join(", "))
    }

    pub(super) fn rule_ref(&self, r: RuleId) -> RuleRef {
        let span = self.program.rules[r as usize].span;
        RuleRef {
            location: self.sources.location(span).to_string(),
            text: collapse(self.sources.text(span)),
        }
    }

    pub(super) fn source_ref(&self, s: Option<SourceId>) -> Option<SourceRef> {
        s.map(|s| {
            let src = &self.program.sources[s as usize];
            SourceRef {
                citation: src.citation.clone(),
                locator: src.locator.clone(),
            }
        })
    }

    /// The first fact that states `pred(values)`, if one does.
    fn fact(&mut self, pred: PredId, values: &[Value]) -> Option<usize> {
        let facts = &self.program.facts;
        let of = self.facts_of.entry(pred).or_insert_with(|| {
            facts
                .iter()
                .enumerate()
                .filter(|(_, f)| f.pred == pred)
                .map(|(i, _)| i)
                .collect()
        });
        of.iter().copied().find(|&i| facts.get(i).args == values)
    }

    /// The node for a ground atom that holds: its shortest derivation.
    pub fn why(&mut self, pred: PredId, values: &[Value]) -> Result<Node, EvalError> {
        let goal = self.atom_text(pred, values);
        let rel = self.solver.model().relation(pred);
        let Some(row) = rel.find(values) else {
            return Ok(
                Node::new(goal, Status::Fails, NodeKind::Missing).with_note("it does not hold")
            );
        };
        let round = rel.round_of(row);
        let key = (pred, values.to_vec());
        if self.seen.contains(&key) {
            return Ok(
                Node::new(goal, Status::Holds, NodeKind::Repeated).with_note("explained above")
            );
        }
        self.seen.insert(key);
        if round == 0
            && let Some(i) = self.fact(pred, values)
        {
            let f = self.program.facts.get(i);
            let mut node = Node::new(goal, Status::Holds, NodeKind::Fact);
            node.location = Some(self.sources.location(f.span).to_string());
            node.source = self.source_ref(f.source);
            return Ok(node);
        }
        // The rule instance whose same-stratum body atoms are oldest.
        let mut best: Option<(usize, RuleId, Vec<Value>)> = None;
        for r in self.rules_of[pred.0 as usize].clone() {
            for regs in self.instances(r, values, Some(round))? {
                let h = self.instance_height(r, &regs);
                if best.as_ref().is_none_or(|(bh, _, _)| h < *bh) {
                    best = Some((h, r, regs));
                }
            }
        }
        let Some((_, r, regs)) = best else {
            // Not reachable for a tuple of the model; say so rather than panic.
            return Ok(Node::new(goal, Status::Holds, NodeKind::Missing)
                .with_note("no derivation was found (the model and program disagree)"));
        };
        self.rule_node(goal, Status::Holds, r, &regs)
    }

    /// A node for rule `r` used with bindings `regs`, with a child per body
    /// literal.
    fn rule_node(
        &mut self,
        goal: String,
        status: Status,
        r: RuleId,
        regs: &[Value],
    ) -> Result<Node, EvalError> {
        let program = self.program;
        let rule = &program.rules[r as usize];
        let mut node = Node::new(goal, status, NodeKind::Rule);
        node.rule = Some(self.rule_ref(r));
        node.source = self.source_ref(rule.source);
        node.bindings = self.bindings(&rule.vars, regs, &rule.body, &rule.head.args);
        for l in &rule.body {
            let child = self.literal_holds(l, &rule.vars, regs)?;
            node.children.push(child);
        }
        Ok(node)
    }

    /// One answer of a query body, with a child per literal.
    pub fn answer_node(
        &mut self,
        goal: String,
        body: &[Literal],
        names: &[String],
        regs: &[Value],
    ) -> Result<Node, EvalError> {
        let mut node = Node::new(goal, Status::Holds, NodeKind::Answer);
        for l in body {
            let child = self.literal_holds(l, names, regs)?;
            node.children.push(child);
        }
        Ok(node)
    }

    /// Solutions (register files) of a query body with some variables
    /// fixed.
    pub fn query_instances(
        &mut self,
        body: &[Literal],
        names: &[String],
        fixed: &[(u32, Value)],
        max: usize,
    ) -> Result<Vec<Vec<Value>>, EvalError> {
        let mut regs = vec![Value::default(); names.len()];
        let mut bound = vec![false; names.len()];
        for (v, x) in fixed {
            regs[*v as usize] = *x;
            bound[*v as usize] = true;
        }
        let steps = self.solver.plan(body, names, &mut bound, &|_, _| View::All);
        self.solver
            .solve(&steps, &regs, max, self.store, self.limits)
    }

    /// The child for a body literal that holds under `regs`.
    fn literal_holds(
        &mut self,
        l: &Literal,
        names: &[String],
        regs: &[Value],
    ) -> Result<Node, EvalError> {
        Ok(match l {
            Literal::Pos(a) => {
                let values = self.ground(&a.args, regs)?;
                self.why(a.pred, &values)?
            }
            Literal::Neg(a) => {
                let text = self.atom_pattern(a.pred, &a.args, regs);
                Node::new(format!("not {text}"), Status::Holds, NodeKind::Negation)
                    .with_note(format!("`{text}` has no derivation"))
            }
            Literal::Cmp { lhs, op, rhs, .. } => Node::new(
                format!(
                    "{} {} {}",
                    self.expr_text(lhs, regs),
                    op.symbol(),
                    self.expr_text(rhs, regs)
                ),
                Status::Holds,
                NodeKind::Comparison,
            ),
            Literal::Agg(a) => self.aggregate_node(a, names, regs, Status::Holds)?,
        })
    }

    pub(super) fn aggregate_node(
        &mut self,
        a: &crate::check::program::Aggregate,
        names: &[String],
        regs: &[Value],
        status: Status,
    ) -> Result<Node, EvalError> {
        let mut bound = vec![false; regs.len()];
        for &v in &a.shared {
            bound[v as usize] = true;
        }
        let steps = self
            .solver
            .plan(&a.body, names, &mut bound, &|_, _| View::All);
        let sols = self
            .solver
            .solve(&steps, regs, 10_000, self.store, self.limits)?;
        let mut counted: Vec<String> = Vec::new();
        for s in &sols {
            let parts: Vec<String> = a
                .body
                .iter()
                .filter_map(|l| match l {
                    Literal::Pos(at) => Some(self.atom_pattern(at.pred, &at.args, s)),
                    _ => None,
                })
                .collect();
            let text = parts.join(", ");
            if !counted.contains(&text) {
                counted.push(text);
            }
        }
        let result = self.store.display(regs[a.result as usize]).to_string();
        let target = a
            .target
            .as_ref()
            .map(|t| format!(" {}", self.named_expr(t, names)))
            .unwrap_or_default();
        let mut node = Node::new(
            format!(
                "{} = {}{target} : {{ {} }}",
                names[a.result as usize],
                a.op.name(),
                self.body_pattern(&a.body, names)
            ),
            status,
            NodeKind::Aggregate,
        );
        let total = counted.len();
        let shown: Vec<String> = counted.into_iter().take(MAX_COUNTED).collect();
        let more = if total > MAX_COUNTED {
            format!(" and {} more", total - MAX_COUNTED)
        } else {
            String::new()
        };
        node.note = Some(if total == 0 {
            format!("{} over no solutions", a.op.name())
        } else {
            format!(
                "{result}, over {total} solution{}: {}{more}",
                if total == 1 { "" } else { "s" },
                shown.join("; ")
            )
        });
        node.bindings = vec![Binding {
            var: names[a.result as usize].clone(),
            value: result,
        }];
        Ok(node)
    }

    /// Rule instances (register files) deriving `pred(values)` by rule `r`;
    /// with `round`, body atoms of the goal's stratum are read only from
    /// rows of earlier rounds.
    pub(super) fn instances(
        &mut self,
        r: RuleId,
        values: &[Value],
        round: Option<usize>,
    ) -> Result<Vec<Vec<Value>>, EvalError> {
        let program = self.program;
        let rule = &program.rules[r as usize];
        let Some((regs, mut bound)) = self.unify_head(r, values) else {
            return Ok(Vec::new());
        };
        let goal_stratum = self.stratum[rule.head.pred.0 as usize];
        if let Some(round) = round {
            for (i, s) in self.stratum.iter().enumerate() {
                if s.is_some() && *s == goal_stratum {
                    let rel = self.solver.model().relation(PredId(i as u32));
                    let end = if round == 0 {
                        0
                    } else {
                        rel.marks.get(round - 1).copied().unwrap_or(rel.rows())
                    };
                    self.solver.marks[i] = Watermark {
                        stable: end,
                        recent: end,
                    };
                }
            }
        }
        let stratum = &self.stratum;
        let view = |_: usize, p: PredId| {
            if round.is_some()
                && stratum[p.0 as usize].is_some()
                && stratum[p.0 as usize] == goal_stratum
            {
                View::Old
            } else {
                View::All
            }
        };
        let steps = self.solver.plan(&rule.body, &rule.vars, &mut bound, &view);
        let sols = self
            .solver
            .solve(&steps, &regs, MAX_INSTANCES, self.store, self.limits)?;
        let mut out = Vec::new();
        for s in sols {
            if self.ground(&rule.head.args, &s)? == values {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Binds the head's variables to the goal's values; `None` when a
    /// constant or a repeated variable does not match.
    pub(super) fn unify_head(
        &self,
        r: RuleId,
        values: &[Value],
    ) -> Option<(Vec<Value>, Vec<bool>)> {
        let pattern: Vec<Option<Value>> = values.iter().copied().map(Some).collect();
        self.unify_head_pattern(r, &pattern)
    }

    /// [`Explainer::unify_head`] for a goal with unknown arguments (`None`).
    pub(super) fn unify_head_pattern(
        &self,
        r: RuleId,
        pattern: &[Option<Value>],
    ) -> Option<(Vec<Value>, Vec<bool>)> {
        let rule = &self.program.rules[r as usize];
        let mut regs = vec![Value::default(); rule.vars.len()];
        let mut bound = vec![false; rule.vars.len()];
        for (arg, val) in rule
            .head
            .args
            .iter()
            .zip(pattern)
            .filter_map(|(a, v)| v.as_ref().map(|v| (a, v)))
        {
            match arg {
                Expr::Var(v) => {
                    let v = *v as usize;
                    if bound[v] && regs[v] != *val {
                        return None;
                    }
                    regs[v] = *val;
                    bound[v] = true;
                }
                Expr::Const(c) if c != val => return None,
                _ => {}
            }
        }
        Some((regs, bound))
    }

    /// How deep the instance reaches into its own stratum: the latest round
    /// of its same-stratum body atoms.
    fn instance_height(&self, r: RuleId, regs: &[Value]) -> usize {
        let rule = &self.program.rules[r as usize];
        let s = self.stratum[rule.head.pred.0 as usize];
        let mut h = 0;
        for l in &rule.body {
            if let Literal::Pos(a) = l
                && self.stratum[a.pred.0 as usize] == s
            {
                let values: Vec<Value> = a
                    .args
                    .iter()
                    .map(|e| self.eval_quiet(e, regs).unwrap_or_default())
                    .collect();
                let rel = self.solver.model().relation(a.pred);
                if let Some(row) = rel.find(&values) {
                    h = h.max(rel.round_of(row));
                }
            }
        }
        h
    }

    /// The values of atom arguments under `regs`.
    pub(super) fn ground(
        &mut self,
        args: &[Expr],
        regs: &[Value],
    ) -> Result<Vec<Value>, EvalError> {
        args.iter()
            .map(|e| {
                self.eval(e, regs).map_err(|reason| EvalError::Arithmetic {
                    reason,
                    span: Span::default(),
                })
            })
            .collect()
    }

    pub(super) fn eval(&mut self, e: &Expr, regs: &[Value]) -> Result<Value, String> {
        e.evaluate(regs, self.store).map_err(|e| e.reason())
    }

    /// Evaluates without interning new values (variables and constants
    /// only); used where an expression's value must already exist.
    fn eval_quiet(&self, e: &Expr, regs: &[Value]) -> Option<Value> {
        match e {
            Expr::Var(v) => Some(regs[*v as usize]),
            Expr::Const(c) => Some(*c),
            _ => None,
        }
    }
}
