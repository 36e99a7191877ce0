//! A relation: rows of interned values stored flat in one vector, a hash
//! set over whole rows for set semantics, and hash indexes on column
//! subsets that chain rows with equal keys (both [`RowSet`]s, split into
//! shards when large).
//!
//! Rows are only ever appended, so a row's number is also its age: the
//! semi-naive evaluator marks where each iteration ended and reads "old",
//! "delta" and "full" as row ranges, without copying anything. The same marks
//! tell the explainer in which iteration a tuple was first derived; they are
//! kept only for the rounds in which the relation grew.
//!
//! A rule run takes the set out ([`Relation::take_set`]) to find what it
//! derives among the rows and add what is new in one probe, and gives it
//! back with those rows ([`Relation::append`]).
//!
//! Invariant: no two rows are equal; `rows()` only grows.

use super::limits::{Budget, Stop};
use super::rowset::RowSet;
use crate::value::Value;
use hashbrown::hash_table::Entry;

/// "No row" in index chains.
pub const NONE: u32 = u32::MAX;

/// Rows indexed between two looks at the clock.
const ROWS_PER_CHECK: u32 = 1 << 12;

/// The hash of a whole row, as the relation's set uses it (what a rule
/// run hashes rows with in a set taken with [`Relation::take_set`]).
#[inline]
pub fn hash_row(row: &[Value]) -> u64 {
    hash_values(row.iter())
}

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
    heads: RowSet,
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
            heads: RowSet::new(),
            next: Vec::new(),
            upto: 0,
        }
    }

    /// The columns it indexes.
    pub fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Brings the index up to date with every row of `rel`, looking at
    /// the budget, if any, every few thousand rows and after a growth of
    /// its table (it is up to date with the rows before, if it stops).
    fn update(&mut self, rel: &Relation, budget: Option<&Budget>) -> Result<(), Stop> {
        let (data, arity, rows) = (&rel.data, rel.arity, rel.rows);
        self.next.reserve((rows - self.upto) as usize);
        let mut growths = self.heads.growths();
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
            if let Some(budget) = budget
                && (r % ROWS_PER_CHECK == 0 || self.heads.growths() != growths)
            {
                growths = self.heads.growths();
                if let Err(s) = budget.check() {
                    self.upto = r + 1;
                    return Err(s);
                }
            }
        }
        self.upto = rows;
        Ok(())
    }

    /// A complete index on `cols` over the rows `rel` has now.
    pub fn build(rel: &Relation, cols: &[usize]) -> Index {
        let mut ix = Index::new(cols);
        let _ = ix.update(rel, None);
        ix
    }

    /// [`Index::build`] within a budget.
    pub fn build_within(rel: &Relation, cols: &[usize], budget: &Budget) -> Result<Index, Stop> {
        let mut ix = Index::new(cols);
        ix.update(rel, Some(budget))?;
        Ok(ix)
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
        self.heads.heap_bytes() + self.next.capacity() * 4
    }
}

/// A set of rows of one arity.
#[derive(Clone, Debug)]
pub struct Relation {
    arity: usize,
    rows: u32,
    data: Vec<Value>,
    set: RowSet,
    indexes: Vec<Index>,
    /// Round marks, sparse: `(round, rows)` when the relation had `rows`
    /// rows at the end of evaluation round `round` of its stratum, recorded
    /// only for round 0 (the facts, before any rule runs) and the rounds in
    /// which it grew, rounds increasing. Row `r` was derived in the round
    /// of the first mark with more than `r` rows.
    marks: Vec<(u32, u32)>,
}

impl Relation {
    /// An empty relation.
    pub fn new(arity: usize) -> Relation {
        Relation {
            arity,
            rows: 0,
            data: Vec::new(),
            set: RowSet::new(),
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

    /// Every row's values, flat: row `r` is at `r * arity()`.
    #[inline]
    pub fn flat(&self) -> &[Value] {
        &self.data
    }

    /// Adds a row; false if it was there already.
    pub fn insert(&mut self, row: &[Value]) -> bool {
        debug_assert_eq!(row.len(), self.arity);
        let hash = hash_values(row.iter());
        let (data, arity) = (&self.data, self.arity);
        let at = |r: u32| &data[r as usize * arity..r as usize * arity + arity];
        match self
            .set
            .entry(hash, |&r| at(r) == row, |&r| hash_values(at(r).iter()))
        {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(self.rows);
                self.data.extend_from_slice(row);
                self.rows += 1;
                true
            }
        }
    }

    /// The number of the row equal to `row`, if any.
    #[inline]
    pub fn find(&self, row: &[Value]) -> Option<u32> {
        self.find_hashed(hash_values(row.iter()), row)
    }

    /// [`Relation::find`] for a row whose [`hash_row`] is `hash`.
    #[inline]
    pub fn find_hashed(&self, hash: u64, row: &[Value]) -> Option<u32> {
        let (data, arity) = (&self.data, self.arity);
        self.set.find(hash, |&r| {
            &data[r as usize * arity..r as usize * arity + arity] == row
        })
    }

    /// Appends `n` rows, flat in `new`, known to be distinct and not in
    /// the relation, looking at the budget, if any, every few thousand rows
    /// and after a growth of the set (with the rows before, if it stops).
    pub fn extend_new(
        &mut self,
        new: &[Value],
        n: usize,
        budget: Option<&Budget>,
    ) -> Result<(), Stop> {
        debug_assert_eq!(new.len(), n * self.arity);
        self.reserve(n);
        let arity = self.arity;
        let mut growths = self.set.growths();
        for i in 0..n {
            let row = &new[i * arity..i * arity + arity];
            debug_assert!(self.find(row).is_none(), "a new row");
            let hash = hash_row(row);
            let r = self.rows;
            self.data.extend_from_slice(row);
            self.rows += 1;
            let data = &self.data;
            self.set.insert_unique(hash, r, |&r| {
                hash_values(data[r as usize * arity..r as usize * arity + arity].iter())
            });
            if let Some(budget) = budget
                && (i % ROWS_PER_CHECK as usize == ROWS_PER_CHECK as usize - 1
                    || self.set.growths() != growths)
            {
                growths = self.set.growths();
                budget.check()?;
            }
        }
        Ok(())
    }

    /// Appends rows, flat in `new`, known to be distinct and not in the
    /// relation, whose hashes ([`hash_row`]) are `hashes`, adding them to
    /// the set on up to `threads` threads (see [`RowSet::insert_new`]).
    pub fn append_new(&mut self, new: &[Value], hashes: &[u64], threads: usize) {
        debug_assert_eq!(new.len(), hashes.len() * self.arity);
        let first = self.rows;
        self.data.extend_from_slice(new);
        self.rows += hashes.len() as u32;
        let (data, arity) = (&self.data, self.arity);
        self.set.insert_new(first, hashes, threads, |&r| {
            if r >= first {
                hashes[(r - first) as usize]
            } else {
                hash_values(data[r as usize * arity..r as usize * arity + arity].iter())
            }
        });
    }

    /// Takes out the set of rows (hashed with [`hash_row`]), for a rule run
    /// that finds in it the rows it derives and adds the new ones, numbered
    /// from [`Relation::rows`] on, in one probe. The relation must not be
    /// searched until [`Relation::append`] puts it back.
    pub fn take_set(&mut self) -> RowSet {
        std::mem::take(&mut self.set)
    }

    /// Appends `n` rows, flat in `new`, and puts back the set taken with
    /// [`Relation::take_set`], which holds them already.
    pub fn append(&mut self, set: RowSet, new: &[Value], n: usize) {
        debug_assert_eq!(new.len(), n * self.arity);
        debug_assert_eq!(set.len(), self.rows as usize + n);
        self.data.extend_from_slice(new);
        self.rows += n as u32;
        self.set = set;
    }

    /// How many times its set of rows grew so far (see
    /// [`RowSet::growths`]).
    pub fn growths(&self) -> u64 {
        self.set.growths()
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
        self.ensure_index_within(cols, None)
            .expect("no budget, no stop")
    }

    /// [`Relation::ensure_index`], looking at `budget`, if any, while it
    /// brings the index up to date.
    pub fn ensure_index_within(
        &mut self,
        cols: &[usize],
        budget: Option<&Budget>,
    ) -> Result<usize, Stop> {
        let i = match self.indexes.iter().position(|ix| ix.cols == cols) {
            Some(i) => i,
            None => {
                self.indexes.push(Index::new(cols));
                self.indexes.len() - 1
            }
        };
        let mut ix = std::mem::replace(&mut self.indexes[i], Index::new(&[]));
        let result = ix.update(self, budget);
        self.indexes[i] = ix;
        result.map(|()| i)
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
            let _ = ix.update(self, None);
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

    /// Starts the round marks of this relation's stratum: every row so
    /// far is a fact (round 0).
    pub fn start_marks(&mut self) {
        self.marks = vec![(0, self.rows)];
    }

    /// Marks the end of round `round` (after every earlier one): recorded
    /// only if the relation grew since the last mark.
    pub fn mark_round(&mut self, round: u32) {
        debug_assert!(self.marks.last().is_none_or(|&(r, _)| r < round));
        if self.marks.last().is_none_or(|&(_, rows)| rows < self.rows) {
            self.marks.push((round, self.rows));
        }
    }

    /// The round marks: `(round, rows at its end)` for round 0 and each
    /// round in which the relation grew (none for a predicate without
    /// rules).
    pub fn marks(&self) -> &[(u32, u32)] {
        &self.marks
    }

    /// The rows that were facts: a relation's facts are inserted before
    /// any rule runs, so they are its first rows, up to the mark its
    /// stratum set before its first round (all of them for a predicate
    /// without rules).
    pub fn fact_rows(&self) -> u32 {
        self.marks.first().map_or(self.rows, |&(_, rows)| rows)
    }

    /// The round in which row `r` was added: 0 for facts (and for every
    /// row of a predicate without rules).
    pub fn round_of(&self, r: u32) -> usize {
        let i = self.marks.partition_point(|&(_, rows)| rows <= r);
        match self.marks.get(i) {
            Some(&(round, _)) => round as usize,
            // Past every mark: only while the stratum is running.
            None => self
                .marks
                .last()
                .map_or(0, |&(round, _)| round as usize + 1),
        }
    }

    /// The rows added before round `round`: those of every earlier round
    /// (none before round 0; every row for a predicate without rules).
    pub fn rows_before_round(&self, round: usize) -> u32 {
        if round == 0 {
            return 0;
        }
        let i = self.marks.partition_point(|&(r, _)| (r as usize) < round);
        match i.checked_sub(1) {
            Some(i) => self.marks[i].1,
            None => self.rows,
        }
    }

    /// Bytes held, roughly: rows, set and indexes.
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() * 4
            + self.set.heap_bytes()
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
        r.start_marks();
        r.insert(&[v(3)]);
        assert_eq!(r.fact_rows(), 2);
    }

    #[test]
    fn sparse_marks_tell_the_round_of_each_row() {
        // Rows 0-1 are facts; rows 2-3 come in round 1, none in rounds 2
        // and 3, row 4 in round 4; round 5 adds nothing.
        let mut r = Relation::new(1);
        assert_eq!((r.round_of(0), r.rows_before_round(3)), (0, 0));
        r.insert(&[v(0)]);
        r.insert(&[v(1)]);
        assert_eq!(r.rows_before_round(3), 2, "no marks: every row");
        r.start_marks();
        r.insert(&[v(2)]);
        r.insert(&[v(3)]);
        r.mark_round(1);
        r.mark_round(2);
        r.mark_round(3);
        r.insert(&[v(4)]);
        r.mark_round(4);
        r.mark_round(5);
        assert_eq!(r.marks(), &[(0, 2), (1, 4), (4, 5)]);
        // (row, its round).
        let rounds: &[(u32, usize)] = &[(0, 0), (1, 0), (2, 1), (3, 1), (4, 4)];
        for (row, round) in rounds {
            assert_eq!(r.round_of(*row), *round, "case round of row {row}");
        }
        // (round, rows before it).
        let before: &[(usize, u32)] = &[(0, 0), (1, 2), (2, 4), (3, 4), (4, 4), (5, 5), (9, 5)];
        for (round, rows) in before {
            assert_eq!(
                r.rows_before_round(*round),
                *rows,
                "case rows before round {round}"
            );
        }
        // A fresh start forgets the old marks.
        r.start_marks();
        assert_eq!(r.marks(), &[(0, 5)]);
        assert_eq!(r.fact_rows(), 5);
    }

    #[test]
    fn zero_arity() {
        let mut r = Relation::new(0);
        assert!(r.insert(&[]));
        assert!(!r.insert(&[]));
        assert_eq!(r.rows(), 1);
        assert_eq!(r.find(&[]), Some(0));
    }

    #[test]
    fn a_set_taken_out_comes_back_with_the_rows_it_gained() {
        let mut r = Relation::new(2);
        r.insert(&[v(1), v(2)]);
        let mut set = r.take_set();
        // What a rule run does: find each row among the old ones and the
        // new, and add it if it is new.
        let new = [v(3), v(4)];
        let hash = hash_row(&new);
        assert!(set.find(hash, |&x| x == 1).is_none());
        set.insert_unique(hash, 1, |_| 0);
        r.append(set, &new, 1);
        assert_eq!(r.rows(), 2);
        assert_eq!(r.find(&new), Some(1));
        assert_eq!(r.find(&[v(1), v(2)]), Some(0));
        assert!(!r.insert(&new));
        assert!(r.insert(&[v(4), v(3)]));
        assert_eq!(r.rows(), 3);
        // Zero arity.
        let mut z = Relation::new(0);
        let mut set = z.take_set();
        set.insert_unique(hash_row(&[]), 0, |_| 0);
        z.append(set, &[], 1);
        assert_eq!((z.rows(), z.find(&[])), (1, Some(0)));
    }
}
