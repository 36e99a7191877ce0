//! Property test: random stratified programs (recursion, negation of lower
//! strata, comparisons, counting aggregates) evaluated by the engine and by
//! a naive reference evaluator written here, which must agree on every
//! derived relation.

use crate::support::Gen;
use proptest::prelude::*;
use regkb::engine::{Base, Files};
use regkb::eval::{Limits, Model};
use regkb::value::{Datum, ValueStore};
use std::collections::BTreeSet;
use std::sync::Arc;

const DOMAIN: i64 = 4;
const VARS: [&str; 3] = ["X", "Y", "Z"];

/// A term: a variable (index into VARS) or a constant.
#[derive(Clone, Debug)]
enum Term {
    Var(usize),
    Const(i64),
}

#[derive(Clone, Debug)]
struct Atom {
    pred: usize,
    args: Vec<Term>,
}

#[derive(Clone, Debug)]
enum Cond {
    Pos(Atom),
    Neg(Atom),
    Less(usize, Term),
    NotEq(usize, Term),
    /// `N = count : { atom }` with N the variable.
    Count(usize, Atom),
}

#[derive(Clone, Debug)]
struct Rule {
    head: Atom,
    body: Vec<Cond>,
}

/// Predicates: 0 and 1 are base (arity 2 and 1); 2.. are derived, each one
/// stratum above the previous.
#[derive(Clone, Debug)]
struct Program {
    arity: Vec<usize>,
    facts: Vec<(usize, Vec<i64>)>,
    rules: Vec<Rule>,
}

fn name(p: usize) -> String {
    format!("p{p}")
}

fn term_text(t: &Term) -> String {
    match t {
        Term::Var(v) => VARS[*v].to_string(),
        Term::Const(c) => c.to_string(),
    }
}

fn atom_text(a: &Atom) -> String {
    let args: Vec<String> = a.args.iter().map(term_text).collect();
    format!("{}({})", name(a.pred), args.join(", "))
}

impl Program {
    fn text(&self) -> String {
        self.text_of(0..self.facts.len(), 0..self.rules.len())
    }

    /// The text of some of its facts and rules.
    fn text_of(&self, facts: std::ops::Range<usize>, rules: std::ops::Range<usize>) -> String {
        let mut s = String::new();
        for (p, args) in &self.facts[facts] {
            let a: Vec<String> = args.iter().map(|x| x.to_string()).collect();
            s.push_str(&format!("{}({}).\n", name(*p), a.join(", ")));
        }
        for r in &self.rules[rules] {
            let body: Vec<String> = r
                .body
                .iter()
                .map(|c| match c {
                    Cond::Pos(a) => atom_text(a),
                    Cond::Neg(a) => format!("not {}", atom_text(a)),
                    Cond::Less(v, t) => format!("{} < {}", VARS[*v], term_text(t)),
                    Cond::NotEq(v, t) => format!("{} != {}", VARS[*v], term_text(t)),
                    Cond::Count(v, a) => format!("{} = count : {{ {} }}", VARS[*v], atom_text(a)),
                })
                .collect();
            s.push_str(&format!("{} :- {}.\n", atom_text(&r.head), body.join(", ")));
        }
        s
    }
}

fn generate(seed: u64) -> Program {
    let mut g = Gen(seed);
    let derived = 2 + g.below(3);
    let mut arity = vec![2, 1];
    for _ in 0..derived {
        arity.push(1 + g.below(2));
    }
    let mut facts = Vec::new();
    for _ in 0..(3 + g.below(10)) {
        facts.push((
            0,
            vec![
                g.below(DOMAIN as usize) as i64,
                g.below(DOMAIN as usize) as i64,
            ],
        ));
    }
    for _ in 0..(1 + g.below(4)) {
        facts.push((1, vec![g.below(DOMAIN as usize) as i64]));
    }
    let mut rules = Vec::new();
    for p in 2..arity.len() {
        for _ in 0..(1 + g.below(3)) {
            // Positive atoms over this stratum or below.
            let mut body = Vec::new();
            let mut bound: Vec<usize> = Vec::new();
            for _ in 0..(1 + g.below(3)) {
                let q = g.below(p + 1);
                let args = (0..arity[q])
                    .map(|_| {
                        if g.chance(15) {
                            Term::Const(g.below(DOMAIN as usize) as i64)
                        } else {
                            let v = g.below(VARS.len());
                            if !bound.contains(&v) {
                                bound.push(v);
                            }
                            Term::Var(v)
                        }
                    })
                    .collect();
                body.push(Cond::Pos(Atom { pred: q, args }));
            }
            if bound.is_empty() {
                body.push(Cond::Pos(Atom {
                    pred: 1,
                    args: vec![Term::Var(0)],
                }));
                bound.push(0);
            }
            let pick = |g: &mut Gen, bound: &[usize]| bound[g.below(bound.len())];
            if g.chance(40) {
                // Negation of a strictly lower predicate, its variables bound.
                let q = g.below(p);
                let args = (0..arity[q])
                    .map(|_| {
                        if g.chance(20) {
                            Term::Const(g.below(DOMAIN as usize) as i64)
                        } else {
                            Term::Var(pick(&mut g, &bound))
                        }
                    })
                    .collect();
                body.push(Cond::Neg(Atom { pred: q, args }));
            }
            if g.chance(30) {
                let v = pick(&mut g, &bound);
                let t = if g.chance(50) {
                    Term::Const(g.below(DOMAIN as usize + 1) as i64)
                } else {
                    Term::Var(pick(&mut g, &bound))
                };
                body.push(if g.chance(50) {
                    Cond::Less(v, t)
                } else {
                    Cond::NotEq(v, t)
                });
            }
            if g.chance(20) && bound.len() < VARS.len() && arity[p] == 2 {
                // Count the matches of a lower predicate for a bound variable.
                let free = (0..VARS.len())
                    .find(|v| !bound.contains(v))
                    .expect("a free variable");
                let grouped = pick(&mut g, &bound);
                let q = g.below(p);
                let args = (0..arity[q])
                    .map(|i| {
                        if i == 0 {
                            Term::Var(grouped)
                        } else {
                            Term::Const(g.below(DOMAIN as usize) as i64)
                        }
                    })
                    .collect();
                body.push(Cond::Count(free, Atom { pred: q, args }));
                let head = Atom {
                    pred: p,
                    args: vec![Term::Var(grouped), Term::Var(free)],
                };
                rules.push(Rule { head, body });
                continue;
            }
            let head = Atom {
                pred: p,
                args: (0..arity[p])
                    .map(|_| Term::Var(pick(&mut g, &bound)))
                    .collect(),
            };
            rules.push(Rule { head, body });
        }
    }
    Program {
        arity,
        facts,
        rules,
    }
}

type Relations = Vec<BTreeSet<Vec<i64>>>;

fn value(t: &Term, env: &[i64]) -> i64 {
    match t {
        Term::Var(v) => env[*v],
        Term::Const(c) => *c,
    }
}

fn holds(a: &Atom, env: &[i64], rels: &Relations) -> bool {
    let tuple: Vec<i64> = a.args.iter().map(|t| value(t, env)).collect();
    rels[a.pred].contains(&tuple)
}

/// Variables of a rule that appear in its positive atoms or as a count.
fn rule_vars(r: &Rule) -> Vec<usize> {
    let mut vs = Vec::new();
    for c in &r.body {
        match c {
            Cond::Pos(a) => {
                for t in &a.args {
                    if let Term::Var(v) = t
                        && !vs.contains(v)
                    {
                        vs.push(*v);
                    }
                }
            }
            Cond::Count(v, _) if !vs.contains(v) => {
                vs.push(*v);
            }
            _ => {}
        }
    }
    vs
}

/// The naive fixpoint: stratum by stratum (a derived predicate's number),
/// every rule tried under every assignment of its variables to the domain
/// (counts range over 0..=16), until nothing changes.
fn reference(p: &Program) -> Relations {
    let mut rels: Relations = vec![BTreeSet::new(); p.arity.len()];
    for (q, args) in &p.facts {
        rels[*q].insert(args.clone());
    }
    for stratum in 2..p.arity.len() {
        loop {
            let mut changed = false;
            for r in p.rules.iter().filter(|r| r.head.pred == stratum) {
                let vars = rule_vars(r);
                let mut env = vec![0i64; VARS.len()];
                let ranges: Vec<i64> = vars
                    .iter()
                    .map(|v| {
                        if r.body
                            .iter()
                            .any(|c| matches!(c, Cond::Count(w, _) if w == v))
                        {
                            17
                        } else {
                            DOMAIN
                        }
                    })
                    .collect();
                let total: i64 = ranges.iter().product();
                for mut k in 0..total {
                    for (i, v) in vars.iter().enumerate() {
                        env[*v] = k % ranges[i];
                        k /= ranges[i];
                    }
                    let ok = r.body.iter().all(|c| match c {
                        Cond::Pos(a) => holds(a, &env, &rels),
                        Cond::Neg(a) => !holds(a, &env, &rels),
                        Cond::Less(v, t) => env[*v] < value(t, &env),
                        Cond::NotEq(v, t) => env[*v] != value(t, &env),
                        Cond::Count(v, a) => {
                            let n = rels[a.pred]
                                .iter()
                                .filter(|tuple| {
                                    a.args
                                        .iter()
                                        .zip(tuple.iter())
                                        .all(|(t, x)| value(t, &env) == *x)
                                })
                                .count() as i64;
                            env[*v] == n
                        }
                    });
                    if ok {
                        let tuple: Vec<i64> = r.head.args.iter().map(|t| value(t, &env)).collect();
                        changed |= rels[stratum].insert(tuple);
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
    rels
}

fn relations(
    p: &Program,
    program: &regkb::check::Program,
    model: &Model,
    values: &ValueStore,
) -> Relations {
    let mut rels: Relations = vec![BTreeSet::new(); p.arity.len()];
    for (i, set) in rels.iter_mut().enumerate() {
        let Some(id) = program.pred_id(&name(i)) else {
            continue;
        };
        let rel = model.relation(id);
        for r in 0..rel.rows() {
            set.insert(
                rel.row(r)
                    .iter()
                    .map(|v| match values.get(*v) {
                        Datum::Int(i) => i,
                        other => panic!("unexpected value {other:?}"),
                    })
                    .collect(),
            );
        }
    }
    rels
}

fn engine(p: &Program) -> Result<Relations, String> {
    let mut files = Files::new();
    files.load_text("<generated>", &p.text());
    let sources = files.sources.clone();
    let base = Base::build(files, &Limits::default())
        .map_err(|e| regkb::diag::render(&e.to_diagnostics(&sources), &sources, false))?;
    Ok(relations(p, base.program(), base.model(), base.values()))
}

/// The program split in two: some facts and rules evaluated as a knowledge
/// base, the rest as a scenario over it.
fn engine_layered(p: &Program, facts: usize, rules: usize) -> Result<Relations, String> {
    let mut files = Files::new();
    files.load_text("<base>", &p.text_of(0..facts, 0..rules));
    let sources = files.sources.clone();
    let base = Base::build(files, &Limits::default())
        .map_err(|e| regkb::diag::render(&e.to_diagnostics(&sources), &sources, false))?;
    let mut scenario = Arc::new(base).scenario();
    scenario
        .add_text(
            "<scenario>",
            &p.text_of(facts..p.facts.len(), rules..p.rules.len()),
        )
        .map_err(|e| format!("{e}"))?;
    scenario
        .evaluate(&Limits::default())
        .map_err(|e| e.to_string())?;
    let program = scenario.program().clone();
    let values = scenario.values().clone();
    let model = scenario.evaluate(&Limits::default()).expect("evaluated");
    Ok(relations(p, &program, model, &values))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_naive_fixpoint(seed in any::<u64>()) {
        let p = generate(seed);
        let got = engine(&p).map_err(|e| TestCaseError::fail(format!("{e}\n{}", p.text())))?;
        let want = reference(&p);
        prop_assert_eq!(got, want, "program:\n{}", p.text());
    }

    #[test]
    fn a_scenario_over_part_of_a_program_agrees_with_the_whole(seed in any::<u64>(), cut in any::<u64>()) {
        let p = generate(seed);
        let facts = (cut % (p.facts.len() as u64 + 1)) as usize;
        let rules = ((cut >> 20) % (p.rules.len() as u64 + 1)) as usize;
        let got = engine_layered(&p, facts, rules)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", p.text())))?;
        let want = reference(&p);
        prop_assert_eq!(got, want, "base: {} facts, {} rules of\n{}", facts, rules, p.text());
    }
}
