//! The README's examples run as pasted. Every fenced code block of
//! `README.md` says in its info string (its first word) what it is; every
//! block of a runnable kind is run through the binary and what it prints
//! compared with what the README shows. Runnable kinds:
//!
//! - ```` ```regkb ````: a batch file, saved as `readme.kb` in a fresh
//!   folder and run with `regkb run --no-default-kb readme.kb` (the
//!   language tour: plain Datalog, apart from the shipped knowledge base).
//! - ```` ```regkb-scenario ````: a batch file over the embedded knowledge
//!   base, given on standard input to `regkb run -` (so its locations read
//!   `<stdin>:LINE:COL`).
//!
//!   Both must be followed by a ```` ```text ```` block (the next block;
//!   prose may come between) showing their standard output; the run must
//!   exit 0 with nothing on standard error.
//! - ```` ```regkb-session ````: a transcript of the prompt. The first line
//!   is `$ regkb [ARGS]`; each line starting with `regkb> ` is typed (one
//!   line per input); every other line is output: the banner before the
//!   first input, then the reply to each input. It runs in a 100 x 30
//!   pseudo-terminal without colours, and ends with Ctrl-D and status 0.
//! - ```` ```kbtest ````: a fixture file, run with `regkb test`; every case
//!   must pass, with nothing on standard error.
//!
//! A `regkb` or `regkb-scenario` block may give options of the run after
//! its info string: the date it is run as of, the language of its
//! explanations, their detail (```` ```regkb-scenario --as-of 2016-06-01
//! --lang nb ````); otherwise it runs as of the tests' fixed date, in
//! English, short.
//!
//! Outputs are compared line by line, exactly but for trailing whitespace;
//! a line that is exactly `...` stands for any number of lines (an
//! abridged output). `REGKB_BLESS=1` rewrites the output blocks shown in
//! full of `regkb` and `regkb-scenario` blocks with what they print
//! (abridged outputs and transcripts are edited by hand).
//!
//! Kinds that are not run: `text` (other than as the output of a runnable
//! block: illustrations such as the usage summary), `sh` (commands to
//! build, test, fuzz or benchmark: never run here), `json` and `rust`
//! (illustrations; the library's runnable examples are the doc tests of
//! `src/lib.rs` and `examples/embed.rs`), `regkb-fragment` (a piece of a
//! program), and `prolog` (the Fixtures section's case, until it is marked
//! `kbtest`). Any other info string, or none, fails the test.

use crate::support::Scratch;
use crate::support::{regkb, root};

/// A fenced block of the README.
#[derive(Debug)]
struct Block {
    /// The first word of the info string.
    info: String,
    /// The words after it: options of the run (`--as-of DATE`).
    args: Vec<String>,
    /// The line of the opening fence (1-based).
    line: usize,
    /// The lines inside the fences, each ending with `\n`.
    text: String,
}

/// What the convention makes of an info string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Program,
    Scenario,
    Session,
    Fixture,
    /// Not run: an output (after a runnable block) or an illustration.
    Shown,
}

fn kind(info: &str) -> Option<Kind> {
    Some(match info {
        "regkb" => Kind::Program,
        "regkb-scenario" => Kind::Scenario,
        "regkb-session" => Kind::Session,
        "kbtest" => Kind::Fixture,
        // `curl` blocks (and the `json` after each) are run against a
        // server by `server::readme_curl_examples_answer_as_shown`.
        "text" | "sh" | "json" | "rust" | "regkb-fragment" | "prolog" | "curl" => Kind::Shown,
        _ => return None,
    })
}

/// The README's fenced blocks, in order (fences may be indented, as in a
/// list item; the indentation is taken off the block's lines).
fn blocks() -> Vec<Block> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("read README.md");
    let mut out = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (i, line) in readme.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match open.take() {
            None if trimmed.starts_with("```") => {
                let mut words = trimmed[3..].split_whitespace();
                let info = words.next().unwrap_or("");
                let block = Block {
                    info: info.to_string(),
                    args: words.map(str::to_string).collect(),
                    line: i + 1,
                    text: String::new(),
                };
                open = Some((block, indent));
            }
            None => {}
            Some((block, _)) if trimmed.trim_end() == "```" => out.push(block),
            Some((mut block, indent)) => {
                let cut = line.len() - line.trim_start().len();
                block.text.push_str(&line[cut.min(indent)..]);
                block.text.push('\n');
                open = Some((block, indent));
            }
        }
    }
    if let Some((block, _)) = open {
        panic!("README.md:{}: a block is never closed", block.line);
    }
    out
}

/// The runnable blocks, each with its expected output block where it has
/// one; panics on an unknown info string or a missing output.
fn runnable() -> Vec<(Kind, Block, Option<Block>)> {
    let mut out = Vec::new();
    let mut all = blocks().into_iter().peekable();
    while let Some(block) = all.next() {
        let Some(kind) = kind(&block.info) else {
            panic!(
                "README.md:{}: unknown info string `{}`: use one of the kinds listed in \
                 tests/integration/readme.rs",
                block.line, block.info
            );
        };
        match kind {
            Kind::Shown => {}
            Kind::Program | Kind::Scenario => {
                let output = all.next_if(|b| b.info == "text");
                assert!(
                    output.is_some(),
                    "README.md:{}: a `{}` block must be followed by a `text` block of its output",
                    block.line,
                    block.info
                );
                out.push((kind, block, output));
            }
            Kind::Session | Kind::Fixture => out.push((kind, block, None)),
        }
    }
    out
}

/// `text` without trailing whitespace on its lines.
fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim_end).collect()
}

/// Whether `actual` matches `expected`, where a line `...` of `expected`
/// stands for any number of lines.
fn matches(expected: &str, actual: &str) -> bool {
    let actual = lines(actual);
    let expected = lines(expected);
    let parts: Vec<&[&str]> = expected.split(|l| *l == "...").collect();
    let (first, rest) = parts.split_first().expect("split gives one part at least");
    if parts.len() == 1 {
        return actual == *first;
    }
    let last = rest.last().expect("two parts at least");
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    // The middle parts, leftmost first, between the head and the tail.
    let end = actual.len() - last.len();
    let mut at = first.len();
    for part in &rest[..rest.len() - 1] {
        let found = (at..=end.saturating_sub(part.len()))
            .find(|&i| i + part.len() <= end && actual[i..i + part.len()] == **part);
        match found {
            Some(i) => at = i + part.len(),
            None => return false,
        }
    }
    actual[end..] == **last
}

/// A fresh folder, removed when dropped.
fn scratch() -> Scratch {
    crate::support::scratch("readme")
}

/// An output block shown in full that the run prints otherwise: what
/// `REGKB_BLESS` rewrites.
struct Rewrite {
    /// The line of the output block's opening fence.
    fence: usize,
    shown: String,
    printed: String,
}

/// How a block went when it does not go as shown.
struct Problem {
    message: String,
    rewrite: Option<Rewrite>,
}

/// Runs a `regkb`, `regkb-scenario` or `kbtest` block.
fn run(kind: Kind, block: &Block, output: Option<&Block>) -> Result<(), Problem> {
    let dir = scratch();
    // Options written after the info string: `--as-of DATE`, `--lang
    // LANG` and `--explain-detail DETAIL`, each with its value.
    let extra: Vec<&str> = block.args.iter().map(String::as_str).collect();
    assert!(
        extra.len().is_multiple_of(2)
            && extra
                .chunks(2)
                .all(|p| matches!(p[0], "--as-of" | "--lang" | "--explain-detail")),
        "README.md:{}: only `--as-of DATE`, `--lang LANG` and `--explain-detail DETAIL` may follow the info string",
        block.line
    );
    let args = |mut head: Vec<&'static str>, tail: &'static str| {
        let mut all: Vec<&str> = std::mem::take(&mut head);
        all.extend(&extra);
        all.push(tail);
        all
    };
    let ran = match kind {
        Kind::Program => {
            std::fs::write(dir.0.join("readme.kb"), &block.text).expect("write readme.kb");
            regkb(&args(vec!["run", "--no-default-kb"], "readme.kb"))
                .dir(&dir.0)
                .run()
        }
        Kind::Scenario => regkb(&args(vec!["run"], "-"))
            .stdin(block.text.clone())
            .run(),
        Kind::Fixture => {
            std::fs::write(dir.0.join("readme.kbtest"), &block.text).expect("write readme.kbtest");
            regkb(&["test", "readme.kbtest"]).dir(&dir.0).run()
        }
        Kind::Session | Kind::Shown => unreachable!("not run here"),
    };
    let problem = |what: &str, rewrite: Option<Rewrite>| {
        Err(Problem {
            message: format!(
                "README.md:{}: the `{}` block {what}\n--- exit status {}\n--- stdout\n{}--- stderr\n{}",
                block.line, block.info, ran.status, ran.stdout, ran.stderr
            ),
            rewrite,
        })
    };
    if ran.status != 0 || !ran.stderr.is_empty() {
        return problem("does not run cleanly (exit 0, nothing on stderr)", None);
    }
    if kind == Kind::Fixture {
        let last = ran.stdout.lines().last().unwrap_or_default();
        if last.ends_with(" passed, 0 failed") {
            return Ok(());
        }
        return problem("has failing cases", None);
    }
    let expected = output.expect("a program has its output block");
    if matches(&expected.text, &ran.stdout) {
        return Ok(());
    }
    let abridged = lines(&expected.text).contains(&"...");
    let rewrite = (!abridged).then(|| Rewrite {
        fence: expected.line,
        shown: expected.text.clone(),
        printed: ran.stdout.clone(),
    });
    let hint = if abridged {
        "edit it by hand"
    } else {
        "run with REGKB_BLESS=1 to rewrite it"
    };
    problem(
        &format!(
            "prints other answers than the block at README.md:{} ({hint}):\n{}",
            expected.line, expected.text
        ),
        rewrite,
    )
}

/// Rewrites output blocks of the README with what was printed (trailing
/// whitespace dropped), each only if it still reads as shown.
fn bless(mut rewrites: Vec<Rewrite>) {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("read README.md");
    let mut all: Vec<String> = readme.lines().map(String::from).collect();
    // From the bottom up, so that earlier line numbers stay right.
    rewrites.sort_by_key(|r| std::cmp::Reverse(r.fence));
    for r in rewrites {
        let shown: Vec<&str> = r.shown.lines().collect();
        let range = r.fence..r.fence + shown.len();
        assert!(
            all.get(range.clone()).is_some_and(|l| l == shown),
            "README.md:{}: the block changed while the test ran",
            r.fence
        );
        all.splice(range, lines(&r.printed).into_iter().map(String::from));
    }
    let mut text = all.join("\n");
    text.push('\n');
    std::fs::write(&path, text).expect("write README.md");
}

#[test]
fn every_readme_block_has_a_known_kind_and_the_runnable_kinds_are_there() {
    let runnable = runnable();
    for want in [Kind::Program, Kind::Scenario, Kind::Session] {
        assert!(
            runnable.iter().any(|(k, _, _)| *k == want),
            "no {want:?} block found in README.md"
        );
    }
}

#[test]
fn readme_programs_and_scenarios_answer_as_shown() {
    let blessing = std::env::var_os("REGKB_BLESS").is_some();
    let mut problems = Vec::new();
    let mut rewrites = Vec::new();
    for (kind, block, output) in runnable() {
        if kind == Kind::Session {
            continue;
        }
        match run(kind, &block, output.as_ref()) {
            Ok(()) => {}
            Err(Problem {
                rewrite: Some(r), ..
            }) if blessing => rewrites.push(r),
            Err(p) => problems.push(p.message),
        }
    }
    if !rewrites.is_empty() {
        bless(rewrites);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn readme_links_name_files_that_exist() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("read README.md");
    let mut links = 0;
    for (i, line) in readme.lines().enumerate() {
        for piece in line.split("](").skip(1) {
            let target = piece.split(')').next().unwrap_or_default();
            let path = target.split('#').next().unwrap_or_default();
            if path.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            links += 1;
            assert!(
                root().join(path).exists(),
                "README.md:{}: the link to `{path}` names no file",
                i + 1
            );
        }
    }
    assert!(
        links >= 2,
        "README.md links to ARCHITECTURE.md and kb/README.md"
    );
}

#[test]
fn abridged_outputs_match_with_dots_for_left_out_lines() {
    let cases = [
        ("a\nb\n", "a\nb\n", true),
        ("a\nb  \n", "a\nb\n", true),
        ("a\nb\n", "a\nc\n", false),
        ("a\n...\nd\n", "a\nb\nc\nd\n", true),
        ("a\n...\nd\n", "a\nd\n", true),
        ("a\n...\nc\n...\ne\n", "a\nb\nc\nd\ne\n", true),
        ("a\n...\nx\n...\ne\n", "a\nb\nc\nd\ne\n", false),
        ("a\n...\na\n", "a\n", false),
        ("...\nb\n", "a\nb\n", true),
        ("a\n...\n", "a\nb\n", true),
    ];
    for (expected, actual, want) in cases {
        assert_eq!(
            matches(expected, actual),
            want,
            "{expected:?} vs {actual:?}"
        );
    }
}

/// No `kbtest` block is in the README yet (the Fixtures section's case is
/// still marked `prolog`): the kind is tried here, passing and failing.
#[test]
fn a_kbtest_block_runs_as_a_fixture_file() {
    let case = |want: &str| Block {
        info: "kbtest".into(),
        args: Vec::new(),
        line: 1,
        text: format!(
            "test \"a vaccine\" {{\n    product(v1). class(v1, vaccine). ma_in(v1, de).\n    \
             ?- requires_approval(v1).\n    => {want}.\n}}\n"
        ),
    };
    assert!(run(Kind::Fixture, &case("true"), None).is_ok());
    let failing = run(Kind::Fixture, &case("false"), None).expect_err("the case fails");
    assert!(failing.message.contains("1 failed"), "{}", failing.message);
}

/// The `regkb-session` blocks, typed into the prompt in a pseudo-terminal.
#[cfg(unix)]
mod session {
    use super::{Block, Kind, lines, matches, runnable, scratch};
    use crate::support::root;
    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession;
    use expectrl::{ControlCode, Eof, Expect, Regex};
    use std::process::Command;
    use std::time::Duration;

    const TYPED: &str = "regkb> ";

    /// A transcript: the arguments, the banner, and each input with its
    /// expected reply.
    struct Transcript {
        args: Vec<String>,
        banner: String,
        inputs: Vec<(String, String)>,
    }

    fn transcript(block: &Block) -> Transcript {
        let mut text = block.text.lines();
        let first = text.next().unwrap_or_default();
        let Some(args) = first.strip_prefix("$ regkb") else {
            panic!(
                "README.md:{}: a session starts with `$ regkb [ARGS]`",
                block.line
            );
        };
        let mut t = Transcript {
            args: args.split_whitespace().map(String::from).collect(),
            banner: String::new(),
            inputs: Vec::new(),
        };
        for line in text {
            if let Some(input) = line.strip_prefix(TYPED) {
                // Longer lines would wrap in the terminal's echo.
                assert!(
                    input.chars().count() < 90,
                    "README.md:{}: typed lines must be shorter than 90 characters",
                    block.line
                );
                t.inputs.push((input.to_string(), String::new()));
            } else {
                let out = match t.inputs.last_mut() {
                    Some((_, reply)) => reply,
                    None => &mut t.banner,
                };
                out.push_str(line);
                out.push('\n');
            }
        }
        t
    }

    /// The terminal's bytes as the text they show: escape sequences
    /// dropped, line ends as `\n`, carriage returns dropped.
    fn screen_text(bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\x1b' => match chars.next() {
                    // CSI: parameters, then a final byte in @..~.
                    Some('[') => {
                        for c in chars.by_ref() {
                            if ('@'..='~').contains(&c) {
                                break;
                            }
                        }
                    }
                    // OSC: up to BEL or ESC \.
                    Some(']') => {
                        while let Some(c) = chars.next() {
                            if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => {}
                c => out.push(c),
            }
        }
        out
    }

    /// What the terminal shows up to the next fresh, empty prompt. (While
    /// a line is typed, the line editor redraws the prompt followed by the
    /// text typed so far.)
    fn until_prompt(p: &mut OsSession, block: &Block, what: &str) -> String {
        match p.expect(Regex("regkb> [\r\x1b]")) {
            Ok(found) => screen_text(found.before()),
            Err(e) => panic!("README.md:{}: no prompt after {what}: {e}", block.line),
        }
    }

    /// Runs one transcript; the problems found.
    fn run(block: &Block) -> Vec<String> {
        let t = transcript(block);
        let dir = scratch();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_regkb"));
        cmd.args(&t.args)
            .current_dir(root())
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env("XDG_STATE_HOME", &dir.0);
        let mut p = OsSession::spawn(cmd).expect("spawn regkb in a pty");
        p.get_process_mut()
            .set_window_size(100, 30)
            .expect("window size");
        p.set_expect_timeout(Some(Duration::from_secs(15)));
        let mut problems = Vec::new();
        let banner = until_prompt(&mut p, block, "starting");
        if !matches(&t.banner, &banner) {
            problems.push(format!(
                "README.md:{}: the banner differs\n--- shown\n{}--- printed\n{banner}",
                block.line, t.banner
            ));
        }
        for (input, reply) in &t.inputs {
            p.send(format!("{input}\r")).expect("type");
            let screen = until_prompt(&mut p, block, input);
            // What precedes the first line break is the echo of the input.
            let printed = screen.split_once('\n').map_or("", |(_, rest)| rest);
            if !matches(reply, printed) {
                problems.push(format!(
                    "README.md:{}: `{input}` is answered otherwise\n--- shown\n{reply}--- printed\n{printed}",
                    block.line
                ));
            }
        }
        p.send(ControlCode::EndOfTransmission).expect("Ctrl-D");
        let _ = p.expect(Eof);
        let status = p.get_process().wait().expect("wait");
        if !matches!(status, WaitStatus::Exited(_, 0)) {
            problems.push(format!(
                "README.md:{}: Ctrl-D ends with {status:?}",
                block.line
            ));
        }
        problems
    }

    #[test]
    fn readme_prompt_sessions_go_as_shown() {
        let mut problems = Vec::new();
        for (kind, block, _) in runnable() {
            if kind == Kind::Session {
                problems.extend(run(&block));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    }

    #[test]
    fn a_transcript_reads_as_banner_inputs_and_replies() {
        let block = Block {
            info: "regkb-session".into(),
            args: Vec::new(),
            line: 1,
            text: "$ regkb --no-default-kb\nhello\nregkb> p(a).\nadded: p(a).\nregkb> ?- p(X).\nX = a\n1 row\n".into(),
        };
        let t = transcript(&block);
        assert_eq!(t.args, ["--no-default-kb"]);
        assert_eq!(t.banner, "hello\n");
        assert_eq!(
            t.inputs,
            [
                ("p(a).".to_string(), "added: p(a).\n".to_string()),
                ("?- p(X).".to_string(), "X = a\n1 row\n".to_string())
            ]
        );
        assert_eq!(
            screen_text(b"regkb> p(\x1b[?2026h\r\x1b[Ka).\x1b[?2004l\r\nadded\r\n\x1b]0;t\x07ok"),
            "regkb> p(a).\nadded\nok"
        );
        assert_eq!(lines("a  \nb\n"), ["a", "b"]);
    }
}
