//! Entity references: parsing, defaults, and the key of what parsed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plat::catalog::entity_ref::EntityRef;

fuzz_target!(|text: &str| {
    if let Ok(reference) = EntityRef::parse(text, Some("component"), "default") {
        let key = reference.key();
        // What parsed prints back to a reference that parses the same.
        let again = EntityRef::parse(&key, None, "default").expect("a key parses");
        assert_eq!(again.key(), key);
    }
});
