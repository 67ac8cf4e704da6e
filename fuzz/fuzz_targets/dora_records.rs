//! DORA deployment and incident records, in each format (the first byte
//! picks it).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((format, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let file = match format % 3 {
        0 => Path::new("records.csv"),
        1 => Path::new("records.jsonl"),
        _ => Path::new("records.yaml"),
    };
    let _ = plat::dora::parse_deployments(file, text);
    let _ = plat::dora::parse_incidents(file, text);
});
