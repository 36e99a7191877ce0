//! Printing the AST back as canonical text: arguments without spaces
//! (`path(1,X)`), literals separated by `, `, operators spaced. Queries are
//! echoed and named in JSON output in this form.

use super::ast::*;
use crate::value::{is_symbol, quote};
use std::fmt;

impl fmt::Display for Const {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::Text(t) if is_symbol(t) => f.write_str(t),
            Const::Text(t) => f.write_str(&quote(t)),
            Const::Int(i) => write!(f, "{i}"),
            Const::Dec(d) => write!(f, "{d}"),
            Const::Date(d) => write!(f, "{d}"),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Var(v) => f.write_str(&v.name),
            Expr::Const(c, _) => write!(f, "{c}"),
            Expr::Neg(e, _) => match **e {
                Expr::Binary(..) => write!(f, "-({e})"),
                _ => write!(f, "-{e}"),
            },
            Expr::Binary(op, l, r, _) => {
                let p = op.precedence();
                match &**l {
                    Expr::Binary(lop, ..) if lop.precedence() < p => write!(f, "({l})")?,
                    _ => write!(f, "{l}")?,
                }
                write!(f, " {} ", op.symbol())?;
                match &**r {
                    Expr::Binary(rop, ..) if rop.precedence() <= p => write!(f, "({r})"),
                    _ => write!(f, "{r}"),
                }
            }
        }
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pred)?;
        if !self.args.is_empty() {
            f.write_str("(")?;
            for (i, a) in self.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{a}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Pos(a) => write!(f, "{a}"),
            Literal::Neg(a, _) => write!(f, "not {a}"),
            Literal::Cmp(c) => write!(f, "{} {} {}", c.lhs, c.op.symbol(), c.rhs),
            Literal::Agg(a) => {
                write!(f, "{} = {}", a.result.name, a.op.name())?;
                if let Some(t) = &a.target {
                    write!(f, " {t}")?;
                }
                f.write_str(" : { ")?;
                write_body(f, &a.body)?;
                f.write_str(" }")
            }
        }
    }
}

/// Writes literals separated by `, `.
pub fn write_body(f: &mut fmt::Formatter<'_>, body: &[Literal]) -> fmt::Result {
    for (i, l) in body.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{l}")?;
    }
    Ok(())
}

/// `@valid(from: 2017-07-01, until: 2024-01-01)`
impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.period;
        f.write_str("@valid(")?;
        if let Some(d) = p.from {
            write!(f, "from: {d}")?;
        }
        if let Some(d) = p.until {
            if p.from.is_some() {
                f.write_str(", ")?;
            }
            write!(f, "until: {d}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = &self.valid {
            write!(f, "{v} ")?;
        }
        if self.overrides {
            f.write_str("@override ")?;
        }
        write!(f, "{}", self.head)?;
        if !self.body.is_empty() {
            f.write_str(" :- ")?;
            write_body(f, &self.body)?;
        }
        f.write_str(".")
    }
}

impl Query {
    /// The query's body as canonical text, without `?-` and `.`:
    /// `path(1,X)`, `why notifiable(p)`.
    pub fn body_text(&self) -> String {
        struct Body<'a>(&'a [Literal]);
        impl fmt::Display for Body<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_body(f, self.0)
            }
        }
        let body = Body(&self.body).to_string();
        match self.kind {
            QueryKind::Find => body,
            QueryKind::Why => format!("why {body}"),
            QueryKind::WhyNot => format!("whynot {body}"),
            QueryKind::When => format!("when {body}"),
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "?- {}.", self.body_text())
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@input {}", self.atom.pred)?;
        if !self.atom.args.is_empty() {
            f.write_str("(")?;
            for (i, a) in self.atom.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{a}")?;
                if let Some(Some((d, _))) = self.domains.get(i) {
                    write!(f, ": {d}")?;
                }
            }
            f.write_str(")")?;
        }
        f.write_str(".")
    }
}

/// `@document("file", cite: "...", published: 2016-08-11).`
impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@document({}", crate::value::quote(&self.file))?;
        for (key, _, value) in &self.fields {
            write!(f, ", {key}: {value}")?;
        }
        f.write_str(").")
    }
}

/// `@say(nb, not p(X), "...").`
impl fmt::Display for Say {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = if self.negated { "not " } else { "" };
        write!(
            f,
            "@say({}, {not}{}, {}).",
            self.lang,
            self.atom,
            crate::value::quote(&self.text)
        )
    }
}

/// `@names(country, country_name(Value, Lang, Name)).`
impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@names({}, {}).", self.name, self.atom)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@domain {} = ", self.name)?;
        match &self.def {
            DomainDef::Values(values) => {
                f.write_str("{")?;
                for (i, (c, _)) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("}")?;
            }
            DomainDef::Patterns(atoms) => {
                for (i, a) in atoms.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
            }
        }
        f.write_str(".")
    }
}
