//! Backstage filter expressions (`kind=component,spec.type=service`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use plat::catalog::EntityFilter;

fuzz_target!(|text: &str| {
    if let Ok(filter) = EntityFilter::parse(&[text]) {
        let _ = filter.to_backstage();
    }
});
