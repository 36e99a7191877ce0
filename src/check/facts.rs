//! The ground facts of a checked program: two flat vectors per layer (the
//! knowledge base's facts, frozen and shared, then a scenario's own), so
//! that millions of facts stay compact and a scenario starts without
//! copying the base's.

use super::program::{PredId, SourceId};
use crate::source::Span;
use crate::value::{Period, Value};
use std::sync::Arc;

/// A ground fact, as [`Facts`] hands it out.
#[derive(Clone, Copy, Debug)]
pub struct Fact<'p> {
    /// Its predicate.
    pub pred: PredId,
    /// Its values.
    pub args: &'p [Value],
    /// The clause.
    pub span: Span,
    /// Its `@source`.
    pub source: Option<SourceId>,
    /// The period it applies in (`@valid`).
    pub valid: Period,
}

/// What is kept of a fact besides its values.
#[derive(Clone, Copy, Debug)]
struct FactEntry {
    pred: PredId,
    /// Index of its first value in `FactList::values`; the next fact's
    /// start ends them.
    start: u32,
    span: Span,
    /// `NO_SOURCE` or a [`SourceId`].
    source: SourceId,
}

const NO_SOURCE: SourceId = SourceId::MAX;

/// Ground facts in two flat vectors, 24 bytes per fact plus its values
/// (big generated files hold millions); the few dated ones are listed
/// apart.
#[derive(Clone, Debug, Default)]
struct FactList {
    entries: Vec<FactEntry>,
    values: Vec<Value>,
    /// The facts with a `@valid` period, by index, in order.
    dated: Vec<(u32, Period)>,
}

impl FactList {
    /// Adds a fact.
    fn push(
        &mut self,
        pred: PredId,
        args: &[Value],
        span: Span,
        source: Option<SourceId>,
        valid: Period,
    ) {
        if !valid.is_always() {
            self.dated.push((self.entries.len() as u32, valid));
        }
        self.entries.push(FactEntry {
            pred,
            start: self.values.len() as u32,
            span,
            source: source.unwrap_or(NO_SOURCE),
        });
        self.values.extend_from_slice(args);
    }

    /// Room for `facts` more facts with `values` values in all.
    fn reserve(&mut self, facts: usize, values: usize) {
        self.entries.reserve(facts);
        self.values.reserve(values);
    }

    /// Number of facts.
    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The `i`th fact.
    fn get(&self, i: usize) -> Fact<'_> {
        let e = &self.entries[i];
        let end = self
            .entries
            .get(i + 1)
            .map_or(self.values.len(), |n| n.start as usize);
        let valid = if self.dated.is_empty() {
            Period::ALWAYS
        } else {
            self.dated
                .binary_search_by_key(&(i as u32), |(j, _)| *j)
                .map_or(Period::ALWAYS, |k| self.dated[k].1)
        };
        Fact {
            pred: e.pred,
            args: &self.values[e.start as usize..end],
            span: e.span,
            source: (e.source != NO_SOURCE).then_some(e.source),
            valid,
        }
    }
}

/// Every ground fact of a program: the shared base's, then its own.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    base: Arc<FactList>,
    own: FactList,
}

impl Facts {
    /// Adds a fact.
    pub fn push(
        &mut self,
        pred: PredId,
        args: &[Value],
        span: Span,
        source: Option<SourceId>,
        valid: Period,
    ) {
        self.own.push(pred, args, span, source, valid);
    }

    /// Room for `facts` more facts with `values` values in all.
    pub fn reserve(&mut self, facts: usize, values: usize) {
        self.own.reserve(facts, values);
    }

    /// Number of facts, the base's included.
    pub fn len(&self) -> usize {
        self.base.len() + self.own.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th fact.
    pub fn get(&self, i: usize) -> Fact<'_> {
        let b = self.base.len();
        if i < b {
            self.base.get(i)
        } else {
            self.own.get(i - b)
        }
    }

    /// Every fact in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Fact<'_>> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The facts of this layer (not of the base), with their indexes.
    pub fn own(&self) -> impl ExactSizeIterator<Item = (usize, Fact<'_>)> + Clone + '_ {
        let b = self.base.len();
        (0..self.own.len()).map(move |i| (b + i, self.own.get(i)))
    }

    /// Makes every fact part of the shared base.
    pub fn freeze(&mut self) {
        if self.own.len() == 0 {
            return;
        }
        let own = std::mem::take(&mut self.own);
        if self.base.len() == 0 {
            self.base = Arc::new(own);
        } else {
            let base = Arc::make_mut(&mut self.base);
            for i in 0..own.len() {
                let f = own.get(i);
                base.push(f.pred, f.args, f.span, f.source, f.valid);
            }
        }
    }

    /// A new layer over these facts (frozen first if needed).
    pub fn layer(&self) -> Facts {
        let mut base = self.clone();
        base.freeze();
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_of_a_layer_follow_the_base() {
        let s = Span::default();
        let mut base = Facts::default();
        base.push(PredId(0), &[Value(1), Value(2)], s, None, Period::ALWAYS);
        let dated = Period {
            from: Some(crate::value::Date(10)),
            until: None,
        };
        base.push(PredId(1), &[], s, Some(3), dated);
        let mut over = base.layer();
        over.push(PredId(0), &[Value(5)], s, None, Period::ALWAYS);
        assert_eq!(over.len(), 3);
        assert_eq!(over.get(1).source, Some(3));
        assert_eq!(
            (over.get(0).valid, over.get(1).valid),
            (Period::ALWAYS, dated)
        );
        assert_eq!(over.get(2).args, &[Value(5)]);
        let own: Vec<usize> = over.own().map(|(i, _)| i).collect();
        assert_eq!(own, [2]);
        let all: Vec<PredId> = over.iter().map(|f| f.pred).collect();
        assert_eq!(all, [PredId(0), PredId(1), PredId(0)]);
        assert_eq!(base.len(), 2);
    }
}
