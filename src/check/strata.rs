//! Stratification: the predicate dependency graph (petgraph), its strongly
//! connected components in evaluation order, and the cycles through
//! negation or aggregation that make a program unstratifiable.

use super::error::{CheckError, CycleStep};
use super::program::*;
use crate::source::Span;
use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::VecDeque;

/// An edge: the head depends on the body predicate through `span`.
#[derive(Clone, Copy, Debug)]
struct Dep {
    negative: bool,
    aggregate: bool,
    span: Span,
}

/// The predicate dependency graph: an edge `q -> p` for every rule of `p`
/// that uses `q`.
pub struct DepGraph {
    graph: DiGraph<PredId, Dep>,
}

impl DepGraph {
    /// Builds the graph of a program's rules.
    pub fn new(program: &Program) -> DepGraph {
        let mut graph = DiGraph::with_capacity(program.preds.len(), program.rules.len() * 2);
        for i in 0..program.preds.len() {
            graph.add_node(PredId(i as u32));
        }
        for rule in &program.rules {
            let head = NodeIndex::new(rule.head.pred.0 as usize);
            add_body(&mut graph, head, &rule.body, false);
        }
        DepGraph { graph }
    }

    /// Predicates (other than itself) that `pred` depends on directly.
    pub fn depends_on(&self, pred: PredId) -> Vec<PredId> {
        let mut out: Vec<PredId> = self
            .graph
            .neighbors_directed(NodeIndex::new(pred.0 as usize), Direction::Incoming)
            .map(|n| self.graph[n])
            .filter(|p| *p != pred)
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

fn add_body(graph: &mut DiGraph<PredId, Dep>, head: NodeIndex, body: &[Literal], strict: bool) {
    for l in body {
        match l {
            Literal::Pos(a) => {
                graph.add_edge(
                    NodeIndex::new(a.pred.0 as usize),
                    head,
                    Dep {
                        negative: strict,
                        aggregate: strict,
                        span: a.span,
                    },
                );
            }
            Literal::Neg(a) => {
                graph.add_edge(
                    NodeIndex::new(a.pred.0 as usize),
                    head,
                    Dep {
                        negative: true,
                        aggregate: strict,
                        span: a.span,
                    },
                );
            }
            Literal::Cmp { .. } => {}
            Literal::Agg(a) => add_body(graph, head, &a.body, true),
        }
    }
}

/// Computes the strata of `program` (in evaluation order) or the errors
/// for every negative or aggregate dependency inside a recursion.
pub fn stratify(program: &Program, deps: &DepGraph) -> Result<Vec<Stratum>, Vec<CheckError>> {
    let graph = &deps.graph;
    // Tarjan yields components in reverse topological order: a component
    // comes before the ones it is reached from. Edges run body -> head, so
    // reversing gives bodies before heads.
    let mut sccs = tarjan_scc(graph);
    sccs.reverse();
    let mut component = vec![0usize; graph.node_count()];
    for (i, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[n.index()] = i;
        }
    }
    let mut errors = Vec::new();
    for e in graph.edge_indices() {
        let (from, to) = graph.edge_endpoints(e).expect("edge");
        let dep = graph[e];
        if dep.negative && component[from.index()] == component[to.index()] {
            errors.push(cycle_error(program, graph, &component, from, to, dep));
        }
    }
    if !errors.is_empty() {
        // One report per cycle: keep the first for each predicate pair set.
        // One report per cycle: the first for each set of predicates, wherever
        // the cycles' edges come in the graph.
        let mut seen: Vec<Vec<&String>> = Vec::new();
        let mut kept = Vec::new();
        for e in &errors {
            if let CheckError::Unstratifiable { cycle, .. } = e {
                let mut heads: Vec<&String> = cycle.iter().map(|s| &s.head).collect();
                heads.sort();
                if seen.contains(&heads) {
                    continue;
                }
                seen.push(heads);
            }
            kept.push(e.clone());
        }
        let errors = kept;
        return Err(errors);
    }
    let mut strata: Vec<Stratum> = sccs
        .iter()
        .map(|scc| {
            let mut preds: Vec<PredId> = scc.iter().map(|n| graph[*n]).collect();
            preds.sort();
            let recursive =
                scc.len() > 1 || graph.edges_connecting(scc[0], scc[0]).next().is_some();
            Stratum {
                preds,
                rules: Vec::new(),
                recursive,
            }
        })
        .collect();
    for (i, rule) in program.rules.iter().enumerate() {
        strata[component[rule.head.pred.0 as usize]]
            .rules
            .push(i as RuleId);
    }
    strata.retain(|s| !s.rules.is_empty());
    Ok(strata)
}

/// The cycle through the negative edge `from -> to`: the path back from
/// `to` to `from` inside the component.
fn cycle_error(
    program: &Program,
    graph: &DiGraph<PredId, Dep>,
    component: &[usize],
    from: NodeIndex,
    to: NodeIndex,
    dep: Dep,
) -> CheckError {
    let name = |n: NodeIndex| program.pred(graph[n]).name.clone();
    // Breadth-first from `to` to `from` along edges within the component.
    let c = component[to.index()];
    let mut prev: Vec<Option<(NodeIndex, Dep)>> = vec![None; graph.node_count()];
    let mut seen = vec![false; graph.node_count()];
    let mut queue = VecDeque::from([to]);
    seen[to.index()] = true;
    while let Some(n) = queue.pop_front() {
        if n == from {
            break;
        }
        for e in graph.edges_directed(n, Direction::Outgoing) {
            use petgraph::visit::EdgeRef;
            let m = e.target();
            if component[m.index()] == c && !seen[m.index()] {
                seen[m.index()] = true;
                prev[m.index()] = Some((n, *e.weight()));
                queue.push_back(m);
            }
        }
    }
    let mut cycle = vec![CycleStep {
        head: name(to),
        body: name(from),
        negative: true,
        aggregate: dep.aggregate,
        span: dep.span,
    }];
    // Walk back from `from` to `to`, each step saying who depends on whom.
    let mut path = Vec::new();
    let mut n = from;
    while n != to {
        match prev[n.index()] {
            Some((p, d)) => {
                path.push(CycleStep {
                    head: name(n),
                    body: name(p),
                    negative: d.negative,
                    aggregate: d.aggregate,
                    span: d.span,
                });
                n = p;
            }
            None => break,
        }
    }
    cycle.extend(path);
    CheckError::Unstratifiable {
        pred: name(to),
        aggregate: dep.aggregate,
        cycle,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::source::SourceMap;

    use crate::value::ValueStore;

    /// A text checked as `t.kb`, with its source map.
    fn checked(text: &str) -> (SourceMap, Program, Vec<CheckError>) {
        crate::testing::checked_with_errors(text, &mut ValueStore::new())
    }

    /// Strata as `(predicates, rules, recursive)`.
    fn strata(program: &Program) -> Vec<(Vec<&str>, Vec<RuleId>, bool)> {
        program
            .strata
            .iter()
            .map(|s| {
                let preds = s
                    .preds
                    .iter()
                    .map(|p| program.pred(*p).name.as_str())
                    .collect();
                (preds, s.rules.clone(), s.recursive)
            })
            .collect()
    }

    #[test]
    fn strata_put_body_predicates_before_heads() {
        type Strata = &'static [(&'static [&'static str], &'static [RuleId], bool)];
        let cases: &[(&str, Strata)] = &[
            // Predicates with facts only need no stratum.
            ("a(1).", &[]),
            (
                "e(1, 2). path(X, Y) :- e(X, Y).\n\
                 path(X, Z) :- path(X, Y), e(Y, Z).\n\
                 reach(Y) :- path(1, Y).",
                &[(&["path"], &[0, 1], true), (&["reach"], &[2], false)],
            ),
            (
                // Written heads first.
                "c(X) :- b(X). b(X) :- a(X). a(1).",
                &[(&["b"], &[1], false), (&["c"], &[0], false)],
            ),
            (
                "even(0). odd(Y) :- even(X), Y = X + 1, Y < 10.\n\
                 even(Y) :- odd(X), Y = X + 1, Y < 10.",
                &[(&["even", "odd"], &[0, 1], true)],
            ),
            (
                "a(1). a(2). b(2). c(X) :- a(X), not b(X). d(X) :- c(X), not e(X). e(X) :- a(X).",
                &[
                    (&["c"], &[0], false),
                    (&["e"], &[2], false),
                    (&["d"], &[1], false),
                ],
            ),
            (
                "q(1). r(X) :- q(X). n(N) :- N = count : { r(_) }.",
                &[(&["r"], &[0], false), (&["n"], &[1], false)],
            ),
            ("p(X) :- p(X).", &[(&["p"], &[0], true)]),
        ];
        for (text, want) in cases {
            let (_, program, errors) = checked(text);
            assert!(
                errors.iter().all(CheckError::is_warning),
                "{text}: {errors:?}"
            );
            let want: Vec<(Vec<&str>, Vec<RuleId>, bool)> = want
                .iter()
                .map(|(p, r, rec)| (p.to_vec(), r.to_vec(), *rec))
                .collect();
            assert_eq!(strata(&program), want, "{text}");
            // Every body predicate with rules is in an earlier stratum or
            // the same one (recursion).
            let of = program.stratum_of();
            for (i, s) in program.strata.iter().enumerate() {
                for r in &s.rules {
                    let rule = &program.rules[*r as usize];
                    assert_eq!(of[rule.head.pred.0 as usize], i, "{text}");
                }
            }
        }
    }

    #[test]
    fn dependencies_are_the_body_predicates() {
        let text = "p(X) :- q(X), not r(X). p(X) :- p(X), s(X).\n\
                    t(N) :- N = count : { u(_) }. q(1). r(1). s(1). u(1).";
        let (_, program, _) = checked(text);
        let deps = DepGraph::new(&program);
        let cases: &[(&str, &[&str])] = &[("p", &["q", "r", "s"]), ("t", &["u"]), ("q", &[])];
        for (pred, want) in cases {
            let got: Vec<&str> = deps
                .depends_on(program.pred_id(pred).unwrap())
                .into_iter()
                .map(|p| program.pred(p).name.as_str())
                .collect();
            assert_eq!(got, *want, "{pred}");
        }
    }

    /// A cycle step as `head <- body (kind) at text@line:col`.
    fn steps(map: &SourceMap, cycle: &[CycleStep]) -> Vec<String> {
        cycle
            .iter()
            .map(|s| {
                let kind = match (s.negative, s.aggregate) {
                    (_, true) => "aggregate",
                    (true, false) => "not",
                    _ => "pos",
                };
                let loc = map.location(s.span);
                format!(
                    "{} <- {} ({kind}) at {}@{}:{}",
                    s.head,
                    s.body,
                    map.text(s.span),
                    loc.line,
                    loc.col
                )
            })
            .collect()
    }

    #[test]
    fn negation_and_aggregates_through_recursion_are_reported_with_the_cycle() {
        // (text, [(predicate, through an aggregate, the cycle's steps)])
        type Cycle = (&'static str, bool, &'static [&'static str]);
        let cases: &[(&str, &[Cycle])] = &[
            (
                "p :- not q.\nq :- p.",
                &[(
                    "p",
                    false,
                    &["p <- q (not) at not q@1:6", "q <- p (pos) at p@2:6"],
                )],
            ),
            (
                "p(X) :- q(X), not p(X). q(1).",
                &[("p", false, &["p <- p (not) at not p(X)@1:15"])],
            ),
            (
                "c(N) :- N = count : { c(_) }.",
                &[("c", true, &["c <- c (aggregate) at c(_)@1:23"])],
            ),
            (
                "a(X) :- b(X).\nb(X) :- c(X).\nc(X) :- d(X), not a(X).\nd(1).",
                &[(
                    "c",
                    false,
                    &[
                        "c <- a (not) at not a(X)@3:15",
                        "a <- b (pos) at b(X)@1:9",
                        "b <- c (pos) at c(X)@2:9",
                    ],
                )],
            ),
            (
                "p(N) :- N = sum X : { q(X) }.\nq(X) :- p(X).",
                &[(
                    "p",
                    true,
                    &[
                        "p <- q (aggregate) at q(X)@1:23",
                        "q <- p (pos) at p(X)@2:9",
                    ],
                )],
            ),
            (
                // Two negations in one cycle: one report.
                "p :- not q.\nq :- not p.",
                &[(
                    "p",
                    false,
                    &["p <- q (not) at not q@1:6", "q <- p (not) at not p@2:6"],
                )],
            ),
            (
                // Two cycles: one report each.
                "p :- not p.\nq :- not q.",
                &[
                    ("p", false, &["p <- p (not) at not p@1:6"]),
                    ("q", false, &["q <- q (not) at not q@2:6"]),
                ],
            ),
        ];
        for (text, want) in cases {
            let (map, program, errors) = checked(text);
            let got: Vec<(String, bool, Vec<String>)> = errors
                .iter()
                .filter_map(|e| match e {
                    CheckError::Unstratifiable {
                        pred,
                        aggregate,
                        cycle,
                    } => Some((pred.clone(), *aggregate, steps(&map, cycle))),
                    _ => None,
                })
                .collect();
            let want: Vec<(String, bool, Vec<String>)> = want
                .iter()
                .map(|(p, a, s)| (p.to_string(), *a, s.iter().map(|s| s.to_string()).collect()))
                .collect();
            assert_eq!(got, want, "{text}");
            assert!(program.strata.is_empty(), "{text}: no strata");
        }
    }

    #[test]
    fn each_cycle_is_reported_once_even_when_interleaved() {
        // The rules of two cycles written in turn: their negative edges
        // alternate in the graph.
        let text = "p :- not q.\nr :- not s.\nq :- not p.\ns :- not r.";
        let (_, _, errors) = checked(text);
        let preds: Vec<&str> = errors
            .iter()
            .filter_map(|e| match e {
                CheckError::Unstratifiable { pred, .. } => Some(pred.as_str()),
                _ => None,
            })
            .collect();
        // One report per cycle, although the second edge of each comes
        // after the first of the other.
        assert_eq!(preds, ["p", "r"], "{text}");
    }
}
