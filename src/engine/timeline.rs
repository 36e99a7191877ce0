//! Timelines: the periods in which a query holds (`?- when notifiable(p).`).
//! The dates where a clause the query depends on starts or stops applying
//! cut time into spans in which nothing the query rests on changes; the
//! program is evaluated once in each span (as of its first day, or the day
//! before the first cut for the open span before it), and the answers'
//! spans are joined where they meet.
//!
//! A rule that compares `as_of(D)` with a date of its own (a deadline
//! counted from a fact) changes its answer at that date, which is no
//! clause's bound: the timeline sees the periods of clauses, not those.

use crate::check::program::{PredId, Program, Query, body_preds};
use crate::eval::{self, EvalError, Limits};
use crate::value::{Constant, Date, Period, ValueStore};
use serde::Serialize;
use std::collections::HashMap;

/// One answer row and one period in which it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The row (empty for a query without variables).
    pub row: Vec<Constant>,
    /// The first day it holds on (`None`: as far back as the program
    /// says).
    pub from: Option<Date>,
    /// The first day it no longer holds on (`None`: from then on).
    pub until: Option<Date>,
}

impl Span {
    /// Its dates as a [`Period`].
    pub fn period(&self) -> Period {
        Period {
            from: self.from,
            until: self.until,
        }
    }
}

/// The predicates `query` depends on through the rules of `program`.
pub fn cone(program: &Program, query: &Query) -> Vec<bool> {
    let mut body_of: Vec<Vec<PredId>> = vec![Vec::new(); program.preds.len()];
    for r in program.rules.iter() {
        let mut preds = Vec::new();
        body_preds(&r.body, &mut preds);
        body_of[r.head.pred.0 as usize].extend(preds);
    }
    let mut seen = vec![false; program.preds.len()];
    let mut todo = Vec::new();
    body_preds(&query.body, &mut todo);
    while let Some(p) = todo.pop() {
        if std::mem::replace(&mut seen[p.0 as usize], true) {
            continue;
        }
        todo.extend(body_of[p.0 as usize].iter().copied());
    }
    seen
}

/// The dates, in order, where a clause of a predicate in `cone` starts or
/// stops applying.
pub fn cuts(program: &Program, cone: &[bool]) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut add = |p: &Period| dates.extend(p.from.into_iter().chain(p.until));
    for r in program.rules.iter() {
        if cone[r.head.pred.0 as usize] {
            add(&r.valid);
        }
    }
    for f in program.facts.iter() {
        if !f.valid.is_always() && cone[f.pred.0 as usize] {
            add(&f.valid);
        }
    }
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// The periods in which `query` (of `program`, whose values are in
/// `store`) holds, each answer row with its own, in the order the rows
/// first appear.
pub fn timeline(
    program: &Program,
    store: &ValueStore,
    query: &Query,
    limits: &Limits,
) -> Result<Vec<Span>, EvalError> {
    let cuts = cuts(program, &cone(program, query));
    // One day in each span: the day before the first cut, then each cut.
    let mut days: Vec<(Date, Option<Date>, Option<Date>)> = Vec::new();
    match cuts.first() {
        None => days.push((program.date(), None, None)),
        Some(&first) => days.push((first.pred(), None, Some(first))),
    }
    for (i, &d) in cuts.iter().enumerate() {
        days.push((d, Some(d), cuts.get(i + 1).copied()));
    }
    let mut spans: Vec<Span> = Vec::new();
    // The last span of each row, to extend when the next one meets it.
    let mut last: HashMap<Vec<Constant>, usize> = HashMap::new();
    for (day, from, until) in days {
        let mut at = program.clone();
        at.as_of = Some(day);
        at.queries.clear();
        let mut values = store.clone();
        let mut model = eval::evaluate(&at, &mut values, limits)?;
        for (i, p) in at.preds.iter().enumerate().skip(model.preds()) {
            model.cover(PredId(i as u32), p.arity);
        }
        let answer = model.answer(query, &mut values, limits)?;
        for row in answer.rows() {
            let row: Vec<Constant> = row.iter().map(|v| values.constant(*v)).collect();
            match last.get(&row) {
                Some(&k) if spans[k].until == from => spans[k].until = until,
                _ => {
                    last.insert(row.clone(), spans.len());
                    spans.push(Span { row, from, until });
                }
            }
        }
    }
    // Each row's periods together, rows in the order they first appear.
    let mut first: HashMap<&[Constant], usize> = HashMap::new();
    for (i, s) in spans.iter().enumerate() {
        first.entry(&s.row).or_insert(i);
    }
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (first[&spans[i].row[..]], i));
    let mut spans: Vec<Option<Span>> = spans.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| spans[i].take()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::checked;

    fn when(text: &str) -> Vec<String> {
        let mut store = ValueStore::new();
        let (_, program) = checked(text, &mut store);
        let query = program.queries.last().expect("a query").clone();
        timeline(&program, &store, &query, &Limits::default())
            .expect("evaluates")
            .iter()
            .map(|s| {
                let row: Vec<String> = s.row.iter().map(|c| c.to_string()).collect();
                format!("{} {}", row.join(","), s.period())
            })
            .collect()
    }

    #[test]
    fn periods_follow_the_clauses_the_query_rests_on() {
        let cases: &[(&str, &[&str])] = &[
            // Undated: always.
            ("p(a). ?- p(X).", &["a always"]),
            ("?- q(a). q(b).", &[]),
            // A fact from a date, a rule until one.
            (
                "@valid(from: 2017-07-01) p(a). ?- p(a).",
                &[" from 2017-07-01"],
            ),
            (
                "b(x). @valid(until: 2020-01-01) r(X) :- b(X). ?- r(X).",
                &["x until 2020-01-01"],
            ),
            // Two versions that meet are one span; a gap is two.
            (
                "b(x). @valid(until: 2020-01-01) r(X) :- b(X). @valid(from: 2020-01-01) r(X) :- b(X). ?- r(x).",
                &[" always"],
            ),
            (
                "b(x). @valid(until: 2019-01-01) r(X) :- b(X). @valid(from: 2020-01-01) r(X) :- b(X). ?- r(x).",
                &[" until 2019-01-01", " from 2020-01-01"],
            ),
            // An exception from a date ends what it excepts.
            (
                "o(x). @valid(from: 2022-05-18) e(X) :- o(X). f(X) :- o(X), not e(X). ?- f(X).",
                &["x until 2022-05-18"],
            ),
            // Dates of clauses the query does not rest on cut nothing.
            (
                "p(a). @valid(from: 2001-01-01) other(b). ?- p(X).",
                &["a always"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(when(text), *want, "{text}");
        }
    }
}
