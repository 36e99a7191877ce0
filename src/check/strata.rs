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
        errors.dedup_by(|a, b| match (a, b) {
            (
                CheckError::Unstratifiable { cycle: x, .. },
                CheckError::Unstratifiable { cycle: y, .. },
            ) => {
                let mut xs: Vec<_> = x.iter().map(|s| &s.head).collect();
                let mut ys: Vec<_> = y.iter().map(|s| &s.head).collect();
                xs.sort();
                ys.sort();
                xs == ys
            }
            _ => false,
        });
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
