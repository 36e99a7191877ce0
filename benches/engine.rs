//! # The engine benchmark
//!
//! `cargo bench --bench engine [-- [--quick] [--runs N] [--emit DIR] [NAME...]]`
//!
//! A harness binary (no test framework): it generates each workload from a
//! fixed seed with a small PRNG (splitmix64), writes it as a regkb batch file
//! into a temporary folder, and runs the real binary, built in release by
//! `cargo bench`, as
//!
//! ```text
//! regkb run --no-default-kb --max-tuples 100000000 --timeout 0 FILE
//! ```
//!
//! (with `--threads N` for the workloads named `...-threads-N`; the others
//! run on regkb's default, one thread per core)
//! several times (3 by default), measuring the child's wall time and peak
//! resident set size (`wait4`'s `ru_maxrss`, taken in a small launcher
//! process, this binary with `--launch`, so the harness's own memory does
//! not leak into the figure). Every batch file ends with a
//! count query (`?- C = count : { path(_, _) }.`); the harness parses the
//! `C = N` line and compares it with the count it computed itself in plain
//! Rust (closed forms, a breadth-first search per node, depths in a forest),
//! and for the point-query workload also counts the `true.` answers. It then
//! prints one table row per workload: derived tuples, median and minimum wall
//! seconds, peak MiB, and whether the counts matched. The exit status is 1 if
//! any run failed or any count was wrong.
//!
//! Options (after `--`):
//!
//! - `NAME...`: run only the workloads whose name contains one of these;
//! - `--quick`: a smoke run, one run each of the smaller workloads;
//! - `--runs N`: runs per workload (default 3);
//! - `--list`: print the workloads and their expected counts;
//! - `--launch OUT ERR PROGRAM ARGS...`: the measuring launcher (see
//!   `launch`), used by this harness and by the peers' `run.py`;
//! - `--emit DIR`: run nothing, but write every workload's input into
//!   `DIR/NAME/` in the formats of the peer engines compared by
//!   `benches/peers/run.sh` (regkb, SWI-Prolog, clingo, Nemo, and CSV files
//!   for the ascent and crepe programs), with the expected counts; the same
//!   generator thus feeds every engine the same facts.
//!
//! The workloads (all seeds fixed, so every run sees the same facts):
//!
//! - `tc-chain-N`: transitive closure of a chain `edge(i, i+1)` of N nodes,
//!   N(N-1)/2 `path` tuples;
//! - `tc-random-NxM`: transitive closure of a random directed graph with N
//!   nodes and M distinct edges (no self-loops);
//! - `NAME-threads-N`: workload NAME (`tc-chain-2000`, `tc-random-2000x6000`)
//!   with `--threads N`, for the speed-up of evaluating on two cores;
//! - `sg-forest-4000`: same generation over a random forest of 4,000 nodes
//!   (node i > 0 is a root with probability 1/50, otherwise its parent is
//!   uniform among the nodes before it);
//! - `neg-500`: `unreachable(X, Y) :- node(X), node(Y), not path(X, Y).`
//!   over a random graph with 500 nodes and 1,000 edges;
//! - `reg-materialise`: 100,000 products, each authorised in 1-3 of 60
//!   countries (40 recognised), in one of 10 classes (3 on the negative
//!   list), 5% positive-listed; the notifiability rules in the style of
//!   the shipped knowledge base, and one count query;
//! - `reg-queries`: the same, plus 260,900 point queries
//!   `?- notifiable(p_i).` for seeded random i;
//! - `tc-chain-8000` (32 M tuples) and `reg-materialise-1m` (1,000,000
//!   products, seed 6): the scaling workloads, next to their smaller
//!   kin, for the time per derived tuple (a column of the table), which
//!   should not grow with the size.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// The regkb binary that `cargo bench` built next to this harness.
const REGKB: &str = env!("CARGO_BIN_EXE_regkb");

/// Runs per workload unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 3;

/// The figures of the Soufflé interpreter from the project's issue (median
/// wall seconds, peak MiB; single thread, whole process, on a 2-core machine
/// of the same kind): the bar each workload is held to, where there is one.
fn souffle_interpreter_bar(name: &str) -> Option<(f64, f64)> {
    match name {
        "tc-chain-2000" => Some((0.91, 32.0)),
        "tc-chain-4000" => Some((4.07, 92.0)),
        "tc-random-2000x6000" => Some((2.64, 72.0)),
        "sg-forest-4000" => Some((0.32, 22.0)),
        "neg-500" => Some((0.10, 15.0)),
        "reg-materialise" => Some((0.20, 24.0)),
        "reg-queries" => Some((0.35, 27.0)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Random numbers

/// splitmix64: a tiny deterministic generator, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (multiply-shift; the bias is negligible here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `1 / n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// Fisher-Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// Workloads

/// The rule set a workload uses; each engine's program follows from it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `path` over `edge`.
    Closure,
    /// `sg` over `node` and `par`.
    SameGeneration,
    /// `unreachable` over `node` and `edge` (through `path`).
    Negation,
    /// `notifiable` over the product facts, with optional point queries.
    Regulation,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Closure => "tc",
            Kind::SameGeneration => "sg",
            Kind::Negation => "neg",
            Kind::Regulation => "reg",
        }
    }

    /// The predicate whose size the count query reports.
    fn counted(self) -> (&'static str, usize) {
        match self {
            Kind::Closure => ("path", 2),
            Kind::SameGeneration => ("sg", 2),
            Kind::Negation => ("unreachable", 2),
            Kind::Regulation => ("notifiable", 1),
        }
    }
}

/// A value of a fact: an integer or a symbol (`p_17`, `c_3`).
#[derive(Clone, Debug)]
enum Val {
    Int(u32),
    Sym(char, u32),
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Int(i) => write!(f, "{i}"),
            Val::Sym(prefix, i) => write!(f, "{prefix}_{i}"),
        }
    }
}

/// One input relation: a name and its rows.
struct Relation {
    name: &'static str,
    rows: Vec<Vec<Val>>,
}

/// A generated workload with the answers the harness expects.
struct Workload {
    name: String,
    kind: Kind,
    /// One line on what the facts are.
    description: String,
    relations: Vec<Relation>,
    /// Products asked about one by one (`?- notifiable(p_i).`), in order.
    point_queries: Vec<u32>,
    /// The size of the counted predicate.
    expected: u64,
    /// How many point queries answer `true.`.
    expected_true: u64,
    /// Whether every row of the counted relation is printed too, and how.
    print: Print,
    /// `--threads N`, if the run names a count of threads (by default
    /// regkb uses one per core).
    threads: Option<u32>,
}

/// Printing every derived row (`?- path(X, Y).` before the count): the cost
/// of writing answers, against the same workload counted only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Print {
    /// Only the count.
    No,
    /// Every row as text, sorted.
    Text,
    /// Every row in the query's JSON line, sorted.
    Json,
    /// Every row as text, in the order found (`--unsorted`).
    Unsorted,
}

impl Print {
    fn suffix(self) -> &'static str {
        match self {
            Print::No => "",
            Print::Text => "-printed-text",
            Print::Json => "-printed-json",
            Print::Unsorted => "-printed-unsorted",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Print::Json => &["--format", "json"],
            Print::Unsorted => &["--unsorted"],
            Print::No | Print::Text => &[],
        }
    }
}

/// A workload run with `--threads n`.
fn on_threads(mut w: Workload, n: u32) -> Workload {
    write!(w.name, "-threads-{n}").expect("a string takes any text");
    w.threads = Some(n);
    w
}

/// A workload with every row of its counted relation printed as well.
fn printed(mut w: Workload, print: Print) -> Workload {
    w.name.push_str(print.suffix());
    w.print = print;
    w
}

fn int_pairs(pairs: &[(u32, u32)]) -> Vec<Vec<Val>> {
    pairs
        .iter()
        .map(|&(a, b)| vec![Val::Int(a), Val::Int(b)])
        .collect()
}

fn int_singles(n: u32) -> Vec<Vec<Val>> {
    (0..n).map(|i| vec![Val::Int(i)]).collect()
}

/// `m` distinct random edges over `n` nodes, no self-loops.
fn random_edges(n: u32, m: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::new();
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let a = rng.below(n as usize) as u32;
        let b = rng.below(n as usize) as u32;
        if a != b && seen.insert((a, b)) {
            edges.push((a, b));
        }
    }
    edges
}

/// For each node, the number of nodes reachable by one or more edges (the
/// node itself only if it lies on a cycle): the rows of `path` per node.
fn reachable_counts(n: u32, edges: &[(u32, u32)]) -> Vec<u64> {
    let n = n as usize;
    let mut adjacency = vec![Vec::new(); n];
    for &(a, b) in edges {
        adjacency[a as usize].push(b as usize);
    }
    let mut stamp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    (0..n)
        .map(|source| {
            let mut count = 0;
            stack.extend(adjacency[source].iter().copied());
            while let Some(v) = stack.pop() {
                if stamp[v] != source {
                    stamp[v] = source;
                    count += 1;
                    stack.extend(adjacency[v].iter().copied());
                }
            }
            count
        })
        .collect()
}

fn closure_rules() -> &'static str {
    "path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n"
}

fn chain(n: u32) -> Workload {
    let edges: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
    Workload {
        name: format!("tc-chain-{n}"),
        kind: Kind::Closure,
        description: format!("chain edge(i, i+1) of {n} nodes"),
        relations: vec![Relation {
            name: "edge",
            rows: int_pairs(&edges),
        }],
        point_queries: Vec::new(),
        expected: u64::from(n) * u64::from(n - 1) / 2,
        expected_true: 0,
        print: Print::No,
        threads: None,
    }
}

fn random_closure(n: u32, m: usize, seed: u64) -> Workload {
    let edges = random_edges(n, m, seed);
    let expected = reachable_counts(n, &edges).iter().sum();
    Workload {
        name: format!("tc-random-{n}x{m}"),
        kind: Kind::Closure,
        description: format!("random graph, {n} nodes, {m} distinct edges, seed {seed}"),
        relations: vec![Relation {
            name: "edge",
            rows: int_pairs(&edges),
        }],
        point_queries: Vec::new(),
        expected,
        expected_true: 0,
        print: Print::No,
        threads: None,
    }
}

fn same_generation(n: u32, seed: u64) -> Workload {
    let mut rng = Rng::new(seed);
    let mut parents = Vec::new();
    // Root and depth of every node: sg(X, Y) holds exactly when X and Y
    // lie in the same tree at the same depth.
    let mut root = vec![0u32; n as usize];
    let mut depth = vec![0u32; n as usize];
    for i in 0..n {
        if i == 0 || rng.one_in(50) {
            root[i as usize] = i;
        } else {
            let p = rng.below(i as usize);
            parents.push((i, p as u32));
            root[i as usize] = root[p];
            depth[i as usize] = depth[p] + 1;
        }
    }
    let mut groups: HashMap<(u32, u32), u64> = HashMap::new();
    for i in 0..n as usize {
        *groups.entry((root[i], depth[i])).or_default() += 1;
    }
    let expected = groups.values().map(|g| g * g).sum();
    Workload {
        name: format!("sg-forest-{n}"),
        kind: Kind::SameGeneration,
        description: format!(
            "random forest of {n} nodes ({} roots), seed {seed}",
            n as usize - parents.len()
        ),
        relations: vec![
            Relation {
                name: "node",
                rows: int_singles(n),
            },
            Relation {
                name: "par",
                rows: int_pairs(&parents),
            },
        ],
        point_queries: Vec::new(),
        expected,
        expected_true: 0,
        print: Print::No,
        threads: None,
    }
}

fn negation(n: u32, m: usize, seed: u64) -> Workload {
    let edges = random_edges(n, m, seed);
    let paths: u64 = reachable_counts(n, &edges).iter().sum();
    Workload {
        name: format!("neg-{n}"),
        kind: Kind::Negation,
        description: format!(
            "not path(X, Y) over a random graph, {n} nodes, {m} edges, seed {seed}"
        ),
        relations: vec![
            Relation {
                name: "node",
                rows: int_singles(n),
            },
            Relation {
                name: "edge",
                rows: int_pairs(&edges),
            },
        ],
        point_queries: Vec::new(),
        expected: u64::from(n) * u64::from(n) - paths,
        expected_true: 0,
        print: Print::No,
        threads: None,
    }
}

const COUNTRIES: u32 = 60;
const RECOGNISED: usize = 40;
const CLASSES: u32 = 10;
/// Classes `k_0 .. k_{NEGATIVE_CLASSES-1}` are on the negative list.
const NEGATIVE_CLASSES: u32 = 3;

fn regulation(products: u32, queries: usize, seed: u64) -> Workload {
    let mut rng = Rng::new(seed);
    let mut countries: Vec<u32> = (0..COUNTRIES).collect();
    rng.shuffle(&mut countries);
    let mut recognised = vec![false; COUNTRIES as usize];
    for &c in &countries[..RECOGNISED] {
        recognised[c as usize] = true;
    }
    let (mut product, mut ma_in, mut class, mut positive) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut notifiable = vec![false; products as usize];
    for p in 0..products {
        product.push(vec![Val::Sym('p', p)]);
        let k = rng.below(CLASSES as usize) as u32;
        class.push(vec![Val::Sym('p', p), Val::Sym('k', k)]);
        let mut has_recognised = false;
        let mut chosen = Vec::new();
        let wanted = 1 + rng.below(3);
        while chosen.len() < wanted {
            let c = rng.below(COUNTRIES as usize) as u32;
            if !chosen.contains(&c) {
                chosen.push(c);
                has_recognised |= recognised[c as usize];
                ma_in.push(vec![Val::Sym('p', p), Val::Sym('c', c)]);
            }
        }
        let positive_listed = rng.one_in(20);
        if positive_listed {
            positive.push(vec![Val::Sym('p', p)]);
        }
        let negative = (k < NEGATIVE_CLASSES && !positive_listed) || !has_recognised;
        notifiable[p as usize] = has_recognised && !negative;
    }
    let point_queries: Vec<u32> = (0..queries)
        .map(|_| rng.below(products as usize) as u32)
        .collect();
    let expected_true = point_queries
        .iter()
        .filter(|&&p| notifiable[p as usize])
        .count() as u64;
    let mut recognised_rows: Vec<u32> = countries[..RECOGNISED].to_vec();
    recognised_rows.sort_unstable();
    let name = match (queries, products) {
        (0, 100_000) => "reg-materialise".to_string(),
        (0, 1_000_000) => "reg-materialise-1m".to_string(),
        (0, _) => format!("reg-materialise-{products}"),
        _ => "reg-queries".to_string(),
    };
    Workload {
        name,
        kind: Kind::Regulation,
        description: format!(
            "{products} products, {COUNTRIES} countries ({RECOGNISED} recognised), \
             {CLASSES} classes ({NEGATIVE_CLASSES} negative), 5% positive-listed, \
             {queries} point queries, seed {seed}"
        ),
        relations: vec![
            Relation {
                name: "product",
                rows: product,
            },
            Relation {
                name: "class",
                rows: class,
            },
            Relation {
                name: "ma_in",
                rows: ma_in,
            },
            Relation {
                name: "on_positive_list",
                rows: positive,
            },
            Relation {
                name: "recognised",
                rows: recognised_rows
                    .iter()
                    .map(|&c| vec![Val::Sym('c', c)])
                    .collect(),
            },
            Relation {
                name: "negative_class",
                rows: (0..NEGATIVE_CLASSES)
                    .map(|k| vec![Val::Sym('k', k)])
                    .collect(),
            },
        ],
        point_queries,
        expected: notifiable.iter().filter(|&&b| b).count() as u64,
        expected_true,
        print: Print::No,
        threads: None,
    }
}

/// Every workload, in the order of the table. `quick` keeps the small ones.
fn workloads(quick: bool) -> Vec<Workload> {
    let mut all = vec![chain(1000)];
    if !quick {
        all.push(chain(2000));
        for print in [Print::Text, Print::Json, Print::Unsorted] {
            all.push(printed(chain(2000), print));
        }
        all.push(chain(4000));
        all.push(chain(8000));
        for n in [1, 2] {
            all.push(on_threads(chain(2000), n));
        }
    }
    all.push(random_closure(1000, 3000, 1));
    if !quick {
        all.push(random_closure(2000, 6000, 2));
        for n in [1, 2] {
            all.push(on_threads(random_closure(2000, 6000, 2), n));
        }
    }
    all.push(same_generation(4000, 3));
    all.push(negation(500, 1000, 4));
    all.push(regulation(100_000, 0, 5));
    all.push(regulation(100_000, 260_900, 5));
    if !quick {
        all.push(regulation(1_000_000, 0, 6));
    }
    all
}

// ---------------------------------------------------------------------------
// Writing the inputs

/// The regkb batch file of a workload.
fn regkb_program(w: &Workload) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "% {}: {}", w.name, w.description);
    for r in &w.relations {
        for row in &r.rows {
            write_fact(&mut out, r.name, row);
        }
    }
    regkb_rules_and_queries(w, &mut out);
    out
}

/// The regkb batch file of a workload that reads its facts from the CSV
/// files the compiled peers read (`facts/NAME.csv`, no header row),
/// through `@facts`.
fn regkb_data_program(w: &Workload) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "% {}: {}", w.name, w.description);
    for r in &w.relations {
        let _ = writeln!(
            out,
            "@facts({name}, \"facts/{name}.csv\", header: false).",
            name = r.name
        );
    }
    regkb_rules_and_queries(w, &mut out);
    out
}

/// The rules and queries of a workload's regkb batch file.
fn regkb_rules_and_queries(w: &Workload, out: &mut String) {
    out.push_str(match w.kind {
        Kind::Closure => closure_rules(),
        Kind::SameGeneration => {
            "sg(X, X) :- node(X).\nsg(X, Y) :- par(X, XP), sg(XP, YP), par(Y, YP).\n"
        }
        Kind::Negation => {
            "path(X, Y) :- edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n\
             unreachable(X, Y) :- node(X), node(Y), not path(X, Y).\n"
        }
        Kind::Regulation => {
            "has_recognised_ma(P) :- ma_in(P, C), recognised(C).\n\
             on_negative_list(P) :- class(P, K), negative_class(K), not on_positive_list(P).\n\
             on_negative_list(P) :- product(P), not has_recognised_ma(P).\n\
             notifiable(P) :- product(P), has_recognised_ma(P), not on_negative_list(P).\n"
        }
    });
    let (counted, arity) = w.kind.counted();
    if w.print != Print::No {
        let vars = ["X", "Y", "Z"];
        let _ = writeln!(out, "?- {counted}({}).", vars[..arity].join(", "));
    }
    let _ = writeln!(
        out,
        "?- C = count : {{ {counted}({}) }}.",
        vec!["_"; arity].join(", ")
    );
    for p in &w.point_queries {
        let _ = writeln!(out, "?- notifiable(p_{p}).");
    }
}

/// Appends the fact `name(a,b).` to `out` (the same text in regkb,
/// Prolog and clingo).
fn write_fact(out: &mut String, name: &str, row: &[Val]) {
    out.push_str(name);
    out.push('(');
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v}");
    }
    out.push_str(").\n");
}

/// The SWI-Prolog program: the rules (tabled where recursive) and a `main`
/// that loads `facts.pl` with a `read_term`/`assertz` loop (twice as fast
/// as consulting 600,000 clauses), then prints the counts.
fn prolog_program(w: &Workload) -> String {
    let mut out = String::from(
        ":- set_prolog_flag(table_space, 16_000_000_000).\n\
         :- initialization(main, main).\n",
    );
    for r in &w.relations {
        let _ = writeln!(out, ":- dynamic {}/{}.", r.name, r.rows[0].len());
    }
    out.push_str(":- dynamic q/2.\n");
    let (counted, arity) = w.kind.counted();
    let args = vec!["_"; arity].join(",");
    out.push_str(match w.kind {
        Kind::Closure => {
            ":- table path/2.\npath(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).\n"
        }
        Kind::SameGeneration => {
            ":- table sg/2.\nsg(X,X) :- node(X).\nsg(X,Y) :- par(X,XP), sg(XP,YP), par(Y,YP).\n"
        }
        // Subsumptive tabling: once path(_,_) is complete, the bound calls
        // of the negation are answered from its table.
        Kind::Negation => {
            ":- table path/2 as subsumptive.\npath(X,Y) :- edge(X,Y).\n\
             path(X,Z) :- path(X,Y), edge(Y,Z).\n\
             unreachable(X,Y) :- node(X), node(Y), \\+ path(X,Y).\n"
        }
        // Non-recursive: plain Prolog with first-argument indexing, the cuts
        // give set semantics; notifiable/1 is tabled (subsumptive) so the
        // point queries are answered from the materialised table.
        Kind::Regulation => {
            ":- table notifiable/1 as subsumptive.\n\
             has_recognised_ma(P) :- ma_in(P,C), recognised(C), !.\n\
             on_negative_list(P) :- class(P,K), negative_class(K), \\+ on_positive_list(P), !.\n\
             on_negative_list(P) :- \\+ has_recognised_ma(P).\n\
             notifiable(P) :- product(P), has_recognised_ma(P), \\+ on_negative_list(P).\n"
        }
    });
    out.push_str(
        "load(F) :- setup_call_cleanup(open(F, read, S), load_terms(S), close(S)).\n\
         load_terms(S) :- read_term(S, T, []),\n    \
         ( T == end_of_file -> true ; assertz(T), load_terms(S) ).\n",
    );
    let _ = write!(
        out,
        "main :- load('facts.pl'),\n    \
         aggregate_all(count, {counted}({args}), C), format(\"C = ~d~n\", [C])"
    );
    if w.point_queries.is_empty() {
        out.push_str(".\n");
    } else {
        out.push_str(
            ",\n    aggregate_all(count, (q(_,P), notifiable(P)), T), format(\"T = ~d~n\", [T]).\n",
        );
    }
    out
}

/// The facts for SWI-Prolog, one clause a line (point queries as
/// `q(I, p_i)`).
fn prolog_facts(w: &Workload) -> String {
    let mut out = String::new();
    for r in &w.relations {
        for row in &r.rows {
            write_fact(&mut out, r.name, row);
        }
    }
    for (i, p) in w.point_queries.iter().enumerate() {
        let _ = writeln!(out, "q({i},p_{p}).");
    }
    out
}

/// The clingo program (facts inline, `#count` aggregates, shown as `c(N)`
/// and `t(N)`).
fn clingo_program(w: &Workload) -> String {
    let mut out = String::new();
    for r in &w.relations {
        for row in &r.rows {
            write_fact(&mut out, r.name, row);
        }
    }
    for (i, p) in w.point_queries.iter().enumerate() {
        let _ = writeln!(out, "q({i},p_{p}).");
    }
    out.push_str(match w.kind {
        Kind::Closure => closure_rules(),
        Kind::SameGeneration => {
            "sg(X,X) :- node(X).\nsg(X,Y) :- par(X,XP), sg(XP,YP), par(Y,YP).\n"
        }
        Kind::Negation => {
            "path(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).\n\
             unreachable(X,Y) :- node(X), node(Y), not path(X,Y).\n"
        }
        Kind::Regulation => {
            "has_recognised_ma(P) :- ma_in(P,C), recognised(C).\n\
             on_negative_list(P) :- class(P,K), negative_class(K), not on_positive_list(P).\n\
             on_negative_list(P) :- product(P), not has_recognised_ma(P).\n\
             notifiable(P) :- product(P), has_recognised_ma(P), not on_negative_list(P).\n"
        }
    });
    let (counted, arity) = w.kind.counted();
    let vars = ["X", "Y"][..arity].join(",");
    let _ = writeln!(
        out,
        "c(N) :- N = #count{{ {vars} : {counted}({vars}) }}.\n#show c/1."
    );
    if !w.point_queries.is_empty() {
        out.push_str("t(N) :- N = #count{ I : q(I,P), notifiable(P) }.\n#show t/1.\n");
    }
    out
}

/// The Nemo program (facts imported from `facts/*.csv`, `#count`
/// aggregates into `c` and `t`).
fn nemo_program(w: &Workload) -> String {
    let mut out = String::new();
    for r in &w.relations {
        let _ = writeln!(
            out,
            "@import {} :- csv{{resource = \"facts/{}.csv\"}}.",
            nemo_name(r.name),
            r.name
        );
    }
    if !w.point_queries.is_empty() {
        out.push_str("@import q :- csv{resource = \"facts/q.csv\"}.\n");
    }
    out.push_str(match w.kind {
        Kind::Closure => {
            "path(?X, ?Y) :- edge(?X, ?Y).\npath(?X, ?Z) :- path(?X, ?Y), edge(?Y, ?Z).\n"
        }
        Kind::SameGeneration => {
            "sg(?X, ?X) :- node(?X).\nsg(?X, ?Y) :- par(?X, ?XP), sg(?XP, ?YP), par(?Y, ?YP).\n"
        }
        Kind::Negation => {
            "path(?X, ?Y) :- edge(?X, ?Y).\npath(?X, ?Z) :- path(?X, ?Y), edge(?Y, ?Z).\n\
             unreachable(?X, ?Y) :- node(?X), node(?Y), ~path(?X, ?Y).\n"
        }
        Kind::Regulation => {
            "has_recognised_ma(?P) :- ma_in(?P, ?C), recognised(?C).\n\
             on_negative_list(?P) :- class(?P, ?K), negative_class(?K), ~on_positive_list(?P).\n\
             on_negative_list(?P) :- is_product(?P), ~has_recognised_ma(?P).\n\
             notifiable(?P) :- is_product(?P), has_recognised_ma(?P), ~on_negative_list(?P).\n"
        }
    });
    let (counted, arity) = w.kind.counted();
    let vars = ["?X", "?Y"][..arity].join(", ");
    let _ = writeln!(out, "c(#count({vars})) :- {counted}({vars}).");
    if !w.point_queries.is_empty() {
        out.push_str("t(#count(?I)) :- q(?I, ?P), notifiable(?P).\n");
    }
    out
}

/// The name of an input relation in Nemo, where `product` is a built-in
/// function and cannot name a predicate.
fn nemo_name(name: &str) -> &str {
    match name {
        "product" => "is_product",
        other => other,
    }
}

/// Writes `rows` as a CSV file (no header).
fn write_csv(path: &Path, rows: impl Iterator<Item = String>) -> io::Result<()> {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row);
        text.push('\n');
    }
    fs::write(path, text)
}

/// `--emit DIR`: every workload in every peer's format, under `DIR/NAME/`.
fn emit(dir: &Path, selected: &[Workload]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(dir.join("regkb-bin.txt"), format!("{REGKB}\n"))?;
    fs::write(
        dir.join("launcher.txt"),
        format!("{}\n", std::env::current_exe()?.display()),
    )?;
    let mut names = String::new();
    // The peers print counts only, on their own threads.
    for w in selected
        .iter()
        .filter(|w| w.print == Print::No && w.threads.is_none())
    {
        let wdir = dir.join(&w.name);
        let facts = wdir.join("facts");
        fs::create_dir_all(&facts)?;
        fs::write(wdir.join("program.kb"), regkb_program(w))?;
        fs::write(wdir.join("program-data.kb"), regkb_data_program(w))?;
        fs::write(wdir.join("program.pl"), prolog_program(w))?;
        fs::write(wdir.join("facts.pl"), prolog_facts(w))?;
        fs::write(wdir.join("program.lp"), clingo_program(w))?;
        fs::write(wdir.join("program.rls"), nemo_program(w))?;
        for r in &w.relations {
            write_csv(
                &facts.join(format!("{}.csv", r.name)),
                r.rows.iter().map(|row| {
                    row.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                }),
            )?;
        }
        if !w.point_queries.is_empty() {
            write_csv(
                &facts.join("q.csv"),
                w.point_queries
                    .iter()
                    .enumerate()
                    .map(|(i, p)| format!("{i},p_{p}")),
            )?;
        }
        let mut manifest = format!(
            "kind {}\nexpected {}\ndescription {}\n",
            w.kind.tag(),
            w.expected,
            w.description
        );
        if !w.point_queries.is_empty() {
            let _ = writeln!(
                manifest,
                "queries {}\nexpected_true {}",
                w.point_queries.len(),
                w.expected_true
            );
        }
        fs::write(wdir.join("manifest.txt"), manifest)?;
        let _ = writeln!(names, "{}", w.name);
        println!("wrote {}", wdir.display());
    }
    fs::write(dir.join("workloads.txt"), names)
}

// ---------------------------------------------------------------------------
// Running and measuring

/// One run of the binary: wall seconds and peak RSS in KiB.
struct Measurement {
    seconds: f64,
    max_rss_kib: u64,
}

/// What the output said: the count and the number of `true.` / `false.`
/// answers.
struct Answers {
    count: Option<u64>,
    trues: u64,
    falses: u64,
}

fn parse_answers(output: &str) -> Answers {
    let mut answers = Answers {
        count: None,
        trues: 0,
        falses: 0,
    };
    for line in output.lines() {
        match line {
            "true." => answers.trues += 1,
            "false." => answers.falses += 1,
            _ => {
                if let Some(n) = line.strip_prefix("C = ") {
                    answers.count = n.trim().parse().ok();
                } else if line.starts_with("{\"query\":\"C = count") {
                    // The count's JSON line: `"rows":[[N]]`.
                    answers.count = serde_json::from_str::<serde_json::Value>(line)
                        .ok()
                        .and_then(|v| v["rows"][0][0].as_u64());
                }
            }
        }
    }
    answers
}

/// `--launch OUT ERR PROGRAM ARGS...`: runs PROGRAM with its standard
/// output and error in the files OUT and ERR, waits for it with `wait4`, and
/// prints `SECONDS MAX_RSS_KIB STATUS` (STATUS the exit code, or `signal N`).
///
/// Why a separate process: a child's `ru_maxrss` is at least the high-water
/// mark of the process that spawned it (Linux carries the old memory's
/// peak over `exec`), so a harness that holds 100 MB of generated facts
/// would report at least 100 MB for every child. This launcher is a fresh,
/// small process; the peers' `run.py` uses it too.
fn launch(args: &[String]) -> ExitCode {
    let [out, err, program, rest @ ..] = args else {
        eprintln!("usage: engine --launch OUT ERR PROGRAM [ARGS...]");
        return ExitCode::from(2);
    };
    let files = fs::File::create(out).and_then(|o| Ok((o, fs::File::create(err)?)));
    let (stdout, stderr) = match files {
        Ok(f) => f,
        Err(e) => {
            eprintln!("engine --launch: {e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn();
    let child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("engine --launch: cannot start {program}: {e}");
            return ExitCode::from(2);
        }
    };
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; zeroed is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are
    // valid for the call.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    if waited != pid {
        eprintln!("engine --launch: wait4: {}", io::Error::last_os_error());
        return ExitCode::from(2);
    }
    let status = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status).to_string()
    } else {
        format!("signal {}", libc::WTERMSIG(status))
    };
    println!("{seconds:.6} {} {status}", usage.ru_maxrss);
    ExitCode::SUCCESS
}

/// Runs `regkb run ... file` once through `--launch` (stdout into
/// `out_file`); returns its wall time and peak memory.
fn run_once(
    file: &Path,
    out_file: &Path,
    err_file: &Path,
    print: Print,
    threads: Option<u32>,
) -> Result<Measurement, String> {
    let threads: Vec<String> = threads
        .map(|n| vec!["--threads".to_string(), n.to_string()])
        .unwrap_or_default();
    let me = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let output = Command::new(&me)
        .arg("--launch")
        .args([out_file, err_file])
        .args([
            REGKB,
            "run",
            "--no-default-kb",
            "--max-tuples",
            "100000000",
            "--timeout",
            "0",
        ])
        .args(print.args())
        .args(&threads)
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", me.display()))?;
    let report = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = report.split_whitespace().collect();
    let (Some(seconds), Some(kib), Some(status)) = (
        fields.first().and_then(|f| f.parse::<f64>().ok()),
        fields.get(1).and_then(|f| f.parse::<u64>().ok()),
        fields.get(2),
    ) else {
        return Err(format!(
            "launcher failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    };
    if *status != "0" {
        let stderr = fs::read_to_string(err_file).unwrap_or_default();
        let head: String = stderr.lines().take(5).collect::<Vec<_>>().join("\n");
        return Err(format!(
            "regkb failed (status {}): {head}",
            fields[2..].join(" ")
        ));
    }
    Ok(Measurement {
        seconds,
        max_rss_kib: kib,
    })
}

/// The result of one workload: its runs and whether its counts were right.
struct Row {
    name: String,
    derived: u64,
    median: f64,
    min: f64,
    peak_mib: f64,
    runs: usize,
    check: String,
    ok: bool,
}

fn bench(w: &Workload, dir: &Path, runs: usize) -> Row {
    let file = dir.join(format!("{}.kb", w.name));
    let out_file = dir.join(format!("{}.out", w.name));
    let err_file = dir.join(format!("{}.err", w.name));
    let mut row = Row {
        name: w.name.clone(),
        derived: w.expected,
        median: f64::NAN,
        min: f64::NAN,
        peak_mib: f64::NAN,
        runs: 0,
        check: String::new(),
        ok: false,
    };
    if let Err(e) = fs::write(&file, regkb_program(w)) {
        row.check = format!("cannot write {}: {e}", file.display());
        return row;
    }
    let mut times = Vec::new();
    let mut peak = 0u64;
    for _ in 0..runs {
        match run_once(&file, &out_file, &err_file, w.print, w.threads) {
            Ok(m) => {
                times.push(m.seconds);
                peak = peak.max(m.max_rss_kib);
            }
            Err(e) => {
                row.check = e;
                return row;
            }
        }
        let output = fs::read_to_string(&out_file).unwrap_or_default();
        let answers = parse_answers(&output);
        let mut problems = Vec::new();
        if answers.count != Some(w.expected) {
            problems.push(format!(
                "count {:?}, expected {}",
                answers.count, w.expected
            ));
        }
        if !w.point_queries.is_empty()
            && (answers.trues != w.expected_true
                || answers.trues + answers.falses != w.point_queries.len() as u64)
        {
            problems.push(format!(
                "{} true / {} false, expected {} true of {}",
                answers.trues,
                answers.falses,
                w.expected_true,
                w.point_queries.len()
            ));
        }
        if !problems.is_empty() {
            row.check = format!("MISMATCH: {}", problems.join("; "));
            return row;
        }
    }
    times.sort_by(f64::total_cmp);
    row.runs = times.len();
    row.median = times[times.len() / 2];
    row.min = times[0];
    row.peak_mib = peak as f64 / 1024.0;
    row.ok = true;
    row.check = if w.point_queries.is_empty() {
        "ok".to_string()
    } else {
        format!("ok, {} true", w.expected_true)
    };
    row
}

/// Prints the results as a markdown table.
fn print_table(rows: &[Row]) {
    let header = [
        "workload",
        "derived",
        "runs",
        "median s",
        "min s",
        "peak MiB",
        "µs / tuple",
        "bar: Soufflé interp. s / MiB",
        "check",
    ];
    let mut table: Vec<[String; 9]> = vec![header.map(String::from)];
    for r in rows {
        let bar = souffle_interpreter_bar(&r.name)
            .map(|(s, m)| format!("{s:.2} / {m:.0}"))
            .unwrap_or_default();
        table.push([
            r.name.clone(),
            r.derived.to_string(),
            r.runs.to_string(),
            format!("{:.3}", r.median),
            format!("{:.3}", r.min),
            format!("{:.1}", r.peak_mib),
            // Time per derived tuple: what must not grow with the size.
            format!("{:.3}", r.median * 1e6 / r.derived.max(1) as f64),
            bar,
            r.check.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..9)
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!();
    for (i, row) in table.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &w))| {
                if c == 0 || c == 8 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        println!("| {} |", cells.join(" | "));
        if i == 0 {
            let rules: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, &w)| {
                    if c == 0 || c == 8 {
                        "-".repeat(w)
                    } else {
                        format!("{}:", "-".repeat(w - 1))
                    }
                })
                .collect();
            println!("| {} |", rules.join(" | "));
        }
    }
}

/// The first three fields of `/proc/loadavg`: other work on the machine
/// skews the timings, so the table says how busy it was.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The command line after `--` (cargo adds `--bench`).
struct Options {
    quick: bool,
    runs: Option<usize>,
    emit: Option<PathBuf>,
    list: bool,
    filters: Vec<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        quick: false,
        runs: None,
        emit: None,
        list: false,
        filters: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--list" => options.list = true,
            "--runs" => {
                let n = args.next().ok_or("--runs needs a number")?;
                options.runs = Some(
                    n.parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or(format!("--runs: not a positive number: {n}"))?,
                );
            }
            "--emit" => {
                options.emit = Some(args.next().ok_or("--emit needs a folder")?.into());
            }
            // Passed by `cargo bench`; nothing to do.
            "--bench" => {}
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            name => options.filters.push(name.to_string()),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--launch") {
        return launch(&args[1..]);
    }
    let options = match parse_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("engine bench: {e}");
            eprintln!(
                "usage: cargo bench --bench engine -- [--quick] [--runs N] [--list] [--emit DIR] [NAME...]"
            );
            return ExitCode::from(2);
        }
    };
    let selected: Vec<Workload> = workloads(options.quick && options.emit.is_none())
        .into_iter()
        .filter(|w| {
            options.filters.is_empty() || options.filters.iter().any(|f| w.name.contains(f))
        })
        .collect();
    if selected.is_empty() {
        eprintln!("engine bench: no workload matches {:?}", options.filters);
        return ExitCode::from(2);
    }
    if options.list {
        for w in &selected {
            println!("{:<20} {:>12}  {}", w.name, w.expected, w.description);
        }
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = &options.emit {
        return match emit(dir, &selected) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("engine bench: --emit {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        };
    }
    let runs = options
        .runs
        .unwrap_or(if options.quick { 1 } else { DEFAULT_RUNS });
    let dir = std::env::temp_dir().join(format!("regkb-bench-{}", std::process::id()));
    if let Err(e) = fs::create_dir_all(&dir) {
        eprintln!("engine bench: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!("regkb engine bench: {REGKB}");
    println!("load average at start: {}", load_average());
    println!("{runs} run(s) per workload; wall time and peak RSS of the whole process");
    let mut rows = Vec::new();
    for w in &selected {
        println!("  {:<20} {}", w.name, w.description);
        let row = bench(w, &dir, runs);
        println!(
            "  {:<20} median {:.3} s, peak {:.1} MiB, {}",
            "", row.median, row.peak_mib, row.check
        );
        rows.push(row);
    }
    let _ = fs::remove_dir_all(&dir);
    print_table(&rows);
    println!("\nload average at end: {}", load_average());
    if rows.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
