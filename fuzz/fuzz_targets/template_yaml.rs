//! Software templates (template.yaml): parsing and checking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = plat::scaffold::template::parse(text, "template.yaml", Path::new("/nonexistent/template"));
});
