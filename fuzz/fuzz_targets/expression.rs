//! `${{ }}` expressions with Backstage's filters, over a fixed context.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plat::scaffold::expr::Templater;

fuzz_target!(|text: &str| {
    let context = serde_json::json!({
        "parameters": {"name": "payments", "owner": "group:payments", "replicas": 3, "tags": ["a", "b"],
                       "repoUrl": "github.com?owner=acme&repo=payments"},
        "steps": {"publish": {"output": {"remoteUrl": "https://github.com/acme/payments"}}},
        "user": {"entity": {"metadata": {"name": "jane"}}},
    });
    let _ = Templater::backstage().render(text, &context);
    let _ = Templater::cookiecutter().render(text, &context);
});
