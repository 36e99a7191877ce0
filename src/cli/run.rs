//! `regkb run`: load the knowledge base, then the batch files as a
//! scenario over it; check, evaluate, and answer every query of the batch
//! files in the order written, as text or JSON lines.

use super::args::{KbArgs, LimitArgs, RunArgs};
use super::error::CliError;
use super::exit::{INPUT, OK, Outcome};
use super::session::{fail, kb_within, print_diagnostics};
use crate::engine::{Base, EngineError, Files, Format, Options};
use crate::value::ValueStore;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A batch file to load: a path, or what standard input held.
enum Batch<'a> {
    File(&'a Path),
    Stdin(Vec<u8>),
}

/// The batch files named (`-` is standard input, read now).
fn read_batch(paths: &[PathBuf]) -> Result<Vec<Batch<'_>>, Outcome> {
    let mut out = Vec::new();
    for f in paths {
        if f == Path::new("-") {
            let mut bytes = Vec::new();
            if let Err(e) = io::stdin().read_to_end(&mut bytes) {
                return Err(fail(&CliError::Stdin(e)));
            }
            out.push(Batch::Stdin(bytes));
        } else {
            out.push(Batch::File(f));
        }
    }
    Ok(out)
}

/// Loads the batch files named (`-` is standard input) into `files`.
pub fn load_batch_files(files: &mut Files, paths: &[PathBuf]) -> Result<(), Outcome> {
    for b in read_batch(paths)? {
        match b {
            Batch::File(p) => files.load_file(p),
            Batch::Stdin(bytes) => files.load_bytes("<stdin>", bytes),
        }
    }
    Ok(())
}

/// Runs `regkb run`.
pub fn run(args: &RunArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let mut options = args.options(limit_args.limits());
    options.as_of = limit_args.as_of;
    let files = match kb_within(kb_args, &options.limits) {
        Ok(f) => f,
        Err(o) => return o,
    };
    answer_all(files, &args.files, &options, &args.facts, &args.output)
}

/// Evaluates the knowledge base in `files`, then answers the batch files
/// (and the data files of `--facts`) as a scenario over it, then writes
/// the relations of `--output`. Shared by `run` and the prompt's batch
/// mode. With `--deny-warnings`, any warning ends it with status 1 before
/// evaluation, as an error does.
pub fn answer_all(
    mut files: Files,
    batch: &[PathBuf],
    options: &Options,
    data: &[(String, PathBuf)],
    outputs: &[(String, PathBuf)],
) -> Outcome {
    let policy = files.policy.clone();
    let mut values = ValueStore::new();
    let checked = files.check(&mut values);
    if checked.has_errors() {
        // Report the batch files' problems too, as one check of everything.
        if let Err(o) = load_batch_files(&mut files, batch) {
            return o;
        }
        let checked = files.check(&mut ValueStore::new());
        print_diagnostics(&files.sources, &checked.diagnostics);
        return Outcome::Status(INPUT);
    }
    let sources = files.sources.clone();
    let base = match Base::new(files, checked, values, &options.limits, options.as_of) {
        Ok(b) => Arc::new(b),
        Err(e) => {
            print_diagnostics(&sources, &[e.to_diagnostic(&sources)]);
            return Outcome::Status(INPUT);
        }
    };
    let mut scenario = base.scenario();
    scenario.set_load_policy(policy);
    let batch = match read_batch(batch) {
        Ok(b) => b,
        Err(o) => return o,
    };
    for b in batch {
        match b {
            Batch::File(p) => scenario.load_file(p),
            Batch::Stdin(bytes) => scenario.load_bytes("<stdin>", bytes),
        }
    }
    for (pred, path) in data {
        scenario.load_data(pred, path);
    }
    match scenario.check() {
        Ok(d) => {
            print_diagnostics(scenario.sources(), &d);
            // `--deny-warnings`: a warning stops the run as an error would,
            // before anything is evaluated or answered.
            if super::report::current().failing(&d) > 0 {
                return Outcome::Status(INPUT);
            }
        }
        Err(e) => {
            print_diagnostics(scenario.sources(), &e.to_diagnostics(scenario.sources()));
            return Outcome::Status(INPUT);
        }
    }
    // The syntax trees are done with (explanations and their hypotheses
    // work on the checked program), and freeing them before evaluation
    // lowers the peak memory of big files.
    scenario.forget_modules();
    if let Err(e) = scenario.evaluate(&options.limits) {
        print_diagnostics(scenario.sources(), &[e.to_diagnostic(scenario.sources())]);
        // No query can be answered: in JSON each says so.
        if options.format == Format::Json {
            let e = EngineError::from(e);
            let lines: String = (0..scenario.queries().len())
                .map(|i| error_line(&scenario, i, &e) + "\n")
                .collect();
            if let Err(e) = io::stdout().lock().write_all(lines.as_bytes()) {
                return e.into();
            }
        }
        return Outcome::Status(INPUT);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // A query that fails (a limit, a run-time error) is reported and the
    // others are still answered; the run then ends with status 1.
    let mut failed = false;
    let mut answered = 0;
    for i in 0..scenario.queries().len() {
        let sep = if answered == 0 || options.format == Format::Json {
            ""
        } else {
            "\n"
        };
        // Rows are written as they are read from the answer.
        let written = scenario.answer_at_streamed(i, options).map(|s| {
            out.write_all(sep.as_bytes())
                .and_then(|()| crate::render::write_streamed(&mut out, &s, options))
        });
        match written {
            Ok(Ok(())) => answered += 1,
            Ok(Err(e)) => return e.into(),
            Err(e) => {
                if let Err(e) = out.flush() {
                    return e.into();
                }
                report(&scenario, &e);
                failed = true;
                // In JSON the line of a query that could not be answered
                // says so, in place of its answer.
                if options.format == Format::Json {
                    let line = error_line(&scenario, i, &e);
                    if let Err(e) = writeln!(out, "{line}") {
                        return e.into();
                    }
                }
            }
        }
    }
    if let Err(e) = out.flush() {
        return e.into();
    }
    for (pred, path) in outputs {
        if let Err(e) = write_relation(&mut scenario, pred, path, options) {
            match e {
                Written::Cli(e) => {
                    fail(&e);
                }
                Written::Engine(e) => report(&scenario, &e),
            }
            failed = true;
        }
    }
    // The process ends now: freeing the knowledge base piece by piece would
    // only add to the run time.
    std::mem::forget(scenario);
    Outcome::Status(if failed { INPUT } else { OK })
}

/// Why a relation could not be written.
enum Written {
    Cli(CliError),
    Engine(EngineError),
}

/// `--output PRED=FILE`: every fact of `pred`, sorted, as CSV (TSV for
/// `.tsv` and `.tab` files), with its argument names as the header row.
fn write_relation(
    scenario: &mut crate::engine::Scenario,
    pred: &str,
    path: &Path,
    options: &Options,
) -> Result<(), Written> {
    let program = scenario.program();
    let Some(id) = program
        .pred_id(pred)
        .filter(|_| pred != crate::check::AS_OF)
    else {
        let names: Vec<&str> = program.preds.iter().map(|p| p.name.as_str()).collect();
        return Err(Written::Cli(CliError::UnknownOutput {
            pred: pred.to_string(),
            suggestion: crate::diag::did_you_mean(pred, names.iter().copied()).map(str::to_string),
        }));
    };
    let p = program.pred(id);
    let header: Vec<String> = match &p.params {
        Some(params) if params.len() == p.arity => params.clone(),
        _ => (1..=p.arity).map(|i| format!("c{i}")).collect(),
    };
    let vars: Vec<String> = (0..p.arity).map(|i| format!("V{i}")).collect();
    let query = if vars.is_empty() {
        pred.to_string()
    } else {
        format!("{pred}({})", vars.join(", "))
    };
    let asked = Options {
        explain: false,
        order: crate::eval::RowOrder::Sorted,
        ..options.clone()
    };
    let responses = scenario.ask(&query, &asked).map_err(Written::Engine)?;
    let failed = |e: &dyn std::fmt::Display| {
        Written::Cli(CliError::OutputFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(crate::syntax::data::delimiter_of(path))
        .from_path(path)
        .map_err(|e| failed(&e))?;
    w.write_record(&header).map_err(|e| failed(&e))?;
    for r in &responses {
        for row in &r.rows {
            w.write_record(row.iter().map(|c| match c {
                crate::value::Constant::Text(t) => t.clone(),
                other => other.to_string(),
            }))
            .map_err(|e| failed(&e))?;
        }
    }
    w.flush().map_err(|e| failed(&e))
}

/// `{"query":...,"error":{"code":...,"message":...,"location":...}}`: the
/// JSON line of query `i`, which could not be answered. When the error
/// also points elsewhere (a fact of the user's that fed a failing rule),
/// `labels` lists those places.
fn error_line(scenario: &crate::engine::Scenario, i: usize, e: &EngineError) -> String {
    let sources = scenario.sources();
    let d = e.to_diagnostics(sources).into_iter().next();
    let (code, message, location) = match &d {
        Some(d) => (
            d.code,
            d.message.clone(),
            d.primary
                .as_ref()
                .map(|l| sources.location(l.span).to_string()),
        ),
        None => ("error", e.to_string(), None),
    };
    let mut error = serde_json::json!({"code": code, "message": message, "location": location});
    let labels: Vec<_> = d
        .iter()
        .flat_map(|d| &d.secondary)
        .map(|l| {
            serde_json::json!({"location": sources.location(l.span).to_string(), "text": l.text})
        })
        .collect();
    if !labels.is_empty() {
        error["labels"] = labels.into();
    }
    serde_json::json!({"query": scenario.queries()[i].text, "error": error}).to_string()
}

fn report(scenario: &crate::engine::Scenario, e: &EngineError) {
    print_diagnostics(scenario.sources(), &e.to_diagnostics(scenario.sources()));
}
