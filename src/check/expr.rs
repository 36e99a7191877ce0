//! Expressions of the checked program and the one evaluator of them: what
//! evaluation runs in its inner loops, what explanations recompute, and
//! what resolution uses to fold constants.

use super::program::VarId;
use crate::value::{ArithError, BinOp, Value, ValueStore};

/// An expression over a rule's variables.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A variable.
    Var(VarId),
    /// A constant.
    Const(Value),
    /// `a op b`
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// `-a`
    Neg(Box<Expr>),
    /// `_` in a negated atom: any value.
    Wild,
}

/// Why an expression has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprError {
    /// An operator failed: `1 / 0`, an overflow, `a + 1`.
    Arith {
        /// What went wrong.
        error: ArithError,
        /// The operator as written (`-` for negation).
        op: &'static str,
    },
    /// `_`, which stands for any value, was evaluated.
    Wild,
}

impl ExprError {
    /// The failure in words, as diagnostics say it.
    pub fn reason(&self) -> String {
        match *self {
            ExprError::Arith { error, op } => arith_reason(error, op),
            ExprError::Wild => "`_` has no value".to_string(),
        }
    }
}

/// Words for an arithmetic failure of operator `op`.
pub fn arith_reason(e: ArithError, op: &str) -> String {
    match e {
        ArithError::DivisionByZero => "division by zero".to_string(),
        ArithError::Overflow => format!("the result of `{op}` is out of range"),
        ArithError::Kinds(a, b) => format!("`{op}` cannot combine a {a} and a {b}"),
    }
}

impl Expr {
    /// The value of the expression with variable `v` bound to `regs[v]`
    /// (values computed on the way are interned in `store`).
    #[inline]
    pub fn evaluate(&self, regs: &[Value], store: &mut ValueStore) -> Result<Value, ExprError> {
        match self {
            Expr::Var(v) => Ok(regs[*v as usize]),
            Expr::Const(c) => Ok(*c),
            Expr::Bin(op, a, b) => {
                let x = a.evaluate(regs, store)?;
                let y = b.evaluate(regs, store)?;
                store.arith(*op, x, y).map_err(|error| ExprError::Arith {
                    error,
                    op: op.symbol(),
                })
            }
            Expr::Neg(a) => {
                let x = a.evaluate(regs, store)?;
                store
                    .negate(x)
                    .map_err(|error| ExprError::Arith { error, op: "-" })
            }
            Expr::Wild => Err(ExprError::Wild),
        }
    }

    /// Calls `f` on every variable in the expression.
    pub fn for_each_var(&self, f: &mut impl FnMut(VarId)) {
        match self {
            Expr::Var(v) => f(*v),
            Expr::Const(_) => {}
            Expr::Bin(_, a, b) => {
                a.for_each_var(f);
                b.for_each_var(f);
            }
            Expr::Neg(a) => a.for_each_var(f),
            Expr::Wild => {}
        }
    }

    /// Whether every variable in it is bound.
    pub fn is_bound(&self, bound: &[bool]) -> bool {
        let mut ok = true;
        self.for_each_var(&mut |v| ok &= bound[v as usize]);
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Kind;

    fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
        Expr::Bin(op, Box::new(a), Box::new(b))
    }

    #[test]
    fn evaluates_under_bindings_and_names_the_failing_operator() {
        let mut store = ValueStore::new();
        let (one, two, zero, text) = (store.int(1), store.int(2), store.int(0), store.text("a"));
        let regs = [two, zero, text];
        let cases: Vec<(Expr, Result<Value, String>)> = vec![
            (
                bin(BinOp::Add, Expr::Var(0), Expr::Const(one)),
                Ok(store.int(3)),
            ),
            (Expr::Neg(Box::new(Expr::Var(0))), Ok(store.int(-2))),
            (
                bin(BinOp::Div, Expr::Const(one), Expr::Var(1)),
                Err("division by zero".to_string()),
            ),
            (
                bin(BinOp::Mul, Expr::Var(2), Expr::Const(one)),
                Err(format!(
                    "`*` cannot combine a {} and a {}",
                    Kind::Text,
                    Kind::Number
                )),
            ),
            (Expr::Wild, Err("`_` has no value".to_string())),
        ];
        for (e, want) in cases {
            let got = e.evaluate(&regs, &mut store).map_err(|e| e.reason());
            assert_eq!(got, want, "{e:?}");
        }
    }

    #[test]
    fn variables_and_binding() {
        let e = bin(BinOp::Sub, Expr::Var(3), Expr::Neg(Box::new(Expr::Var(1))));
        let mut seen = Vec::new();
        e.for_each_var(&mut |v| seen.push(v));
        assert_eq!(seen, vec![3, 1]);
        assert!(!e.is_bound(&[true, true, true, false]));
        assert!(e.is_bound(&[false, true, false, true]));
    }
}
