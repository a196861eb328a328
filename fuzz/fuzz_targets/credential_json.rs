#![no_main]
// Credential, holder key and revocation list files.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = medzk_records::Credential::from_json(text);
        let _ = medzk_records::HolderSecret::from_json(text);
        let _ = medzk_records::RevocationList::from_json(text);
    }
});
