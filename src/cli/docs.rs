//! `regkb completions SHELL` and `regkb man`: the shell completion scripts
//! (clap_complete) and the manual page (clap_mangen), both generated from
//! the one clap definition in [`super::args`], so they never fall behind
//! the flags.

use super::args::Cli;
use super::exit::{OK, Outcome, USAGE};
use clap::CommandFactory;
use std::io::{self, Write};

/// Prints the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut script = Vec::new();
    // Written to memory first: clap_complete panics when its writer fails,
    // and standard output may be a closed pipe.
    clap_complete::generate(shell, &mut Cli::command(), "regkb", &mut script);
    print(&script)
}

/// Prints the manual page (roff, section 1) of regkb, or of one of its
/// commands (`regkb-run(1)`, as the main page names them), to standard
/// output.
pub fn man(command: Option<&str>) -> Outcome {
    // As clap_mangen's own `generate_to`: no page for `help`, and the
    // commands built so that their pages are named `regkb-run`.
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let cmd = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(c) => c.clone(),
            // clap has checked the name against the commands.
            None => return Outcome::Status(USAGE),
        },
    };
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(cmd).source(concat!("regkb ", env!("CARGO_PKG_VERSION")));
    if let Err(e) = man.render(&mut page) {
        return e.into();
    }
    print(&page)
}

fn print(bytes: &[u8]) -> Outcome {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Outcome::Status(OK),
        Err(e) => e.into(),
    }
}
