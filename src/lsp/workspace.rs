//! The language server's state: the knowledge base the files stand on (the
//! workspace's `kb/` folder, read through the editor's unsaved texts, or
//! the embedded one), the open documents, and each document's analysis by
//! the library's own loader, checks and fixture runner; and the
//! diagnostics to publish, per file, when they change.

use super::index::Index;
use super::text::{Encoding, LineIndex, path_uri};
use crate::diag::{Diagnostic, Severity};
use crate::engine::{Base, Files};
use crate::eval::Limits;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::read::ReadFailure;
use crate::syntax::{Disk, FileSystem, LoadPolicy};
use crate::value::{Date, ValueStore};
use lsp_types as lsp;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of file a document is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `.kb` file of the knowledge base itself.
    KbMember,
    /// A fixture file (`.kbtest`).
    Fixture,
    /// Any other file: a `.kb` layer or a `.q` batch file, checked over
    /// the knowledge base.
    Layer,
}

/// An open document and what was found in it.
#[derive(Debug)]
pub struct Doc {
    /// The editor's text.
    pub text: String,
    /// The editor's version of it.
    pub version: i32,
    /// What kind of file.
    pub kind: Kind,
    /// The last analysis.
    pub analysis: Analysis,
}

/// A document as the library understood it.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Every text involved (the knowledge base's, the document's, what it
    /// includes).
    pub sources: SourceMap,
    /// The document's own file.
    pub file: Option<FileId>,
    /// The names and values written in it (and in what it includes).
    pub index: Index,
    /// The checked program it makes with the knowledge base, when it has
    /// no errors.
    pub program: Option<crate::check::Program>,
    /// The texts the program's spans are in.
    pub program_sources: SourceMap,
    /// The files it read (includes), canonical.
    pub reads: Vec<PathBuf>,
    /// Problems, each in the file it is in.
    pub diagnostics: Vec<Diagnostic>,
}

/// The knowledge base the documents stand on.
pub struct Kb {
    /// Its folder (canonical), or `None` for the embedded one.
    pub folder: Option<PathBuf>,
    /// The last knowledge base that checked and evaluated.
    pub base: Arc<Base>,
    /// Its texts as last loaded (those of `base` unless that load had
    /// errors).
    pub sources: SourceMap,
    /// The names written in those texts.
    pub index: Index,
    /// Its own problems (a folder's; the embedded one has none).
    pub diagnostics: Vec<Diagnostic>,
    /// Where the embedded knowledge base's files were written for the
    /// editor to open (read-only).
    pub embedded_copy: Option<PathBuf>,
}

/// Reads the editor's texts before the disk.
struct Overlay<'a> {
    docs: &'a BTreeMap<PathBuf, Doc>,
}

impl Overlay<'_> {
    /// The editor's text of a file, if it is open.
    fn open(&self, path: &Path) -> Option<Vec<u8>> {
        self.docs
            .get(&Disk.canonical(path))
            .map(|d| d.text.as_bytes().to_vec())
    }
}

impl FileSystem for Overlay<'_> {
    fn read(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        self.open(path).map_or_else(|| Disk.read(path, policy), Ok)
    }

    fn read_included(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        self.open(path)
            .map_or_else(|| Disk.read_included(path, policy), Ok)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        Disk.canonical(path)
    }

    fn confined(&self) -> bool {
        true
    }
}

/// How the server was started.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `--kb`: this folder or file instead of the workspace's `kb/`.
    pub kb: Option<PathBuf>,
    /// `--no-default-kb`: no knowledge base under the documents.
    pub no_default_kb: bool,
    /// The date answers are as of (fixtures' cases).
    pub as_of: Option<Date>,
    /// Limits of each evaluation.
    pub limits: Limits,
}

/// The server's state.
pub struct Workspace {
    /// How columns are counted.
    pub encoding: Encoding,
    /// The open documents by canonical path.
    pub docs: BTreeMap<PathBuf, Doc>,
    /// The knowledge base.
    pub kb: Kb,
    settings: Settings,
    /// What was last published, by file.
    published: HashMap<PathBuf, Vec<lsp::Diagnostic>>,
}

impl Workspace {
    /// The state for a workspace folder (`None`: no folder), its
    /// knowledge base loaded.
    pub fn new(root: Option<PathBuf>, encoding: Encoding, settings: Settings) -> Workspace {
        let folder = settings.kb.clone().or_else(|| {
            let kb = root?.join("kb");
            has_kb_files(&kb).then_some(kb)
        });
        let folder = folder.map(|f| Disk.canonical(&f));
        let mut ws = Workspace {
            encoding,
            docs: BTreeMap::new(),
            kb: Kb {
                embedded_copy: None,
                folder,
                base: Arc::new(Base::empty()),
                sources: SourceMap::new(),
                index: Index::default(),
                diagnostics: Vec::new(),
            },
            settings,
            published: HashMap::new(),
        };
        ws.load_kb();
        ws
    }

    fn kind_of(&self, path: &Path) -> Kind {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "kbtest" {
            return Kind::Fixture;
        }
        match &self.kb.folder {
            Some(f) if ext == "kb" && (path.starts_with(f) || path == f.as_path()) => {
                Kind::KbMember
            }
            _ => Kind::Layer,
        }
    }

    /// Loads, checks and evaluates the knowledge base again (through the
    /// open documents' texts). When it has errors the last good one stays
    /// under the documents and the errors are reported in its files.
    pub fn load_kb(&mut self) {
        let mut files = Files::new();
        self.kb.diagnostics.clear();
        match &self.kb.folder {
            Some(folder) => {
                if let Err(e) = files.load_kb_path_with(&Overlay { docs: &self.docs }, folder) {
                    self.kb.diagnostics.push(e.to_diagnostic());
                }
            }
            None if self.settings.no_default_kb => {}
            None => {
                files.load_default();
                if self.kb.embedded_copy.is_none() {
                    self.kb.embedded_copy = write_embedded_copy();
                }
            }
        }
        let index = Index::of_modules(&files.modules);
        let sources = files.sources.clone();
        match Base::build_as_of(files, &self.settings.limits.from_now(), self.settings.as_of) {
            Ok(base) => {
                if self.kb.folder.is_some() {
                    self.kb
                        .diagnostics
                        .extend(base.diagnostics().iter().cloned());
                }
                self.kb.base = Arc::new(base);
            }
            // The last good knowledge base stays under the documents; the
            // errors are reported in the text that has them.
            Err(e) => self.kb.diagnostics.extend(e.to_diagnostics(&sources)),
        }
        self.kb.sources = sources;
        self.kb.index = index;
    }

    /// Opens or changes a document (then [`Workspace::publications`] says
    /// what to publish: this document's diagnostics in any case, others'
    /// when they changed).
    pub fn update(&mut self, path: PathBuf, text: String, version: i32) {
        let kind = self.kind_of(&path);
        self.published.remove(&path);
        let doc = Doc {
            text,
            version,
            kind,
            analysis: Analysis::default(),
        };
        self.docs.insert(path.clone(), doc);
        self.changed(&path);
    }

    /// Closes a document.
    pub fn close(&mut self, path: &Path) {
        if let Some(doc) = self.docs.remove(path)
            && doc.kind == Kind::KbMember
        {
            self.load_kb();
            self.analyse_all();
            return;
        }
        self.changed(path);
    }

    /// After a change to `path`: the knowledge base again if it is one of
    /// its files, and every open document that reads it.
    fn changed(&mut self, path: &Path) {
        if self.kind_of(path) == Kind::KbMember {
            self.load_kb();
            self.analyse_all();
            return;
        }
        let dependents: Vec<PathBuf> = self
            .docs
            .iter()
            .filter(|(p, d)| p.as_path() == path || d.analysis.reads.iter().any(|r| r == path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in dependents {
            self.analyse(&p);
        }
    }

    fn analyse_all(&mut self) {
        let paths: Vec<PathBuf> = self.docs.keys().cloned().collect();
        for p in paths {
            self.analyse(&p);
        }
    }

    fn analyse(&mut self, path: &Path) {
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        let analysis = match doc.kind {
            Kind::KbMember => self.analyse_member(path),
            Kind::Fixture => self.analyse_fixture(path, &doc.text),
            Kind::Layer => self.analyse_layer(path),
        };
        if let Some(doc) = self.docs.get_mut(path) {
            doc.analysis = analysis;
        }
    }

    /// A file of the knowledge base: its problems are the knowledge base's.
    fn analyse_member(&self, path: &Path) -> Analysis {
        let sources = self.kb.sources.clone();
        let file = find_file(&sources, path);
        Analysis {
            file,
            index: self.kb.index.clone(),
            program: Some(self.kb.base.program().clone()),
            program_sources: self.kb.base.sources().clone(),
            sources,
            reads: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// A `.kb` layer or `.q` file: loaded through the editor's texts and
    /// checked over the knowledge base, as `regkb check FILE` does.
    fn analyse_layer(&self, path: &Path) -> Analysis {
        let base = &self.kb.base;
        let mut files = Files::after(base.sources().clone());
        files.load_file_with(&Overlay { docs: &self.docs }, path);
        let mut values = ValueStore::over(base.values().clone());
        let checked = files.check_over(base.program(), &mut values);
        let file = find_file(&files.sources, path);
        Analysis {
            file,
            index: Index::of_modules(&files.modules),
            program: (!checked.has_errors()).then_some(checked.program),
            program_sources: files.sources.clone(),
            reads: files.paths.iter().map(|p| Disk.canonical(p)).collect(),
            diagnostics: checked.diagnostics,
            sources: files.sources,
        }
    }

    /// A fixture file: parsed, linted and every case run over the
    /// knowledge base, as `regkb test FILE` does; a failing case is a
    /// diagnostic at its name.
    fn analyse_fixture(&self, path: &Path, text: &str) -> Analysis {
        let mut scenario = self.kb.base.scenario();
        let name = path.display().to_string();
        let file = scenario.add_source(&name, text);
        let (fixture, errors) = crate::syntax::parse_fixture(file, text);
        let mut diagnostics: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
        let index = Index::of_fixture(&fixture);
        if errors.is_empty() {
            diagnostics.extend(
                crate::fixture::lint(&fixture)
                    .iter()
                    .map(|w| w.to_diagnostic(scenario.sources())),
            );
            let report =
                crate::fixture::run_fixture(&scenario, &fixture, &self.settings.limits.from_now());
            let mut seen = HashSet::new();
            for case in &report.cases {
                for d in case.diagnostics.iter().chain(&case.warnings) {
                    if seen.insert((
                        d.code,
                        d.primary.as_ref().map(|l| l.span),
                        d.message.clone(),
                    )) {
                        diagnostics.push(d.clone());
                    }
                }
                if case.diagnostics.is_empty() && !case.failures.is_empty() {
                    let mut d = Diagnostic::error(
                        "case-failed",
                        format!("case {:?} fails: {}", case.name, case.failures[0]),
                    )
                    .with_primary(case.span, "this case");
                    for f in &case.failures[1..] {
                        d = d.with_note(f.clone());
                    }
                    diagnostics.push(d);
                }
            }
        }
        Analysis {
            file: Some(file),
            index,
            program: Some(scenario.program().clone()),
            program_sources: scenario.sources().clone(),
            reads: Vec::new(),
            diagnostics,
            sources: scenario.sources().clone(),
        }
    }

    /// The diagnostics of every file that changed since they were last
    /// published (an empty list clears a file's), with the version of the
    /// document they are for when it is open.
    pub fn publications(&mut self) -> Vec<(PathBuf, Vec<lsp::Diagnostic>, Option<i32>)> {
        let mut now: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
        for path in self.docs.keys() {
            now.entry(path.clone()).or_default();
        }
        for d in &self.kb.diagnostics {
            self.place(&self.kb.sources, d, None, &mut now);
        }
        for (path, doc) in &self.docs {
            let base_files = self.kb.base.sources().len();
            for d in &doc.analysis.diagnostics {
                // A layer's check reports only its own files; anything
                // else (none expected) goes to the document itself.
                let own = d.primary.as_ref().is_some_and(|l| {
                    l.span.file.0 as usize >= base_files || doc.kind == Kind::KbMember
                });
                self.place(
                    &doc.analysis.sources,
                    d,
                    (!own).then_some(path.as_path()),
                    &mut now,
                );
            }
        }
        let mut out = Vec::new();
        let version = |p: &Path| self.docs.get(p).map(|d| d.version);
        for (path, diags) in &now {
            if self.published.get(path) != Some(diags) {
                out.push((path.clone(), diags.clone(), version(path)));
            }
        }
        for path in self.published.keys() {
            if !now.contains_key(path) {
                out.push((path.clone(), Vec::new(), version(path)));
            }
        }
        self.published = now
            .into_iter()
            .filter(|(p, d)| !d.is_empty() || self.docs.contains_key(p))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Adds one diagnostic to the file it points at (or to `fallback`).
    fn place(
        &self,
        sources: &SourceMap,
        d: &Diagnostic,
        fallback: Option<&Path>,
        out: &mut HashMap<PathBuf, Vec<lsp::Diagnostic>>,
    ) {
        let (path, range) = match (&d.primary, fallback) {
            (Some(l), None) => match self.path_of(sources, l.span.file) {
                Some(p) => (p, self.range(sources, l.span)),
                None => return,
            },
            (_, Some(p)) => (p.to_path_buf(), lsp::Range::default()),
            (None, None) => return,
        };
        let mut message = d.message.clone();
        if let Some(l) = &d.primary
            && !l.text.is_empty()
            && fallback.is_none()
        {
            message.push_str(&format!(" ({})", l.text));
        }
        for n in &d.notes {
            message.push_str(&format!("\nnote: {n}"));
        }
        for h in &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .secondary
            .iter()
            .filter_map(|l| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: self.location(sources, l.span)?,
                    message: if l.text.is_empty() {
                        "here".into()
                    } else {
                        l.text.clone()
                    },
                })
            })
            .collect();
        out.entry(path).or_default().push(lsp::Diagnostic {
            range,
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            }),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            source: Some("regkb".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        });
    }

    /// The file on disk a loaded text is (the embedded knowledge base's
    /// files: their read-only copies).
    pub fn path_of(&self, sources: &SourceMap, file: FileId) -> Option<PathBuf> {
        if file.0 as usize >= sources.len() {
            return None;
        }
        let name = &sources.file(file).name;
        let path = Path::new(name);
        if path.is_absolute() {
            return Some(path.to_path_buf());
        }
        if self.kb.folder.is_none()
            && crate::engine::files::embedded_kb()
                .iter()
                .any(|(p, _)| p == name)
        {
            return self.kb.embedded_copy.as_ref().map(|d| d.join(name));
        }
        std::path::absolute(path).ok()
    }

    /// The range of a span in its text.
    pub fn range(&self, sources: &SourceMap, span: Span) -> lsp::Range {
        let text = &sources.file(span.file).text;
        LineIndex::new(text).range(text, span.range(), self.encoding)
    }

    /// The location of a span.
    pub fn location(&self, sources: &SourceMap, span: Span) -> Option<lsp::Location> {
        let path = self.path_of(sources, span.file)?;
        Some(lsp::Location {
            uri: path_uri(&path)?,
            range: self.range(sources, span),
        })
    }
}

/// The file loaded from `path`, by its name.
fn find_file(sources: &SourceMap, path: &Path) -> Option<FileId> {
    (0..sources.len() as u32)
        .rev()
        .map(FileId)
        .find(|&f| Disk.canonical(Path::new(&sources.file(f).name)) == path)
}

/// Whether a folder holds `.kb` files (at most a few folders down, so
/// that links that loop end).
fn has_kb_files(dir: &Path) -> bool {
    fn within(dir: &Path, depth: usize) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let p = e.path();
            if p.is_dir() {
                depth > 0 && within(&p, depth - 1)
            } else {
                p.extension().is_some_and(|x| x == "kb")
            }
        })
    }
    within(dir, 8)
}

/// Writes the embedded knowledge base's files, read-only, under the user's
/// cache folder (once per version of their text), for go-to-definition.
fn write_embedded_copy() -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    let kb = crate::engine::files::embedded_kb();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    kb.hash(&mut hasher);
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = cache.join(format!(
        "regkb/embedded-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        hasher.finish()
    ));
    for (name, text) in kb {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).is_ok_and(|t| t == *text) {
            continue;
        }
        std::fs::create_dir_all(path.parent()?).ok()?;
        if let Ok(meta) = std::fs::metadata(&path) {
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&path, perms);
        }
        std::fs::write(&path, text).ok()?;
        let mut perms = std::fs::metadata(&path).ok()?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).ok()?;
    }
    Some(Disk.canonical(&dir))
}
