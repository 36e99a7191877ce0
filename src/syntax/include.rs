//! Loading files: reading text (through [`super::read`], under a
//! [`LoadPolicy`]), parsing it, and following `@include`s relative to the
//! including file, once each, refusing cycles. An include is confined to
//! the folder tree of the file loaded (symbolic links resolved) and any
//! extra roots of the policy: an absolute path, a `..` that leaves the
//! tree, or a link that points out of it is refused before anything is
//! read.

use super::ast::{Item, Module};
use super::parser::parse_program_until;
use super::read::{FileSystem, Halt, LoadPolicy, ReadFailure, absolute};
pub use super::read::{io_reason, normalize};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceMap, Span};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// A file named on the command line that cannot be read:
    /// `regkb run missing.q`.
    #[error("cannot read `{path}`: {reason}")]
    Read {
        /// The path as given.
        path: String,
        /// Why.
        reason: String,
    },
    /// `@include "missing.kb".`, or an include of a directory.
    #[error("cannot include `{path}`: {reason}")]
    Include {
        /// The path as resolved.
        path: String,
        /// Why.
        reason: String,
        /// The `@include`.
        span: Span,
    },
    /// `@include "/etc/passwd".`, `@include "../../secret.kb".`, or a link
    /// that leads out of the folders includes may read.
    #[error("`{path}` is outside the folders includes may read")]
    OutsideRoot {
        /// The path as written.
        path: String,
        /// The folder the include is confined to.
        root: String,
        /// The `@include`.
        span: Span,
    },
    /// `@include` where includes are refused (`--no-includes`, text from a
    /// request).
    #[error("`@include` is not allowed here")]
    NotAllowed {
        /// The `@include`.
        span: Span,
    },
    /// A file over `--max-file-size`.
    #[error(
        "cannot read `{path}`: it is larger than the limit of {limit} bytes (`--max-file-size`)"
    )]
    TooLarge {
        /// The path.
        path: String,
        /// The limit in bytes.
        limit: u64,
        /// The `@include`, if an include.
        span: Option<Span>,
    },
    /// Loading ran past `--timeout`, or was interrupted.
    #[error("loading `{path}` stopped: {}", if *.halt == Halt::Timeout { "the time limit passed" } else { "interrupted" })]
    Halted {
        /// The file being read or parsed.
        path: String,
        /// Why.
        halt: Halt,
    },
    /// `a.kb` includes `b.kb`, which includes `a.kb`.
    #[error("`{path}` includes itself through {}", chain.join(" -> "))]
    Cycle {
        /// The file included again.
        path: String,
        /// The files from the first inclusion back to it.
        chain: Vec<String>,
        /// The `@include` that closes the cycle.
        span: Span,
    },
    /// A row of a data file (`@facts`, `--facts`) that cannot be read: a
    /// broken quote, a row with too few or too many fields, an empty field.
    #[error("cannot read `{path}`: {reason}")]
    DataFile {
        /// The file.
        path: String,
        /// What is wrong with the row.
        reason: String,
        /// The row or field.
        span: Span,
    },
    /// A file with bytes that are not UTF-8.
    #[error("`{path}` is not valid UTF-8: invalid byte at offset {offset}")]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// The first invalid byte.
        offset: usize,
        /// That byte, in the lossily decoded text.
        span: Span,
    },
}

impl LoadError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Read { .. } => "read-error",
            LoadError::Include { .. } | LoadError::Cycle { .. } => "include-error",
            LoadError::InvalidUtf8 { .. } => "invalid-utf8",
            LoadError::DataFile { .. } => "bad-data-file",
            LoadError::OutsideRoot { .. } => "include-outside-root",
            LoadError::NotAllowed { .. } => "include-not-allowed",
            LoadError::TooLarge { .. } => "file-too-large",
            LoadError::Halted { halt, .. } => match halt {
                Halt::Timeout => "timeout",
                Halt::Interrupted => "interrupted",
            },
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.code(), self.to_string());
        match self {
            LoadError::Read { .. } => d,
            LoadError::Include { span, .. } => d.with_primary(*span, "included here"),
            LoadError::Cycle { span, .. } => d
                .with_primary(*span, "this include closes the cycle")
                .with_note("a file may include another only if that one does not include it back"),
            LoadError::InvalidUtf8 { span, .. } => d.with_primary(*span, "invalid byte here"),
            LoadError::DataFile { span, .. } => d
                .with_primary(*span, "here")
                .with_note("every row of a data file is a fact; none is skipped"),
            LoadError::OutsideRoot { span, root, .. } => d
                .with_primary(*span, "included here")
                .with_note(format!("includes may read only files under `{root}`"))
                .with_help("`--include-root DIR` lets includes read under DIR too"),
            LoadError::NotAllowed { span } => d
                .with_primary(*span, "included here")
                .with_note("this text may not read files"),
            LoadError::TooLarge { span, .. } => match span {
                Some(s) => d.with_primary(*s, "included here"),
                None => d,
            },
            LoadError::Halted { halt, .. } => match halt {
                Halt::Timeout => d.with_note("raise the limit with `--timeout SECONDS`"),
                Halt::Interrupted => d,
            },
        }
    }
}

/// What the loader produced: parsed modules in load order, and every
/// problem met on the way (syntax errors as diagnostics).
#[derive(Debug, Default)]
pub struct Loaded {
    /// The modules, each file once.
    pub modules: Vec<Module>,
    /// Every load and syntax problem.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths (as loaded) of the files read from disk, for `:reload`.
    pub paths: Vec<PathBuf>,
}

/// Loads files and their includes into a [`SourceMap`].
pub struct Loader<'a> {
    sources: &'a mut SourceMap,
    policy: LoadPolicy,
    seen: HashSet<PathBuf>,
    /// The files being loaded, outermost first: canonical path and the
    /// path as it was reached (for messages).
    stack: Vec<(PathBuf, String)>,
    /// The folder includes are confined to: that of the outermost file.
    root: PathBuf,
    /// Loading stopped (the time limit or an interrupt): nothing more is
    /// read.
    halted: bool,
    /// The result so far.
    pub loaded: Loaded,
}

impl<'a> Loader<'a> {
    /// A loader adding to `sources`, reading under `policy`.
    pub fn new(sources: &'a mut SourceMap, policy: LoadPolicy) -> Self {
        Loader {
            sources,
            policy,
            seen: HashSet::new(),
            stack: Vec::new(),
            root: PathBuf::new(),
            halted: false,
            loaded: Loaded::default(),
        }
    }

    /// Loads a file (and what it includes), unless it was loaded already.
    pub fn load_path(&mut self, fs: &dyn FileSystem, path: &Path) {
        if self.halted {
            return;
        }
        let canonical = fs.canonical(path);
        if self.seen.contains(&canonical) {
            return;
        }
        self.root = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        match fs.read(path, &self.policy) {
            Ok(bytes) => {
                self.seen.insert(canonical.clone());
                self.loaded.paths.push(path.to_path_buf());
                self.load_bytes(fs, path, canonical, bytes);
            }
            Err(failure) => self.read_failed(path, None, failure),
        }
    }

    /// Loads a data file named on the command line (`--facts PRED=FILE`)
    /// as facts of `pred`.
    pub fn load_data_path(&mut self, fs: &dyn FileSystem, pred: &str, path: &Path) {
        if self.halted {
            return;
        }
        match fs.read(path, &self.policy) {
            Ok(bytes) => {
                self.loaded.paths.push(path.to_path_buf());
                let data = super::ast::DataFile {
                    pred: pred.to_string(),
                    pred_span: Span::default(),
                    delimiter: None,
                    header: true,
                };
                self.load_data(path, &data, bytes);
            }
            Err(failure) => self.read_failed(path, None, failure),
        }
    }

    /// The rows of a data file as a module of facts.
    fn load_data(&mut self, path: &Path, data: &super::ast::DataFile, bytes: Vec<u8>) {
        let Some((file, text)) = self.add_source(path, bytes) else {
            return;
        };
        let (module, problems) = super::data::facts(file, &text, path, data);
        self.loaded.diagnostics.extend(problems);
        self.loaded.modules.push(module);
    }

    /// Adds a file's bytes to the sources as its text; bytes that are not
    /// UTF-8 are reported (`invalid-utf8`, the text kept lossily to point
    /// at) and give `None`.
    fn add_source(&mut self, path: &Path, bytes: Vec<u8>) -> Option<(FileId, Arc<str>)> {
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => {
                let file = self.sources.add(name, text);
                Some((file, self.sources.file(file).text.clone()))
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = self.sources.add(name.clone(), lossy);
                let span = Span::new(file, offset, offset + '\u{FFFD}'.len_utf8());
                self.loaded.diagnostics.push(
                    LoadError::InvalidUtf8 {
                        path: name,
                        offset,
                        span,
                    }
                    .to_diagnostic(),
                );
                None
            }
        }
    }

    /// Loads text that has no file behind it (standard input, the prompt).
    /// Includes in it are resolved against, and confined to, the current
    /// directory.
    pub fn load_text(&mut self, fs: &dyn FileSystem, name: &str, text: &str) {
        let file = self.sources.add(name, text);
        let text = self.sources.file(file).text.clone();
        self.root = fs.canonical(Path::new("."));
        self.parse(fs, Path::new(name), file, text);
    }

    fn read_failed(&mut self, path: &Path, include: Option<Span>, failure: ReadFailure) {
        let path = path.display().to_string();
        let error = match (failure, include) {
            (ReadFailure::TooLarge(limit), span) => LoadError::TooLarge { path, limit, span },
            (ReadFailure::Halted(halt), _) => {
                self.halted = true;
                LoadError::Halted { path, halt }
            }
            (f, Some(span)) => LoadError::Include {
                path,
                reason: f.reason(),
                span,
            },
            (f, None) => LoadError::Read {
                path,
                reason: f.reason(),
            },
        };
        self.loaded.diagnostics.push(error.to_diagnostic());
    }

    fn load_bytes(&mut self, fs: &dyn FileSystem, path: &Path, canonical: PathBuf, bytes: Vec<u8>) {
        let Some((file, text)) = self.add_source(path, bytes) else {
            return;
        };
        self.stack.push((canonical, path.display().to_string()));
        self.parse(fs, path, file, text);
        self.stack.pop();
    }

    fn parse(
        &mut self,
        fs: &dyn FileSystem,
        path: &Path,
        file: crate::source::FileId,
        text: Arc<str>,
    ) {
        let policy = &self.policy;
        let (module, errors, halted) = parse_program_until(file, text, &|| policy.halted());
        self.loaded
            .diagnostics
            .extend(errors.iter().map(|e| e.to_diagnostic()));
        if let Some(halt) = halted {
            self.halted = true;
            self.loaded.diagnostics.push(
                LoadError::Halted {
                    path: path.display().to_string(),
                    halt,
                }
                .to_diagnostic(),
            );
        }
        let includes: Vec<_> = module
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Include(inc) => Some(inc.clone()),
                _ => None,
            })
            .collect();
        self.loaded.modules.push(module);
        let dir = path.parent().unwrap_or(Path::new(""));
        for inc in includes {
            if self.halted {
                return;
            }
            let target = dir.join(&inc.path);
            if fs.confined() && !self.admitted(fs, &target, &inc) {
                continue;
            }
            let canonical = fs.canonical(&target);
            if let Some(i) = self.stack.iter().position(|(p, _)| *p == canonical) {
                let mut chain: Vec<String> = self.stack[i..]
                    .iter()
                    .map(|(_, name)| name.clone())
                    .collect();
                chain.push(target.display().to_string());
                self.loaded.diagnostics.push(
                    LoadError::Cycle {
                        path: target.display().to_string(),
                        chain,
                        span: inc.span,
                    }
                    .to_diagnostic(),
                );
                continue;
            }
            if let Some(data) = &inc.data {
                match fs.read_included(&target, &self.policy) {
                    Ok(bytes) => {
                        self.loaded.paths.push(target.clone());
                        self.load_data(&target, data, bytes);
                    }
                    Err(failure) => self.read_failed(&target, Some(inc.span), failure),
                }
                continue;
            }
            if self.seen.contains(&canonical) {
                continue;
            }
            match fs.read_included(&target, &self.policy) {
                Ok(bytes) => {
                    self.seen.insert(canonical.clone());
                    self.loaded.paths.push(target.clone());
                    self.load_bytes(fs, &target, canonical, bytes);
                }
                Err(failure) => self.read_failed(&target, Some(inc.span), failure),
            }
        }
    }

    /// Whether an include may read `target` under the policy; if not, says
    /// why. The path is judged as written (lexically, before the file is
    /// looked at, so nothing outside is touched) and again with its links
    /// resolved.
    fn admitted(&mut self, fs: &dyn FileSystem, target: &Path, inc: &super::ast::Include) -> bool {
        if !self.policy.includes {
            self.loaded
                .diagnostics
                .push(LoadError::NotAllowed { span: inc.span }.to_diagnostic());
            return false;
        }
        let lexical = normalize(&absolute(target));
        let resolved = self
            .policy
            .admits(&self.root, &lexical)
            .then(|| fs.canonical(target));
        if resolved.is_some_and(|c| self.policy.admits(&self.root, &c)) {
            return true;
        }
        self.loaded.diagnostics.push(
            LoadError::OutsideRoot {
                path: inc.path.clone(),
                root: self.root.display().to_string(),
                span: inc.span,
            }
            .to_diagnostic(),
        );
        false
    }
}
