//! Fuzzes the whole pipeline with small limits: parse, check, evaluate,
//! answer every query (with explanations), and never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    regkb::robustness::run_all(data);
});
