//! Loading files: reading text (from disk or from the knowledge base embedded
//! in the binary), parsing it, and following `@include`s relative to the
//! including file, once each, refusing cycles.

use super::ast::{Item, Module};
use super::parser::parse_program_compact;
use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Where file text comes from.
pub trait FileSystem {
    /// The file's bytes.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;
    /// A name that is the same for the same file however it is reached.
    fn canonical(&self, path: &Path) -> PathBuf;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl FileSystem for Disk {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        if path.is_dir() {
            return Err("it is a directory, not a file".to_string());
        }
        std::fs::read(path).map_err(|e| io_reason(&e))
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }
}

/// Files compiled into the binary, by relative path (`kb/countries.kb`).
#[derive(Clone, Copy, Debug)]
pub struct Embedded(pub &'static [(&'static str, &'static str)]);

impl FileSystem for Embedded {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let want = normalize(path);
        self.0
            .iter()
            .find(|(p, _)| Path::new(p) == want)
            .map(|(_, t)| t.as_bytes().to_vec())
            .ok_or_else(|| "no such file in the embedded knowledge base".to_string())
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// A readable reason for an I/O error, without the `(os error N)` tail.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s.to_lowercase(),
            }
        }
    }
}

/// Removes `.` and resolves `..` without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

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
    seen: Vec<PathBuf>,
    /// The files being loaded, outermost first: canonical path and the
    /// path as it was reached (for messages).
    stack: Vec<(PathBuf, String)>,
    /// The result so far.
    pub loaded: Loaded,
}

impl<'a> Loader<'a> {
    /// A loader adding to `sources`.
    pub fn new(sources: &'a mut SourceMap) -> Self {
        Loader {
            sources,
            seen: Vec::new(),
            stack: Vec::new(),
            loaded: Loaded::default(),
        }
    }

    /// Loads a file (and what it includes), unless it was loaded already.
    pub fn load_path(&mut self, fs: &dyn FileSystem, path: &Path) {
        let canonical = fs.canonical(path);
        if self.seen.contains(&canonical) {
            return;
        }
        match fs.read(path) {
            Ok(bytes) => {
                self.seen.push(canonical.clone());
                self.loaded.paths.push(path.to_path_buf());
                self.load_bytes(fs, path, canonical, bytes);
            }
            Err(reason) => self.loaded.diagnostics.push(
                LoadError::Read {
                    path: path.display().to_string(),
                    reason,
                }
                .to_diagnostic(),
            ),
        }
    }

    /// Loads text that has no file behind it (standard input, the prompt).
    /// Includes in it are resolved against the current directory.
    pub fn load_text(&mut self, name: &str, text: &str) {
        let file = self.sources.add(name, text);
        let text = self.sources.file(file).text.clone();
        self.parse(&Disk, Path::new(name), file, text);
    }

    fn load_bytes(&mut self, fs: &dyn FileSystem, path: &Path, canonical: PathBuf, bytes: Vec<u8>) {
        let name = path.display().to_string();
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
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
                return;
            }
        };
        let file = self.sources.add(name, text);
        let text = self.sources.file(file).text.clone();
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
        let (module, errors) = parse_program_compact(file, text);
        self.loaded
            .diagnostics
            .extend(errors.iter().map(|e| e.to_diagnostic()));
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
            let target = dir.join(&inc.path);
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
            if self.seen.contains(&canonical) {
                continue;
            }
            match fs.read(&target) {
                Ok(bytes) => {
                    self.seen.push(canonical.clone());
                    self.loaded.paths.push(target.clone());
                    self.load_bytes(fs, &target, canonical, bytes);
                }
                Err(reason) => self.loaded.diagnostics.push(
                    LoadError::Include {
                        path: target.display().to_string(),
                        reason,
                        span: inc.span,
                    }
                    .to_diagnostic(),
                ),
            }
        }
    }
}
