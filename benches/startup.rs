//! # The start-up benchmark
//!
//! `cargo bench --bench startup [-- --runs N]`
//!
//! How long a person waits before regkb answers or listens, on the
//! embedded knowledge base (the binary `cargo bench` built in release):
//!
//! - `run`: `regkb run FILE` where FILE holds the one-line query
//!   `?- notifiable(p).`: wall time from spawn to exit (load, check and
//!   evaluate the whole knowledge base, answer, exit);
//! - `repl`: `regkb` in a pseudo-terminal (`openpty`): wall time from
//!   spawn until the prompt `regkb> ` has been drawn, that is, the
//!   knowledge base loaded, checked and evaluated and the line editor
//!   ready for input. The session is then left with `:quit`.
//!
//! Each is run N times (default 20) after one warm-up run; the table gives
//! the median and the minimum, against the 20 ms target of the project. A
//! last row measures a shell that prints the prompt at once the same way:
//! the share of the `repl` figure that is the pseudo-terminal and the
//! harness, not regkb.
//! History goes to a scratch `XDG_STATE_HOME`, so the user's is untouched.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const REGKB: &str = env!("CARGO_BIN_EXE_regkb");

/// The project's target for both, in milliseconds.
const TARGET_MS: f64 = 20.0;

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regkb-startup-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("state")).expect("scratch folder");
    dir
}

/// One `regkb run` of the one-line query; its wall time.
fn run_once(file: &PathBuf) -> Result<Duration, String> {
    let start = Instant::now();
    let out = Command::new(REGKB)
        .arg("run")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {REGKB}: {e}"))?;
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !stdout.contains("false.") {
        return Err(format!(
            "regkb run failed ({}): {stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(took)
}

/// A pseudo-terminal: the controller side, read by this harness with
/// blocking reads (a polling reader would take a core from regkb, which
/// parses on every core), and the terminal side, given to the child.
struct Pty {
    controller: std::fs::File,
    terminal: std::fs::File,
}

fn open_pty() -> Result<Pty, String> {
    use std::os::fd::FromRawFd;
    let (mut controller, mut terminal) = (-1, -1);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the integers passed; the
    // name buffer may be null, and termios and winsize are read only.
    let rc = unsafe {
        libc::openpty(
            &mut controller,
            &mut terminal,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    if rc != 0 {
        return Err(format!("openpty: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: both descriptors were just opened and are owned by nobody else.
    Ok(unsafe {
        Pty {
            controller: std::fs::File::from_raw_fd(controller),
            terminal: std::fs::File::from_raw_fd(terminal),
        }
    })
}

/// Spawns `cmd` on a fresh pseudo-terminal and returns the time until
/// `prompt` has been written to it; then types `:quit` and reaps the child.
fn until_prompt(mut cmd: Command, prompt: &str) -> Result<Duration, String> {
    use std::io::{Read, Write};
    use std::os::unix::process::CommandExt;
    let pty = open_pty()?;
    let dup = |f: &std::fs::File| f.try_clone().map_err(|e| format!("dup: {e}"));
    cmd.stdin(dup(&pty.terminal)?)
        .stdout(dup(&pty.terminal)?)
        .stderr(dup(&pty.terminal)?);
    // SAFETY: only async-signal-safe calls between fork and exec: a new
    // session whose controlling terminal is the pseudo-terminal.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot spawn: {e}"))?;
    // Only the child may hold the terminal side, or the end of its output
    // would never be seen.
    drop(cmd);
    drop(pty.terminal);
    let mut controller = pty.controller;
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let took = loop {
        let n = controller.read(&mut buf).map_err(|e| {
            format!(
                "no prompt ({e}); the child wrote {:?}",
                String::from_utf8_lossy(&seen)
            )
        })?;
        if n == 0 {
            return Err(format!(
                "no prompt; the child wrote {:?}",
                String::from_utf8_lossy(&seen)
            ));
        }
        seen.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&seen).contains(prompt) {
            break start.elapsed();
        }
    };
    controller
        .write_all(b":quit\r")
        .map_err(|e| format!("send: {e}"))?;
    // Drain until the child closes the terminal, then reap it.
    while matches!(controller.read(&mut buf), Ok(n) if n > 0) {}
    child.wait().map_err(|e| format!("wait: {e}"))?;
    Ok(took)
}

/// One start of the prompt in a pseudo-terminal; the time until it is
/// ready for input.
fn repl_once(dir: &PathBuf) -> Result<Duration, String> {
    let mut cmd = Command::new(REGKB);
    cmd.current_dir(dir)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", dir.join("state"));
    until_prompt(cmd, "regkb> ")
}

/// The same measurement of a shell that prints the prompt at once: what
/// the pseudo-terminal and the harness cost by themselves.
fn pty_baseline_once() -> Result<Duration, String> {
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", "printf 'regkb> '; read line"]);
    until_prompt(cmd, "regkb> ")
}

/// One measurement: the time it took, or why it failed.
type Measure<'a> = dyn Fn() -> Result<Duration, String> + 'a;

fn summary(name: &str, mut times: Vec<Duration>) -> bool {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let min = ms(times[0]);
    let ok = median < TARGET_MS;
    println!(
        "| {name:<5} | {:>4} | {median:>9.1} | {min:>6.1} | {:>9} |",
        times.len(),
        if ok { "yes" } else { "no" }
    );
    ok
}

fn main() -> ExitCode {
    let mut runs = 20;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("startup bench: --runs takes a positive number");
                    return ExitCode::from(2);
                }
            },
            // `cargo bench` passes `--bench` to every harness.
            "--bench" => {}
            other => {
                eprintln!("startup bench: unknown argument {other}");
                eprintln!("usage: cargo bench --bench startup [-- --runs N]");
                return ExitCode::from(2);
            }
        }
    }
    let dir = scratch();
    let file = dir.join("one.q");
    std::fs::write(&file, "?- notifiable(p).\n").expect("write the query");

    let measure = |f: &Measure| -> Result<Vec<Duration>, String> {
        f()?; // warm-up: page cache, dynamic loader
        (0..runs).map(|_| f()).collect()
    };
    println!("regkb start-up bench: {REGKB}, embedded knowledge base, {runs} runs each");
    println!();
    println!("| what  | runs | median ms | min ms | < {TARGET_MS} ms |");
    println!("| ----- | ---: | --------: | -----: | --------: |");
    let mut failed = false;
    let cases: [(&str, &Measure); 2] =
        [("run", &|| run_once(&file)), ("repl", &|| repl_once(&dir))];
    for (name, f) in cases {
        match measure(f) {
            Ok(t) => {
                summary(name, t);
            }
            Err(e) => {
                eprintln!("startup bench: {name}: {e}");
                failed = true;
            }
        }
    }
    match measure(&pty_baseline_once) {
        Ok(t) => {
            println!();
            println!("(the pseudo-terminal by itself, a shell printing the prompt at once:)");
            summary("pty", t);
        }
        Err(e) => eprintln!("startup bench: pty baseline: {e}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
