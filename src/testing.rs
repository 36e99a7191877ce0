//! Fixtures for unit tests: a program checked from text and evaluated,
//! with its texts, values and limits, for the tests of the layers after
//! `check` to start from.

use crate::check::{CheckError, Program, check};
use crate::eval::{Limits, Model, evaluate};
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

/// `text` as `t.kb`, checked (warnings allowed, errors not) and evaluated.
pub fn kb(text: &str) -> Kb {
    let mut map = SourceMap::new();
    let file = map.add("t.kb", text);
    let (module, errors) = parse_program(file, text);
    assert!(errors.is_empty(), "{text}: {errors:?}");
    let mut values = ValueStore::new();
    let (program, errors) = check([&module], &mut values);
    assert!(
        errors.iter().all(CheckError::is_warning),
        "{text}: {errors:?}"
    );
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
