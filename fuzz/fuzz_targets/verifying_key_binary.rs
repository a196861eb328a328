#![no_main]
// bash scripts/fuzz.sh (all targets) or: cargo fuzz run <name>
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(vk) = medzk_verifier::binary::decode_verifying_key(data) {
        let _ = medzk_verifier::prepare(&vk);
    }
});
