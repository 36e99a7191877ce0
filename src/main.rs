//! The `regkb` binary: a thin shell around [`regkb::cli::main`], run on a
//! thread with a large stack so deeply nested input cannot overflow it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new()
        .name("regkb".into())
        .stack_size(256 * 1024 * 1024)
        .spawn(regkb::cli::main);
    match worker {
        Ok(handle) => handle.join().unwrap_or(ExitCode::FAILURE),
        Err(_) => regkb::cli::main(),
    }
}
