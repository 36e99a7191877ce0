//! The operators and query kinds of the checked program. They mirror the
//! syntax tree's (`syntax::ast`), converted once by resolution, so that
//! evaluation and explanations depend on the checked program alone.

use crate::syntax::ast;

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

impl From<ast::CmpOp> for CmpOp {
    fn from(op: ast::CmpOp) -> CmpOp {
        match op {
            ast::CmpOp::Eq => CmpOp::Eq,
            ast::CmpOp::Ne => CmpOp::Ne,
            ast::CmpOp::Lt => CmpOp::Lt,
            ast::CmpOp::Le => CmpOp::Le,
            ast::CmpOp::Gt => CmpOp::Gt,
            ast::CmpOp::Ge => CmpOp::Ge,
        }
    }
}

/// Aggregate operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggOp {
    /// Number of solutions.
    Count,
    /// Sum of the target over the solutions.
    Sum,
    /// Least target.
    Min,
    /// Greatest target.
    Max,
}

impl AggOp {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            AggOp::Count => "count",
            AggOp::Sum => "sum",
            AggOp::Min => "min",
            AggOp::Max => "max",
        }
    }
}

impl From<ast::AggOp> for AggOp {
    fn from(op: ast::AggOp) -> AggOp {
        match op {
            ast::AggOp::Count => AggOp::Count,
            ast::AggOp::Sum => AggOp::Sum,
            ast::AggOp::Min => AggOp::Min,
            ast::AggOp::Max => AggOp::Max,
        }
    }
}

/// What a query asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueryKind {
    /// The answers.
    Find,
    /// Why a ground atom holds.
    Why,
    /// Why a ground atom does not hold.
    WhyNot,
    /// The periods in which an atom holds.
    When,
}

impl From<ast::QueryKind> for QueryKind {
    fn from(kind: ast::QueryKind) -> QueryKind {
        match kind {
            ast::QueryKind::Find => QueryKind::Find,
            ast::QueryKind::Why => QueryKind::Why,
            ast::QueryKind::WhyNot => QueryKind::WhyNot,
            ast::QueryKind::When => QueryKind::When,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_convert_one_to_one() {
        let pairs = [
            (ast::CmpOp::Eq, "="),
            (ast::CmpOp::Ne, "!="),
            (ast::CmpOp::Lt, "<"),
            (ast::CmpOp::Le, "<="),
            (ast::CmpOp::Gt, ">"),
            (ast::CmpOp::Ge, ">="),
        ];
        for (op, symbol) in pairs {
            assert_eq!(CmpOp::from(op).symbol(), symbol);
            assert_eq!(op.symbol(), symbol);
        }
        for op in [
            ast::AggOp::Count,
            ast::AggOp::Sum,
            ast::AggOp::Min,
            ast::AggOp::Max,
        ] {
            assert_eq!(AggOp::from(op).name(), op.name());
        }
    }
}
