//! Encodings of medical values as field elements (see `docs/records.md`).
//!
//! | kind | encoding |
//! |---|---|
//! | date | days since **1900-01-01** (u32); date-times are truncated to the UTC day |
//! | CVX | its integer |
//! | LOINC `NNNNN-C` | `NNNNN·10 + C`, check digit verified |
//! | SNOMED CT | the SCTID integer, Verhoeff check digit verified |
//! | ICD-10 and other alphanumeric codes | order-preserving base-38 packing into a u64 (prefix = interval) |
//! | quantity | unsigned fixed point, 3 decimals, in the field's canonical UCUM unit |
//! | money | integer minor units (cents), at most 2 decimals |
//! | free text | Poseidon over the UTF-8 bytes in 31-byte chunks |

mod codes;
mod date;
mod quantity;
mod text;

pub use codes::*;
pub use date::*;
pub use quantity::*;
pub use text::*;

#[cfg(test)]
mod tests {
    use super::*;

    /// The day-number codec against the `time` crate (an outside oracle).
    #[test]
    fn the_day_codec_matches_the_time_crate() {
        for days in (0..110_000u32).step_by(11) {
            let oracle = DATE_EPOCH + time::Duration::days(days.into());
            assert_eq!(decode_date(days), oracle.to_string(), "{days}");
            assert_eq!(days_from_date("d", oracle).unwrap(), days);
        }
    }
    use crate::RecordError;
    use medzk_circuits::{poseidon, Fr};

    #[test]
    fn dates_are_days_since_1900_and_truncate_to_the_utc_day() {
        assert_eq!(encode_date("d", "1900-01-01").unwrap(), 0);
        assert_eq!(encode_date("d", "1970-01-01").unwrap(), 25_567);
        assert_eq!(encode_date("d", "2021-01-01").unwrap(), 25_567 + 18_628);
        assert_eq!(
            encode_date("d", "2021-01-01T23:30:00-02:00").unwrap(),
            encode_date("d", "2021-01-02").unwrap()
        );
        assert_eq!(
            encode_date("d", "2021-01-01T00:30:00+02:00").unwrap(),
            encode_date("d", "2020-12-31").unwrap()
        );
        assert_eq!(decode_date(encode_date("d", "1951-01-20").unwrap()), "1951-01-20");
        assert_eq!(date_from_unix(0).unwrap(), 25_567);
        assert!(matches!(encode_date("d", "2021-06"), Err(RecordError::PartialDate { .. })));
        assert!(matches!(encode_date("d", "1899-12-31"), Err(RecordError::DateBeforeEpoch { .. })));
        for bad in ["2021-02-30", "21-01-01", "2021/01/01", "", "2021-01-01T10:00"] {
            assert!(matches!(encode_date("d", bad), Err(RecordError::InvalidDate { .. })), "{bad}");
        }
    }

    #[test]
    fn loinc_codes_need_their_check_digit() {
        for code in ["4548-4", "2345-7", "29463-7", "8302-2", "17856-6", "2339-0", "3141-9"] {
            assert_eq!(decode_loinc(encode_loinc("loinc", code).unwrap()), code);
        }
        assert_eq!(encode_loinc("loinc", "4548-4").unwrap(), 45484);
        for bad in ["4548-5", "4548", "45a8-4", "-4", "4548-44"] {
            assert!(matches!(encode_loinc("loinc", bad), Err(RecordError::InvalidCode { .. })), "{bad}");
        }
    }

    #[test]
    fn snomed_ids_need_their_verhoeff_digit() {
        // 44054006 Diabetes mellitus type 2; 73211009 Diabetes mellitus; 77386006 Pregnant.
        for id in ["44054006", "73211009", "77386006", "840539006"] {
            assert_eq!(encode_snomed("s", id).unwrap().to_string(), id);
        }
        for bad in ["44054007", "12345", "0440540061", "4405400x"] {
            assert!(matches!(encode_snomed("s", bad), Err(RecordError::InvalidCode { .. })), "{bad}");
        }
    }

    #[test]
    fn icd10_prefix_is_an_interval() {
        let (lo, hi) = code_prefix_interval("dx", "E11").unwrap();
        for inside in ["E11", "E11.0", "E11.9", "E11.65", "E11.3599", "E11.A"] {
            let v = encode_icd10("dx", inside).unwrap();
            assert!(lo <= v && v <= hi, "{inside}");
        }
        for outside in ["E12.0", "E10.9", "E1", "E110"] {
            let v = if outside.len() < 3 {
                pack_code("dx", outside).unwrap()
            } else {
                encode_icd10("dx", outside).unwrap()
            };
            assert!(outside == "E110" || !(lo <= v && v <= hi), "{outside}");
        }
        // Ranges across letters: O00–O9A (pregnancy chapter) contains O99 and O9A, not P00.
        let (o_lo, _) = code_prefix_interval("dx", "O00").unwrap();
        let (_, o_hi) = code_prefix_interval("dx", "O9A").unwrap();
        for inside in ["O00.0", "O24.4", "O99.8", "O9A.1"] {
            let v = encode_icd10("dx", inside).unwrap();
            assert!(o_lo <= v && v <= o_hi, "{inside}");
        }
        assert!(encode_icd10("dx", "P00").unwrap() > o_hi);
        assert_eq!(normalize_icd10("dx", "e11.9").unwrap(), "E11.9");
        for bad in ["E1", "11.9", "E11..9", "E1.19", "E11.99999", "E11-9"] {
            assert!(matches!(normalize_icd10("dx", bad), Err(RecordError::InvalidCode { .. })), "{bad}");
        }
        assert_eq!(unpack_code(pack_code("c", "us-ca").unwrap()), "US-CA");
        assert!(pack_code("c", "ABCDEFGHIJKLM").is_err());
        assert!(pack_code("c", "A B").is_err());
        assert!(pack_code("c", "ZZZZZZZZZZZZ").unwrap() < u64::MAX);
    }

    #[test]
    fn quantities_convert_to_canonical_units() {
        let hba1c = encode_loinc("l", "4548-4").unwrap();
        assert_eq!(convert_quantity("v", hba1c, "6.5", "%").unwrap(), (6500, Unit::Percent));
        // 48 mmol/mol = 0.09148·48 + 2.152 = 6.54304 % → 6.543
        assert_eq!(convert_quantity("v", hba1c, "48", "mmol/mol").unwrap(), (6543, Unit::Percent));
        let glucose = encode_loinc("l", "2345-7").unwrap();
        // 7 mmol/L · 18.0156 = 126.1092 mg/dL
        assert_eq!(
            convert_quantity("v", glucose, "7", "mmol/L").unwrap(),
            (126_109, Unit::MilligramPerDeciliter)
        );
        let weight = encode_loinc("l", "29463-7").unwrap();
        assert_eq!(convert_quantity("v", weight, "185", "[lb_av]").unwrap(), (83_915, Unit::Kilogram));
        assert_eq!(convert_quantity("v", weight, "1.5e2", "kg").unwrap(), (150_000, Unit::Kilogram));
        // Creatinine: 133 µmol/L / 88.4 = 1.50452 mg/dL → 1.505; 1.4 mg/dL stays.
        let creatinine = encode_loinc("l", "14682-9").unwrap();
        assert_eq!(
            convert_quantity("v", creatinine, "133", "umol/L").unwrap(),
            (1_505, Unit::MilligramPerDeciliter)
        );
        let creatinine_mass = encode_loinc("l", "2160-0").unwrap();
        assert_eq!(
            convert_quantity("v", creatinine_mass, "1.4", "mg/dL").unwrap(),
            (1_400, Unit::MilligramPerDeciliter)
        );
        assert!(matches!(
            convert_quantity("v", creatinine, "0.1", "mmol/L"),
            Err(RecordError::UnknownUnit { .. })
        ));
        let egfr = encode_loinc("l", "98979-8").unwrap();
        assert_eq!(
            convert_quantity("v", egfr, "59", "mL/min/{1.73_m2}").unwrap(),
            (59_000, Unit::MilliliterPerMinutePer173SquareMeter)
        );
        assert!(matches!(convert_quantity("v", egfr, "59", "mL/min"), Err(RecordError::UnknownUnit { .. })));
        let bmi = encode_loinc("l", "39156-5").unwrap();
        assert_eq!(
            convert_quantity("v", bmi, "40.0", "kg/m2").unwrap(),
            (40_000, Unit::KilogramPerSquareMeter)
        );
        assert!(matches!(convert_quantity("v", weight, "80", "stone"), Err(RecordError::UnknownUnit { .. })));
        assert!(matches!(convert_quantity("v", glucose, "80", "kg"), Err(RecordError::UnknownUnit { .. })));
        assert!(matches!(
            convert_quantity("v", 12, "1", "kg"),
            Err(RecordError::UnsupportedObservation { .. })
        ));
        for bad in ["-1", "abc", "1.", ".5", "1e", "1,5"] {
            assert!(
                matches!(convert_quantity("v", weight, bad, "kg"), Err(RecordError::InvalidNumber { .. })),
                "{bad}"
            );
        }
        assert_eq!(encode_milli("v", "0.0005").unwrap(), 1);
        assert_eq!(encode_milli("v", "0.0004").unwrap(), 0);
        assert!(encode_milli("v", "18446744073709552").is_err());
    }

    #[test]
    fn money_is_exact_cents() {
        assert_eq!(encode_cents("m", "135.57").unwrap(), 13557);
        assert_eq!(encode_cents("m", "100").unwrap(), 10000);
        assert_eq!(decode_cents(13557), "135.57");
        assert!(matches!(encode_cents("m", "1.005"), Err(RecordError::InvalidNumber { .. })));
    }

    #[test]
    fn text_hash_is_poseidon_over_length_and_chunks() {
        let h = text_hash("t", "abc").unwrap();
        let expected = poseidon::hash(&[
            Fr::from(3u64),
            <Fr as ark_ff::PrimeField>::from_be_bytes_mod_order(&{
                let mut b = [0u8; 31];
                b[..3].copy_from_slice(b"abc");
                b
            }),
        ])
        .unwrap();
        assert_eq!(h, expected);
        assert_ne!(text_hash("t", "abc\0").unwrap(), h, "length is hashed");
        assert_eq!(text_hash("t", "").unwrap(), poseidon::hash(&[Fr::from(0u64)]).unwrap());
        assert!(text_hash("t", &"x".repeat(TEXT_MAX_BYTES)).is_ok());
        assert!(matches!(
            text_hash("t", &"x".repeat(TEXT_MAX_BYTES + 1)),
            Err(RecordError::TextTooLong { .. })
        ));
    }
}
