//! Property tests (proptest) of the encodings the circuit compares: code
//! packing and ICD-10 order and prefixes, fixed-point numbers, dates.

use medzk_records::encoding::{
    code_prefix_interval, decode_cents, decode_date, decode_milli, encode_cents, encode_date, encode_icd10,
    encode_milli, pack_code, unpack_code,
};
use proptest::prelude::*;

/// Codes over the packing alphabet (ASCII order: '-' < digits < letters).
fn code() -> impl Strategy<Value = String> {
    "[-0-9A-Z]{1,12}"
}

fn icd10() -> impl Strategy<Value = String> {
    "[A-Z][0-9][0-9A-Z]([0-9A-Z]{1,4})?"
}

proptest! {
    #[test]
    fn code_packing_preserves_order_and_round_trips(a in code(), b in code()) {
        let (pa, pb) = (pack_code("c", &a).unwrap(), pack_code("c", &b).unwrap());
        prop_assert_eq!(a.cmp(&b), pa.cmp(&pb));
        prop_assert_eq!(unpack_code(pa), a.clone());
        prop_assert_eq!(pack_code("c", &a.to_ascii_lowercase()).unwrap(), pa);
    }

    #[test]
    fn a_code_is_in_a_prefix_interval_iff_it_has_the_prefix(c in code(), p in "[-0-9A-Z]{1,4}") {
        let (lo, hi) = code_prefix_interval("c", &p).unwrap();
        let v = pack_code("c", &c).unwrap();
        prop_assert_eq!(c.starts_with(&p), (lo..=hi).contains(&v));
    }

    #[test]
    fn icd10_packing_preserves_the_order_of_codes(a in icd10(), b in icd10()) {
        let dotted = |s: &str| if s.len() > 3 { format!("{}.{}", &s[..3], &s[3..]) } else { s.to_string() };
        let (pa, pb) = (encode_icd10("dx", &a).unwrap(), encode_icd10("dx", &b).unwrap());
        prop_assert_eq!(a.cmp(&b), pa.cmp(&pb));
        prop_assert_eq!(encode_icd10("dx", &dotted(&a)).unwrap(), pa);
    }

    #[test]
    fn fixed_point_values_round_trip(v in 0u64..=1_000_000_000_000) {
        prop_assert_eq!(encode_milli("x", &decode_milli(v)).unwrap(), v);
        prop_assert_eq!(encode_cents("x", &decode_cents(v)).unwrap(), v);
    }

    #[test]
    fn fixed_point_parsing_preserves_order(a in 0u64..=10_000_000, b in 0u64..=10_000_000) {
        let text = |v: u64| format!("{}.{:03}", v / 1000, v % 1000);
        let (ea, eb) = (encode_milli("x", &text(a)).unwrap(), encode_milli("x", &text(b)).unwrap());
        prop_assert_eq!(a.cmp(&b), ea.cmp(&eb));
    }

    #[test]
    fn dates_round_trip_and_keep_their_order(a in 0u32..=73_000, b in 0u32..=73_000) {
        let (da, db) = (decode_date(a), decode_date(b));
        prop_assert_eq!(encode_date("d", &da).unwrap(), a);
        prop_assert_eq!(da.cmp(&db), a.cmp(&b)); // ISO dates sort as text
    }
}
