//! Drawing explanations: an indented tree that reads like an argument
//! (wrapped at the terminal width), nested JSON objects, or Graphviz DOT
//! built from a petgraph graph.

use crate::explain::tree::{Explanation, Node, NodeKind, Status};
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};

/// The width text explanations wrap at: `COLUMNS` if set, else 100.
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    let asked = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .flatten();
    asked
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

/// An explanation as text lines, wrapped at `width` columns.
pub fn text(e: &Explanation, width: usize) -> String {
    let mut out = String::new();
    node_text(&e.tree, "", "", false, width, &mut out);
    let sets: Vec<String> = e.would_hold_with.iter().map(|f| f.join(" and ")).collect();
    match sets.as_slice() {
        [] => {}
        [one] => wrap_into(
            &format!("It would hold with {one}."),
            "",
            "  ",
            width,
            &mut out,
        ),
        many => wrap_into(
            &format!("It would hold with any one of: {}.", many.join("; ")),
            "",
            "  ",
            width,
            &mut out,
        ),
    }
    out
}

fn mark(s: Status) -> &'static str {
    match s {
        Status::Holds => "✓",
        Status::Fails => "✗",
    }
}

/// Writes `node` with `first` before its header and `rest` before every
/// other line of it and its children. A rule tried for a failing goal
/// (`alternative`) is named by its place instead of repeating the goal.
fn node_text(
    node: &Node,
    first: &str,
    rest: &str,
    alternative: bool,
    width: usize,
    out: &mut String,
) {
    let alternative = alternative && node.kind == NodeKind::Rule;
    let mut header = match (&node.rule, alternative) {
        (Some(r), true) => format!("{} by the rule at {}", mark(node.status), r.location),
        _ => format!("{} {}", mark(node.status), node.goal),
    };
    match node.kind {
        NodeKind::Fact => {
            header.push_str(" — a fact");
            if let Some(l) = &node.location {
                header.push_str(&format!(", {l}"));
            }
        }
        _ => {
            if let Some(n) = &node.note {
                header.push_str(&format!(" — {n}"));
            }
        }
    }
    wrap_into(&header, first, &format!("{rest}  "), width, out);
    let detail = if node.children.is_empty() {
        format!("{rest}  ")
    } else {
        format!("{rest}│ ")
    };
    if let Some(r) = &node.rule {
        let line = if alternative {
            format!("rule   {}", r.text)
        } else {
            format!("rule   {}  {}", r.location, r.text)
        };
        wrap_into(&line, &detail, &format!("{detail}       "), width, out);
    }
    if !node.bindings.is_empty() && node.kind == NodeKind::Rule {
        let b: Vec<String> = node
            .bindings
            .iter()
            .map(|b| format!("{} = {}", b.var, b.value))
            .collect();
        wrap_into(
            &format!("with   {}", b.join(", ")),
            &detail,
            &format!("{detail}       "),
            width,
            out,
        );
    }
    if let Some(s) = &node.source {
        let mut line = format!("source {}", s.citation);
        if let Some(l) = s.cite.as_ref().or(s.locator.as_ref()) {
            line.push_str(&format!(" ({l})"));
        }
        if let Some(d) = s.as_of {
            line.push_str(&format!(", as of {d}"));
        }
        wrap_into(&line, &detail, &format!("{detail}       "), width, out);
    }
    if !node.valid.is_always() {
        let line = format!("dated  {}", in_force(node.valid));
        wrap_into(&line, &detail, &format!("{detail}       "), width, out);
    }
    let n = node.children.len();
    for (i, c) in node.children.iter().enumerate() {
        let last = i + 1 == n;
        let (f, r) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let under_alternatives = node.kind == NodeKind::Alternatives;
        node_text(
            c,
            &format!("{rest}{f}"),
            &format!("{rest}{r}"),
            under_alternatives,
            width,
            out,
        );
    }
}

/// A short justification as text: the answer, then each reason as a
/// bullet with its source under it, then what would make it hold; wrapped
/// at `width`.
pub fn short_text(short: &crate::explain::say::Short, width: usize) -> String {
    let mut out = String::new();
    wrap_into(&short.answer, "", "", width, &mut out);
    for r in &short.reasons {
        wrap_into(&r.text, "  - ", "    ", width, &mut out);
        if let Some(s) = &r.source {
            wrap_into(s, "    ", "    ", width, &mut out);
        }
    }
    for w in &short.would_hold_if {
        wrap_into(w, "", "", width, &mut out);
    }
    out
}

/// When a rule or fact is in force: "in force since 2017-07-01", "in force
/// until 2019-08-01", "in force from 2019-01-01 until 2019-08-01".
pub fn in_force(p: crate::value::Period) -> String {
    match (p.from, p.until) {
        (Some(f), None) => format!("in force since {f}"),
        (None, Some(u)) => format!("in force until {u}"),
        (Some(f), Some(u)) => format!("in force from {f} until {u}"),
        (None, None) => "in force on every date".to_string(),
    }
}

/// Text with every line longer than `width` characters wrapped at spaces,
/// its continuation lines indented as the line is (as `:help` is shown on
/// a narrow terminal).
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let indent: String = body.chars().take_while(|c| *c == ' ').collect();
        let mut wrapped = String::new();
        wrap_into(body.trim_start(), &indent, &indent, width, &mut wrapped);
        if !line.ends_with('\n') {
            wrapped.pop();
        }
        out.push_str(&wrapped);
    }
    out
}

/// Writes `text` after `first`, wrapping at spaces so no line passes
/// `width` characters; continuation lines start with `cont`.
fn wrap_into(text: &str, first: &str, cont: &str, width: usize, out: &mut String) {
    // Deep in a tree, leave room for some words on each line however far
    // the indentation goes.
    let indent = cont.chars().count();
    let width = if indent * 2 > width {
        indent + width / 2
    } else {
        width
    };
    let mut line = String::from(first);
    let mut len = first.chars().count();
    let mut start = true;
    for word in text.split(' ') {
        let w = word.chars().count();
        if !start && len + 1 + w > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(cont);
            len = cont.chars().count();
            start = true;
        }
        if !start {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
        start = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// An explanation as Graphviz DOT: one node per step, edges from a goal to
/// what it rests on.
pub fn dot(e: &Explanation) -> String {
    let mut g: DiGraph<(String, DotStyle), bool> = DiGraph::new();
    let root = add_dot(&mut g, &e.tree);
    // What would make a failing goal hold, as dashed nodes under it.
    for set in &e.would_hold_with {
        let h = g.add_node((
            format!("would hold with\n{}", set.join("\n")),
            DotStyle::Hypothesis,
        ));
        g.add_edge(root, h, true);
    }
    let node_attrs = |_: &DiGraph<(String, DotStyle), bool>,
                      (_, (label, style)): (NodeIndex, &(String, DotStyle))| {
        let extra = match style {
            DotStyle::Holds => "",
            DotStyle::Fails => ", color = red, fontcolor = red",
            DotStyle::Hypothesis => ", style = dashed, color = blue, fontcolor = blue",
        };
        format!("label = \"{}\", shape = box{extra}", dot_escape(label))
    };
    let edge_attrs = |_: &DiGraph<(String, DotStyle), bool>,
                      edge: petgraph::graph::EdgeReference<'_, bool>| {
        if *edge.weight() {
            "style = dashed, color = blue".to_string()
        } else {
            "color = black".to_string()
        }
    };
    let body = format!(
        "{:?}",
        Dot::with_attr_getters(
            &g,
            &[Config::NodeNoLabel, Config::EdgeNoLabel],
            &edge_attrs,
            &node_attrs
        )
    );
    // One named graph per explanation, so that several can follow each
    // other on one stream.
    let name = format!("{} {}", if e.holds { "why" } else { "whynot" }, e.goal);
    match body.strip_prefix("digraph {") {
        Some(rest) => format!("digraph \"{}\" {{{rest}", dot_escape(&name)),
        None => body,
    }
}

/// How a node of a DOT graph is drawn.
#[derive(Clone, Copy, Debug)]
enum DotStyle {
    Holds,
    Fails,
    Hypothesis,
}

/// Escapes a label for a DOT string: quotes, backslashes, line breaks.
fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn add_dot(g: &mut DiGraph<(String, DotStyle), bool>, node: &Node) -> NodeIndex {
    let mut label = format!("{} {}", mark(node.status), node.goal);
    if let Some(r) = &node.rule {
        label.push_str(&format!("\n{}", r.location));
    }
    if let Some(l) = &node.location {
        label.push_str(&format!("\n{l}"));
    }
    if let Some(s) = &node.source {
        label.push_str(&format!("\n{}", s.citation));
    }
    if !node.valid.is_always() {
        label.push_str(&format!("\n{}", in_force(node.valid)));
    }
    // What was left out of the graph is said in it.
    if matches!(node.kind, NodeKind::Elided | NodeKind::DepthLimit)
        && let Some(note) = &node.note
    {
        label.push_str(&format!("\n{note}"));
    }
    let style = match node.status {
        Status::Holds => DotStyle::Holds,
        Status::Fails => DotStyle::Fails,
    };
    let me = g.add_node((label, style));
    for c in &node.children {
        let child = add_dot(g, c);
        g.add_edge(me, child, false);
    }
    me
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_with_their_indentation() {
        let text = "short\n  a line that is far too long for it\nend";
        assert_eq!(
            wrap_text(text, 16),
            "short\n  a line that is\n  far too long\n  for it\nend"
        );
    }

    #[test]
    fn wraps_at_spaces_with_continuation() {
        let mut out = String::new();
        wrap_into("one two three four five", "- ", "  ", 12, &mut out);
        assert_eq!(out, "- one two\n  three four\n  five\n");
    }
}
