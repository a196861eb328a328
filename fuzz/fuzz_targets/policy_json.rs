#![no_main]
// Policy documents (parse, validate, compile) and issuer registries.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(policy) = medzk_policy::Policy::from_json(text) {
            let _ = policy.compile();
        }
        let _ = medzk_policy::IssuerRegistry::from_json(text);
    }
});
