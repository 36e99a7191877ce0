//! # rust-peers: ascent and crepe on the regkb benchmark workloads
//!
//! `rust-peers ENGINE DIR` with ENGINE `ascent`, `ascent-par` (ascent's
//! parallel mode, one thread per core) or `crepe` and DIR one
//! workload folder written by `cargo bench --bench engine -- --emit ROOT`
//! (`ROOT/NAME/`): reads `manifest.txt` for the kind of workload (`tc`,
//! `sg`, `neg`, `reg`) and the input relations from `facts/*.csv`, interns
//! every value as a `u32`, runs the rules compiled into this binary, and
//! prints `C = N` (the size of the counted predicate) and, with point
//! queries (`facts/q.csv`), `T = N` (how many of them hold), the same lines
//! the other engines print. Reading and interning the CSV files is part of
//! the measured run, as parsing is for the interpreters.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Turns the text of values into dense `u32` ids.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(text.to_string()).or_insert(next)
    }
}

/// The input relations of a workload, as interned columns.
struct Facts {
    dir: std::path::PathBuf,
    interner: Interner,
}

impl Facts {
    fn rows(&mut self, name: &str) -> Vec<Vec<u32>> {
        let path = self.dir.join("facts").join(format!("{name}.csv"));
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        text.lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').map(|v| self.interner.id(v)).collect())
            .collect()
    }

    fn unary(&mut self, name: &str) -> Vec<u32> {
        self.rows(name).into_iter().map(|r| r[0]).collect()
    }

    fn binary(&mut self, name: &str) -> Vec<(u32, u32)> {
        self.rows(name).into_iter().map(|r| (r[0], r[1])).collect()
    }
}

/// The regulation workload's inputs.
struct Regulation {
    product: Vec<u32>,
    ma_in: Vec<(u32, u32)>,
    class: Vec<(u32, u32)>,
    negative_class: Vec<u32>,
    recognised: Vec<u32>,
    on_positive_list: Vec<u32>,
    /// Products asked about, in order (duplicates kept).
    queries: Vec<u32>,
}

impl Regulation {
    fn read(facts: &mut Facts) -> Self {
        let has_queries = facts.dir.join("facts/q.csv").exists();
        Regulation {
            product: facts.unary("product"),
            ma_in: facts.binary("ma_in"),
            class: facts.binary("class"),
            negative_class: facts.unary("negative_class"),
            recognised: facts.unary("recognised"),
            on_positive_list: facts.unary("on_positive_list"),
            queries: if has_queries {
                facts.binary("q").into_iter().map(|(_, p)| p).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// The four programs, written once for ascent's sequential macro and its
/// parallel one (`ascent_par!`, rayon, one thread per core).
macro_rules! ascent_programs {
    ($engine:ident) => {
        $engine! {
            pub struct Closure;
            relation edge(u32, u32);
            relation path(u32, u32);
            path(x, y) <-- edge(x, y);
            path(x, z) <-- path(x, y), edge(y, z);
        }

        $engine! {
            pub struct SameGeneration;
            relation node(u32);
            relation par(u32, u32);
            relation sg(u32, u32);
            sg(x, x) <-- node(x);
            sg(x, y) <-- par(x, xp), sg(xp, yp), par(y, yp);
        }

        $engine! {
            pub struct Negation;
            relation node(u32);
            relation edge(u32, u32);
            relation path(u32, u32);
            relation unreachable(u32, u32);
            path(x, y) <-- edge(x, y);
            path(x, z) <-- path(x, y), edge(y, z);
            unreachable(x, y) <-- node(x), node(y), !path(x, y);
        }

        $engine! {
            pub struct Regulation;
            relation product(u32);
            relation ma_in(u32, u32);
            relation class(u32, u32);
            relation negative_class(u32);
            relation recognised(u32);
            relation on_positive_list(u32);
            relation has_recognised_ma(u32);
            relation on_negative_list(u32);
            relation notifiable(u32);
            has_recognised_ma(p) <-- ma_in(p, c), recognised(c);
            on_negative_list(p) <-- class(p, k), negative_class(k), !on_positive_list(p);
            on_negative_list(p) <-- product(p), !has_recognised_ma(p);
            notifiable(p) <-- product(p), has_recognised_ma(p), !on_negative_list(p);
        }
    };
}

mod with_ascent {
    //! The four programs in ascent (semi-naive, compiled by the macro).
    use ascent::ascent;
    ascent_programs!(ascent);
}

mod with_ascent_par {
    //! The same four programs in ascent's parallel mode.
    use ascent::ascent_par;
    ascent_programs!(ascent_par);
}

mod crepe_closure {
    //! Transitive closure in crepe.
    use crepe::crepe;
    crepe! {
        @input
        pub struct Edge(pub u32, pub u32);
        @output
        pub struct Path(pub u32, pub u32);
        Path(x, y) <- Edge(x, y);
        Path(x, z) <- Path(x, y), Edge(y, z);
    }

    /// The size of `Path`.
    pub fn run(edge: Vec<(u32, u32)>) -> usize {
        let mut rt = Crepe::new();
        rt.extend(edge.into_iter().map(|(a, b)| Edge(a, b)));
        rt.run().0.len()
    }
}

mod crepe_same_generation {
    //! Same generation in crepe.
    use crepe::crepe;
    crepe! {
        @input
        pub struct Node(pub u32);
        @input
        pub struct Par(pub u32, pub u32);
        @output
        pub struct Sg(pub u32, pub u32);
        Sg(x, x) <- Node(x);
        Sg(x, y) <- Par(x, xp), Sg(xp, yp), Par(y, yp);
    }

    /// The size of `Sg`.
    pub fn run(node: Vec<u32>, par: Vec<(u32, u32)>) -> usize {
        let mut rt = Crepe::new();
        rt.extend(node.into_iter().map(Node));
        rt.extend(par.into_iter().map(|(a, b)| Par(a, b)));
        rt.run().0.len()
    }
}

mod crepe_negation {
    //! Stratified negation in crepe.
    use crepe::crepe;
    crepe! {
        @input
        pub struct Node(pub u32);
        @input
        pub struct Edge(pub u32, pub u32);
        struct Path(u32, u32);
        @output
        pub struct Unreachable(pub u32, pub u32);
        Path(x, y) <- Edge(x, y);
        Path(x, z) <- Path(x, y), Edge(y, z);
        Unreachable(x, y) <- Node(x), Node(y), !Path(x, y);
    }

    /// The size of `Unreachable`.
    pub fn run(node: Vec<u32>, edge: Vec<(u32, u32)>) -> usize {
        let mut rt = Crepe::new();
        rt.extend(node.into_iter().map(Node));
        rt.extend(edge.into_iter().map(|(a, b)| Edge(a, b)));
        rt.run().0.len()
    }
}

mod crepe_regulation {
    //! The regulation rules in crepe.
    use crepe::crepe;
    crepe! {
        @input
        pub struct Product(pub u32);
        @input
        pub struct MaIn(pub u32, pub u32);
        @input
        pub struct Class(pub u32, pub u32);
        @input
        pub struct NegativeClass(pub u32);
        @input
        pub struct Recognised(pub u32);
        @input
        pub struct OnPositiveList(pub u32);
        struct HasRecognisedMa(u32);
        struct OnNegativeList(u32);
        @output
        pub struct Notifiable(pub u32);
        HasRecognisedMa(p) <- MaIn(p, c), Recognised(c);
        OnNegativeList(p) <- Class(p, k), NegativeClass(k), !OnPositiveList(p);
        OnNegativeList(p) <- Product(p), !HasRecognisedMa(p);
        Notifiable(p) <- Product(p), HasRecognisedMa(p), !OnNegativeList(p);
    }

    /// The size of `Notifiable` and how many of the queries hold.
    pub fn run(r: &super::Regulation) -> (usize, usize) {
        let mut rt = Crepe::new();
        rt.extend(r.product.iter().map(|&p| Product(p)));
        rt.extend(r.ma_in.iter().map(|&(p, c)| MaIn(p, c)));
        rt.extend(r.class.iter().map(|&(p, k)| Class(p, k)));
        rt.extend(r.negative_class.iter().map(|&k| NegativeClass(k)));
        rt.extend(r.recognised.iter().map(|&c| Recognised(c)));
        rt.extend(r.on_positive_list.iter().map(|&p| OnPositiveList(p)));
        let (notifiable,) = rt.run();
        let holds = r
            .queries
            .iter()
            .filter(|&&q| notifiable.contains(&Notifiable(q)))
            .count();
        (notifiable.len(), holds)
    }
}

fn wrap1(v: &[u32]) -> Vec<(u32,)> {
    v.iter().map(|&x| (x,)).collect()
}

/// Runs one of the programs of an ascent module (`with_ascent` or
/// `with_ascent_par`, whose relations are filled alike) on a workload.
macro_rules! run_ascent {
    ($m:ident, $engine:expr, $kind:expr, $facts:expr) => {{
        let facts: &mut Facts = $facts;
        match $kind {
            "tc" => {
                let mut p = $m::Closure::default();
                p.edge = facts.binary("edge").into_iter().collect();
                p.run();
                Ok((p.path.len(), None))
            }
            "sg" => {
                let mut p = $m::SameGeneration::default();
                p.node = wrap1(&facts.unary("node")).into_iter().collect();
                p.par = facts.binary("par").into_iter().collect();
                p.run();
                Ok((p.sg.len(), None))
            }
            "neg" => {
                let mut p = $m::Negation::default();
                p.node = wrap1(&facts.unary("node")).into_iter().collect();
                p.edge = facts.binary("edge").into_iter().collect();
                p.run();
                Ok((p.unreachable.len(), None))
            }
            "reg" => {
                let mut r = Regulation::read(facts);
                let mut p = $m::Regulation::default();
                p.product = wrap1(&r.product).into_iter().collect();
                p.ma_in = std::mem::take(&mut r.ma_in).into_iter().collect();
                p.class = std::mem::take(&mut r.class).into_iter().collect();
                p.negative_class = wrap1(&r.negative_class).into_iter().collect();
                p.recognised = wrap1(&r.recognised).into_iter().collect();
                p.on_positive_list = wrap1(&r.on_positive_list).into_iter().collect();
                p.run();
                let notifiable: std::collections::HashSet<u32> =
                    p.notifiable.iter().map(|&(x,)| x).collect();
                let holds = r.queries.iter().filter(|q| notifiable.contains(q)).count();
                Ok((notifiable.len(), (!r.queries.is_empty()).then_some(holds)))
            }
            other => Err(format!("unknown engine or kind: {} {other}", $engine)),
        }
    }};
}

/// Runs one workload; returns the count and, with point queries, how many
/// hold.
fn run(engine: &str, kind: &str, facts: &mut Facts) -> Result<(usize, Option<usize>), String> {
    let result = match (engine, kind) {
        ("ascent", kind) => run_ascent!(with_ascent, engine, kind, facts)?,
        ("ascent-par", kind) => run_ascent!(with_ascent_par, engine, kind, facts)?,
        ("crepe", "tc") => (crepe_closure::run(facts.binary("edge")), None),
        ("crepe", "sg") => (
            crepe_same_generation::run(facts.unary("node"), facts.binary("par")),
            None,
        ),
        ("crepe", "neg") => (
            crepe_negation::run(facts.unary("node"), facts.binary("edge")),
            None,
        ),
        ("crepe", "reg") => {
            let r = Regulation::read(facts);
            let (count, holds) = crepe_regulation::run(&r);
            (count, (!r.queries.is_empty()).then_some(holds))
        }
        _ => return Err(format!("unknown engine or kind: {engine} {kind}")),
    };
    Ok(result)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [engine, dir] = args.as_slice() else {
        eprintln!("usage: rust-peers ascent|ascent-par|crepe WORKLOAD_DIR");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    let manifest = match fs::read_to_string(dir.join("manifest.txt")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}/manifest.txt: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let kind = manifest
        .lines()
        .find_map(|l| l.strip_prefix("kind "))
        .unwrap_or("")
        .to_string();
    let mut facts = Facts {
        dir: dir.to_path_buf(),
        interner: Interner::default(),
    };
    match run(engine, &kind, &mut facts) {
        Ok((count, holds)) => {
            println!("C = {count}");
            if let Some(t) = holds {
                println!("T = {t}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
