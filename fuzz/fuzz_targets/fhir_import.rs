#![no_main]
// FHIR R4 resources and bundles.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = medzk_records::fhir::import_json(text);
    }
});
