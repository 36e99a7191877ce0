//! Explanations in words: atoms and expressions with their variables'
//! values or names, rule bindings, and rule text on one line.

use super::tree::Binding;
use super::why::Explainer;
use crate::check::program::{Expr, Literal, PredId};
use crate::value::Value;

impl Explainer<'_> {
    /// An atom with its bound variables replaced by values (and `_` kept).
    pub(super) fn atom_pattern(&self, pred: PredId, args: &[Expr], regs: &[Value]) -> String {
        let name = &self.program.pred(pred).name;
        if args.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = args.iter().map(|e| self.expr_text(e, regs)).collect();
        format!("{name}({})", args.join(", "))
    }

    /// An expression with variable values substituted where known
    /// (`regs` shorter than a variable's id means unknown).
    pub(super) fn expr_text(&self, e: &Expr, regs: &[Value]) -> String {
        match e {
            Expr::Var(v) => regs
                .get(*v as usize)
                .map(|x| self.store.display(*x).to_string())
                .unwrap_or_else(|| format!("V{v}")),
            Expr::Const(c) => self.store.display(*c).to_string(),
            Expr::Bin(op, a, b) => format!(
                "{} {} {}",
                self.expr_text(a, regs),
                op.symbol(),
                self.expr_text(b, regs)
            ),
            Expr::Neg(a) => format!("-{}", self.expr_text(a, regs)),
            Expr::Wild => "_".to_string(),
        }
    }

    pub(super) fn body_pattern(&self, body: &[Literal], names: &[String]) -> String {
        let var = |e: &Expr| self.named_expr(e, names);
        body.iter()
            .map(|l| match l {
                Literal::Pos(a) => self.named_atom(a.pred, &a.args, names),
                Literal::Neg(a) => format!("not {}", self.named_atom(a.pred, &a.args, names)),
                Literal::Cmp { lhs, op, rhs, .. } => {
                    format!("{} {} {}", var(lhs), op.symbol(), var(rhs))
                }
                Literal::Agg(a) => {
                    format!("{} = {} : {{ ... }}", names[a.result as usize], a.op.name())
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn named_atom(&self, pred: PredId, args: &[Expr], names: &[String]) -> String {
        let name = &self.program.pred(pred).name;
        if args.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = args.iter().map(|e| self.named_expr(e, names)).collect();
        format!("{name}({})", args.join(", "))
    }

    pub(super) fn named_expr(&self, e: &Expr, names: &[String]) -> String {
        match e {
            Expr::Var(v) => names[*v as usize].clone(),
            Expr::Const(c) => self.store.display(*c).to_string(),
            Expr::Bin(op, a, b) => format!(
                "{} {} {}",
                self.named_expr(a, names),
                op.symbol(),
                self.named_expr(b, names)
            ),
            Expr::Neg(a) => format!("-{}", self.named_expr(a, names)),
            Expr::Wild => "_".to_string(),
        }
    }

    /// The named variables of a rule instance (not `_`, not the insides of
    /// aggregates), in order of first appearance.
    pub(super) fn bindings(
        &self,
        names: &[String],
        regs: &[Value],
        body: &[Literal],
        head: &[Expr],
    ) -> Vec<Binding> {
        let mut order: Vec<u32> = Vec::new();
        let mut push = |e: &Expr| {
            e.for_each_var(&mut |v| {
                if !order.contains(&v) {
                    order.push(v);
                }
            })
        };
        head.iter().for_each(&mut push);
        for l in body {
            match l {
                Literal::Pos(a) | Literal::Neg(a) => a.args.iter().for_each(&mut push),
                Literal::Cmp { lhs, rhs, .. } => {
                    push(lhs);
                    push(rhs);
                }
                Literal::Agg(a) => push(&Expr::Var(a.result)),
            }
        }
        order
            .into_iter()
            .filter(|v| !names[*v as usize].starts_with('_'))
            .filter_map(|v| {
                regs.get(v as usize).map(|x| Binding {
                    var: names[v as usize].clone(),
                    value: self.store.display(*x).to_string(),
                })
            })
            .collect()
    }
}

/// Collapses runs of white space (a rule written over several lines reads
/// as one).
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
