//! Explanations in words: atoms and expressions with their variables'
//! values or names, rule bindings, and rule text on one line.

use super::tree::Binding;
use super::why::Explainer;
use crate::check::program::{Expr, Literal, PredId};
use crate::value::Value;

impl Explainer<'_> {
    /// An atom with its bound variables replaced by values (and `_` kept).
    pub(super) fn atom_pattern(&self, pred: PredId, args: &[Expr], regs: &[Value]) -> String {
        self.atom_with(pred, args, &|v| self.reg_text(regs, v))
    }

    /// An expression with variable values substituted where known
    /// (`regs` shorter than a variable's id means unknown).
    pub(super) fn expr_text(&self, e: &Expr, regs: &[Value]) -> String {
        self.expr_with(e, &|v| self.reg_text(regs, v))
    }

    /// The value of variable `v` in `regs`, or `V{v}` when unknown.
    fn reg_text(&self, regs: &[Value], v: u32) -> String {
        regs.get(v as usize)
            .map(|x| self.store.display(*x).to_string())
            .unwrap_or_else(|| format!("V{v}"))
    }

    /// An atom as written, variables shown by `var`.
    fn atom_with(&self, pred: PredId, args: &[Expr], var: &dyn Fn(u32) -> String) -> String {
        let name = &self.program.pred(pred).name;
        if args.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = args.iter().map(|e| self.expr_with(e, var)).collect();
        format!("{name}({})", args.join(", "))
    }

    /// An expression as written, variables shown by `var`, with the
    /// parentheses its operators need.
    pub(super) fn expr_with(&self, e: &Expr, var: &dyn Fn(u32) -> String) -> String {
        match e {
            Expr::Var(v) => var(*v),
            Expr::Const(c) => self.store.display(*c).to_string(),
            Expr::Bin(op, a, b) => {
                let p = op.precedence();
                let side = |x: &Expr, parens: bool| {
                    let t = self.expr_with(x, var);
                    if parens { format!("({t})") } else { t }
                };
                let left = side(a, matches!(&**a, Expr::Bin(o, ..) if o.precedence() < p));
                let right = side(b, matches!(&**b, Expr::Bin(o, ..) if o.precedence() <= p));
                format!("{left} {} {right}", op.symbol())
            }
            Expr::Neg(a) => match &**a {
                Expr::Bin(..) => format!("-({})", self.expr_with(a, var)),
                _ => format!("-{}", self.expr_with(a, var)),
            },
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
        self.atom_with(pred, args, &|v| names[v as usize].clone())
    }

    pub(super) fn named_expr(&self, e: &Expr, names: &[String]) -> String {
        self.expr_with(e, &|v| names[v as usize].clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::Rule;
    use crate::testing::kb;

    use crate::value::ValueStore;

    /// (rule, variables set, expressions with values, with names).
    type ExprCase<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a [&'a str],
        &'a [&'a str],
    );

    /// (rule, variables set, the bindings listed).
    type BindingCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);

    #[test]
    fn white_space_collapses() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("   ", ""),
            ("p(X).", "p(X)."),
            ("  p(X).  ", "p(X)."),
            ("p(X) :-\n    q(X),\n\tr(X).", "p(X) :- q(X), r(X)."),
            ("a  b\r\n  c", "a b c"),
            // Inside strings too: the text is not parsed.
            ("p(\"a  b\").", "p(\"a b\")."),
        ];
        for (text, want) in cases {
            assert_eq!(collapse(text), *want, "case {text:?}");
        }
    }

    /// Registers for `rule` with the named variables set (numbers as
    /// numbers, anything else a symbol), the others 0.
    fn regs(rule: &Rule, values: &mut ValueStore, set: &[(&str, &str)]) -> Vec<Value> {
        rule.vars
            .iter()
            .map(|name| match set.iter().find(|(n, _)| n == name) {
                Some((_, v)) => match v.parse::<i64>() {
                    Ok(i) => values.int(i),
                    Err(_) => values.text(v),
                },
                None => values.int(0),
            })
            .collect()
    }

    /// Every argument expression of a rule: the head's, then the body's
    /// atoms' and comparisons' sides.
    fn exprs(rule: &Rule) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = rule.head.args.iter().collect();
        for l in &rule.body {
            match l {
                Literal::Pos(a) | Literal::Neg(a) => out.extend(&a.args),
                Literal::Cmp { lhs, rhs, .. } => out.extend([lhs, rhs]),
                Literal::Agg(_) => {}
            }
        }
        out
    }

    #[test]
    fn expressions_read_with_values_or_names() {
        // (rule, bindings, each expression with values, and with names).
        let cases: &[ExprCase] = &[
            (
                "p(X, Y) :- q(X, Z), Y = Z * 2 + 1.",
                &[("X", "a"), ("Y", "7"), ("Z", "3")],
                &["a", "7", "a", "3", "7", "3 * 2 + 1"],
                &["X", "Y", "X", "Z", "Y", "Z * 2 + 1"],
            ),
            (
                "p(Y) :- q(X, _), Y = -X.",
                &[("X", "4"), ("Y", "-4")],
                &["-4", "4", "0", "-4", "-4"],
                &["Y", "X", "_", "Y", "-X"],
            ),
            // Constants as written; `_` in a negated atom.
            (
                "p(X) :- q(X, \"Hong Kong\"), not r(_, X, 2024-01-01).",
                &[("X", "a")],
                &["a", "a", "\"Hong Kong\"", "_", "a", "2024-01-01"],
                &["X", "X", "\"Hong Kong\"", "_", "X", "2024-01-01"],
            ),
            // Parentheses where the operators need them, as written.
            (
                "p(Y) :- q(Z, _), Y = (Z + 1) * 2.",
                &[("Y", "8"), ("Z", "3")],
                &["8", "3", "0", "8", "(3 + 1) * 2"],
                &["Y", "Z", "_", "Y", "(Z + 1) * 2"],
            ),
            (
                "p(Y) :- q(Z, W), Y = Z - (W - 1).",
                &[("Y", "2"), ("Z", "3"), ("W", "2")],
                &["2", "3", "2", "2", "3 - (2 - 1)"],
                &["Y", "Z", "W", "Y", "Z - (W - 1)"],
            ),
            (
                "p(Y) :- q(Z, W), Y = -(Z + W).",
                &[("Y", "-5"), ("Z", "3"), ("W", "2")],
                &["-5", "3", "2", "-5", "-(3 + 2)"],
                &["Y", "Z", "W", "Y", "-(Z + W)"],
            ),
            (
                "p(Y) :- q(Z, W), Y = Z * 2 + W - 1.",
                &[("Y", "7"), ("Z", "3"), ("W", "2")],
                &["7", "3", "2", "7", "3 * 2 + 2 - 1"],
                &["Y", "Z", "W", "Y", "Z * 2 + W - 1"],
            ),
        ];
        for (text, set, with_values, with_names) in cases {
            let mut kb = kb(text);
            let rule = kb.program.rules.iter().last().unwrap().clone();
            let regs = regs(&rule, &mut kb.values, set);
            let ex = Explainer::new(
                &kb.program,
                &mut kb.model,
                &mut kb.values,
                &kb.map,
                &kb.limits,
            );
            let es = exprs(&rule);
            let got: Vec<String> = es.iter().map(|e| ex.expr_text(e, &regs)).collect();
            assert_eq!(got, *with_values, "case {text}: with values");
            let got: Vec<String> = es.iter().map(|e| ex.named_expr(e, &rule.vars)).collect();
            assert_eq!(got, *with_names, "case {text}: with names");
            // Unknown values (registers too short) read as `V<id>`.
            let got: Vec<String> = es.iter().map(|e| ex.expr_text(e, &[])).collect();
            let unknown: Vec<String> = es
                .iter()
                .map(|e| match e {
                    Expr::Var(v) => format!("V{v}"),
                    _ => ex.expr_text(e, &[]),
                })
                .collect();
            assert_eq!(got, unknown, "case {text}: unknown values");
        }
        // One case spelled out.
        let mut kb = kb("p(X, Y) :- q(X, Y).");
        let rule = kb.program.rules.iter().last().unwrap().clone();
        let ex = Explainer::new(
            &kb.program,
            &mut kb.model,
            &mut kb.values,
            &kb.map,
            &kb.limits,
        );
        let sum = Expr::Bin(
            crate::value::BinOp::Add,
            Box::new(Expr::Var(0)),
            Box::new(Expr::Var(1)),
        );
        assert_eq!(ex.expr_text(&sum, &[]), "V0 + V1");
        assert_eq!(ex.named_expr(&sum, &rule.vars), "X + Y");
    }

    #[test]
    fn atoms_read_with_values() {
        let text = "flag :- q(1, 2).\n\
                    p(X, Y) :- q(X, Y), not r(X, _), s(X + 1).";
        let mut kb = kb(text);
        let rule = kb.program.rules.iter().last().unwrap().clone();
        let flag = kb.program.pred_id("flag").unwrap();
        let regs = regs(&rule, &mut kb.values, &[("X", "1"), ("Y", "b")]);
        let ex = Explainer::new(
            &kb.program,
            &mut kb.model,
            &mut kb.values,
            &kb.map,
            &kb.limits,
        );
        let mut cases: Vec<(String, &str)> = Vec::new();
        for (l, want) in rule.body.iter().zip(["q(1, b)", "r(1, _)", "s(1 + 1)"]) {
            if let Literal::Pos(a) | Literal::Neg(a) = l {
                cases.push((ex.atom_pattern(a.pred, &a.args, &regs), want));
            }
        }
        cases.push((
            ex.atom_pattern(rule.head.pred, &rule.head.args, &regs),
            "p(1, b)",
        ));
        // Zero arity: the name alone.
        cases.push((ex.atom_pattern(flag, &[], &regs), "flag"));
        cases.push((
            ex.atom_pattern(rule.head.pred, &rule.head.args, &[]),
            "p(V0, V1)",
        ));
        for (got, want) in &cases {
            assert_eq!(got, want, "case {want}");
        }
    }

    #[test]
    fn bindings_follow_first_appearance() {
        // (rule, the variables set, the bindings listed).
        let cases: &[BindingCase] = &[
            // Head first, then the body in order; `_X` and `_` left out.
            (
                "p(X, Y) :- q(X, _Z, W), Y = W + 1.",
                &[("X", "a"), ("Y", "3"), ("W", "2"), ("_Z", "9")],
                &["X = a", "Y = 3", "W = 2"],
            ),
            (
                "p(X) :- q(B, A, _), r(A, X).",
                &[("X", "1"), ("A", "2"), ("B", "3")],
                &["X = 1", "B = 3", "A = 2"],
            ),
            // Comparisons count where they appear.
            (
                "p(X) :- q(X), Z = X + 1, r(Y, Z).",
                &[("X", "1"), ("Y", "5"), ("Z", "2")],
                &["X = 1", "Z = 2", "Y = 5"],
            ),
            // An aggregate contributes its result, not its insides.
            (
                "p(X, N) :- q(X), N = count : { r(X, Inner) }.",
                &[("X", "1"), ("N", "2"), ("Inner", "7")],
                &["X = 1", "N = 2"],
            ),
            (
                "p(N, X) :- N = sum V : { r(X, V) }, q(X).",
                &[("X", "1"), ("N", "2"), ("V", "7")],
                &["N = 2", "X = 1"],
            ),
        ];
        for (text, set, want) in cases {
            let mut kb = kb(text);
            let rule = kb.program.rules.iter().last().unwrap().clone();
            let regs = regs(&rule, &mut kb.values, set);
            let ex = Explainer::new(
                &kb.program,
                &mut kb.model,
                &mut kb.values,
                &kb.map,
                &kb.limits,
            );
            let got: Vec<String> = ex
                .bindings(&rule.vars, &regs, &rule.body, &rule.head.args)
                .iter()
                .map(|b| format!("{} = {}", b.var, b.value))
                .collect();
            assert_eq!(got, *want, "case {text}");
            // Registers too short for a variable leave it out.
            let got = ex.bindings(&rule.vars, &regs[..1], &rule.body, &rule.head.args);
            assert!(got.len() <= 1, "case {text}: short registers: {got:?}");
        }
    }
}
