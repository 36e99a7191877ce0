//! Fixtures for unit tests: a program checked from text and evaluated,
//! with its texts, values and limits, for the tests of the layers after
//! `check` to start from.

use crate::check::{CheckError, Program, check};
use crate::eval::{Limits, Model, evaluate};
use crate::explain::tree::{Node, Status};
use crate::source::SourceMap;
use crate::syntax::parse_program;
use crate::value::{Value, ValueStore};

/// A program of its own, checked and evaluated.
pub struct Kb {
    /// Its one text, `t.kb`.
    pub map: SourceMap,
    /// The checked program.
    pub program: Program,
    /// Its model.
    pub model: Model,
    /// Its values.
    pub values: ValueStore,
    /// The default limits.
    pub limits: Limits,
}

/// `text` as `t.kb`, parsed (without syntax errors) and checked: its
/// source map, the program and every error and warning of the checks.
pub fn checked_with_errors(
    text: &str,
    values: &mut ValueStore,
) -> (SourceMap, Program, Vec<CheckError>) {
    let mut map = SourceMap::new();
    let file = map.add("t.kb", text);
    let (module, errors) = parse_program(file, text);
    assert!(errors.is_empty(), "{text}: {errors:?}");
    let (program, errors) = check([&module], values);
    (map, program, errors)
}

/// `text` as `t.kb`, checked: warnings allowed, errors not.
pub fn checked(text: &str, values: &mut ValueStore) -> (SourceMap, Program) {
    let (map, program, errors) = checked_with_errors(text, values);
    assert!(
        errors.iter().all(CheckError::is_warning),
        "{text}: {errors:?}"
    );
    (map, program)
}

/// `text` as `t.kb`, checked (warnings allowed, errors not) and evaluated.
pub fn kb(text: &str) -> Kb {
    let mut values = ValueStore::new();
    let (map, program) = checked(text, &mut values);
    let limits = Limits::default();
    let model = evaluate(&program, &mut values, &limits).expect("evaluates");
    Kb {
        map,
        program,
        model,
        values,
        limits,
    }
}

impl Kb {
    /// The values of written arguments: numbers are numbers, anything else
    /// a symbol.
    pub fn args(&mut self, args: &[&str]) -> Vec<Value> {
        args.iter()
            .map(|a| match a.parse::<i64>() {
                Ok(i) => self.values.int(i),
                Err(_) => self.values.text(a),
            })
            .collect()
    }
}

/// An explanation tree, a line per node: status, kind, goal and note,
/// indented by depth.
pub fn outline(node: &Node) -> Vec<String> {
    fn walk(n: &Node, depth: usize, out: &mut Vec<String>) {
        let status = match n.status {
            Status::Holds => "+",
            Status::Fails => "-",
        };
        let note = n
            .note
            .as_ref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default();
        out.push(format!(
            "{}{status} {:?} {}{note}",
            "  ".repeat(depth),
            n.kind,
            n.goal
        ));
        for c in &n.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(node, 0, &mut out);
    out
}

/// The bindings of a node, `X = value` each.
pub fn bindings(n: &Node) -> Vec<String> {
    n.bindings
        .iter()
        .map(|b| format!("{} = {}", b.var, b.value))
        .collect()
}
