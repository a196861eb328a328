#![no_main]
// SMART Health Cards: numeric shc:/ decoding and card verification (JWS,
// DEFLATE, payload) against the spec's example key set, and revocation lists.
use std::sync::OnceLock;
static JWKS: OnceLock<medzk_records::shc::Jwks> = OnceLock::new();
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let jwks = JWKS.get_or_init(|| {
        medzk_records::shc::Jwks::from_json(include_str!("../../fixtures/shc/jwks.json")).expect("fixture key set")
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = medzk_records::shc::decode_numeric(text);
        let _ = medzk_records::shc::Crl::from_json(text);
        let _ = medzk_records::shc::verify_card(text, jwks, "https://smarthealth.cards/examples/issuer", 1_700_000_000);
        let _ = medzk_records::shc::verify_jws(text, jwks, "https://smarthealth.cards/examples/issuer", 1_700_000_000);
    }
});
