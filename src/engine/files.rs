//! Loading: the texts a knowledge base or a scenario is made of (the
//! embedded knowledge base, `--kb` folders and files, batch files, text
//! typed at the prompt), parsed into modules with their load and syntax
//! diagnostics, ready to be checked.

use super::error::KbError;
use crate::check::{self, CheckError, Program};
use crate::diag::Diagnostic;
use crate::source::SourceMap;
use crate::syntax::ast::Module;
use crate::syntax::{Disk, Embedded, FileSystem, LoadPolicy, Loader};
use crate::value::ValueStore;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));

/// The knowledge base embedded in the binary: the path (`kb/...`) and text
/// of each file.
pub fn embedded_kb() -> &'static [(&'static str, &'static str)] {
    EMBEDDED_KB
}

/// Loaded texts, parsed, ready to be checked.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// Every loaded text.
    pub sources: SourceMap,
    /// Parsed modules in load order.
    pub modules: Vec<Module>,
    /// Load and syntax problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read from disk (for reloading).
    pub paths: Vec<PathBuf>,
    /// What loading may read, and until when.
    pub policy: LoadPolicy,
}

/// The outcome of checking: the program and every diagnostic (load, syntax
/// and check), sorted by place.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The program (usable only if `diagnostics` has no error).
    pub program: Program,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The same problems the checks found, as their layer's errors.
    pub errors: Vec<CheckError>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }
}

impl Files {
    /// Nothing loaded yet.
    pub fn new() -> Files {
        Files::default()
    }

    /// Nothing loaded yet, with new texts numbered after those of
    /// `sources` (whose spans stay valid).
    pub fn after(sources: SourceMap) -> Files {
        Files {
            sources,
            ..Files::default()
        }
    }

    /// The same, reading under `policy` from now on.
    pub fn with_policy(mut self, policy: LoadPolicy) -> Files {
        self.policy = policy;
        self
    }

    /// Loads the knowledge base embedded in the binary. Its files are
    /// parsed in parallel (start-up time is mostly parsing); a knowledge
    /// base with `@include`s is loaded file by file instead.
    pub fn load_default(&mut self) {
        let first = self.modules.len();
        self.load_embedded();
        self.mark_reference(first);
    }

    /// Marks the modules from `first` on as knowledge-base files.
    fn mark_reference(&mut self, first: usize) {
        for m in &mut self.modules[first..] {
            m.origin = crate::syntax::ast::Origin::Reference;
        }
    }

    fn load_embedded(&mut self) {
        if EMBEDDED_KB.iter().all(|(_, t)| !t.contains("@include")) {
            let files: Vec<(crate::source::FileId, &'static str)> = EMBEDDED_KB
                .iter()
                .map(|(p, t)| (self.sources.add(*p, *t), *t))
                .collect();
            for (module, errors) in parse_parallel(&files) {
                self.modules.push(module);
                self.diagnostics
                    .extend(errors.iter().map(|e| e.to_diagnostic()));
            }
            return;
        }
        let fs = Embedded(EMBEDDED_KB);
        let mut loader = Loader::new(&mut self.sources, self.policy.clone());
        for (path, _) in EMBEDDED_KB {
            loader.load_path(&fs, Path::new(path));
        }
        let loaded = std::mem::take(&mut loader.loaded);
        self.absorb(loaded, false);
    }

    /// Loads a `.kb` file, or every `.kb` file under a folder (in name
    /// order).
    pub fn load_kb_path(&mut self, path: &Path) -> Result<(), KbError> {
        self.load_kb_path_with(&Disk, path)
    }

    /// [`Files::load_kb_path`], reading files through `fs` (the language
    /// server reads the editor's unsaved texts first). Folders are listed
    /// on disk.
    pub fn load_kb_path_with(&mut self, fs: &dyn FileSystem, path: &Path) -> Result<(), KbError> {
        let first = self.modules.len();
        let result = self.load_kb_files(fs, path);
        self.mark_reference(first);
        result
    }

    fn load_kb_files(&mut self, fs: &dyn FileSystem, path: &Path) -> Result<(), KbError> {
        if path.is_dir() {
            let mut files = Vec::new();
            collect_kb_files(path, &mut Default::default(), &mut files).map_err(|e| {
                KbError::Unreadable {
                    path: path.display().to_string(),
                    reason: crate::syntax::include::io_reason(&e),
                }
            })?;
            if files.is_empty() {
                return Err(KbError::EmptyFolder(path.display().to_string()));
            }
            files.sort();
            for f in files {
                self.load_file_with(fs, &f);
            }
            Ok(())
        } else {
            self.load_file_with(fs, path);
            Ok(())
        }
    }

    /// Loads one file from disk (and its includes).
    pub fn load_file(&mut self, path: &Path) {
        self.load_file_with(&Disk, path);
    }

    /// Loads one file (and its includes) through `fs`.
    pub fn load_file_with(&mut self, fs: &dyn FileSystem, path: &Path) {
        let mut loader = Loader::new(&mut self.sources, self.policy.clone());
        loader.load_path(fs, path);
        let loaded = std::mem::take(&mut loader.loaded);
        self.absorb(loaded, true);
    }

    /// Loads the rows of a data file named on the command line (`--facts
    /// PRED=FILE`) as facts of `pred`.
    pub fn load_data(&mut self, pred: &str, path: &Path) {
        let mut loader = Loader::new(&mut self.sources, self.policy.clone());
        loader.load_data_path(&Disk, pred, path);
        let loaded = std::mem::take(&mut loader.loaded);
        self.absorb(loaded, true);
    }

    /// Loads text with no file behind it.
    pub fn load_text(&mut self, name: &str, text: &str) {
        let mut loader = Loader::new(&mut self.sources, self.policy.clone());
        loader.load_text(&Disk, name, text);
        let loaded = std::mem::take(&mut loader.loaded);
        self.absorb(loaded, false);
    }

    /// Loads bytes with no file behind them (standard input), reporting
    /// bytes that are not UTF-8.
    pub fn load_bytes(&mut self, name: &str, bytes: Vec<u8>) {
        match String::from_utf8(bytes) {
            Ok(text) => self.load_text(name, &text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = self.sources.add(name, lossy);
                let span = crate::source::Span::new(file, offset, offset + '\u{FFFD}'.len_utf8());
                self.diagnostics.push(
                    crate::syntax::LoadError::InvalidUtf8 {
                        path: name.to_string(),
                        offset,
                        span,
                    }
                    .to_diagnostic(),
                );
            }
        }
    }

    fn absorb(&mut self, loaded: crate::syntax::Loaded, disk: bool) {
        self.modules.extend(loaded.modules);
        self.diagnostics.extend(loaded.diagnostics);
        if disk {
            self.paths.extend(loaded.paths);
        }
    }

    /// Checks everything loaded as a program of its own; values are
    /// interned in `values`.
    pub fn check(&self, values: &mut ValueStore) -> Checked {
        self.check_over(&Program::default(), values)
    }

    /// Checks everything loaded as a layer over `base` (see
    /// [`check::check_layer`]).
    pub fn check_over(&self, base: &Program, values: &mut ValueStore) -> Checked {
        let (program, errors) = check::check_layer(base, &self.modules, values);
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(errors.iter().map(|e| e.to_diagnostic(&self.sources)));
        sort_diagnostics(&mut diagnostics);
        Checked {
            program,
            diagnostics,
            errors,
        }
    }
}

/// Parses files on as many threads as there are cores (at most one thread
/// per file), returning the results in the files' order.
fn parse_parallel(
    files: &[(crate::source::FileId, &str)],
) -> Vec<(Module, Vec<crate::syntax::SyntaxError>)> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len())
        .max(1);
    // Deal the files out largest first to the least loaded thread.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].1.len()));
    let mut groups: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
    for i in order {
        let g = groups
            .iter_mut()
            .min_by_key(|(load, _)| *load)
            .expect("a thread");
        g.0 += files[i].1.len();
        g.1.push(i);
    }
    let mut results: Vec<Option<(Module, Vec<crate::syntax::SyntaxError>)>> =
        (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|(_, group)| {
                scope.spawn(move || {
                    group
                        .into_iter()
                        .map(|i| (i, crate::syntax::parse_program(files[i].0, files[i].1)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("parsing does not panic") {
                results[i] = Some(r);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every file parsed"))
        .collect()
}

/// Orders diagnostics by file and position, errors before warnings at the
/// same place.
pub fn sort_diagnostics(d: &mut [Diagnostic]) {
    d.sort_by_key(|d| {
        let (f, s) = d
            .primary
            .as_ref()
            .map(|l| (l.span.file.0, l.span.start))
            .unwrap_or((0, 0));
        (f, s, d.severity)
    });
}

/// Every `.kb` file under `dir`, following links to folders but entering
/// each folder once (by its canonical path), so links that loop end.
fn collect_kb_files(
    dir: &Path,
    visited: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if !visited.insert(std::fs::canonicalize(dir)?) {
        return Ok(());
    }
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect_kb_files(&p, visited, out)?;
        } else if p.extension().is_some_and(|x| x == "kb") {
            out.push(p);
        }
    }
    Ok(())
}
