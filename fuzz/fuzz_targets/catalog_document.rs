//! Catalog files: split, parse every document, validate every entity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plat::catalog::{validate, yaml};

fuzz_target!(|text: &str| {
    for raw in yaml::split_documents(text) {
        if let Ok(Some(document)) = yaml::parse_document(&raw) {
            let mut value = document.value.clone();
            let _ = validate::validate(&mut value);
        }
    }
});
