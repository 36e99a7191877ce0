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
/// row the next older row with the same key.
#[derive(Clone, Debug)]
pub struct Index {
    cols: Vec<usize>,
    heads: HashTable<u32>,
    next: Vec<u32>,
    upto: u32,
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
    /// every row. Returns its number for [`Relation::probe`].
    pub fn ensure_index(&mut self, cols: &[usize]) -> usize {
        let i = match self.indexes.iter().position(|ix| ix.cols == cols) {
            Some(i) => i,
            None => {
                self.indexes.push(Index {
                    cols: cols.to_vec(),
                    heads: HashTable::new(),
                    next: Vec::new(),
                    upto: 0,
                });
                self.indexes.len() - 1
            }
        };
        let (data, arity, rows) = (&self.data, self.arity, self.rows);
        let ix = &mut self.indexes[i];
        ix.next.reserve((rows - ix.upto) as usize);
        for r in ix.upto..rows {
            let row = &data[r as usize * arity..r as usize * arity + arity];
            let hash = hash_values(ix.cols.iter().map(|&c| &row[c]));
            let cols = &ix.cols;
            let key_eq = |&h: &u32| {
                let other = &data[h as usize * arity..h as usize * arity + arity];
                cols.iter().all(|&c| other[c] == row[c])
            };
            match ix.heads.find_mut(hash, key_eq) {
                Some(head) => {
                    ix.next.push(*head);
                    *head = r;
                }
                None => {
                    ix.next.push(NONE);
                    ix.heads.insert_unique(hash, r, |&h| {
                        let other = &data[h as usize * arity..h as usize * arity + arity];
                        hash_values(cols.iter().map(|&c| &other[c]))
                    });
                }
            }
        }
        ix.upto = rows;
        i
    }

    /// The newest row whose indexed columns equal `key` (then follow
    /// [`Relation::next`]). Rows added after the index was last brought up
    /// to date are not seen.
    #[inline]
    pub fn probe(&self, index: usize, key: &[Value]) -> u32 {
        let ix = &self.indexes[index];
        let hash = hash_values(key.iter());
        let (data, arity) = (&self.data, self.arity);
        ix.heads
            .find(hash, |&h| {
                let row = &data[h as usize * arity..h as usize * arity + arity];
                ix.cols.iter().zip(key).all(|(&c, k)| row[c] == *k)
            })
            .copied()
            .unwrap_or(NONE)
    }

    /// The next older row with the same key as `row` in index `index`.
    #[inline]
    pub fn next(&self, index: usize, row: u32) -> u32 {
        self.indexes[index].next[row as usize]
    }

    /// The columns of index `index`.
    pub fn index_cols(&self, index: usize) -> &[usize] {
        &self.indexes[index].cols
    }

    /// The round in which row `r` was added (see [`Relation::marks`]).
    pub fn round_of(&self, r: u32) -> usize {
        self.marks.partition_point(|&m| m <= r)
    }

    /// Bytes held, roughly: rows, set and indexes.
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() * 4
            + self.set.capacity() * 5
            + self
                .indexes
                .iter()
                .map(|ix| ix.heads.capacity() * 5 + ix.next.capacity() * 4)
                .sum::<usize>()
    }

    /// Drops every index (they are rebuilt on demand).
    pub fn drop_indexes(&mut self) {
        self.indexes.clear();
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
