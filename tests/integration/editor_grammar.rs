//! The editor grammars of `editors/vscode` (TextMate, for VS Code): their
//! scope tests (`tests/sample.*`, vscode-tmgrammar-test) and the scan of
//! every file of `kb/`, `tests/fixtures/` and `examples/`
//! (`tests/scan-all.js`), run through `npm test`. Needs Node.js and npm;
//! installs the locked packages with `npm ci` when `node_modules` is missing
//! or older than `package-lock.json`, and reuses them afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

fn extension_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("editors")
        .join("vscode")
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Whether `npm ci` has to run: no `node_modules`, or one installed before
/// the lock file last changed. npm writes `node_modules/.package-lock.json`
/// on every install, so its time is the install's.
fn needs_install(dir: &Path) -> bool {
    let modules = dir.join("node_modules");
    let installed = modified(&modules.join(".package-lock.json")).or_else(|| modified(&modules));
    match (installed, modified(&dir.join("package-lock.json"))) {
        (None, _) => true,
        (Some(installed), Some(lock)) => installed < lock,
        (Some(_), None) => false,
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(npm())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("npm_config_update_notifier", "false")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "could not run `npm {}` in {}: {e}",
                args.join(" "),
                dir.display()
            )
        })
}

fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn editor_grammars_pass_their_tests_and_recognise_every_file() {
    let dir = extension_dir();
    let npm_found = Command::new(npm())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        npm_found,
        "`npm` is not on PATH: install Node.js and npm (https://nodejs.org/) to run the \
         editor grammar tests in {}",
        dir.display()
    );
    if needs_install(&dir) {
        let out = run(&dir, &["ci", "--no-audit", "--no-fund"]);
        assert!(
            out.status.success(),
            "`npm ci` failed in {}:\n{}",
            dir.display(),
            show(&out)
        );
    }
    let out = run(&dir, &["test"]);
    assert!(
        out.status.success(),
        "`npm test` failed in {}:\n{}",
        dir.display(),
        show(&out)
    );
}
