//! Attested lists: an issuer's statement that these are **all** of a
//! patient's entries of one kind in its system as of a date.
//!
//! A list record (`condition_list`, `medication_list`, `procedure_list`)
//! commits to its entries through the root of an attested-list tree
//! ([`medzk_circuits::attested_list`]); its fields are the root, the `as_of`
//! date and the number of entries. Signing one is the completeness statement:
//! the issuer says it holds no other entry of that kind for the holder. The
//! holder keeps the entries (in the credential file) to open the tree.
//!
//! Each entry is a code and its *last active day* (the end of a medication,
//! the abatement of a condition, the day of a procedure; `as_of` for what is
//! still active). The tree holds one code-space key per distinct code and one
//! prefix-space key per prefix of every code, each with the latest day, so a
//! policy can ask "no code in this interval" and "nothing under this prefix
//! active on or after that day".

use crate::encoding::{decode_date, encode_icd10, encode_snomed, normalize_icd10, pack_code, CODE_MAX_LEN};
use crate::record::RecordData;
use crate::schema::Schema;
use crate::RecordError;
use medzk_circuits::attested_list::{code_key, prefix_key, AttestedList};
use medzk_circuits::field::fr_to_decimal;
use std::collections::BTreeMap;

/// The kinds of attested list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Conditions, by ICD-10(-CM) code.
    Conditions,
    /// Medications, by WHO ATC code.
    Medications,
    /// Procedures, by SNOMED CT identifier.
    Procedures,
}

/// A code pattern of a policy over a list: one code, a prefix, or an interval
/// of prefixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePattern {
    /// One code with no hierarchy (a SNOMED CT identifier).
    Exact(u64),
    /// Every code starting with a prefix (`E11.*`, or the code `E11`, which
    /// stands for itself and its sub-codes): its packed value and interval.
    Prefix(u64, u64, u64),
    /// Every code from the first prefix through the last (`K70-K77`: K70* to K77*).
    Range(u64, u64),
}

impl CodePattern {
    /// The packed codes the pattern covers, as an inclusive interval.
    pub fn interval(&self) -> (u64, u64) {
        match *self {
            CodePattern::Exact(c) => (c, c),
            CodePattern::Prefix(_, lo, hi) | CodePattern::Range(lo, hi) => (lo, hi),
        }
    }

    /// The prefix a windowed check reads: a code stands for itself and its
    /// sub-codes; an interval has none (its codes' days are not one key).
    pub fn prefix(&self) -> Option<u64> {
        match *self {
            CodePattern::Exact(c) | CodePattern::Prefix(c, _, _) => Some(c),
            CodePattern::Range(..) => None,
        }
    }
}

/// Whether `text` is an ATC code or one of its level prefixes (`A`, `A10`,
/// `A10B`, `A10BA`, `A10BA02`).
fn atc_shape(text: &str) -> bool {
    let b = text.as_bytes();
    let kinds = [0u8, 1, 1, 0, 0, 1, 1]; // 0 = letter, 1 = digit
    matches!(b.len(), 1 | 3 | 4 | 5 | 7)
        && b.iter().zip(kinds).all(|(c, k)| if k == 0 { c.is_ascii_uppercase() } else { c.is_ascii_digit() })
}

impl ListKind {
    /// Every kind.
    pub const ALL: [ListKind; 3] = [ListKind::Conditions, ListKind::Medications, ListKind::Procedures];

    /// The record schema of the kind's lists.
    pub fn schema(self) -> Schema {
        match self {
            ListKind::Conditions => Schema::ConditionList,
            ListKind::Medications => Schema::MedicationList,
            ListKind::Procedures => Schema::ProcedureList,
        }
    }

    /// The kind of a list schema.
    pub fn of_schema(schema: Schema) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.schema() == schema)
    }

    /// The kind's name (`conditions`, `medications`, `procedures`).
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Conditions => "conditions",
            ListKind::Medications => "medications",
            ListKind::Procedures => "procedures",
        }
    }

    /// The kind of a name.
    pub fn from_name(name: &str) -> Result<ListKind, RecordError> {
        ListKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| RecordError::UnknownSchema(name.into()))
    }

    /// The code system of the kind's entries.
    pub fn code_system(self) -> &'static str {
        match self {
            ListKind::Conditions => "ICD-10",
            ListKind::Medications => "ATC",
            ListKind::Procedures => "SNOMED CT",
        }
    }

    /// A code's canonical text and packed value.
    pub fn parse_code(self, text: &str) -> Result<(String, u64), RecordError> {
        match self {
            ListKind::Conditions => Ok((normalize_icd10("code", text)?, encode_icd10("code", text)?)),
            ListKind::Medications => {
                let upper = text.trim().to_ascii_uppercase();
                if upper.len() != 7 || !atc_shape(&upper) {
                    return Err(RecordError::InvalidCode {
                        field: "code".into(),
                        system: "ATC",
                        value: text.into(),
                        reason: "expected a 7-character ATC code (A10BA02)",
                    });
                }
                Ok((upper.clone(), pack_code("code", &upper)?))
            }
            ListKind::Procedures => {
                let v = encode_snomed("code", text)?;
                Ok((v.to_string(), v))
            }
        }
    }

    /// The prefixes of a packed code, shortest first, the code itself last
    /// (for SNOMED CT, whose identifiers carry no hierarchy, the code alone).
    pub fn prefixes(self, canonical: &str, packed: u64) -> Vec<u64> {
        if self == ListKind::Procedures {
            return vec![packed];
        }
        let len = canonical.chars().filter(|c| *c != '.').count();
        (1..=len).map(|l| truncate(packed, l)).collect()
    }

    /// A policy's code pattern: `E11.9` (the code and its sub-codes), `E11.*`
    /// (a prefix: the same set as `E11`), or `K70-K77` (from the first prefix
    /// through the last, inclusive of their sub-codes). SNOMED CT identifiers
    /// carry no hierarchy: a code is itself alone, and prefixes are refused.
    pub fn pattern(self, text: &str) -> Result<CodePattern, RecordError> {
        let bad = |reason: &'static str| RecordError::InvalidCode {
            field: "codes".into(),
            system: self.code_system(),
            value: text.into(),
            reason,
        };
        if self == ListKind::Procedures {
            if text.contains(['*', '-']) {
                return Err(bad("SNOMED CT identifiers have no prefixes or ranges: list the codes"));
            }
            return Ok(CodePattern::Exact(self.parse_code(text)?.1));
        }
        let prefix = |p: &str| -> Result<(u64, u64, u64), RecordError> {
            let compact: String = p.trim().to_ascii_uppercase().chars().filter(|c| *c != '.').collect();
            let valid = match self {
                ListKind::Conditions => {
                    compact.len() <= 7
                        && compact.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
                        && compact.bytes().all(|c| c.is_ascii_alphanumeric())
                }
                _ => atc_shape(&compact),
            };
            if !valid {
                return Err(bad("not a code prefix of this system"));
            }
            let (lo, hi) = crate::encoding::code_prefix_interval("codes", &compact)?;
            Ok((lo, lo, hi))
        };
        if let Some(p) = text.strip_suffix(".*").or_else(|| text.strip_suffix('*')) {
            let (v, lo, hi) = prefix(p)?;
            return Ok(CodePattern::Prefix(v, lo, hi));
        }
        if let Some((a, b)) = text.split_once('-') {
            let ((_, lo, _), (_, _, hi)) = (prefix(a)?, prefix(b)?);
            if lo > hi {
                return Err(bad("the range's first code is after its last"));
            }
            return Ok(CodePattern::Range(lo, hi));
        }
        // A code stands for itself and its sub-codes (`E11` is the whole
        // category, as `E11.*`), with or without a window: one meaning per text.
        let (canonical, _) = self.parse_code(text)?;
        let (v, lo, hi) = prefix(&canonical)?;
        Ok(CodePattern::Prefix(v, lo, hi))
    }
}

/// `packed` cut to its first `len` characters (base-38 digits, see `pack_code`).
fn truncate(packed: u64, len: usize) -> u64 {
    let unit = 38u64.pow((CODE_MAX_LEN - len) as u32);
    packed / unit * unit
}

/// One entry of a list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListEntry {
    /// The code, canonical.
    pub code: String,
    /// The last day the entry was active (days since 1900-01-01).
    pub last_active: u32,
}

/// A patient's complete list of entries of one kind, as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordList {
    kind: ListKind,
    as_of: u32,
    entries: Vec<ListEntry>,
}

impl RecordList {
    /// A list of `(code, last active day)` entries, as of `as_of`. Codes are
    /// parsed and made canonical; a day after `as_of` is refused; entries are
    /// kept sorted.
    pub fn new(
        kind: ListKind,
        as_of: u32,
        entries: impl IntoIterator<Item = (String, u32)>,
    ) -> Result<Self, RecordError> {
        let mut out = Vec::new();
        for (code, last_active) in entries {
            let (code, _) = kind.parse_code(&code)?;
            if last_active > as_of {
                return Err(RecordError::ListEntry {
                    code,
                    reason: format!(
                        "last active on {}, after the list's as_of date",
                        decode_date(last_active)
                    ),
                });
            }
            out.push(ListEntry { code, last_active });
        }
        out.sort();
        let list = RecordList { kind, as_of, entries: out };
        list.tree()?;
        Ok(list)
    }

    /// The kind.
    pub fn kind(&self) -> ListKind {
        self.kind
    }

    /// The date the list is complete as of.
    pub fn as_of(&self) -> u32 {
        self.as_of
    }

    /// The entries, sorted.
    pub fn entries(&self) -> &[ListEntry] {
        &self.entries
    }

    /// The tree's keys: per distinct code its latest day (code space), per
    /// prefix of any code the latest day under it (prefix space).
    pub fn keys(&self) -> Vec<u128> {
        let mut codes: BTreeMap<u64, u32> = BTreeMap::new();
        let mut prefixes: BTreeMap<u64, u32> = BTreeMap::new();
        for e in &self.entries {
            let (canonical, packed) = self.kind.parse_code(&e.code).expect("entries are parsed on entry");
            let day = codes.entry(packed).or_insert(0);
            *day = (*day).max(e.last_active);
            for p in self.kind.prefixes(&canonical, packed) {
                let day = prefixes.entry(p).or_insert(0);
                *day = (*day).max(e.last_active);
            }
        }
        let codes = codes.into_iter().map(|(c, d)| code_key(c, d));
        codes.chain(prefixes.into_iter().map(|(p, d)| prefix_key(p, d))).collect()
    }

    /// The attested-list tree of the entries.
    pub fn tree(&self) -> Result<AttestedList, RecordError> {
        AttestedList::from_keys(self.keys()).map_err(|e| RecordError::ListEntry {
            code: format!("{} entries", self.entries.len()),
            reason: e.to_string(),
        })
    }

    /// The list record's content: root, `as_of`, number of entries.
    pub fn record_data(&self) -> Result<RecordData, RecordError> {
        let root = fr_to_decimal(&self.tree()?.root());
        let as_of = decode_date(self.as_of);
        let count = self.entries.len().to_string();
        RecordData::new(
            self.kind.schema(),
            [("entries_root", root.as_str()), ("as_of", as_of.as_str()), ("entries", count.as_str())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::encode_date;

    fn day(s: &str) -> u32 {
        encode_date("d", s).unwrap()
    }

    #[test]
    fn patterns_cover_what_they_say() {
        let k = ListKind::Conditions;
        let code = |t: &str| k.parse_code(t).unwrap().1;
        let (lo, hi) = k.pattern("E10.*").unwrap().interval();
        for inside in ["E10", "E10.9", "E10.65", "E10.A1"] {
            assert!((lo..=hi).contains(&code(inside)), "{inside}");
        }
        for outside in ["E09.9", "E11", "E11.9", "D99"] {
            assert!(!(lo..=hi).contains(&code(outside)), "{outside}");
        }
        let (lo, hi) = k.pattern("K70-K77").unwrap().interval();
        assert!((lo..=hi).contains(&code("K70.0")) && (lo..=hi).contains(&code("K77.8")));
        assert!(!(lo..=hi).contains(&code("K69.9")) && !(lo..=hi).contains(&code("K78")));
        // A code is the code and its sub-codes: `E11` is `E11.*`.
        assert_eq!(k.pattern("E11").unwrap(), k.pattern("E11.*").unwrap());
        let (lo, hi) = k.pattern("E11").unwrap().interval();
        assert!((lo..=hi).contains(&code("E11.9")) && (lo..=hi).contains(&code("E11")));
        assert!(!(lo..=hi).contains(&code("E12")) && !(lo..=hi).contains(&code("E10.9")));
        let metformin = ListKind::Medications.pattern("A10BA02").unwrap().interval();
        let atc = |t: &str| ListKind::Medications.parse_code(t).unwrap().1;
        assert_eq!(metformin.0, atc("A10BA02"));
        assert!(metformin.1 < atc("A10BA03") && metformin.1 >= atc("A10BA02"));
        assert!(k.pattern("K77-K70").is_err());
        assert!(ListKind::Medications.pattern("A10B*").is_ok());
        assert!(ListKind::Medications.pattern("A1*").is_err());
        assert!(ListKind::Procedures.pattern("80146*").is_err());
    }

    #[test]
    fn keys_carry_the_latest_day_per_code_and_prefix() {
        let list = RecordList::new(
            ListKind::Conditions,
            day("2026-12-01"),
            [
                ("E11.9".into(), day("2020-01-01")),
                ("E11.65".into(), day("2026-11-01")),
                ("e119".into(), day("2021-01-01")),
            ],
        )
        .unwrap();
        let keys = list.keys();
        let e119 = ListKind::Conditions.parse_code("E11.9").unwrap().1;
        let e11 = ListKind::Conditions.pattern("E11.*").unwrap().prefix().unwrap();
        assert!(keys.contains(&code_key(e119, day("2021-01-01"))));
        assert!(!keys.contains(&code_key(e119, day("2020-01-01"))));
        assert!(keys.contains(&prefix_key(e11, day("2026-11-01"))));
        // 2 codes + prefixes E, E1, E11, E119, E116, E1165.
        assert_eq!(keys.len(), 2 + 6);
    }

    #[test]
    fn bad_entries_are_typed_errors() {
        let as_of = day("2026-12-01");
        assert!(matches!(
            RecordList::new(ListKind::Conditions, as_of, [("E11.9".into(), as_of + 1)]),
            Err(RecordError::ListEntry { .. })
        ));
        assert!(matches!(
            RecordList::new(ListKind::Medications, as_of, [("metformin".into(), as_of)]),
            Err(RecordError::InvalidCode { .. })
        ));
        let many = (0..600).map(|i| (format!("A{:02}.{}", i / 10, i % 10), as_of));
        assert!(matches!(
            RecordList::new(ListKind::Conditions, as_of, many),
            Err(RecordError::ListEntry { .. })
        ));
    }
}
