//! The AST as compact S-expressions, for table-style unit tests.

use super::ast::*;

/// A module as space-separated S-expressions.
pub fn module(m: &Module) -> String {
    m.expanded_items()
        .map(|i| item(&i))
        .collect::<Vec<_>>()
        .join(" ")
}

fn item(i: &Item) -> String {
    match i {
        Item::Plain(_) => unreachable!("expanded by Module::expanded_items"),
        Item::Include(inc) => format!("(include {:?})", inc.path),
        Item::Input(inp) => {
            let typed: Vec<String> = inp
                .domains
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.as_ref().map(|(d, _)| format!(" {i}:{d}")))
                .collect();
            format!("(input {}{})", atom(&inp.atom), typed.concat())
        }
        Item::Domain(d) => format!("(domain {})", d.to_string().trim_start_matches("@domain ")),
        Item::Document(d) => format!(
            "(document {})",
            d.to_string().trim_start_matches("@document")
        ),
        Item::Say(d) => format!("(say {})", d.to_string().trim_start_matches("@say")),
        Item::Names(d) => format!("(names {})", d.to_string().trim_start_matches("@names")),
        Item::Query(q) => {
            let head = match q.kind {
                QueryKind::Find => "?",
                QueryKind::Why => "why",
                QueryKind::WhyNot => "whynot",
                QueryKind::When => "when",
            };
            format!("({head} {})", body(&q.body))
        }
        Item::Clause(c) => {
            let src = c
                .source
                .as_ref()
                .map(|s| format!(" @{:?}", s.citation))
                .unwrap_or_default();
            if c.body.is_empty() {
                format!("(fact {}{src})", atom(&c.head))
            } else {
                format!("(rule {} {}{src})", atom(&c.head), body(&c.body))
            }
        }
    }
}

fn body(b: &[Literal]) -> String {
    b.iter().map(literal).collect::<Vec<_>>().join(" ")
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Pos(a) => atom(a),
        Literal::Neg(a, _) => format!("(not {})", atom(a)),
        Literal::Cmp(c) => format!("({} {} {})", c.op.symbol(), expr(&c.lhs), expr(&c.rhs)),
        Literal::Agg(a) => {
            let t = a
                .target
                .as_ref()
                .map(|t| format!(" {}", expr(t)))
                .unwrap_or_default();
            format!(
                "(= {} ({}{t} : {}))",
                a.result.name,
                a.op.name(),
                body(&a.body)
            )
        }
    }
}

fn atom(a: &Atom) -> String {
    let mut s = format!("({}", a.pred);
    for arg in &a.args {
        s.push(' ');
        s.push_str(&expr(arg));
    }
    s.push(')');
    s
}

fn expr(e: &Expr) -> String {
    match e {
        Expr::Var(v) => v.name.clone(),
        Expr::Const(c, _) => c.to_string(),
        Expr::Binary(op, l, r, _) => format!("({} {} {})", op.symbol(), expr(l), expr(r)),
        Expr::Neg(e, _) => format!("(neg {})", expr(e)),
    }
}
