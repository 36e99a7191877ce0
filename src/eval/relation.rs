//! A relation: rows of interned values stored flat in one vector, a hash
//! table over whole rows for set semantics, and hash indexes on column
//! subsets that chain rows with equal keys.
//!
//! Rows are only ever appended, so a row's number is also its age: the
//! semi-naive evaluator marks where each iteration ended and reads "old",
//! "delta" and "full" as row ranges, without copying anything. The same marks
//! tell the explainer in which iteration a tuple was first derived.
//!
//! Invariant: no two rows are equal; `rows()` only grows.

use crate::value::Value;
use hashbrown::HashTable;

/// "No row" in index chains.
pub const NONE: u32 = u32::MAX;

#[inline]
fn hash_values<'a>(values: impl Iterator<Item = &'a Value>) -> u64 {
    // FxHash-style word mixing; hashbrown takes the top bits for its
    // control bytes, so finish with a multiply that spreads them.
    let mut h: u64 = 0;
    for v in values {
        h = (h.rotate_left(5) ^ v.0 as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h ^ (h >> 29)
}

/// An index on some columns: key -> newest row with that key, and for every
/// row the next older row with the same key. It belongs to one relation
/// (its [`Relation::indexes`], or a scenario's side table for a shared
/// relation it may not change) and is probed with that relation's rows.
#[derive(Clone, Debug)]
pub struct Index {
    cols: Vec<usize>,
    heads: HashTable<u32>,
    next: Vec<u32>,
    upto: u32,
}

/// Which index a plan step probes: one of the relation's own, or one of
/// the side table of the model reading it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexRef(u32);

const SIDE: u32 = 1 << 31;

impl IndexRef {
    /// The relation's index number `i`.
    pub fn own(i: usize) -> IndexRef {
        IndexRef(i as u32)
    }

    /// Entry `i` of the model's side table.
    pub fn side(i: usize) -> IndexRef {
        IndexRef(SIDE | i as u32)
    }

    /// `Ok(i)` for the relation's index `i`, `Err(i)` for side entry `i`.
    #[inline]
    pub fn place(self) -> Result<usize, usize> {
        if self.0 & SIDE == 0 {
            Ok(self.0 as usize)
        } else {
            Err((self.0 & !SIDE) as usize)
        }
    }
}

impl Index {
    fn new(cols: &[usize]) -> Index {
        Index {
            cols: cols.to_vec(),
            heads: HashTable::new(),
            next: Vec::new(),
            upto: 0,
        }
    }

    /// The columns it indexes.
    pub fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Brings the index up to date with every row of `rel`.
    fn update(&mut self, rel: &Relation) {
        let (data, arity, rows) = (&rel.data, rel.arity, rel.rows);
        self.next.reserve((rows - self.upto) as usize);
        for r in self.upto..rows {
            let row = &data[r as usize * arity..r as usize * arity + arity];
            let hash = hash_values(self.cols.iter().map(|&c| &row[c]));
            let cols = &self.cols;
            let key_eq = |&h: &u32| {
                let other = &data[h as usize * arity..h as usize * arity + arity];
                cols.iter().all(|&c| other[c] == row[c])
            };
            match self.heads.find_mut(hash, key_eq) {
                Some(head) => {
                    self.next.push(*head);
                    *head = r;
                }
                None => {
                    self.next.push(NONE);
                    self.heads.insert_unique(hash, r, |&h| {
                        let other = &data[h as usize * arity..h as usize * arity + arity];
                        hash_values(cols.iter().map(|&c| &other[c]))
                    });
                }
            }
        }
        self.upto = rows;
    }

    /// A complete index on `cols` over the rows `rel` has now.
    pub fn build(rel: &Relation, cols: &[usize]) -> Index {
        let mut ix = Index::new(cols);
        ix.update(rel);
        ix
    }

    /// The newest row of `rel` whose indexed columns equal `key` (then
    /// follow [`Index::next`]). Rows added after the index was last brought
    /// up to date are not seen.
    #[inline]
    pub fn probe(&self, rel: &Relation, key: &[Value]) -> u32 {
        let hash = hash_values(key.iter());
        let (data, arity) = (&rel.data, rel.arity);
        self.heads
            .find(hash, |&h| {
                let row = &data[h as usize * arity..h as usize * arity + arity];
                self.cols.iter().zip(key).all(|(&c, k)| row[c] == *k)
            })
            .copied()
            .unwrap_or(NONE)
    }

    /// The next older row with the same key as row `r`.
    #[inline]
    pub fn next(&self, r: u32) -> u32 {
        self.next[r as usize]
    }

    /// Whether it covers every row of `rel`.
    pub fn is_complete(&self, rel: &Relation) -> bool {
        self.upto == rel.rows
    }

    fn heap_bytes(&self) -> usize {
        self.heads.capacity() * 5 + self.next.capacity() * 4
    }
}

/// A set of rows of one arity.
#[derive(Clone, Debug)]
pub struct Relation {
    arity: usize,
    rows: u32,
    data: Vec<Value>,
    set: HashTable<u32>,
    indexes: Vec<Index>,
    /// Row counts at the end of each evaluation round of this relation's
    /// stratum: row `r` was derived in round `i` when
    /// `marks[i-1] <= r < marks[i]` (round 0 holds the facts).
    pub marks: Vec<u32>,
}

impl Relation {
    /// An empty relation.
    pub fn new(arity: usize) -> Relation {
        Relation {
            arity,
            rows: 0,
            data: Vec::new(),
            set: HashTable::new(),
            indexes: Vec::new(),
            marks: Vec::new(),
        }
    }

    /// Number of columns.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// Number of rows.
    #[inline]
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Row `r`.
    #[inline]
    pub fn row(&self, r: u32) -> &[Value] {
        let a = self.arity;
        &self.data[r as usize * a..r as usize * a + a]
    }

    /// Adds a row; false if it was there already.
    pub fn insert(&mut self, row: &[Value]) -> bool {
        debug_assert_eq!(row.len(), self.arity);
        let hash = hash_values(row.iter());
        let (data, arity) = (&self.data, self.arity);
        let found = self
            .set
            .find(hash, |&r| {
                &data[r as usize * arity..r as usize * arity + arity] == row
            })
            .is_some();
        if found {
            return false;
        }
        let r = self.rows;
        self.data.extend_from_slice(row);
        self.rows += 1;
        let (data, arity) = (&self.data, self.arity);
        self.set.insert_unique(hash, r, |&r| {
            hash_values(data[r as usize * arity..r as usize * arity + arity].iter())
        });
        true
    }

    /// The number of the row equal to `row`, if any.
    #[inline]
    pub fn find(&self, row: &[Value]) -> Option<u32> {
        let hash = hash_values(row.iter());
        let (data, arity) = (&self.data, self.arity);
        self.set
            .find(hash, |&r| {
                &data[r as usize * arity..r as usize * arity + arity] == row
            })
            .copied()
    }

    /// Reserves room for `n` more rows.
    pub fn reserve(&mut self, n: usize) {
        self.data.reserve(n * self.arity);
        let (data, arity) = (&self.data, self.arity);
        self.set.reserve(n, |&r| {
            hash_values(data[r as usize * arity..r as usize * arity + arity].iter())
        });
    }

    /// The index on `cols`, created if needed and brought up to date with
    /// every row. Returns its number for [`Relation::index_at`].
    pub fn ensure_index(&mut self, cols: &[usize]) -> usize {
        let i = match self.indexes.iter().position(|ix| ix.cols == cols) {
            Some(i) => i,
            None => {
                self.indexes.push(Index::new(cols));
                self.indexes.len() - 1
            }
        };
        let mut ix = std::mem::replace(&mut self.indexes[i], Index::new(&[]));
        ix.update(self);
        self.indexes[i] = ix;
        i
    }

    /// The number of a complete index on `cols`, if the relation has one
    /// (what a reader that may not change the relation can use).
    pub fn find_index(&self, cols: &[usize]) -> Option<usize> {
        self.indexes
            .iter()
            .position(|ix| ix.cols == cols && ix.is_complete(self))
    }

    /// Brings every index up to date (before the relation is shared).
    pub fn update_indexes(&mut self) {
        for i in 0..self.indexes.len() {
            let mut ix = std::mem::replace(&mut self.indexes[i], Index::new(&[]));
            ix.update(self);
            self.indexes[i] = ix;
        }
    }

    /// Index number `i`.
    #[inline]
    pub fn index_at(&self, i: usize) -> &Index {
        &self.indexes[i]
    }

    /// The newest row whose columns of index `index` equal `key` (then
    /// follow [`Relation::next`]).
    #[inline]
    pub fn probe(&self, index: usize, key: &[Value]) -> u32 {
        self.indexes[index].probe(self, key)
    }

    /// The next older row with the same key as `row` in index `index`.
    #[inline]
    pub fn next(&self, index: usize, row: u32) -> u32 {
        self.indexes[index].next(row)
    }

    /// The rows that were facts: a relation's facts are inserted before
    /// any rule runs, so they are its first rows, up to the mark its
    /// stratum set before its first round (all of them for a predicate
    /// without rules).
    pub fn fact_rows(&self) -> u32 {
        self.marks.first().copied().unwrap_or(self.rows)
    }

    /// The round in which row `r` was added (see [`Relation::marks`]).
    pub fn round_of(&self, r: u32) -> usize {
        self.marks.partition_point(|&m| m <= r)
    }

    /// Bytes held, roughly: rows, set and indexes.
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() * 4
            + self.set.capacity() * 5
            + self.indexes.iter().map(Index::heap_bytes).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: u32) -> Value {
        Value(x)
    }

    #[test]
    fn set_semantics_and_indexes() {
        let mut r = Relation::new(2);
        assert!(r.insert(&[v(1), v(2)]));
        assert!(!r.insert(&[v(1), v(2)]));
        assert!(r.insert(&[v(1), v(3)]));
        assert!(r.insert(&[v(2), v(3)]));
        assert_eq!(r.rows(), 3);
        assert_eq!(r.find(&[v(1), v(3)]), Some(1));
        let ix = r.ensure_index(&[0]);
        let mut rows = Vec::new();
        let mut at = r.probe(ix, &[v(1)]);
        while at != NONE {
            rows.push(at);
            at = r.next(ix, at);
        }
        assert_eq!(rows, vec![1, 0], "newest first");
        r.insert(&[v(1), v(4)]);
        assert_eq!(
            r.probe(ix, &[v(1)]),
            1,
            "not seen before the index catches up"
        );
        let ix = r.ensure_index(&[0]);
        assert_eq!(r.probe(ix, &[v(1)]), 3);
        assert_eq!(r.probe(ix, &[v(9)]), NONE);
        assert_eq!(r.find_index(&[0]), Some(ix));
        assert_eq!(r.find_index(&[1]), None);
        r.insert(&[v(5), v(6)]);
        assert_eq!(r.find_index(&[0]), None, "behind the rows");
        r.update_indexes();
        assert_eq!(r.find_index(&[0]), Some(ix));
        let side = Index::build(&r, &[1]);
        assert_eq!(side.probe(&r, &[v(3)]), 2);
        assert_eq!(side.next(2), 1);
        assert_eq!(side.next(1), NONE);
    }

    #[test]
    fn index_refs_tell_own_from_side() {
        assert_eq!(IndexRef::own(3).place(), Ok(3));
        assert_eq!(IndexRef::side(3).place(), Err(3));
        assert_eq!(IndexRef::default().place(), Ok(0));
    }

    #[test]
    fn facts_are_the_first_rows() {
        let mut r = Relation::new(1);
        r.insert(&[v(1)]);
        r.insert(&[v(2)]);
        assert_eq!(r.fact_rows(), 2);
        r.marks = vec![2];
        r.insert(&[v(3)]);
        assert_eq!(r.fact_rows(), 2);
    }

    #[test]
    fn zero_arity() {
        let mut r = Relation::new(0);
        assert!(r.insert(&[]));
        assert!(!r.insert(&[]));
        assert_eq!(r.rows(), 1);
        assert_eq!(r.find(&[]), Some(0));
    }
}
