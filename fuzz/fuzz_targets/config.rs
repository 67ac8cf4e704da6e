//! plat.yaml.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = plat::config::parse(text, Path::new("plat.yaml"));
});
