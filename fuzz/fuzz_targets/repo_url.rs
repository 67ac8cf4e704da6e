//! `repoUrl` values (`github.com?owner=acme&repo=payments`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(spec) = plat::scaffold::repo_url::parse(text) {
        let _ = plat::scaffold::repo_url::build(&spec.host, spec.owner.as_deref().unwrap_or(""), &spec.repo);
    }
});
