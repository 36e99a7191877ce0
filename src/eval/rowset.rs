//! A hash set of row numbers (what a relation's set and its indexes' heads
//! are), split into shards once it is large.
//!
//! A hash table grows by rehashing everything it holds at once: for a set
//! of tens of millions of rows, a pause of a second or more that no time
//! limit can interrupt. Split by some bits of the hash that the tables do
//! not use themselves, each shard grows on its own, so no pause is longer
//! than what a shard holds. Small sets (most of them) stay one table.
//!
//! It stores only row numbers: callers give the hash of each row and the
//! functions that compare and rehash rows, as with [`HashTable`].
//!
//! A split set can take many new rows on several threads at once
//! ([`RowSet::insert_new`]), each filling its own shards: the shards of
//! part `p` of `n` ([`RowSet::part_of`]).

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

/// Rows a set holds before it is split, at its next growth (fewer in unit
/// tests, so that they split sets of their size). Growing a table of that
/// many, or splitting it instead, takes some ten milliseconds.
const SPLIT_AT: usize = if cfg!(test) { 1 << 14 } else { 1 << 20 };
/// Rows from which a set that takes rows on several threads is split, so
/// that the threads can fill its shards (see [`RowSet::insert_new`]).
const SPLIT_FOR_THREADS_AT: usize = 1 << 16;
/// Shards of a split set.
const SHARDS: usize = 1 << 8;
/// Rows of a table whose growth counts as a pause (see
/// [`RowSet::growths`]).
const LONG_GROWTH: usize = 1 << 12;
/// The hash bits that choose the shard: above those a table of fewer than
/// 2^40 buckets uses for its position, below the top 7 it uses as tags.
const SHARD_SHIFT: u32 = 40;

/// A set of row numbers by hash (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct RowSet {
    /// The set while it is small.
    one: HashTable<u32>,
    /// Its shards once split (`one` is then empty).
    shards: Vec<HashTable<u32>>,
    /// How many times a table of at least [`LONG_GROWTH`] rows grew (what
    /// a caller with a time limit looks at: each such growth is a pause,
    /// and shards filling at the same pace grow one after the other).
    growths: u64,
}

#[inline]
fn shard_of(hash: u64) -> usize {
    (hash >> SHARD_SHIFT) as usize & (SHARDS - 1)
}

impl RowSet {
    /// Which of `parts` parts a row with this hash falls in: the parts
    /// divide the shards (and the hashes) in ranges, one a thread in
    /// [`RowSet::insert_new`].
    #[inline]
    pub fn part_of(hash: u64, parts: usize) -> usize {
        shard_of(hash) / SHARDS.div_ceil(parts)
    }

    /// Adds rows `first, first + 1, ...`, known not to be there, whose
    /// hashes are `hashes`. Once the set is split (on several threads,
    /// from [`SPLIT_FOR_THREADS_AT`] rows on), on `threads` threads, each
    /// filling the shards of its part (see [`RowSet::part_of`]); `hasher`
    /// rehashes any row.
    pub fn insert_new(
        &mut self,
        first: u32,
        hashes: &[u64],
        threads: usize,
        hasher: impl Fn(&u32) -> u64 + Sync,
    ) {
        if threads > 1 && !self.is_split() && self.len() + hashes.len() >= SPLIT_FOR_THREADS_AT {
            self.split(&hasher);
        }
        self.split_before(hashes.len(), &hasher);
        if !self.is_split() || threads < 2 {
            self.reserve(hashes.len(), &hasher);
            for (r, &h) in (first..).zip(hashes) {
                self.insert_unique(h, r, &hasher);
            }
            return;
        }
        let per_part = SHARDS.div_ceil(threads);
        let hasher = &hasher;
        let growths: u64 = std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .shards
                .chunks_mut(per_part)
                .enumerate()
                .map(|(part, shards)| {
                    scope.spawn(move || {
                        // Each shard grows at most once, to its new size.
                        let mut adding = vec![0usize; shards.len()];
                        for &h in hashes {
                            if Self::part_of(h, threads) == part {
                                adding[shard_of(h) - part * per_part] += 1;
                            }
                        }
                        let mut growths = 0;
                        for (t, n) in shards.iter_mut().zip(adding) {
                            if t.capacity() - t.len() < n {
                                if t.len() >= LONG_GROWTH {
                                    growths += 1;
                                }
                                t.reserve(n, hasher);
                            }
                        }
                        for (r, &h) in (first..).zip(hashes) {
                            if Self::part_of(h, threads) != part {
                                continue;
                            }
                            let t = &mut shards[shard_of(h) - part * per_part];
                            if t.len() == t.capacity() && t.len() >= LONG_GROWTH {
                                growths += 1;
                            }
                            t.insert_unique(h, r, hasher);
                        }
                        growths
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a set's worker does not panic"))
                .sum()
        });
        self.growths += growths;
    }

    /// An empty set.
    pub fn new() -> RowSet {
        RowSet::default()
    }

    #[inline]
    fn table(&self, hash: u64) -> &HashTable<u32> {
        if self.shards.is_empty() {
            &self.one
        } else {
            &self.shards[shard_of(hash)]
        }
    }

    #[inline]
    fn table_mut(&mut self, hash: u64) -> &mut HashTable<u32> {
        if self.shards.is_empty() {
            &mut self.one
        } else {
            &mut self.shards[shard_of(hash)]
        }
    }

    /// The table for `hash`, about to take one more row: a full table is
    /// about to grow, which counts if it is large; the one table is split
    /// instead once large.
    #[inline]
    fn table_for_one_more(
        &mut self,
        hash: u64,
        hasher: &impl Fn(&u32) -> u64,
    ) -> &mut HashTable<u32> {
        if self.shards.is_empty() {
            if self.one.len() < self.one.capacity() {
                return &mut self.one;
            }
            self.full(hasher);
            if self.shards.is_empty() {
                return &mut self.one;
            }
        }
        let t = &mut self.shards[shard_of(hash)];
        if t.len() == t.capacity() && t.len() >= LONG_GROWTH {
            self.growths += 1;
        }
        t
    }

    /// The one table is full: it is about to grow, or to be split.
    #[cold]
    fn full(&mut self, hasher: &impl Fn(&u32) -> u64) {
        if self.one.len() >= LONG_GROWTH {
            self.growths += 1;
        }
        if self.one.len() >= SPLIT_AT {
            self.split(hasher);
        }
    }

    /// How many times one of its tables grew so far, not counting those
    /// too small for the pause to matter.
    pub fn growths(&self) -> u64 {
        self.growths
    }

    /// Whether it is split into shards.
    pub fn is_split(&self) -> bool {
        !self.shards.is_empty()
    }

    /// Number of rows (adds up the shards).
    pub fn len(&self) -> usize {
        self.one.len() + self.shards.iter().map(HashTable::len).sum::<usize>()
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows it can hold without growing a table, while it is one table
    /// (`None` once split: shards grow one at a time).
    pub fn room(&self) -> Option<usize> {
        (!self.is_split()).then(|| self.one.capacity() - self.one.len())
    }

    /// The row with this hash for which `eq` holds.
    #[inline]
    pub fn find(&self, hash: u64, eq: impl FnMut(&u32) -> bool) -> Option<u32> {
        self.table(hash).find(hash, eq).copied()
    }

    /// The row with this hash for which `eq` holds, to change.
    #[inline]
    pub fn find_mut(&mut self, hash: u64, eq: impl FnMut(&u32) -> bool) -> Option<&mut u32> {
        self.table_mut(hash).find_mut(hash, eq)
    }

    /// Adds a row known not to be there.
    #[inline]
    pub fn insert_unique(&mut self, hash: u64, row: u32, hasher: impl Fn(&u32) -> u64) {
        self.table_for_one_more(hash, &hasher)
            .insert_unique(hash, row, hasher);
    }

    /// The row with this hash for which `eq` holds, or the place to add one.
    #[inline]
    pub fn entry(
        &mut self,
        hash: u64,
        eq: impl FnMut(&u32) -> bool,
        hasher: impl Fn(&u32) -> u64,
    ) -> Entry<'_, u32> {
        self.table_for_one_more(hash, &hasher)
            .entry(hash, eq, hasher)
    }

    /// Makes room for `additional` more rows: in the one table while they
    /// fit before the split, else in the shards that are still empty
    /// (growing the others would rehash them all at once).
    pub fn reserve(&mut self, additional: usize, hasher: impl Fn(&u32) -> u64) {
        self.split_before(additional, &hasher);
        if self.is_split() {
            let each = additional.div_ceil(SHARDS);
            for t in self.shards.iter_mut().filter(|t| t.is_empty()) {
                t.reserve(each, &hasher);
            }
        } else {
            self.one.reserve(additional, hasher);
        }
    }

    /// Splits the set if `additional` more rows would pass the size at
    /// which it is split.
    fn split_before(&mut self, additional: usize, hasher: &impl Fn(&u32) -> u64) {
        if self.shards.is_empty() && self.one.len() + additional > SPLIT_AT {
            self.split(hasher);
        }
    }

    #[cold]
    fn split(&mut self, hasher: &impl Fn(&u32) -> u64) {
        // Rows are hashed in order (a hash is computed from the row, and
        // rows read in the table's order would each be a cache miss), then
        // grouped by shard, so that each shard is filled while it is in
        // cache. Only row numbers and shard numbers are kept on the way (a
        // byte and two words a row), and each row is hashed again when it
        // is added to its shard.
        let mut rows: Vec<u32> = std::mem::take(&mut self.one).into_iter().collect();
        let n = rows.len();
        if rows.iter().max().is_some_and(|&m| m as usize + 1 == n) {
            // Every row of a relation (its set holds exactly 0..n).
            rows.iter_mut().zip(0..).for_each(|(r, i)| *r = i);
        } else {
            rows.sort_unstable();
        }
        let shard: Vec<u8> = rows.iter().map(|r| shard_of(hasher(r)) as u8).collect();
        let mut start = vec![0usize; SHARDS + 1];
        for &s in &shard {
            start[s as usize + 1] += 1;
        }
        for i in 0..SHARDS {
            start[i + 1] += start[i];
        }
        let mut grouped = vec![0u32; n];
        let mut at = start.clone();
        for (&r, &s) in rows.iter().zip(&shard) {
            grouped[at[s as usize]] = r;
            at[s as usize] += 1;
        }
        drop(rows);
        drop(shard);
        self.shards = (0..SHARDS)
            .map(|s| {
                let group = &grouped[start[s]..start[s + 1]];
                // Room to grow as much again before the shard's first
                // growth, as the one table would have had.
                let mut t = HashTable::with_capacity(2 * group.len());
                for r in group {
                    t.insert_unique(hasher(r), *r, hasher);
                }
                t
            })
            .collect();
    }

    /// Bytes held, roughly.
    pub fn heap_bytes(&self) -> usize {
        let tables =
            self.one.capacity() + self.shards.iter().map(HashTable::capacity).sum::<usize>();
        tables * 5 + self.shards.capacity() * std::mem::size_of::<HashTable<u32>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash that spreads its input over every bit (what `hash_row` does).
    fn hash(x: u32) -> u64 {
        let h = (x as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }

    #[test]
    fn a_set_finds_what_it_holds_before_and_after_the_split() {
        let mut s = RowSet::new();
        assert!(s.is_empty());
        let n = (8 * SPLIT_AT) as u32;
        let mut split_at = None;
        for x in 0..n {
            match s.entry(hash(x), |&r| r == x, |&r| hash(r)) {
                Entry::Vacant(v) => {
                    v.insert(x);
                }
                Entry::Occupied(_) => panic!("case {x}: new"),
            }
            if split_at.is_none() && s.is_split() {
                split_at = Some(x);
            }
        }
        // Split at the first growth from `SPLIT_AT` rows on: at 7/8 of a
        // power of two buckets.
        assert_eq!(split_at, Some((SPLIT_AT * 2 * 7 / 8) as u32));
        assert_eq!(s.room(), None);
        assert_eq!(s.len(), n as usize);
        // Growths of tables of 4,096 rows and more: the one table's, full
        // at 7,168, 14,336 and 28,672 rows (the last its split); the
        // shards, of 512 rows each now, are too small to count.
        assert_eq!(s.growths(), 3);
        // Every row is found, in its shard; none that is not there.
        for x in (0..n).step_by(97) {
            assert_eq!(s.find(hash(x), |&r| r == x), Some(x), "case find {x}");
            assert!(matches!(
                s.entry(hash(x), |&r| r == x, |&r| hash(r)),
                Entry::Occupied(_)
            ));
        }
        assert_eq!(s.find(hash(n), |&r| r == n), None);
        *s.find_mut(hash(5), |&r| r == 5).unwrap() = 5;
        // Every shard got some.
        assert!(s.shards.iter().all(|t| !t.is_empty()));
        s.insert_unique(hash(n), n, |&r| hash(r));
        assert_eq!(s.find(hash(n), |&r| r == n), Some(n));
    }

    #[test]
    fn many_new_rows_land_alike_on_one_thread_and_on_several() {
        // (rows there before, rows added): small and split sets, and a
        // small one that the new rows split.
        let cases: &[(u32, u32)] = &[
            (0, 100),
            (100, 5000),
            (SPLIT_AT as u32 * 2, 40_000),
            (SPLIT_AT as u32 - 10, 100),
        ];
        for &(before, added) in cases {
            let sets: Vec<RowSet> = [1, 2, 3]
                .iter()
                .map(|&threads| {
                    let mut s = RowSet::new();
                    for x in 0..before {
                        s.insert_unique(hash(x), x, |&r| hash(r));
                    }
                    let hashes: Vec<u64> = (before..before + added).map(hash).collect();
                    s.insert_new(before, &hashes, threads, |&r| hash(r));
                    s
                })
                .collect();
            for (i, s) in sets.iter().enumerate() {
                assert_eq!(
                    s.len(),
                    (before + added) as usize,
                    "case {before}+{added}, {i}"
                );
                for x in (0..before + added).step_by(7) {
                    assert_eq!(
                        s.find(hash(x), |&r| r == x),
                        Some(x),
                        "case {before}+{added}, {i}: row {x}"
                    );
                }
            }
        }
        for parts in [1, 2, 3, 4, 7] {
            for x in 0..1000 {
                assert!(
                    RowSet::part_of(hash(x), parts) < parts,
                    "case {parts} parts"
                );
            }
        }
    }

    #[test]
    fn reserving_past_the_split_shards_an_empty_set() {
        let mut s = RowSet::new();
        s.reserve(10, |&r| hash(r));
        assert_eq!(
            (s.is_split(), s.room().is_some_and(|r| r >= 10)),
            (false, true)
        );
        let mut big = RowSet::new();
        big.reserve(4 * SPLIT_AT, |&r| hash(r));
        assert!(big.is_split());
        assert!(
            big.shards
                .iter()
                .all(|t| t.capacity() >= 4 * SPLIT_AT / SHARDS)
        );
        for x in 0..1000 {
            big.insert_unique(hash(x), x, |&r| hash(r));
        }
        assert_eq!(big.len(), 1000);
    }
}
