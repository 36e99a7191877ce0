//! Reading files for the loader, as untrusted input: where text comes from
//! (the disk or the knowledge base embedded in the binary), what may be
//! read (the [`LoadPolicy`]: includes confined to folders, or refused;
//! regular files only for includes; a size limit), and stopping when the
//! time is up or the user interrupts, even on a pipe that never ends.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Default for `--max-file-size`: 256 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What loading may read, and when it must stop.
#[derive(Clone, Debug)]
pub struct LoadPolicy {
    /// Whether `@include` may read files (`--no-includes` refuses all).
    pub includes: bool,
    /// Folders includes may read from besides the tree of the file loaded
    /// (`--include-root`), canonical.
    pub roots: Vec<PathBuf>,
    /// The largest file read, in bytes (`--max-file-size`).
    pub max_file_size: u64,
    /// When reading and parsing must stop (the timeout).
    pub deadline: Option<Instant>,
    /// Set to stop reading and parsing (Ctrl-C).
    pub interrupt: Option<Arc<AtomicBool>>,
}

impl Default for LoadPolicy {
    fn default() -> Self {
        LoadPolicy {
            includes: true,
            roots: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            deadline: None,
            interrupt: None,
        }
    }
}

/// Why loading stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    /// The deadline passed.
    Timeout,
    /// The interrupt flag was set.
    Interrupted,
}

impl LoadPolicy {
    /// A policy that reads no include at all (for text from elsewhere,
    /// such as a request to a server, and for fuzzing).
    pub fn no_includes() -> LoadPolicy {
        LoadPolicy {
            includes: false,
            ..LoadPolicy::default()
        }
    }

    /// Whether loading must stop now.
    pub fn halted(&self) -> Option<Halt> {
        if self
            .interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return Some(Halt::Interrupted);
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Some(Halt::Timeout);
        }
        None
    }

    /// Whether `path` (canonical or lexically normalised) lies in the tree
    /// of `root` or of one of the extra roots.
    pub fn admits(&self, root: &Path, path: &Path) -> bool {
        path.starts_with(root) || self.roots.iter().any(|r| path.starts_with(r))
    }
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadFailure {
    /// An I/O error, in words (`no such file`, `permission denied`).
    Io(String),
    /// A folder, a device, a FIFO where a regular file is needed.
    NotRegular(&'static str),
    /// More than the policy's size limit.
    TooLarge(u64),
    /// Reading stopped.
    Halted(Halt),
}

impl ReadFailure {
    /// In words, after "cannot read `path`: ".
    pub fn reason(&self) -> String {
        match self {
            ReadFailure::Io(r) => r.clone(),
            ReadFailure::NotRegular(what) => format!("it is {what}, not a file"),
            ReadFailure::TooLarge(limit) => format!(
                "it is larger than the limit of {} (`--max-file-size`)",
                bytes_text(*limit)
            ),
            ReadFailure::Halted(Halt::Timeout) => "the time limit passed while reading it".into(),
            ReadFailure::Halted(Halt::Interrupted) => "reading it was interrupted".into(),
        }
    }
}

/// `256 MiB`, `1000 bytes`.
fn bytes_text(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else {
        format!("{n} bytes")
    }
}

/// Where file text comes from.
pub trait FileSystem {
    /// The bytes of a file named on the command line (or to `:load`): a
    /// regular file or a pipe, within the size limit.
    fn read(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure>;
    /// The bytes of a file named by `@include`, once it is admitted: a
    /// regular file only, within the size limit.
    fn read_included(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure>;
    /// A name that is the same for the same file however it is reached
    /// (symbolic links resolved where the file exists).
    fn canonical(&self, path: &Path) -> PathBuf;
    /// Whether includes from this source are confined by the policy (the
    /// embedded knowledge base is not: it is part of the binary).
    fn confined(&self) -> bool;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl FileSystem for Disk {
    fn read(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        read_file(path, policy, false)
    }

    fn read_included(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        read_file(path, policy, true)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(&absolute(path)))
    }

    fn confined(&self) -> bool {
        true
    }
}

/// `path` made absolute against the current directory (lexically).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a file under the policy: what it is is looked at before it is
/// opened (so a FIFO or a device is never opened where a regular file is
/// needed), it is opened without blocking, and reading stops at the size
/// limit, at the deadline or on the interrupt.
fn read_file(path: &Path, policy: &LoadPolicy, regular_only: bool) -> Result<Vec<u8>, ReadFailure> {
    let meta = std::fs::metadata(path).map_err(|e| ReadFailure::Io(io_reason(&e)))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(ReadFailure::Io("it is a directory, not a file".to_string()));
    }
    if !kind.is_file() {
        let what = special_kind(&kind);
        if regular_only || what != "a pipe" {
            return Err(ReadFailure::NotRegular(what));
        }
    }
    if kind.is_file() && meta.len() > policy.max_file_size {
        return Err(ReadFailure::TooLarge(policy.max_file_size));
    }
    let mut file = open_nonblocking(path).map_err(|e| ReadFailure::Io(io_reason(&e)))?;
    let mut bytes = Vec::with_capacity(if kind.is_file() {
        meta.len() as usize
    } else {
        8192
    });
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if let Some(h) = policy.halted() {
            return Err(ReadFailure::Halted(h));
        }
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if (bytes.len() + n) as u64 > policy.max_file_size {
                    return Err(ReadFailure::TooLarge(policy.max_file_size));
                }
                bytes.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                // A pipe whose writer has not written yet.
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadFailure::Io(io_reason(&e))),
        }
    }
    Ok(bytes)
}

/// What a file that is neither a folder nor a regular file is, in words.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "not a regular file"
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Files compiled into the binary, by relative path (`kb/countries.kb`).
#[derive(Clone, Copy, Debug)]
pub struct Embedded(pub &'static [(&'static str, &'static str)]);

impl FileSystem for Embedded {
    fn read(&self, path: &Path, _: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        let want = normalize(path);
        self.0
            .iter()
            .find(|(p, _)| Path::new(p) == want)
            .map(|(_, t)| t.as_bytes().to_vec())
            .ok_or_else(|| ReadFailure::Io("no such file in the embedded knowledge base".into()))
    }

    fn read_included(&self, path: &Path, policy: &LoadPolicy) -> Result<Vec<u8>, ReadFailure> {
        self.read(path, policy)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        normalize(path)
    }

    fn confined(&self) -> bool {
        false
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
