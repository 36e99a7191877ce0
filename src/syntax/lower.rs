//! Lowering: pest's parse tree to the [`ast`](super::ast), attaching `%%` doc
//! comments and `@source` annotations to the clauses they belong to, and
//! turning literal text into values.

use super::ast::*;
use super::error::{MAX_EXPR_OPERATORS, SyntaxError};
use super::parser::Rule;
use crate::source::{FileId, Span};
use crate::value::{BinOp, Date, Decimal, Period};
use pest::iterators::Pair;

/// What the annotations in force give a clause.
#[derive(Clone, Default)]
struct Annotations {
    source: Option<Source>,
    valid: Option<Validity>,
    overrides: bool,
}

/// Turns pairs into AST nodes, collecting literal errors.
pub(super) struct Lowerer<'t> {
    pub(super) file: FileId,
    pub(super) text: &'t str,
    /// Added to pest's positions when a slice of the file was parsed.
    pub(super) offset: usize,
    pub(super) errors: Vec<SyntaxError>,
}

impl<'t> Lowerer<'t> {
    pub(super) fn new(file: FileId, text: &'t str) -> Self {
        Lowerer {
            file,
            text,
            offset: 0,
            errors: Vec::new(),
        }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start() + self.offset, s.end() + self.offset)
    }

    /// Lowers one top-level item of a program.
    pub(super) fn item(&mut self, pair: Pair<'_, Rule>, items: &mut Vec<Item>) {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::include => {
                let path = self.string(pair.into_inner().next().expect("string"));
                items.push(Item::Include(Include {
                    path,
                    span,
                    data: None,
                }));
            }
            Rule::facts_file => {
                let mut inner = pair.into_inner();
                let pred = inner.next().expect("pred_name");
                let pred_span = self.span(&pred);
                let path = self.string(inner.next().expect("string"));
                let mut data = DataFile {
                    pred: pred.as_str().to_string(),
                    pred_span,
                    delimiter: None,
                    header: true,
                };
                for f in inner {
                    let mut parts = f.into_inner();
                    let key = parts.next().expect("field_key");
                    let value = parts.next().expect("value");
                    let value_span = self.span(&value);
                    let text = value.as_str();
                    match (key.as_str(), value.as_rule()) {
                        ("delimiter", Rule::string) => {
                            let d = self.string(value);
                            match d.as_bytes() {
                                [b] if d.is_ascii() => data.delimiter = Some(*b),
                                _ => self.errors.push(SyntaxError::BadOption {
                                    span: value_span,
                                    what: "`delimiter:` is one ASCII character, as `\"\\t\"` or `\";\"`",
                                }),
                            }
                        }
                        ("header", Rule::symbol) if text == "true" || text == "false" => {
                            data.header = text == "true";
                        }
                        ("header", _) => self.errors.push(SyntaxError::BadOption {
                            span: value_span,
                            what: "`header:` is `true` or `false`",
                        }),
                        _ => self.errors.push(SyntaxError::BadOption {
                            span: self.span(&key),
                            what: "`@facts` takes `delimiter:` and `header:`",
                        }),
                    }
                }
                items.push(Item::Include(Include {
                    path,
                    span,
                    data: Some(data),
                }));
            }
            Rule::input => {
                let (atom, domains) = self.input_atom(pair.into_inner().next().expect("atom"));
                let doc = self.doc_above(span.start as usize);
                items.push(Item::Input(Input {
                    atom,
                    domains,
                    doc,
                    span,
                }));
            }
            Rule::domain => {
                let doc = self.doc_above(span.start as usize);
                let domain = self.domain(pair, doc, span);
                items.push(Item::Domain(domain));
            }
            Rule::document => {
                let mut inner = pair.into_inner();
                let file = self.string(inner.next().expect("string"));
                let mut fields = Vec::new();
                for f in inner {
                    let mut parts = f.into_inner();
                    let key = parts.next().expect("field_key");
                    let key_span = self.span(&key);
                    let value = parts.next().expect("value");
                    let value_span = self.span(&value);
                    let c = self.constant(value, false, value_span);
                    fields.push((key.as_str().to_string(), key_span, c));
                }
                items.push(Item::Document(Document { file, fields, span }));
            }
            Rule::say => {
                let mut lang = None;
                let mut negated = false;
                let mut atom = None;
                let mut text = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::lang_code => lang = Some((p.as_str().to_string(), self.span(&p))),
                        Rule::kw_not => negated = true,
                        Rule::atom => atom = Some(self.atom(p)),
                        _ => {
                            let s = self.span(&p);
                            text = Some((self.string(p), s));
                        }
                    }
                }
                let ((lang, lang_span), atom, (text, text_span)) = (
                    lang.expect("lang_code"),
                    atom.expect("atom"),
                    text.expect("string"),
                );
                items.push(Item::Say(Say {
                    lang,
                    lang_span,
                    negated,
                    atom,
                    text,
                    text_span,
                    span,
                }));
            }
            Rule::names => {
                let mut inner = pair.into_inner();
                let name = inner.next().expect("domain_name");
                let name_span = self.span(&name);
                let atom = self.atom(inner.next().expect("atom"));
                items.push(Item::Names(Names {
                    name: name.as_str().to_string(),
                    name_span,
                    atom,
                    span,
                }));
            }
            Rule::annotated => {
                let mut clauses = Vec::new();
                self.annotated(pair, &Annotations::default(), &mut clauses);
                items.extend(clauses.into_iter().map(Item::Clause));
            }
            Rule::clause => {
                let clause = self.clause_item(pair, &Annotations::default());
                items.push(Item::Clause(clause));
            }
            Rule::query => items.push(Item::Query(self.query(pair))),
            Rule::case => self.errors.push(SyntaxError::Misplaced {
                span,
                what: "a `test` case",
                place: "outside a fixture file (`.kbtest`)",
            }),
            r => unreachable!("item {r:?}"),
        }
    }

    /// Lowers one top-level item of a fixture file.
    pub(super) fn fixture_item(&mut self, pair: Pair<'_, Rule>, fixture: &mut Fixture) {
        if pair.as_rule() != Rule::case {
            let span = self.span(&pair);
            if pair.as_rule() == Rule::query {
                self.errors.push(SyntaxError::Misplaced {
                    span,
                    what: "a query",
                    place: "outside a `test` case; put it in `test \"name\" { ... }` with its expected answer",
                });
                return;
            }
            self.item(pair, &mut fixture.shared.items);
            return;
        }
        let mut inner = pair.into_inner();
        let kw = inner.next().expect("kw_test");
        let name_pair = inner.next().expect("string");
        let span = self.span(&kw).to(self.span(&name_pair));
        let name = self.string(name_pair);
        let mut case = Case {
            name,
            clauses: Vec::new(),
            expectations: Vec::new(),
            as_of: None,
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::case_as_of => {
                    let span = self.span(&p);
                    let date = p.into_inner().next().expect("date");
                    if let Some(d) = self.date_literal(date) {
                        case.as_of = Some((d, span));
                    }
                }
                Rule::expectation => {
                    let mut parts = p.into_inner();
                    let query = self.query(parts.next().expect("query"));
                    if query.kind != QueryKind::Find {
                        self.errors.push(SyntaxError::Misplaced {
                            span: query.span,
                            what: "a `why` or `whynot` query",
                            place: "as a fixture expectation",
                        });
                    }
                    let expected = self.expected(parts, query.span);
                    case.expectations.push(Expectation { query, expected });
                }
                Rule::annotated => {
                    self.annotated(p, &Annotations::default(), &mut case.clauses);
                }
                _ => {
                    let clause = self.clause_item(p, &Annotations::default());
                    case.clauses.push(clause);
                }
            }
        }
        fixture.cases.push(case);
    }

    fn expected<'i>(
        &mut self,
        parts: impl Iterator<Item = Pair<'i, Rule>>,
        query_span: Span,
    ) -> Expected {
        let mut rows = Vec::new();
        let mut holds = None;
        for e in parts {
            let span = self.span(&e);
            let mut row = Vec::new();
            for b in e.into_inner() {
                match b.as_rule() {
                    Rule::kw_true => holds = Some(true),
                    Rule::kw_false => holds = Some(false),
                    Rule::kw_none => {}
                    Rule::binding => {
                        let mut bi = b.into_inner();
                        let var = bi.next().expect("variable").as_str().to_string();
                        let sc = bi.next().expect("signed_constant");
                        let c = self.signed_constant(sc);
                        row.push((var, c));
                    }
                    r => unreachable!("expected {r:?}"),
                }
            }
            if !row.is_empty() {
                rows.push(row);
            }
            if holds.is_some() && !rows.is_empty() {
                self.errors.push(SyntaxError::Misplaced {
                    span,
                    what: "mixing `=> true.`/`=> false.` with rows",
                    place: "for one query",
                });
            }
        }
        let _ = query_span;
        match holds {
            Some(h) => Expected::Holds(h),
            None => Expected::Rows(rows),
        }
    }

    fn signed_constant(&mut self, pair: Pair<'_, Rule>) -> Const {
        let mut negative = false;
        let mut out = Const::Int(0);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::neg => negative = true,
                _ => {
                    let span = self.span(&p);
                    out = self.constant(p, negative, span);
                }
            }
        }
        out
    }

    /// Clauses behind annotations (one clause, or a block of them, which
    /// may hold annotated clauses and blocks of its own), with what the
    /// enclosing blocks give them in `outer`.
    fn annotated(&mut self, pair: Pair<'_, Rule>, outer: &Annotations, out: &mut Vec<Clause>) {
        let item_start = self.span(&pair).start as usize;
        let mut own = outer.clone();
        let (mut source, mut valid, mut overrides) = (false, false, false);
        for p in pair.into_inner() {
            let span = self.span(&p);
            let mut twice = |seen: &mut bool, what| {
                if std::mem::replace(seen, true) {
                    self.errors.push(SyntaxError::Misplaced {
                        span,
                        what,
                        place: "twice in one list of annotations",
                    });
                }
            };
            match p.as_rule() {
                Rule::source => {
                    twice(&mut source, "`@source`");
                    own.source = Some(self.source(p));
                }
                Rule::valid => {
                    twice(&mut valid, "`@valid`");
                    let period = self.period(p);
                    own.valid = Some(match outer.valid {
                        Some(o) => Validity {
                            period: o.period.intersect(&period),
                            span,
                        },
                        None => Validity { period, span },
                    });
                }
                Rule::kw_override => {
                    twice(&mut overrides, "`@override`");
                    own.overrides = true;
                }
                Rule::clause => {
                    let mut clause = self.clause_item(p, &own);
                    clause.doc = self.doc_above(item_start).map(String::into_boxed_str);
                    out.push(clause);
                }
                Rule::clause_block => {
                    for c in p.into_inner() {
                        match c.as_rule() {
                            Rule::annotated => self.annotated(c, &own, out),
                            _ => out.push(self.clause_item(c, &own)),
                        }
                    }
                }
                r => unreachable!("annotation {r:?}"),
            }
        }
    }

    /// The dates of a `@valid(...)`.
    fn period(&mut self, pair: Pair<'_, Rule>) -> Period {
        let mut period = Period::ALWAYS;
        for bound in pair.into_inner() {
            let span = self.span(&bound);
            let mut parts = bound.into_inner();
            let key = parts.next().expect("period_key").as_str();
            let date = self.date_literal(parts.next().expect("date"));
            let slot = if key == "from" {
                &mut period.from
            } else {
                &mut period.until
            };
            if slot.is_some() {
                self.errors.push(SyntaxError::Misplaced {
                    span,
                    what: if key == "from" {
                        "a second `from:`"
                    } else {
                        "a second `until:`"
                    },
                    place: "in one `@valid`",
                });
            }
            *slot = date;
        }
        period
    }

    /// A date literal (`None`, reported, if it is not in the calendar).
    fn date_literal(&mut self, pair: Pair<'_, Rule>) -> Option<Date> {
        let span = self.span(&pair);
        match self.constant(pair, false, span) {
            Const::Date(d) => Some(d),
            _ => None,
        }
    }

    /// A clause with the annotations in force for it.
    fn clause_item(&mut self, pair: Pair<'_, Rule>, annotations: &Annotations) -> Clause {
        let item_start = self.span(&pair).start as usize;
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let head = self.atom(inner.next().expect("atom"));
        let body = inner.next().map(|b| self.body(b)).unwrap_or_default();
        Clause {
            head,
            body,
            source: annotations.source.clone().map(Box::new),
            doc: self.doc_above(item_start).map(String::into_boxed_str),
            overrides: annotations.overrides,
            valid: annotations.valid.map(Box::new),
            span,
        }
    }

    /// The atom of an `@input`, with the domain named for each argument.
    fn input_atom(&mut self, pair: Pair<'_, Rule>) -> (Atom, Vec<Option<DomainName>>) {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = inner.next().expect("pred_name");
        let pred_span = self.span(&name);
        let pred = name.as_str().to_string();
        let mut args = Vec::new();
        let mut domains = Vec::new();
        for param in inner.flat_map(|list| list.into_inner()) {
            let mut parts = param.into_inner();
            let first = parts.next().expect("an argument");
            match parts.next() {
                Some(domain) => {
                    args.push(Expr::Var(Var {
                        name: first.as_str().to_string(),
                        span: self.span(&first),
                    }));
                    domains.push(Some((domain.as_str().to_string(), self.span(&domain))));
                }
                None => {
                    args.push(self.arg(first));
                    domains.push(None);
                }
            }
        }
        let atom = Atom {
            pred,
            pred_span,
            args,
            span,
        };
        (atom, domains)
    }

    /// `@domain name = {values}.` or `@domain name = patterns.`
    fn domain(&mut self, pair: Pair<'_, Rule>, doc: Option<String>, span: Span) -> Domain {
        let mut inner = pair.into_inner();
        let name = inner.next().expect("domain_name");
        let name_span = self.span(&name);
        let mut patterns = Vec::new();
        let mut values = None;
        for p in inner {
            match p.as_rule() {
                Rule::enumeration => {
                    let mut list = Vec::new();
                    for c in p.into_inner() {
                        let at = self.span(&c);
                        list.push((self.signed_constant(c), at));
                    }
                    values = Some(list);
                }
                _ => patterns.push(self.atom(p)),
            }
        }
        Domain {
            name: name.as_str().to_string(),
            name_span,
            def: match values {
                Some(v) => DomainDef::Values(v),
                None => DomainDef::Patterns(patterns),
            },
            doc,
            span,
        }
    }

    fn source(&mut self, pair: Pair<'_, Rule>) -> Source {
        let span = self.span(&pair);
        let mut citation = String::new();
        let mut locator = None;
        let mut as_of = None;
        for (i, p) in pair.into_inner().enumerate() {
            match p.as_rule() {
                Rule::source_as_of => {
                    as_of = self.date_literal(p.into_inner().next().expect("date"));
                }
                _ if i == 0 => citation = self.string(p),
                _ => locator = Some(self.string(p)),
            }
        }
        Source {
            citation,
            locator,
            as_of,
            span,
        }
    }

    /// Lowers a `query` pair.
    pub(super) fn query(&mut self, pair: Pair<'_, Rule>) -> Query {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().expect("query body");
        let (kind, body) = match inner.as_rule() {
            Rule::why => {
                let atom = inner.into_inner().nth(1).expect("atom");
                (QueryKind::Why, vec![Literal::Pos(self.atom(atom))])
            }
            Rule::whynot => {
                let atom = inner.into_inner().nth(1).expect("atom");
                (QueryKind::WhyNot, vec![Literal::Pos(self.atom(atom))])
            }
            Rule::when => {
                let atom = inner.into_inner().nth(1).expect("atom");
                (QueryKind::When, vec![Literal::Pos(self.atom(atom))])
            }
            _ => (QueryKind::Find, self.body(inner)),
        };
        Query { kind, body, span }
    }

    fn body(&mut self, pair: Pair<'_, Rule>) -> Vec<Literal> {
        pair.into_inner().map(|p| self.literal(p)).collect()
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Literal {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::atom => Literal::Pos(self.atom(pair)),
            Rule::negation => {
                let atom = pair.into_inner().nth(1).expect("atom");
                Literal::Neg(self.atom(atom), span)
            }
            Rule::comparison => {
                let mut inner = pair.into_inner();
                let lhs = self.expr(inner.next().expect("lhs"));
                let op = match inner.next().expect("op").as_str() {
                    "=" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let rhs = self.expr(inner.next().expect("rhs"));
                Literal::Cmp(Comparison { lhs, op, rhs, span })
            }
            Rule::aggregate_binding => {
                let mut inner = pair.into_inner();
                let v = inner.next().expect("variable");
                let result = Var {
                    name: v.as_str().to_string(),
                    span: self.span(&v),
                };
                let agg = inner.next().expect("aggregate");
                let mut parts = agg.into_inner();
                let op = match parts.next().expect("agg_op").as_str() {
                    "count" => AggOp::Count,
                    "sum" => AggOp::Sum,
                    "min" => AggOp::Min,
                    _ => AggOp::Max,
                };
                let mut target = None;
                let mut body = Vec::new();
                for p in parts {
                    match p.as_rule() {
                        Rule::expr => target = Some(self.expr(p)),
                        Rule::body => body = self.body(p),
                        r => unreachable!("aggregate {r:?}"),
                    }
                }
                Literal::Agg(Aggregate {
                    result,
                    op,
                    target,
                    body,
                    span,
                })
            }
            r => unreachable!("literal {r:?}"),
        }
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Atom {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = inner.next().expect("pred_name");
        let pred_span = self.span(&name);
        let pred = name.as_str().to_string();
        let args = inner
            .flat_map(|list| list.into_inner())
            .map(|p| self.arg(p))
            .collect();
        Atom {
            pred,
            pred_span,
            args,
            span,
        }
    }

    /// An atom argument: an expression, or a lone constant or variable.
    fn arg(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let pair = match pair.as_rule() {
            Rule::lone_arg => pair.into_inner().next().expect("constant or variable"),
            _ => pair,
        };
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::expr => self.expr(pair),
            Rule::variable => Expr::Var(Var {
                name: pair.as_str().to_string(),
                span,
            }),
            _ => Expr::Const(self.constant(pair, false, span), span),
        }
    }

    /// `expr = product (add_op product)*`, folded left; iterative so long
    /// chains do not recurse.
    fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut acc = self.product(inner.next().expect("product"));
        let mut ops = 0usize;
        while let Some(op) = inner.next() {
            let rhs = self.product(inner.next().expect("product"));
            ops += 1;
            if ops > MAX_EXPR_OPERATORS {
                self.too_long(span);
                return acc;
            }
            let op = if op.as_str() == "+" {
                BinOp::Add
            } else {
                BinOp::Sub
            };
            let s = acc.span().to(rhs.span());
            acc = Expr::Binary(op, Box::new(acc), Box::new(rhs), s);
        }
        acc
    }

    fn product(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut acc = self.unary(inner.next().expect("unary"));
        let mut ops = 0usize;
        while let Some(op) = inner.next() {
            let rhs = self.unary(inner.next().expect("unary"));
            ops += 1;
            if ops > MAX_EXPR_OPERATORS {
                self.too_long(span);
                return acc;
            }
            let op = match op.as_str() {
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                _ => BinOp::Rem,
            };
            // (`rem_op` and `mul_op` pairs both land here.)
            let s = acc.span().to(rhs.span());
            acc = Expr::Binary(op, Box::new(acc), Box::new(rhs), s);
        }
        acc
    }

    fn too_long(&mut self, span: Span) {
        self.errors.push(SyntaxError::TooDeep {
            span,
            what: "operators",
            limit: MAX_EXPR_OPERATORS,
        });
    }

    fn unary(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let mut negs = 0usize;
        let mut primary = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::neg => negs += 1,
                _ => primary = Some(p),
            }
        }
        let p = primary.expect("primary");
        let pspan = self.span(&p);
        let mut e = match p.as_rule() {
            Rule::expr => self.expr(p),
            Rule::variable => Expr::Var(Var {
                name: p.as_str().to_string(),
                span: pspan,
            }),
            _ => {
                // A minus sign directly before a number is part of the
                // literal, so `-9223372036854775808` is representable.
                let numeric = matches!(p.as_rule(), Rule::integer | Rule::decimal);
                let negative = numeric && negs % 2 == 1;
                if numeric {
                    negs = 0;
                }
                Expr::Const(
                    self.constant(p, negative, span),
                    if negative { span } else { pspan },
                )
            }
        };
        if negs > MAX_EXPR_OPERATORS {
            self.too_long(span);
            return e;
        }
        // `- - x` is `x`.
        if negs % 2 == 1 {
            e = Expr::Neg(Box::new(e), span);
        }
        e
    }

    fn constant(&mut self, pair: Pair<'_, Rule>, negative: bool, span: Span) -> Const {
        let text = pair.as_str();
        let lit_span = self.span(&pair);
        match pair.as_rule() {
            Rule::integer => {
                let digits = if negative {
                    format!("-{text}")
                } else {
                    text.to_string()
                };
                match digits.parse::<i64>() {
                    Ok(i) => Const::Int(i),
                    Err(_) => {
                        self.errors.push(SyntaxError::InvalidLiteral {
                            span,
                            reason: format!("`{digits}` does not fit in a 64-bit integer"),
                        });
                        Const::Int(0)
                    }
                }
            }
            Rule::decimal => match Decimal::parse(text) {
                Some(d) => {
                    let d = if negative { Decimal(-d.0) } else { d };
                    if whole_beyond_i64(d) {
                        // A whole decimal is the integer it equals, so it
                        // must fit where the integer would.
                        let written = if negative {
                            format!("-{text}")
                        } else {
                            text.to_string()
                        };
                        self.errors.push(SyntaxError::InvalidLiteral {
                            span,
                            reason: format!(
                                "`{written}` is a whole number and does not fit in a 64-bit integer"
                            ),
                        });
                        return Const::Int(0);
                    }
                    Const::Dec(d)
                }
                None => {
                    self.errors.push(SyntaxError::InvalidLiteral {
                        span,
                        reason: format!(
                            "`{text}` has more than {} decimal places or is too large",
                            crate::value::DECIMAL_PLACES
                        ),
                    });
                    Const::Int(0)
                }
            },
            Rule::date => {
                let y = text[0..4].parse().unwrap_or(0);
                let m = text[5..7].parse().unwrap_or(0);
                let d = text[8..10].parse().unwrap_or(0);
                match Date::from_ymd(y, m, d) {
                    Some(date) => Const::Date(date),
                    None => {
                        self.errors.push(SyntaxError::InvalidLiteral {
                            span: lit_span,
                            reason: format!("`{text}` is not a date"),
                        });
                        Const::Int(0)
                    }
                }
            }
            Rule::string => Const::Text(self.string(pair)),
            Rule::symbol => Const::Text(text.to_string()),
            r => unreachable!("constant {r:?}"),
        }
    }

    /// The text of a string literal, its escapes read; an escape other than
    /// `\"` and `\\` is reported at its place (and stands for the character
    /// after the backslash).
    fn string(&mut self, pair: Pair<'_, Rule>) -> String {
        let Some(inner) = pair.into_inner().next() else {
            return String::new();
        };
        let raw = inner.as_str();
        let start = inner.as_span().start() + self.offset;
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, n)) = chars.next() else {
                break;
            };
            if n != '"' && n != '\\' {
                self.errors.push(unknown_escape(
                    Span::new(self.file, start + i, start + i + 1 + n.len_utf8()),
                    n,
                ));
            }
            out.push(n);
        }
        out
    }

    /// The `%%` lines directly above the line on which `start` stands, if
    /// `start` is the first thing on that line.
    pub(super) fn doc_above(&self, start: usize) -> Option<String> {
        let text = self.text;
        let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        if !text[line_start..start].trim().is_empty() {
            return None;
        }
        let mut lines = Vec::new();
        let mut end = line_start; // exclusive end of the previous line (its '\n')
        while end > 0 {
            let prev_end = end - 1; // index of '\n'
            let prev_start = text[..prev_end].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line = text[prev_start..prev_end].trim();
            match doc_text(line) {
                Some(t) => lines.push(t),
                None => break,
            }
            end = prev_start;
        }
        if lines.is_empty() {
            return None;
        }
        lines.reverse();
        Some(lines.join("\n"))
    }
}

/// Whether a decimal is a whole number beyond the 64-bit integers (which a
/// whole decimal becomes).
fn whole_beyond_i64(d: Decimal) -> bool {
    let scale = 10i128.pow(crate::value::DECIMAL_PLACES);
    d.0 % scale == 0 && i64::try_from(d.0 / scale).is_err()
}

/// The error for `\c` in a string, `c` not `"` or `\`.
fn unknown_escape(span: Span, c: char) -> SyntaxError {
    SyntaxError::InvalidLiteral {
        span,
        reason: format!("unknown escape `\\{c}` in a string; strings know `\\\"` and `\\\\`"),
    }
}

/// The text of a doc comment line (`%% text`), or `None` for other lines
/// (including `%%%` banners).
pub fn doc_text(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("%%")?;
    if rest.starts_with('%') {
        return None;
    }
    Some(rest.strip_prefix(' ').unwrap_or(rest).trim_end())
}

#[cfg(test)]
mod tests {
    use crate::source::FileId;
    use crate::syntax::parser::{parse_fixture, parse_program, parse_program_with_grammar_only};
    use crate::syntax::sexpr;

    fn sexp(text: &str) -> String {
        let (m, errors) = parse_program(FileId(0), text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        sexpr::module(&m)
    }

    #[test]
    fn lowers_the_language() {
        let cases = [
            ("fact", "eea_member(no).", "(fact (eea_member no))"),
            (
                "zero arity",
                "urgent_route. urgent_route().",
                "(fact (urgent_route)) (fact (urgent_route))",
            ),
            (
                "string = symbol",
                r#"p("Hong Kong", "a\"b\\c")."#,
                r#"(fact (p "Hong Kong" "a\"b\\c"))"#,
            ),
            (
                "numbers",
                "p(-5, 22.5, 0.5, 2024-07-01).",
                "(fact (p -5 22.5 0.5 2024-07-01))",
            ),
            (
                "rule",
                "p(X) :- q(X, _), not r(X), X != a.",
                "(rule (p X) (q X _) (not (r X)) (!= X a))",
            ),
            (
                "arith",
                "n(X + 1) :- n(X), X < 10 * 2 - 1.",
                "(rule (n (+ X 1)) (n X) (< X (- (* 10 2) 1)))",
            ),
            (
                "neg",
                "p(Y) :- q(X), Y = -X.",
                "(rule (p Y) (q X) (= Y (neg X)))",
            ),
            (
                "count",
                "c(N) :- N = count : { p(X) }.",
                "(rule (c N) (= N (count : (p X))))",
            ),
            (
                "sum",
                "s(G, S) :- g(G), S = sum V : { v(G, V) }.",
                "(rule (s G S) (g G) (= S (sum V : (v G V))))",
            ),
            ("query", "?- p(X), X > 1.", "(? (p X) (> X 1))"),
            (
                "why",
                "?- why p(a). ?- whynot p(b).",
                "(why (p a)) (whynot (p b))",
            ),
            ("include", "@include \"x.kb\".", "(include \"x.kb\")"),
            ("input", "@input product(P).", "(input (product P))"),
            (
                "source one",
                "@source(\"LMF § 2-5\") p(a). q(b).",
                "(fact (p a) @\"LMF § 2-5\") (fact (q b))",
            ),
            (
                "source block",
                "@source(\"A\", \"s\") { p(a). @source(\"B\") q(b). } r(c).",
                "(fact (p a) @\"A\") (fact (q b) @\"B\") (fact (r c))",
            ),
            (
                "not prefix",
                "p :- not_q, nothing(X), X = not_a.",
                "(rule (p) (not_q) (nothing X) (= X not_a))",
            ),
            (
                "unicode",
                "navn(no, nb, \"Østerrike\"). p(østradiol).",
                "(fact (navn no nb \"Østerrike\")) (fact (p østradiol))",
            ),
            (
                "crlf",
                "p(a).\r\nq(b) :-\r\n  p(b).",
                "(fact (p a)) (rule (q b) (p b))",
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(sexp(text), want, "{name}");
        }
    }

    #[test]
    fn literals_that_mean_nothing_are_reported_where_they_stand() {
        // (text, each error as `code text@start: message`)
        let cases: &[(&str, &[&str])] = &[
            ("n(9223372036854775807.0).", &[]),
            ("n(-9223372036854775808.0).", &[]),
            ("n(9223372036854775808.5).", &[]),
            (
                "n(9223372036854775808.0).",
                &[
                    "invalid-literal 9223372036854775808.0@2: `9223372036854775808.0` is a whole number and does not fit in a 64-bit integer",
                ],
            ),
            (
                "?- X = -9223372036854775809.000.",
                &[
                    "invalid-literal -9223372036854775809.000@7: `-9223372036854775809.000` is a whole number and does not fit in a 64-bit integer",
                ],
            ),
            (
                "n(X) :- m(X), X < 100000000000000000000.0.",
                &[
                    "invalid-literal 100000000000000000000.0@18: `100000000000000000000.0` is a whole number and does not fit in a 64-bit integer",
                ],
            ),
            (r#"p("a\"b\\c")."#, &[]),
            (
                r#"p("a\nb")."#,
                &[
                    r#"invalid-literal \n@4: unknown escape `\n` in a string; strings know `\"` and `\\`"#,
                ],
            ),
            (
                r#"p("\t", ok, "x\\\ø\q")."#,
                &[
                    r#"invalid-literal \t@3: unknown escape `\t` in a string; strings know `\"` and `\\`"#,
                    r#"invalid-literal \ø@16: unknown escape `\ø` in a string; strings know `\"` and `\\`"#,
                    r#"invalid-literal \q@19: unknown escape `\q` in a string; strings know `\"` and `\\`"#,
                ],
            ),
            (
                r#"@source("LMF \§ 2") p(a)."#,
                &[
                    r#"invalid-literal \§@13: unknown escape `\§` in a string; strings know `\"` and `\\`"#,
                ],
            ),
            (
                // A backslash at the end of the line leaves the string open.
                "p(\"a\\\n\").",
                &["syntax-error \"@2: expected the closing `\"` of this string, found end of line"],
            ),
        ];
        for (text, want) in cases {
            for (path, parse) in [
                ("fast", parse_program as fn(_, &str) -> _),
                ("grammar", parse_program_with_grammar_only),
            ] {
                let (_, errors) = parse(FileId(0), text);
                let got: Vec<String> = errors
                    .iter()
                    .map(|e| {
                        let s = e.span();
                        let at = &text[s.start as usize..s.end as usize];
                        format!("{} {at}@{}: {e}", e.code(), s.start)
                    })
                    .collect();
                assert_eq!(got, *want, "{path}: {text}");
            }
        }
        // In a fixture file too: case names and expected values.
        let text = "test \"a\\tb\" { ?- p(X). => X = 9223372036854775808.0. }";
        let (_, errors) = parse_fixture(FileId(0), text);
        let got: Vec<&str> = errors
            .iter()
            .map(|e| &text[e.span().start as usize..e.span().end as usize])
            .collect();
        assert_eq!(got, ["\\t", "9223372036854775808.0"]);
    }

    #[test]
    fn doc_comments_attach_to_the_clause_below() {
        let text = "%%% banner\n%% notifiable(P): may be dispensed.\n%% Second line.\n@source(\"x\")\nnotifiable(p).\n\n%% loose\n\nq(a).";
        let (m, _) = parse_program(FileId(0), text);
        let docs: Vec<_> = m
            .items
            .iter()
            .map(|i| match i {
                crate::syntax::ast::Item::Clause(c) => c.doc.as_deref().map(str::to_string),
                _ => None,
            })
            .collect();
        assert_eq!(
            docs,
            vec![
                Some("notifiable(P): may be dispensed.\nSecond line.".to_string()),
                None
            ]
        );
    }
}
