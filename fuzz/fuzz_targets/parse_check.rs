//! Fuzzes the parser and the checks: any bytes, as a knowledge base file
//! and as a fixture file, must give diagnostics (rendered) and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    regkb::robustness::parse_and_check(data);
});
