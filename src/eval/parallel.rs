//! A rule run split across threads: the rows of its first scan (in a
//! recursive stratum, usually the delta) in chunks, each run by a worker
//! into a buffer of its own, then merged into what the run on one thread
//! keeps, in the same order.
//!
//! 1. Workers take chunks in turn and run the plan over them, each with its
//!    own budget (the same deadline and interrupt flag). While they run,
//!    nothing changes: they read the head relation's set in place to drop
//!    what it holds already, and keep each chunk's tuples distinct in a set
//!    of their own.
//! 2. A tuple found in two chunks is kept in the first: the tuples are
//!    divided by hash into one part per thread (the parts of
//!    [`RowSet::part_of`]), each part read through the chunks in order.
//! 3. The calling thread gathers the tuples kept, chunk by chunk: the rows
//!    and their order are those the run on one thread finds, so round
//!    marks, explanations and unsorted answers do not depend on threads.
//!
//! Only plans that compute no value are split ([`can_split`]): a worker
//! reads the value store and never interns in it, so every handle is the
//! one the run on one thread would make. A worker that meets a run-time
//! error, or more tuples than the limit allows, gives the run back to one
//! thread ([`Outcome::Serial`]): nothing was changed, and the run on one
//! thread reports what it always has, at the same solution.

use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Stop};
use super::model::Model;
use super::plan::{Operand, Step};
use super::rowset::RowSet;
use crate::check::program::{Expr, PredId};
use crate::source::Span;
use crate::value::{Value, ValueStore};
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

/// Chunks of the first scan per thread: more than one, so that a thread
/// whose chunks take longer does not hold the others up.
const CHUNKS_PER_THREAD: usize = 2;

/// Tuples kept by the workers below which their duplicates are found on
/// the calling thread alone.
const SPLIT_MERGE_AT: usize = 1 << 14;

/// Whether a plan emitting `head` can be split across threads: the head
/// has columns, the first step scans a relation, and no step and no head
/// operand computes a value (an expression would intern, an aggregate
/// too). Comparisons may still fail at run time: see [`Outcome::Serial`].
pub fn can_split(steps: &[Step], head: &[Operand]) -> bool {
    let plain = |o: &Operand| matches!(o, Operand::Var(_) | Operand::Const(_));
    let plain_expr = |e: &Expr| matches!(e, Expr::Var(_) | Expr::Const(_));
    let first_is_scan = matches!(
        steps.first(),
        Some(Step::Join { key, exists: false, .. }) if key.is_empty()
    );
    first_is_scan
        && !head.is_empty()
        && head.iter().all(plain)
        && steps.iter().all(|step| match step {
            Step::Join { key, .. } | Step::NotExists { key, .. } => {
                key.iter().all(|(_, o)| plain(o))
            }
            Step::Contains { args, .. } => args.iter().all(plain),
            Step::Filter { lhs, rhs, .. } => plain_expr(lhs) && plain_expr(rhs),
            Step::Bind { expr, .. } => plain_expr(expr),
            Step::Agg(_) => false,
        })
}

/// A rule run to split: what [`Exec::new`] takes, and how.
pub struct Split<'a> {
    /// The relations, read by every worker at once.
    pub model: &'a Model,
    /// The semi-naive watermarks.
    pub marks: &'a [Watermark],
    /// Read, never interned in.
    pub store: &'a ValueStore,
    /// The run's budget: each worker gets one with its deadline and flag.
    pub budget: &'a Budget,
    /// The rule's variables.
    pub vars: usize,
    /// The plan.
    pub steps: &'a [Step],
    /// The head's operands (variables and constants).
    pub head: &'a [Operand],
    /// Where the head is.
    pub head_span: Span,
    /// Where each literal of the body is.
    pub spans: &'a [Span],
    /// The head relation, if the run keeps only tuples new to it (else it
    /// is empty and the plan cannot find a tuple twice: every one is new).
    pub known: Option<PredId>,
    /// New tuples the run may keep.
    pub allowed: usize,
    /// The rows of the first scan.
    pub rows: (u32, u32),
    /// The threads to run on (the calling one included).
    pub threads: usize,
}

/// What a split run found.
pub enum Outcome {
    /// The tuples to add, flat, in the order of the run on one thread, and
    /// their hashes if the run kept distinct tuples.
    Kept {
        /// The tuples, flat.
        out: Vec<Value>,
        /// Their hashes ([`hash_row`](super::relation::hash_row)), or none.
        hashes: Vec<u64>,
    },
    /// One more tuple than allowed (every worker ran to its end without an
    /// error, so the run on one thread stops there too).
    Enough,
    /// A limit on time, or the interrupt flag.
    Stop(Stop),
    /// A worker met a run-time error or more tuples than allowed: run on
    /// one thread instead, which fails at the same solution as always.
    Serial,
}

/// What a worker kept of one chunk: its tuples flat, their hashes, and
/// how its run ended.
struct Chunk {
    out: Vec<Value>,
    hashes: Vec<u64>,
    result: Result<(), Fail>,
}

impl Split<'_> {
    /// Runs the plan over the first scan's rows in chunks on the threads,
    /// and merges what they kept.
    pub fn run(&self) -> Outcome {
        let chunks = self.chunks();
        let results = self.run_chunks(&chunks);
        let mut kept = Vec::with_capacity(results.len());
        for chunk in results {
            match chunk.result {
                Ok(()) => kept.push(chunk),
                Err(Fail::Stop(s)) => return Outcome::Stop(s),
                Err(Fail::Error(_) | Fail::Enough) => return Outcome::Serial,
            }
        }
        if kept.len() < chunks.len() {
            // A chunk was skipped after another failed (not a stop).
            return Outcome::Serial;
        }
        if let Err(s) = self.budget.check() {
            return Outcome::Stop(s);
        }
        let arity = self.head.len();
        let (duplicates, repeated) = if self.known.is_some() {
            self.duplicates(&kept)
        } else {
            // Every tuple is new, and found once.
            (
                kept.iter().map(|_| Vec::new()).collect(),
                vec![0; kept.len()],
            )
        };
        let sizes: Vec<usize> = kept
            .iter()
            .zip(&repeated)
            .map(|(c, r)| c.out.len() / arity - r)
            .collect();
        let rows: usize = sizes.iter().sum();
        if rows > self.allowed {
            return Outcome::Enough;
        }
        let mut out = vec![Value::default(); rows * arity];
        let mut hashes = vec![0; if self.known.is_some() { rows } else { 0 }];
        self.gather(&kept, &duplicates, &sizes, &mut out, &mut hashes);
        Outcome::Kept { out, hashes }
    }

    /// Copies each chunk's tuples that are not duplicates (and their
    /// hashes, if any) into its place in `out` (and `hashes`), chunk after
    /// chunk; `sizes` says how many each chunk keeps.
    fn gather(
        &self,
        chunks: &[Chunk],
        duplicates: &[Vec<AtomicU8>],
        sizes: &[usize],
        out: &mut [Value],
        hashes: &mut [u64],
    ) {
        let arity = self.head.len();
        let threads = if out.len() / arity < SPLIT_MERGE_AT {
            1
        } else {
            self.threads
        };
        // Each thread's chunks, with the places they go to.
        type Place<'o> = (usize, &'o mut [Value], &'o mut [u64]);
        let mut jobs: Vec<Vec<Place>> = (0..threads).map(|_| Vec::new()).collect();
        let (mut out, mut hashes) = (out, hashes);
        for (c, &n) in sizes.iter().enumerate() {
            let (here, rest) = std::mem::take(&mut out).split_at_mut(n * arity);
            out = rest;
            let h = if hashes.is_empty() { 0 } else { n };
            let (here_hashes, rest) = std::mem::take(&mut hashes).split_at_mut(h);
            hashes = rest;
            jobs[c % threads].push((c, here, here_hashes));
        }
        let copy = |job: Vec<Place>| {
            for (c, out, hashes) in job {
                let (chunk, dup) = (&chunks[c], &duplicates[c]);
                let mut k = 0;
                for i in 0..chunk.out.len() / arity {
                    if dup.get(i).is_some_and(|d| d.load(Ordering::Relaxed) != 0) {
                        continue;
                    }
                    out[k * arity..k * arity + arity]
                        .copy_from_slice(&chunk.out[i * arity..i * arity + arity]);
                    if !hashes.is_empty() {
                        hashes[k] = chunk.hashes[i];
                    }
                    k += 1;
                }
            }
        };
        let mut jobs = jobs.into_iter();
        let first = jobs.next().unwrap_or_default();
        std::thread::scope(|scope| {
            for job in jobs {
                scope.spawn(move || copy(job));
            }
            copy(first);
        });
    }

    /// The first scan's rows in chunks of about equal size.
    fn chunks(&self) -> Vec<(u32, u32)> {
        let (lo, hi) = self.rows;
        let n = (self.threads * CHUNKS_PER_THREAD)
            .min((hi - lo) as usize)
            .max(1) as u32;
        let size = (hi - lo).div_ceil(n);
        (0..n)
            .map(|i| (lo + i * size, (lo + (i + 1) * size).min(hi)))
            .filter(|(a, b)| a < b)
            .collect()
    }

    /// Runs every chunk, the threads taking them in turn (the calling
    /// thread is one of them); after a failure, the chunks not started are
    /// skipped. The results come back in chunk order.
    fn run_chunks(&self, chunks: &[(u32, u32)]) -> Vec<Chunk> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let done: Mutex<Vec<(usize, Chunk)>> = Mutex::new(Vec::with_capacity(chunks.len()));
        let work = || {
            let mut mine = Vec::new();
            while !failed.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&rows) = chunks.get(i) else { break };
                let chunk = self.run_chunk(rows);
                if chunk.result.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                mine.push((i, chunk));
            }
            done.lock().expect("no worker panics").extend(mine);
        };
        std::thread::scope(|scope| {
            for _ in 1..self.threads.min(chunks.len()) {
                scope.spawn(work);
            }
            work();
        });
        let mut done = done.into_inner().expect("no worker panics");
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, c)| c).collect()
    }

    /// One worker's run over the rows `rows` of the first scan.
    fn run_chunk(&self, rows: (u32, u32)) -> Chunk {
        let mut budget = self.budget.worker();
        let mut exec = Exec::new(
            self.model,
            self.marks,
            self.store,
            &mut budget,
            self.vars,
            self.head,
            self.head_span,
        );
        exec.first_rows = Some(rows);
        if let Some(known) = self.known {
            // Room for a new tuple per row scanned, as many as the limit
            // allows, so that the set seldom grows.
            let expected = ((rows.1 - rows.0) as usize).min(self.allowed);
            exec.distinct_beside(known, expected);
        }
        exec.max_rows = self.allowed;
        let result = exec
            .run(self.steps, 0, Spans::Body(self.spans))
            .and_then(|()| exec.finish());
        let (out, hashes) = exec.take_kept();
        Chunk {
            out,
            hashes,
            result,
        }
    }

    /// For each chunk, which of its tuples an earlier chunk kept already
    /// (non-zero), and how many: the tuples of each hash part read through
    /// the chunks in order, one part per thread when there are many.
    fn duplicates(&self, chunks: &[Chunk]) -> (Vec<Vec<AtomicU8>>, Vec<usize>) {
        let flags: Vec<Vec<AtomicU8>> = chunks
            .iter()
            .map(|c| c.hashes.iter().map(|_| AtomicU8::new(0)).collect())
            .collect();
        if chunks.len() < 2 {
            return (flags, vec![0; chunks.len()]);
        }
        let total: usize = chunks.iter().map(|c| c.hashes.len()).sum();
        let parts = if total < SPLIT_MERGE_AT {
            1
        } else {
            self.threads
        };
        let flags_ref = &flags;
        let part = |p: usize| mark_duplicates(chunks, self.head.len(), p, parts, flags_ref);
        let counts: Vec<Vec<usize>> = std::thread::scope(|scope| {
            let others: Vec<_> = (1..parts).map(|p| scope.spawn(move || part(p))).collect();
            let mut counts = vec![part(0)];
            counts.extend(
                others
                    .into_iter()
                    .map(|w| w.join().expect("no worker panics")),
            );
            counts
        });
        let repeated = (0..chunks.len())
            .map(|c| counts.iter().map(|part| part[c]).sum())
            .collect();
        (flags, repeated)
    }
}

/// Marks in `flags` the tuples of hash part `part` (of `parts`) that an
/// earlier chunk has; returns how many it marked in each chunk.
fn mark_duplicates(
    chunks: &[Chunk],
    arity: usize,
    part: usize,
    parts: usize,
    flags: &[Vec<AtomicU8>],
) -> Vec<usize> {
    let mut marked = vec![0; chunks.len()];
    let row = |(c, i): (u32, u32)| {
        let k = i as usize * arity;
        &chunks[c as usize].out[k..k + arity]
    };
    let hash = |(c, i): (u32, u32)| chunks[c as usize].hashes[i as usize];
    let total: usize = chunks.iter().map(|c| c.hashes.len()).sum();
    let mut seen: HashTable<(u32, u32)> = HashTable::with_capacity(total / parts + total / 64);
    for (c, chunk) in chunks.iter().enumerate() {
        for (i, &h) in chunk.hashes.iter().enumerate() {
            if parts > 1 && RowSet::part_of(h, parts) != part {
                continue;
            }
            let at = (c as u32, i as u32);
            let this = row(at);
            match seen.entry(h, |&other| row(other) == this, |&other| hash(other)) {
                Entry::Occupied(_) => {
                    flags[c][i].store(1, Ordering::Relaxed);
                    marked[c] += 1;
                }
                Entry::Vacant(v) => {
                    v.insert(at);
                }
            }
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use crate::eval::{Limits, Model, evaluate};
    use crate::value::{Value, ValueStore};
    use proptest::prelude::*;
    use std::fmt::Write as _;
    use std::num::NonZeroUsize;

    /// A relation's rows, flat, and its round marks.
    type Rows = (Vec<Value>, Vec<(u32, u32)>);

    /// Everything evaluation produced that threads must not change: each
    /// relation's rows in order and its round marks, the model's counts,
    /// and the values interned (or the error).
    #[derive(Debug, PartialEq)]
    struct Seen {
        relations: Vec<Rows>,
        tuples: u64,
        rounds: usize,
        texts: usize,
        error: Option<String>,
    }

    fn evaluated(text: &str, threads: usize, parallel_rows: u32, max_tuples: u64) -> Seen {
        let mut values = ValueStore::new();
        let (_, program) = crate::testing::checked(text, &mut values);
        let limits = Limits {
            threads: NonZeroUsize::new(threads),
            parallel_rows,
            max_tuples,
            ..Limits::default()
        };
        let seen = |model: &Model| {
            (0..program.preds.len())
                .map(|p| {
                    let rel = model.relation(crate::check::program::PredId(p as u32));
                    (rel.flat().to_vec(), rel.marks().to_vec())
                })
                .collect()
        };
        match evaluate(&program, &mut values, &limits) {
            Ok(model) => Seen {
                relations: seen(&model),
                tuples: model.stats.tuples,
                rounds: model.stats.rounds,
                texts: values.text_count(),
                error: None,
            },
            Err(e) => Seen {
                relations: Vec::new(),
                tuples: 0,
                rounds: 0,
                texts: values.text_count(),
                error: Some(format!("{e:?}")),
            },
        }
    }

    /// Asserts that `text` evaluates alike on 1, 2 and 4 threads, with
    /// every run large enough to split (`parallel_rows` 1) or not all of
    /// them; returns the one-thread result.
    fn same_on_threads(case: &str, text: &str, max_tuples: u64) -> Seen {
        let one = evaluated(text, 1, 1, max_tuples);
        for threads in [2, 4] {
            for parallel_rows in [1, 5] {
                let many = evaluated(text, threads, parallel_rows, max_tuples);
                assert_eq!(
                    many, one,
                    "case {case}: {threads} threads, runs of {parallel_rows} rows and more split"
                );
            }
        }
        one
    }

    /// `edge` facts of a random graph: `m` edges over `n` nodes.
    fn random_edges(pred: &str, n: u64, m: usize, seed: u64) -> String {
        let mut x = seed;
        let mut next = || {
            // splitmix64
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut text = String::new();
        for _ in 0..m {
            let (a, b) = (next() % n, next() % n);
            write!(text, "{pred}({a}, {b}). ").unwrap();
        }
        text
    }

    const CLOSURE: &str = "path(X, Y) :- edge(X, Y).\n\
                           path(X, Z) :- path(X, Y), edge(Y, Z).\n";

    #[test]
    fn a_split_run_derives_what_one_thread_does_in_the_same_order() {
        let graph = random_edges("edge", 60, 150, 7);
        let forest: String = (1..80)
            .map(|i| format!("parent({i}, {}). ", (i * 7919) % i))
            .collect();
        let cases: &[(&str, String)] = &[
            ("transitive closure", format!("{graph}{CLOSURE}")),
            (
                "a closure joining itself",
                format!(
                    "{graph}path(X, Y) :- edge(X, Y).\n\
                     path(X, Z) :- path(X, Y), path(Y, Z)."
                ),
            ),
            (
                "same generation",
                format!(
                    "{forest}sg(X, Y) :- parent(X, P), parent(Y, P).\n\
                     sg(X, Y) :- parent(X, A), sg(A, B), parent(Y, B)."
                ),
            ),
            (
                "negation",
                format!(
                    "{graph}{CLOSURE}node(X) :- edge(X, _). node(Y) :- edge(_, Y).\n\
                     blocked(3). blocked(17).\n\
                     reach(X) :- edge(0, X), not blocked(X).\n\
                     reach(Y) :- reach(X), edge(X, Y), not blocked(Y).\n\
                     unreached(X, Y) :- node(X), node(Y), not path(X, Y)."
                ),
            ),
            (
                "arithmetic beside plain rules",
                format!(
                    "{graph}{CLOSURE}\
                     hops(X, 0) :- edge(X, _).\n\
                     hops(Y, N) :- hops(X, M), edge(X, Y), M < 4, N = M + 1.\n\
                     far(X, Y, big) :- path(X, Y), X < Y, Y != 5.\n\
                     text(X, \"a\") :- edge(X, _)."
                ),
            ),
        ];
        for (case, text) in cases {
            let one = same_on_threads(case, text, crate::eval::limits::DEFAULT_MAX_TUPLES);
            assert_eq!(one.error, None, "case {case}");
        }
    }

    #[test]
    fn a_split_run_fails_as_one_thread_does() {
        let graph = random_edges("edge", 40, 100, 3);
        let closure = format!("{graph}{CLOSURE}");
        let full = evaluated(&closure, 1, 1, u64::MAX).tuples;
        // Tuple limits through the closure: the same error, naming the
        // same rule, or the same model.
        for max in [10, 99, 100, 150, 400, full / 2, full - 1, full] {
            same_on_threads(&format!("closure within {max} tuples"), &closure, max);
        }
        // A comparison that fails at run time, in a plan that is split.
        let mixed =
            format!("{graph}edge(1, a). edge(a, 2).\n{CLOSURE}low(X, Y) :- path(X, Y), Y < 9.");
        let one = same_on_threads("a comparison of a symbol", &mixed, u64::MAX);
        assert!(
            one.error.as_deref().is_some_and(|e| e.contains("Compare")),
            "{:?}",
            one.error
        );
    }

    #[test]
    fn plans_that_compute_no_value_can_be_split() {
        // (rule, whether its plan can be split).
        let cases: &[(&str, bool)] = &[
            ("p(X, Y) :- e(X, Y).", true),
            ("p(X, Y) :- e(X, Z), e(Z, Y), not n(Z).", true),
            ("p(X, Y) :- e(X, Y), X < Y.", true),
            ("p(X, Y) :- e(X, Y), X != 1, Z = Y, n(Z).", true),
            ("p(X, k) :- e(X, _).", true),
            ("p(X, Y) :- e(X, Z), Y = Z + 1.", false),
            ("p(X, Y) :- e(X, Y), X + 1 < Y.", false),
            ("p(X, Y) :- e(X, Z), e(Z + 0, Y).", false),
            ("p(X, N) :- n(X), N = count : { e(X, _) }.", false),
            ("p(X + 1) :- n(X).", false),
            ("p :- e(_, _).", false),
            // The first step is a probe of `e` on the constant.
            ("p(X) :- e(X, 1).", false),
        ];
        for (rule, want) in cases {
            let text = format!("n(1). n(2). e(1, 2). e(2, 1). {rule}");
            let mut values = ValueStore::new();
            let (_, program) = crate::testing::checked(&text, &mut values);
            let model = evaluate(&program, &mut values, &Limits::default()).expect("evaluates");
            let text = rule;
            let rule = program.rules.iter().last().expect("the rule");
            let mut bound = vec![false; rule.vars.len()];
            let steps = crate::eval::plan::plan_body(
                &rule.body,
                &rule.vars,
                &mut bound,
                None,
                &|_, _| crate::eval::plan::View::All,
                &model,
            )
            .expect("planned");
            let head = crate::eval::seminaive::head_operands(rule);
            assert_eq!(super::can_split(&steps, &head), *want, "case {text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn random_closures_are_the_same_on_any_number_of_threads(
            n in 2u64..40,
            m in 1usize..120,
            seed in any::<u64>(),
            threads in 2usize..5,
            parallel_rows in 1u32..20,
        ) {
            let text = format!("{}{CLOSURE}", random_edges("edge", n, m, seed));
            let one = evaluated(&text, 1, 1, u64::MAX);
            let many = evaluated(&text, threads, parallel_rows, u64::MAX);
            prop_assert_eq!(many, one);
        }
    }
}
