//! Why a ground atom holds: the derivation of least height, rebuilt from the
//! model. A tuple first derived in round `r` of its stratum has a rule
//! instance whose body atoms of the same stratum were all derived in
//! earlier rounds; searching only those rows finds a shortest derivation
//! without any bookkeeping during evaluation beyond the round marks.

use super::text::collapse;
use super::tree::{Binding, GoalAtom, Node, NodeKind, RuleRef, SourceRef, Status};
use crate::check::program::{AggOp, CmpOp, Expr, Literal, PredId, Program, RuleId, SourceId};
use crate::eval::exec::Watermark;
use crate::eval::model::{Model, Solver};
use crate::eval::plan::View;
use crate::eval::{EvalError, Limits};
use crate::source::{SourceMap, Span};
use crate::value::{BinOp, Date, Value, ValueStore};
use std::collections::{HashMap, HashSet};

/// Most rule instances looked at per goal when choosing the shortest.
const MAX_INSTANCES: usize = 64;
/// Levels of a derivation shown from the top before a long chain of steps
/// is cut short.
pub const TOP_LEVELS: usize = 12;
/// Levels shown at the bottom of a chain cut short.
pub const BOTTOM_LEVELS: usize = 4;
/// Most nodes of one explanation tree; beyond, subtrees are not explored.
pub const MAX_NODES: usize = 2_000;
/// Deepest a tree is built, whatever its shape (it bounds the recursion).
const MAX_DEPTH: usize = 120;
/// Most solutions of an aggregate listed.
const MAX_COUNTED: usize = 10;
/// Most solutions of an aggregate looked at (beyond, its value is not
/// computed again but taken from the rule instance).
const MAX_AGGREGATED: usize = 10_000;

/// Explains goals against a model.
pub struct Explainer<'a> {
    pub(super) program: &'a Program,
    pub(super) solver: Solver<'a>,
    pub(super) store: &'a mut ValueStore,
    pub(super) sources: &'a SourceMap,
    /// The limits, their clock started when the explainer was made: one
    /// deadline for everything it explains.
    pub(super) limits: Limits,
    stratum: Vec<Option<usize>>,
    /// The rules of each predicate that apply on the date asked about.
    pub(super) rules_of: Vec<Vec<RuleId>>,
    /// Those that do not (a why-not says when they apply).
    pub(super) inactive_of: Vec<Vec<RuleId>>,
    /// The date asked about.
    pub(super) date: Date,
    /// The facts of each predicate looked at so far, by index.
    facts_of: HashMap<PredId, Vec<usize>>,
    seen: HashSet<(PredId, Vec<Value>)>,
    /// How deep the derivation being built is now.
    depth: usize,
    /// Nodes built for the current tree.
    nodes: usize,
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
        let date = model.as_of.unwrap_or_else(|| program.date());
        let mut rules_of = vec![Vec::new(); program.preds.len()];
        let mut inactive_of = vec![Vec::new(); program.preds.len()];
        for (i, r) in program.rules.iter().enumerate() {
            let of = if r.valid.contains(date) {
                &mut rules_of
            } else {
                &mut inactive_of
            };
            of[r.head.pred.0 as usize].push(i as RuleId);
        }
        Explainer {
            program,
            solver: Solver::new(model),
            store,
            sources,
            limits: limits.from_now(),
            stratum,
            rules_of,
            inactive_of,
            date,
            facts_of: HashMap::new(),
            seen: HashSet::new(),
            depth: 0,
            nodes: 0,
        }
    }

    /// Forgets which goals were already explained (a new tree starts).
    pub fn reset(&mut self) {
        self.seen.clear();
        self.nodes = 0;
        self.depth = 0;
    }

    /// Counts a node of the current tree; false when the tree is at its
    /// size or depth limit and the node should not be explored.
    pub(super) fn room(&mut self) -> bool {
        self.nodes += 1;
        self.nodes <= MAX_NODES && self.depth < MAX_DEPTH
    }

    /// The node standing for a subtree not explored: the tree is as large
    /// or as deep as an explanation may be.
    pub(super) fn not_explored(&self, goal: String, status: Status) -> Node {
        Node::new(goal, status, NodeKind::DepthLimit).with_note(format!(
            "not explored further: an explanation shows at most {MAX_NODES} steps, {MAX_DEPTH} deep"
        ))
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

    /// The values of an atom's arguments under `regs`: `None` for `_` (and
    /// for an argument that cannot be computed).
    pub(super) fn arg_pattern(&mut self, args: &[Expr], regs: &[Value]) -> Vec<Option<Value>> {
        args.iter()
            .map(|e| match e {
                Expr::Wild => None,
                e => self.eval(e, regs).ok(),
            })
            .collect()
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
                cite: src.locator.as_deref().and_then(|l| self.program.cite(l)),
                as_of: src.as_of,
            }
        })
    }

    /// The first fact that states `pred(values)`, if one does.
    fn fact(&mut self, pred: PredId, values: &[Value]) -> Option<usize> {
        let facts = &self.program.facts;
        let date = self.date;
        let of = self.facts_of.entry(pred).or_insert_with(|| {
            facts
                .iter()
                .enumerate()
                .filter(|(_, f)| f.pred == pred && f.valid.contains(date))
                .map(|(i, _)| i)
                .collect()
        });
        of.iter().copied().find(|&i| facts.get(i).args == values)
    }

    /// The node for a ground atom that holds: its shortest derivation. A
    /// long chain of steps (a recursion more than [`TOP_LEVELS`] deep) is
    /// shown with its middle cut out and said so.
    pub fn why(&mut self, pred: PredId, values: &[Value]) -> Result<Node, EvalError> {
        self.depth += 1;
        let node = self.why_here(pred, values);
        self.depth -= 1;
        let mut node = node?;
        node.atom = Some(GoalAtom {
            pred,
            args: values.iter().copied().map(Some).collect(),
            negated: false,
        });
        Ok(node)
    }

    fn why_here(&mut self, pred: PredId, values: &[Value]) -> Result<Node, EvalError> {
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
        if !self.room() {
            return Ok(self.not_explored(goal, Status::Holds));
        }
        self.seen.insert(key);
        if self.program.pred(pred).name == crate::check::AS_OF {
            return Ok(Node::new(goal, Status::Holds, NodeKind::Fact)
                .with_note("the date the question is asked about"));
        }
        if round == 0
            && let Some(i) = self.fact(pred, values)
        {
            let f = self.program.facts.get(i);
            let mut node = Node::new(goal, Status::Holds, NodeKind::Fact);
            node.location = Some(self.sources.location(f.span).to_string());
            node.source = self.source_ref(f.source);
            node.valid = f.valid;
            return Ok(node);
        }
        if self.depth > TOP_LEVELS
            && let Some(node) = self.cut_chain(pred, values, &goal)?
        {
            return Ok(node);
        }
        let Some((r, regs)) = self.best_instance(pred, values, round)? else {
            // Not reachable for a tuple of the model; say so rather than panic.
            return Ok(Node::new(goal, Status::Holds, NodeKind::Missing)
                .with_note("no derivation was found (the model and program disagree)"));
        };
        self.rule_node(goal, Status::Holds, r, &regs)
    }

    /// The rule instance deriving `pred(values)` (first derived in `round`)
    /// whose same-stratum body atoms are oldest.
    fn best_instance(
        &mut self,
        pred: PredId,
        values: &[Value],
        round: usize,
    ) -> Result<Option<(RuleId, Vec<Value>)>, EvalError> {
        let mut best: Option<(usize, RuleId, Vec<Value>)> = None;
        for r in self.rules_of[pred.0 as usize].clone() {
            for regs in self.instances(r, values, Some(round))? {
                let h = self.instance_height(r, &regs);
                if best.as_ref().is_none_or(|(bh, _, _)| h < *bh) {
                    best = Some((h, r, regs));
                }
            }
        }
        Ok(best.map(|(_, r, regs)| (r, regs)))
    }

    /// When `pred(values)` heads a chain of steps each resting on one goal
    /// of its own stratum (a linear recursion) longer than
    /// [`BOTTOM_LEVELS`], a node that says how many steps are not shown and
    /// explains the last [`BOTTOM_LEVELS`] of them; `None` for a shorter
    /// chain or another shape.
    fn cut_chain(
        &mut self,
        pred: PredId,
        values: &[Value],
        goal: &str,
    ) -> Result<Option<Node>, EvalError> {
        let mut chain: Vec<(PredId, Vec<Value>)> = vec![(pred, values.to_vec())];
        loop {
            let (p, v) = chain.last().expect("a goal").clone();
            let rel = self.solver.model().relation(p);
            let Some(row) = rel.find(&v) else { break };
            let round = rel.round_of(row);
            if round == 0 {
                break;
            }
            let Some((r, regs)) = self.best_instance(p, &v, round)? else {
                break;
            };
            let program = self.program;
            let rule = &program.rules[r as usize];
            let s = self.stratum[p.0 as usize];
            let mut next = None;
            for l in &rule.body {
                if let Literal::Pos(a) = l
                    && self.stratum[a.pred.0 as usize] == s
                {
                    if next.is_some() {
                        return Ok(None);
                    }
                    next = Some((a.pred, self.ground(&a.args, &regs)?));
                }
            }
            let Some(next) = next else { break };
            chain.push(next);
        }
        if chain.len() <= BOTTOM_LEVELS + 1 {
            return Ok(None);
        }
        let (bp, bv) = chain[chain.len() - BOTTOM_LEVELS].clone();
        let skipped = chain.len() - BOTTOM_LEVELS;
        let bottom = self.atom_text(bp, &bv);
        let mut node = Node::new(goal, Status::Holds, NodeKind::Elided).with_note(format!(
            "{skipped} steps of the same kind are not shown, down to `{bottom}`"
        ));
        let depth = std::mem::replace(&mut self.depth, 0);
        let child = self.why(bp, &bv);
        self.depth = depth;
        node.children.push(child?);
        Ok(Some(node))
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
        node.valid = rule.valid;
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
            .solve(&steps, &regs, max, self.store, &self.limits)
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
                let mut node = Node::new(format!("not {text}"), Status::Holds, NodeKind::Negation)
                    .with_note(format!("`{text}` has no derivation"));
                node.atom = Some(GoalAtom {
                    pred: a.pred,
                    args: self.arg_pattern(&a.args, regs),
                    negated: true,
                });
                node
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
            .solve(&steps, regs, MAX_AGGREGATED, self.store, &self.limits)?;
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
        // The value the aggregate computes here (in a why-not the result
        // register may hold the goal's value instead).
        let computed = if sols.len() < MAX_AGGREGATED {
            self.aggregate_value(a, &sols)
        } else {
            None
        };
        let result = self
            .store
            .display(computed.unwrap_or(regs[a.result as usize]))
            .to_string();
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

    /// What an aggregate computes over these solutions (each a register
    /// file): `None` when it has no value (`min` or `max` of nothing, or a
    /// target that cannot be computed).
    fn aggregate_value(
        &mut self,
        a: &crate::check::program::Aggregate,
        sols: &[Vec<Value>],
    ) -> Option<Value> {
        if a.op == AggOp::Count {
            return Some(self.store.int(sols.len() as i64));
        }
        let target = a.target.as_ref()?;
        let mut values = Vec::with_capacity(sols.len());
        for s in sols {
            values.push(target.evaluate(s, self.store).ok()?);
        }
        match a.op {
            AggOp::Sum => {
                let mut acc = self.store.int(0);
                values.sort_unstable();
                for v in values {
                    acc = self.store.arith(crate::value::BinOp::Add, acc, v).ok()?;
                }
                Some(acc)
            }
            AggOp::Min => values.into_iter().min_by(|x, y| self.store.compare(*x, *y)),
            _ => values.into_iter().max_by(|x, y| self.store.compare(*x, *y)),
        }
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
                    let end = rel.rows_before_round(round);
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
        // Head arguments still to be computed are equations the solutions
        // must meet: filtered inside the search, so the instances looked at
        // are all the goal's.
        let equations: Vec<Literal> = rule
            .head
            .args
            .iter()
            .zip(values)
            .filter(|(a, _)| !a.is_bound(&bound) && !matches!(a, Expr::Var(_)))
            .map(|(a, v)| Literal::Cmp {
                lhs: a.clone(),
                op: CmpOp::Eq,
                rhs: Expr::Const(*v),
                span: rule.head.span,
            })
            .collect();
        let body: std::borrow::Cow<'_, [Literal]> = if equations.is_empty() {
            std::borrow::Cow::Borrowed(&rule.body)
        } else {
            std::borrow::Cow::Owned(rule.body.iter().cloned().chain(equations).collect())
        };
        let steps = self.solver.plan(&body, &rule.vars, &mut bound, &view);
        let sols = self
            .solver
            .solve(&steps, &regs, MAX_INSTANCES, self.store, &self.limits)?;
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
        &mut self,
        r: RuleId,
        values: &[Value],
    ) -> Option<(Vec<Value>, Vec<bool>)> {
        let pattern: Vec<Option<Value>> = values.iter().copied().map(Some).collect();
        self.unify_head_pattern(r, &pattern)
    }

    /// [`Explainer::unify_head`] for a goal with unknown arguments (`None`).
    pub(super) fn unify_head_pattern(
        &mut self,
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
        // A head argument computed from one variable and a constant
        // (`N + 1`, `D + 90`, `D - 1`) is solved for the variable.
        for (arg, val) in rule.head.args.iter().zip(pattern) {
            let (Expr::Bin(op, a, b), Some(val)) = (arg, val) else {
                continue;
            };
            let (var, c, var_first) = match (&**a, &**b) {
                (Expr::Var(x), Expr::Const(c)) if !bound[*x as usize] => (*x, *c, true),
                (Expr::Const(c), Expr::Var(x)) if !bound[*x as usize] => (*x, *c, false),
                _ => continue,
            };
            let solved = match (op, var_first) {
                (BinOp::Add, _) => self.store.arith(BinOp::Sub, *val, c),
                (BinOp::Sub, true) => self.store.arith(BinOp::Add, *val, c),
                (BinOp::Sub, false) => self.store.arith(BinOp::Sub, c, *val),
                _ => continue,
            };
            if let Ok(x) = solved {
                regs[var as usize] = x;
                bound[var as usize] = true;
            }
        }
        // Every computed argument whose variables are now known must give
        // the goal's value (`p(X + 1, X + 2)` cannot be `p(5, 100)`).
        for (arg, val) in rule.head.args.iter().zip(pattern) {
            if let (Expr::Bin(..) | Expr::Neg(_), Some(val)) = (arg, val)
                && arg.is_bound(&bound)
                && let Ok(v) = arg.evaluate(&regs, self.store)
                && v != *val
            {
                return None;
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
                    fed: Default::default(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Kb, bindings, kb, outline};

    /// (predicate, argument, location, citation and locator).
    type FactCase<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<(&'a str, Option<&'a str>)>,
    );

    /// (edges, goal, height, the top rule's bindings).
    type PathCase<'a> = (&'a str, (&'a str, &'a str), usize, &'a [&'a str]);

    /// (goal, tree, bindings).
    type TreeCase<'a> = ((&'a str, &'a [&'a str]), &'a [&'a str], &'a [&'a str]);

    impl Kb {
        /// `why pred(args)`: numbers are numbers, anything else a symbol.
        fn why(&mut self, pred: &str, args: &[&str]) -> Node {
            let p = self.program.pred_id(pred).expect("a predicate");
            let values = self.args(args);
            let mut ex = Explainer::new(
                &self.program,
                &mut self.model,
                &mut self.values,
                &self.map,
                &self.limits,
            );
            ex.why(p, &values).expect("explains")
        }
    }

    #[test]
    fn an_explanation_stops_at_the_time_limit() {
        let mut kb = kb("e(1, 2). e(2, 3). t(X, Y) :- e(X, Y). t(X, Z) :- t(X, Y), e(Y, Z).");
        let t = kb.program.pred_id("t").expect("a predicate");
        let values = kb.args(&["1", "3"]);
        let cases: &[(&str, Limits, &str)] = &[
            ("no limit", Limits::default(), "explains"),
            (
                "a time limit passed",
                Limits {
                    timeout: Some(std::time::Duration::ZERO),
                    ..Limits::default()
                },
                "explaining this answer stopped at the time limit of 0 s",
            ),
            (
                "a flag set",
                Limits {
                    interrupt: Some(std::sync::Arc::new(true.into())),
                    ..Limits::default()
                },
                "evaluation interrupted",
            ),
        ];
        for (name, limits, want) in cases {
            let mut ex =
                Explainer::new(&kb.program, &mut kb.model, &mut kb.values, &kb.map, limits);
            let got = match ex.why(t, &values) {
                Ok(_) => "explains".to_string(),
                Err(e) => e.to_string(),
            };
            assert!(got.starts_with(want), "case {name}: {got}");
        }
    }

    #[test]
    fn facts_are_cited_where_written() {
        let mut kb = kb("item(a).\n\
                         @source(\"Reg § 1\", \"art. 2\") listed(a).\n\
                         @source(\"Reg § 9\") { item(b). }");
        let cases: &[FactCase] = &[
            ("item", "a", "t.kb:1:1", None),
            (
                "listed",
                "a",
                "t.kb:2:30",
                Some(("Reg § 1", Some("art. 2"))),
            ),
            ("item", "b", "t.kb:3:22", Some(("Reg § 9", None))),
        ];
        for (pred, arg, location, source) in cases {
            let n = kb.why(pred, &[arg]);
            assert_eq!(n.kind, NodeKind::Fact, "case {pred}({arg})");
            assert_eq!(n.status, Status::Holds, "case {pred}({arg})");
            assert_eq!(n.goal, format!("{pred}({arg})"), "case {pred}({arg})");
            assert_eq!(n.location.as_deref(), Some(*location), "case {pred}({arg})");
            let got = n
                .source
                .as_ref()
                .map(|s| (s.citation.as_str(), s.locator.as_deref()));
            assert_eq!(got, *source, "case {pred}({arg})");
            assert!(
                n.rule.is_none() && n.children.is_empty(),
                "case {pred}({arg})"
            );
        }
    }

    #[test]
    fn a_derivation_shows_the_rule_its_bindings_and_its_body() {
        let text = "item(a). listed(a).\n\
                    @source(\"Reg § 3\") ok(P) :- item(P), listed(P).\n\
                    two(X, Y) :-\n    item(X),\n    item(Y).\n\
                    big(X) :- n(X), X > 2. n(5).\n\
                    s(Y, X) :- n(X), Y = X + 1.";
        let mut kb = kb(text);
        // (goal, rule location, rule text, source, bindings, outline).
        type Case<'a> = (
            (&'a str, &'a [&'a str]),
            &'a str,
            &'a str,
            Option<&'a str>,
            &'a [&'a str],
            &'a [&'a str],
        );
        let cases: &[Case] = &[
            (
                ("ok", &["a"]),
                "t.kb:2:20",
                "ok(P) :- item(P), listed(P).",
                Some("Reg § 3"),
                &["P = a"],
                &["+ Rule ok(a)", "  + Fact item(a)", "  + Fact listed(a)"],
            ),
            // Written over several lines, quoted on one; a goal met twice
            // is explained once.
            (
                ("two", &["a", "a"]),
                "t.kb:3:1",
                "two(X, Y) :- item(X), item(Y).",
                None,
                &["X = a", "Y = a"],
                &[
                    "+ Rule two(a, a)",
                    "  + Fact item(a)",
                    "  + Repeated item(a) — explained above",
                ],
            ),
            // Comparisons and bindings with their values.
            (
                ("big", &["5"]),
                "t.kb:6:1",
                "big(X) :- n(X), X > 2.",
                None,
                &["X = 5"],
                &["+ Rule big(5)", "  + Fact n(5)", "  + Comparison 5 > 2"],
            ),
            (
                ("s", &["6", "5"]),
                "t.kb:7:1",
                "s(Y, X) :- n(X), Y = X + 1.",
                None,
                &["Y = 6", "X = 5"],
                &[
                    "+ Rule s(6, 5)",
                    "  + Fact n(5)",
                    "  + Comparison 6 = 5 + 1",
                ],
            ),
        ];
        for ((pred, args), location, rule, source, binds, tree) in cases {
            let n = kb.why(pred, args);
            let case = format!("{pred}{args:?}");
            let r = n.rule.as_ref().expect("a rule");
            assert_eq!(r.location, *location, "case {case}");
            assert_eq!(r.text, *rule, "case {case}");
            assert_eq!(
                n.source.as_ref().map(|s| s.citation.as_str()),
                *source,
                "case {case}"
            );
            assert_eq!(bindings(&n), *binds, "case {case}");
            assert_eq!(outline(&n), *tree, "case {case}");
        }
    }

    #[test]
    fn the_shortest_derivation_is_chosen() {
        let rules = "path(X, Y) :- e(X, Y).\npath(X, Z) :- path(X, Y), e(Y, Z).\n";
        // (edges, goal, height, the top rule's bindings).
        let cases: &[PathCase] = &[
            // A long way and a shortcut: path(1, 4) comes from edge(1, 4).
            (
                "e(1, 2). e(2, 3). e(3, 4). e(4, 5). e(1, 4).",
                ("1", "5"),
                3,
                &["X = 1", "Z = 5", "Y = 4"],
            ),
            (
                "e(1, 2). e(2, 3). e(3, 4). e(4, 5). e(1, 4).",
                ("1", "4"),
                2,
                &["X = 1", "Y = 4"],
            ),
            (
                "e(1, 2). e(2, 3). e(3, 4). e(4, 5). e(1, 4).",
                ("2", "5"),
                4,
                &["X = 2", "Z = 5", "Y = 4"],
            ),
            // Only the long way.
            (
                "e(1, 2). e(2, 3). e(3, 4). e(4, 5).",
                ("1", "5"),
                5,
                &["X = 1", "Z = 5", "Y = 4"],
            ),
            // The shortcut written first.
            (
                "e(1, 4). e(4, 5). e(1, 2). e(2, 3). e(3, 4).",
                ("1", "5"),
                3,
                &["X = 1", "Z = 5", "Y = 4"],
            ),
            // A cycle.
            (
                "e(1, 2). e(2, 1).",
                ("1", "1"),
                3,
                &["X = 1", "Z = 1", "Y = 2"],
            ),
        ];
        for (edges, (from, to), height, binds) in cases {
            let mut kb = kb(&format!("{edges}\n{rules}"));
            let n = kb.why("path", &[from, to]);
            let case = format!("{edges} path({from}, {to})");
            assert_eq!(n.height(), *height, "case {case}: {:#?}", outline(&n));
            assert_eq!(bindings(&n), *binds, "case {case}");
        }
    }

    #[test]
    fn negations_and_aggregates_have_their_own_nodes() {
        let text = "item(a). item(b). bad(b). ma(a, se). ma(a, dk). e(b, 1).\n\
                    price(a, 3). price(a, 4).\n\
                    ok(P) :- item(P), not bad(P).\n\
                    lone(P) :- item(P), not e(P, _).\n\
                    n(P, N) :- item(P), N = count : { ma(P, _) }.\n\
                    t(P, S) :- item(P), S = sum X : { price(P, X) }.\n\
                    cheapest(M) :- M = min X : { price(_, X) }.";
        let mut kb = kb(text);
        let cases: &[TreeCase] = &[
            (
                ("ok", &["a"]),
                &[
                    "+ Rule ok(a)",
                    "  + Fact item(a)",
                    "  + Negation not bad(a) — `bad(a)` has no derivation",
                ],
                &["P = a"],
            ),
            (
                ("lone", &["a"]),
                &[
                    "+ Rule lone(a)",
                    "  + Fact item(a)",
                    "  + Negation not e(a, _) — `e(a, _)` has no derivation",
                ],
                &["P = a"],
            ),
            (
                ("n", &["a", "2"]),
                &[
                    "+ Rule n(a, 2)",
                    "  + Fact item(a)",
                    "  + Aggregate N = count : { ma(P, _) } — 2, over 2 solutions: ma(a, dk); ma(a, se)",
                ],
                &["P = a", "N = 2"],
            ),
            (
                ("n", &["b", "0"]),
                &[
                    "+ Rule n(b, 0)",
                    "  + Fact item(b)",
                    "  + Aggregate N = count : { ma(P, _) } — count over no solutions",
                ],
                &["P = b", "N = 0"],
            ),
            (
                ("t", &["a", "7"]),
                &[
                    "+ Rule t(a, 7)",
                    "  + Fact item(a)",
                    "  + Aggregate S = sum X : { price(P, X) } — 7, over 2 solutions: price(a, 4); price(a, 3)",
                ],
                &["P = a", "S = 7"],
            ),
            (
                ("cheapest", &["3"]),
                &[
                    "+ Rule cheapest(3)",
                    // A scan lists the rows oldest first, an index probe
                    // (above) newest first.
                    "  + Aggregate M = min X : { price(_, X) } — 3, over 2 solutions: price(a, 3); price(a, 4)",
                ],
                &["M = 3"],
            ),
        ];
        for ((pred, args), tree, binds) in cases {
            let n = kb.why(pred, args);
            assert_eq!(outline(&n), *tree, "case {pred}{args:?}");
            assert_eq!(bindings(&n), *binds, "case {pred}{args:?}");
        }
        // The aggregate node binds its result.
        let n = kb.why("n", &["a", "2"]);
        assert_eq!(bindings(&n.children[1]), ["N = 2"]);
    }

    #[test]
    fn a_goal_that_does_not_hold_is_missing() {
        let mut kb = kb("item(a). ok(P) :- item(P).");
        let cases: &[(&str, &str)] = &[("item", "b"), ("ok", "b")];
        for (pred, arg) in cases {
            let n = kb.why(pred, &[arg]);
            assert_eq!(
                outline(&n),
                [format!("- Missing {pred}({arg}) — it does not hold")],
                "case {pred}({arg})"
            );
        }
    }
}
