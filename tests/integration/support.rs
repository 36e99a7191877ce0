//! A small builder around the `regkb` binary that checks stdout, stderr and
//! the exit status, and a golden-file comparison with a bless switch.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A small deterministic generator (splitmix64) for test data drawn from
/// a seed.
pub struct Gen(pub u64);

impl Gen {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `regkb` invocation.
pub struct Regkb {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// The date runs answer as of unless a test says otherwise (`REGKB_AS_OF`):
/// answers and golden files must not change with the calendar.
pub const AS_OF: &str = "2026-12-01";

pub fn regkb(args: &[&str]) -> Regkb {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regkb"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("REGKB_AS_OF", AS_OF)
        // Explanations in words are in the locale's language: English.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .current_dir(root());
    Regkb { cmd, stdin: None }
}

impl Regkb {
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    pub fn run(mut self) -> Ran {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn regkb");
        if let Some(input) = self.stdin.take() {
            let mut stdin = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            });
        }
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().expect("wait regkb");
        Ran {
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            status: status.code().unwrap_or(-1),
        }
    }

    /// Runs and asserts the exit status.
    pub fn status(self, want: i32) -> Ran {
        let ran = self.run();
        assert_eq!(
            ran.status, want,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            ran.stdout, ran.stderr
        );
        assert!(!ran.stderr.contains("panicked"), "panic:\n{}", ran.stderr);
        ran
    }
}

/// Compares `actual` with the golden file, or rewrites it when
/// `REGKB_BLESS` is set.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("REGKB_BLESS").is_some() {
        std::fs::write(path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with REGKB_BLESS=1)",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs (run with REGKB_BLESS=1 to accept)\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

/// Every file in `dir` with extension `ext`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// A fresh folder for one test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder under the system's temporary folder, named after `what`
/// the test is about.
pub fn scratch(what: &str) -> Scratch {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "regkb-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    Scratch(dir)
}

/// Runs `regkb ARGS NAME` in `dir` for each file `NAME` there ending in
/// `.ext` (at least `min` of them), checking that none panics and that the
/// status is 1 exactly when an error is reported; the runs, for their
/// golden files.
pub fn runs_with_diagnostics(
    dir: &Path,
    ext: &str,
    args: &[&str],
    min: usize,
) -> Vec<(PathBuf, Ran)> {
    let inputs = files(dir, ext);
    assert!(
        inputs.len() >= min,
        "golden inputs missing in {}",
        dir.display()
    );
    inputs
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let mut all = args.to_vec();
            all.push(&name);
            let ran = regkb(&all).dir(dir).run();
            assert!(!ran.stderr.contains("panicked"), "{name} panicked");
            let has_error = ran.stderr.contains("error[");
            assert_eq!(
                ran.status,
                if has_error { 1 } else { 0 },
                "{name}: {}",
                ran.stderr
            );
            (p, ran)
        })
        .collect()
}
