//! The terminal side of the prompt: rustyline with its [`ReplHelper`]
//! (completion, colours, hints), and the read-handle-print loop with its
//! continuation prompt, history file and Ctrl-C handling. Everything a
//! line means is decided by [`Session`].

pub use super::helper::ReplHelper;
use super::lexer;
use super::session::{Options, Session};
use rustyline::Editor;
use rustyline::completion::FilenameCompleter;
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::{DefaultHistory, History};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// The main prompt.
pub const PROMPT: &str = "regkb> ";
/// The prompt for the lines that continue an input.
pub const CONTINUATION: &str = "   | ";
/// The hint on an empty continuation line.
pub const CONTINUATION_HINT: &str = "end the input with `.` (Ctrl-C abandons it)";

/// Runs the prompt until the user leaves; returns the exit status (0, or 1
/// if the knowledge base named on the command line does not exist or the
/// terminal fails).
pub fn run(options: Options) -> u8 {
    let color = options.color;
    let (mut session, banner) = match Session::new(options) {
        Ok(s) => s,
        Err(e) => {
            let text = crate::diag::render(
                &[e.to_diagnostic()],
                &crate::source::SourceMap::new(),
                color,
            );
            let _ = io::stderr().write_all(text.as_bytes());
            return 1;
        }
    };
    let mut stdout = io::stdout();
    let _ = stdout.write_all(banner.as_bytes());
    let _ = stdout.flush();

    let flag = session.interrupt_flag();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        let _ = writeln!(
            io::stderr(),
            "warning: Ctrl-C will not stop evaluations ({e}); --timeout still applies"
        );
    }

    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .history_ignore_space(false)
        // The caller decided (`--color`, `NO_COLOR`, the terminal): forced,
        // so that `--color always` holds even with `NO_COLOR` set.
        .color_mode(if color {
            ColorMode::Forced
        } else {
            ColorMode::Disabled
        })
        .bracketed_paste(true)
        .build();
    let mut rl: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot start the line editor: {e}");
            return 1;
        }
    };
    let _ = rl.history_mut().ignore_dups(true);
    let _ = rl.history_mut().set_max_len(1000);
    rl.set_helper(Some(ReplHelper {
        vocabulary: session.vocabulary(),
        color,
        width: 80,
        continuing: false,
        files: FilenameCompleter::new(),
    }));
    let mut generation = session.generation();

    let mut history = history_path();
    if let Some(path) = &history {
        match rl.load_history(path) {
            Ok(()) => {}
            Err(ReadlineError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = writeln!(
                    io::stderr(),
                    "warning: cannot read the history in `{}`: {e}",
                    path.display()
                );
            }
        }
    }

    let mut input = String::new();
    let mut hinted_quit = false;
    loop {
        if let Some((cols, rows)) = rl.dimensions() {
            session.set_screen(rows as usize, cols as usize);
            if let Some(h) = rl.helper_mut() {
                h.width = cols as usize;
            }
        }
        // The date asked about shows while it is not today.
        let dated;
        let prompt = if !input.is_empty() {
            CONTINUATION
        } else if let Some(d) = session.as_of_shown() {
            dated = format!("regkb@{d}> ");
            dated.as_str()
        } else {
            PROMPT
        };
        if let Some(h) = rl.helper_mut() {
            h.continuing = !input.is_empty();
        }
        match rl.readline(prompt) {
            Ok(line) => {
                input.push_str(&line);
                input.push('\n');
                if !lexer::is_complete(&input) {
                    continue;
                }
                let text = std::mem::take(&mut input);
                let entry = text.trim_end();
                if !entry.trim().is_empty() {
                    let _ = rl.add_history_entry(entry);
                    if let Some(path) = &history
                        && let Err(e) = save_history(&mut rl, path)
                    {
                        let _ = writeln!(
                            io::stderr(),
                            "warning: cannot save the history in `{}`: {e}; going on without it",
                            path.display()
                        );
                        history = None;
                    }
                }
                let reply = session.handle(&text);
                if reply.interrupted {
                    // After the terminal's `^C`.
                    let _ = writeln!(stdout);
                }
                let _ = stdout.write_all(reply.text.as_bytes());
                let _ = stdout.flush();
                if reply.quit {
                    break;
                }
                if session.generation() != generation {
                    generation = session.generation();
                    if let Some(h) = rl.helper_mut() {
                        h.vocabulary = session.vocabulary();
                    }
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C abandons what was typed, continuation lines too.
                input.clear();
                if !hinted_quit {
                    hinted_quit = true;
                    let _ = writeln!(stdout, "(input abandoned; Ctrl-D or :quit leaves)");
                }
            }
            Err(ReadlineError::Eof) => {
                let _ = writeln!(stdout);
                break;
            }
            Err(e) => {
                let _ = writeln!(io::stderr(), "error: cannot read the terminal: {e}");
                return 1;
            }
        }
    }
    0
}

/// `$XDG_STATE_HOME/regkb/history` (by default
/// `~/.local/state/regkb/history`), its folder created; `None` (with a
/// warning) when there is no such place.
fn history_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let dir = match etcetera::choose_base_strategy() {
        Ok(s) => s.state_dir().unwrap_or_else(|| s.data_dir()),
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "warning: no home folder for the history ({e}); going on without it"
            );
            return None;
        }
    };
    let dir = dir.join("regkb");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        let _ = writeln!(
            io::stderr(),
            "warning: cannot create `{}` for the history: {}; going on without it",
            dir.display(),
            crate::syntax::include::io_reason(&e)
        );
        return None;
    }
    Some(dir.join("history"))
}

fn save_history(
    rl: &mut Editor<ReplHelper, DefaultHistory>,
    path: &std::path::Path,
) -> Result<(), ReadlineError> {
    rl.append_history(path)
}
