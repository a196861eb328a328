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

use crate::RecordError;
use medzk_circuits::{poseidon, Fr};
use num_bigint::{BigInt, BigUint, Sign};
use time::{macros::date, Date, OffsetDateTime};

/// Day 0 of the date encoding.
pub const DATE_EPOCH: Date = date!(1900 - 01 - 01);

/// Encodes `YYYY-MM-DD`, or a FHIR `dateTime`/`instant` with a time and zone
/// (truncated to its UTC day). Partial dates (`YYYY`, `YYYY-MM`) are refused.
pub fn encode_date(field: &str, text: &str) -> Result<u32, RecordError> {
    let invalid = || RecordError::InvalidDate { field: field.into(), value: text.into() };
    let date = if text.len() == 10 {
        Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| invalid())?
    } else if text.len() > 10 {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|_| invalid())?
            .to_offset(time::UtcOffset::UTC)
            .date()
    } else if text.len() == 4 || text.len() == 7 {
        return Err(RecordError::PartialDate { field: field.into(), value: text.into() });
    } else {
        return Err(invalid());
    };
    days_from_date(field, date)
}

/// The encoding of a calendar date.
pub fn days_from_date(field: &str, date: Date) -> Result<u32, RecordError> {
    let days = (date - DATE_EPOCH).whole_days();
    u32::try_from(days)
        .map_err(|_| RecordError::DateBeforeEpoch { field: field.into(), value: date.to_string() })
}

/// The calendar date of an encoding, as `YYYY-MM-DD`.
pub fn decode_date(days: u32) -> String {
    (DATE_EPOCH + time::Duration::days(days.into())).to_string()
}

/// The encoding of the UTC day containing a Unix timestamp (seconds).
pub fn date_from_unix(seconds: i64) -> Result<u32, RecordError> {
    let t = OffsetDateTime::from_unix_timestamp(seconds)
        .map_err(|_| RecordError::InvalidDate { field: "timestamp".into(), value: seconds.to_string() })?;
    days_from_date("timestamp", t.date())
}

/// Today's date (UTC) in the date encoding.
pub fn today() -> u32 {
    days_from_date("today", OffsetDateTime::now_utc().date()).expect("the clock is after 1900")
}

fn invalid_code(field: &str, system: &'static str, value: &str, reason: &'static str) -> RecordError {
    RecordError::InvalidCode { field: field.into(), system, value: value.into(), reason }
}

fn parse_digits(field: &str, system: &'static str, text: &str, max_len: usize) -> Result<u64, RecordError> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_code(field, system, text, "expected decimal digits"));
    }
    text.parse().map_err(|_| invalid_code(field, system, text, "too large"))
}

/// Encodes a CVX vaccine code (1 to 3 digits).
pub fn encode_cvx(field: &str, text: &str) -> Result<u64, RecordError> {
    parse_digits(field, "CVX", text, 3)
}

/// The LOINC mod-10 check digit of the code's digits.
pub fn loinc_check_digit(digits: &str) -> u8 {
    // Double every other digit from the right (the rightmost included), sum the digits.
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let twice = 2 * d;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Encodes a LOINC code `NNNNN-C` as `NNNNN·10 + C`, verifying the check digit.
pub fn encode_loinc(field: &str, text: &str) -> Result<u64, RecordError> {
    let (digits, check) =
        text.split_once('-').ok_or_else(|| invalid_code(field, "LOINC", text, "expected NNNNN-C"))?;
    let number = parse_digits(field, "LOINC", digits, 7)?;
    if check.len() != 1 || !check.as_bytes()[0].is_ascii_digit() {
        return Err(invalid_code(field, "LOINC", text, "expected one check digit"));
    }
    let c = check.as_bytes()[0] - b'0';
    if c != loinc_check_digit(digits) {
        return Err(invalid_code(field, "LOINC", text, "wrong check digit"));
    }
    Ok(number * 10 + u64::from(c))
}

/// The LOINC code of an encoding.
pub fn decode_loinc(value: u64) -> String {
    format!("{}-{}", value / 10, value % 10)
}

// Verhoeff tables (dihedral group D5 multiplication, permutation), as used by SNOMED CT.
const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Whether a digit string (check digit last) passes the Verhoeff check.
pub fn verhoeff_valid(digits: &str) -> bool {
    digits
        .bytes()
        .rev()
        .enumerate()
        .fold(0u8, |c, (i, b)| VERHOEFF_D[c as usize][VERHOEFF_P[i % 8][(b - b'0') as usize] as usize])
        == 0
}

/// Encodes a SNOMED CT identifier (6 to 18 digits, Verhoeff check digit verified).
pub fn encode_snomed(field: &str, text: &str) -> Result<u64, RecordError> {
    let value = parse_digits(field, "SNOMED CT", text, 18)?;
    if text.len() < 6 || text.starts_with('0') {
        return Err(invalid_code(field, "SNOMED CT", text, "an SCTID has 6 to 18 digits"));
    }
    if !verhoeff_valid(text) {
        return Err(invalid_code(field, "SNOMED CT", text, "wrong Verhoeff check digit"));
    }
    Ok(value)
}

/// Characters of packed codes, in sort order; a code's character `i` becomes digit `i + 1`
/// of a base-38 number, and unused positions are 0.
const CODE_ALPHABET: &[u8; 37] = b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// The number of characters a packed code may have: 38^12 < 2^64.
pub const CODE_MAX_LEN: usize = 12;
const CODE_BASE: u64 = 38;

/// Packs an alphanumeric code (`-`, digits, letters; case-insensitive; at most 12
/// characters) into a u64 that preserves lexicographic order, so all codes with a
/// given prefix form one interval ([`code_prefix_interval`]).
pub fn pack_code(field: &str, text: &str) -> Result<u64, RecordError> {
    let upper = text.to_ascii_uppercase();
    if upper.is_empty() || upper.len() > CODE_MAX_LEN {
        return Err(invalid_code(field, "alphanumeric", text, "expected 1 to 12 characters"));
    }
    let mut value = 0u64;
    for i in 0..CODE_MAX_LEN {
        let digit = match upper.as_bytes().get(i) {
            None => 0,
            Some(c) => match CODE_ALPHABET.iter().position(|a| a == c) {
                Some(p) => p as u64 + 1,
                None => {
                    return Err(invalid_code(field, "alphanumeric", text, "only '-', digits and letters"))
                }
            },
        };
        value = value * CODE_BASE + digit;
    }
    Ok(value)
}

/// The code packed in `value` (the inverse of [`pack_code`], upper case).
pub fn unpack_code(value: u64) -> String {
    let mut digits = Vec::with_capacity(CODE_MAX_LEN);
    let mut v = value;
    for _ in 0..CODE_MAX_LEN {
        digits.push((v % CODE_BASE) as usize);
        v /= CODE_BASE;
    }
    digits.iter().rev().take_while(|&&d| d != 0).map(|&d| CODE_ALPHABET[d - 1] as char).collect()
}

/// The inclusive interval `[lo, hi]` of packed values of all codes starting with `prefix`.
pub fn code_prefix_interval(field: &str, prefix: &str) -> Result<(u64, u64), RecordError> {
    let lo = pack_code(field, prefix)?;
    let free = CODE_MAX_LEN - prefix.len();
    Ok((lo, lo + CODE_BASE.pow(free as u32) - 1))
}

/// Normalises an ICD-10(-CM) code to its dotted upper-case form (`e119` → `E11.9`):
/// a letter, two digits (the second may be a letter, as in `O9A`), then up to four
/// characters after an optional dot.
pub fn normalize_icd10(field: &str, text: &str) -> Result<String, RecordError> {
    let compact: String = text.trim().to_ascii_uppercase().chars().filter(|c| *c != '.').collect();
    let b = compact.as_bytes();
    let ok = (3..=7).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_alphanumeric()
        && b[3..].iter().all(u8::is_ascii_alphanumeric)
        && text.matches('.').count() <= 1
        && text.find('.').is_none_or(|i| i == 3);
    if !ok {
        return Err(invalid_code(
            field,
            "ICD-10",
            text,
            "expected a letter, two characters, then up to 4 after a dot",
        ));
    }
    Ok(if compact.len() > 3 { format!("{}.{}", &compact[..3], &compact[3..]) } else { compact })
}

/// Packs an ICD-10 code (dots ignored) with [`pack_code`].
pub fn encode_icd10(field: &str, text: &str) -> Result<u64, RecordError> {
    let normal = normalize_icd10(field, text)?;
    pack_code(field, &normal.replace('.', ""))
}

/// An exact non-negative decimal `mantissa · 10^-scale`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decimal {
    mantissa: BigUint,
    scale: u32,
}

fn parse_decimal(field: &str, text: &str) -> Result<Decimal, RecordError> {
    let invalid = |reason| RecordError::InvalidNumber { field: field.into(), value: text.into(), reason };
    if text.starts_with('-') {
        return Err(invalid("negative values are not supported"));
    }
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().map_err(|_| invalid("bad exponent"))?),
        None => (text, 0),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(invalid("not a decimal number"));
    }
    if number.contains('.') && frac.is_empty() {
        return Err(invalid("not a decimal number"));
    }
    if int.len() + frac.len() > 40 || exponent.abs() > 40 {
        return Err(invalid("too many digits"));
    }
    let mut mantissa = BigUint::parse_bytes(format!("{int}{frac}").as_bytes(), 10).expect("digits");
    let mut scale = frac.len() as i32 - exponent;
    if scale < 0 {
        mantissa *= BigUint::from(10u32).pow((-scale) as u32);
        scale = 0;
    }
    Ok(Decimal { mantissa, scale: scale as u32 })
}

/// `round(x · 10^digits)` for `x = (a·value + b)` with rationals `a = an/ad`, `b = bn/bd`,
/// rounding half away from zero; `None` if negative or ≥ 2^64.
fn fixed_point(value: &Decimal, digits: u32, a: Ratio, b: Ratio) -> Option<u64> {
    let (num, den) = scaled(value, digits, a, b);
    let rounded: BigInt = (num * 2 + &den) / (den * 2);
    u64::try_from(rounded).ok()
}

/// `x·10^digits` as `(numerator, denominator)` for `x = a·value + b`.
fn scaled(value: &Decimal, digits: u32, (an, ad): Ratio, (bn, bd): Ratio) -> (BigInt, BigInt) {
    let ten = BigInt::from(10u32);
    let v_num = BigInt::from_biguint(Sign::Plus, value.mantissa.clone());
    let v_den = ten.pow(value.scale);
    // x·10^digits = (an·v_num·bd + bn·ad·v_den)·10^digits / (ad·v_den·bd)
    let num = (BigInt::from(an) * &v_num * bd + BigInt::from(bn) * ad * &v_den) * ten.pow(digits);
    (num, BigInt::from(ad) * &v_den * bd)
}

/// `(⌊x·10^digits⌋, ⌈x·10^digits⌉)` for `x = (a·value + b)`: the encodings
/// just below and just above an exact value (equal when it is representable);
/// `None` if the ceiling is ≥ 2^64.
fn fixed_point_bounds(value: &Decimal, digits: u32, a: Ratio, b: Ratio) -> Option<(u64, u64)> {
    let (num, den) = scaled(value, digits, a, b);
    let floor: BigInt = &num / &den;
    let ceil: BigInt = (&num + &den - 1) / &den;
    Some((u64::try_from(floor).ok()?, u64::try_from(ceil).ok()?))
}

/// A policy operand in fixed point with 3 decimals: `(⌊1000·x⌋, ⌈1000·x⌉)`.
/// A lower bound uses the ceiling and an upper bound the floor, so an operand
/// finer than 0.001 is rounded toward the strict side (never half-up), and an
/// `eq` of such an operand is an empty range.
pub fn encode_milli_bounds(field: &str, text: &str) -> Result<(u64, u64), RecordError> {
    let d = parse_decimal(field, text)?;
    fixed_point_bounds(&d, 3, (1, 1), (0, 1)).ok_or_else(|| RecordError::InvalidNumber {
        field: field.into(),
        value: text.into(),
        reason: "out of range",
    })
}

/// [`convert_quantity`] for a policy operand: the floor and ceiling of the
/// converted value in the canonical unit (see [`encode_milli_bounds`]).
pub fn convert_quantity_bounds(
    field: &str,
    loinc: u64,
    value: &str,
    unit: &str,
) -> Result<((u64, u64), Unit), RecordError> {
    let (kind, a, b) = conversion(field, loinc, unit)?;
    let d = parse_decimal(field, value)?;
    let bounds = fixed_point_bounds(&d, 3, a, b).ok_or_else(|| RecordError::InvalidNumber {
        field: field.into(),
        value: value.into(),
        reason: "out of range",
    })?;
    Ok((bounds, kind.canonical))
}

/// Encodes an unsigned decimal as fixed point with 3 decimals (half away from zero).
pub fn encode_milli(field: &str, text: &str) -> Result<u64, RecordError> {
    let d = parse_decimal(field, text)?;
    fixed_point(&d, 3, (1, 1), (0, 1)).ok_or_else(|| RecordError::InvalidNumber {
        field: field.into(),
        value: text.into(),
        reason: "out of range",
    })
}

/// A fixed-point value with 3 decimals as text (`6500` → `6.500`).
pub fn decode_milli(value: u64) -> String {
    format!("{}.{:03}", value / 1000, value % 1000)
}

/// Encodes an amount of money in minor units (cents); more than 2 decimals is an error.
pub fn encode_cents(field: &str, text: &str) -> Result<u64, RecordError> {
    let d = parse_decimal(field, text)?;
    let invalid = |reason| RecordError::InvalidNumber { field: field.into(), value: text.into(), reason };
    let (floor, ceil) = fixed_point_bounds(&d, 2, (1, 1), (0, 1)).ok_or_else(|| invalid("out of range"))?;
    if floor != ceil {
        return Err(invalid("more than 2 decimals"));
    }
    Ok(floor)
}

/// An amount in cents as text (`12345` → `123.45`).
pub fn decode_cents(value: u64) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

/// Canonical and accepted UCUM units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `%` (HbA1c, NGSP).
    Percent = 1,
    /// `mmol/mol` (HbA1c, IFCC).
    MillimolePerMole = 2,
    /// `mg/dL` (glucose).
    MilligramPerDeciliter = 3,
    /// `mmol/L` (glucose).
    MillimolePerLiter = 4,
    /// `kg`.
    Kilogram = 5,
    /// `g`.
    Gram = 6,
    /// `[lb_av]` (pound).
    Pound = 7,
    /// `cm`.
    Centimeter = 8,
    /// `m`.
    Meter = 9,
    /// `[in_i]` (inch).
    Inch = 10,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 10] = [
        Unit::Percent,
        Unit::MillimolePerMole,
        Unit::MilligramPerDeciliter,
        Unit::MillimolePerLiter,
        Unit::Kilogram,
        Unit::Gram,
        Unit::Pound,
        Unit::Centimeter,
        Unit::Meter,
        Unit::Inch,
    ];

    /// The UCUM code.
    pub fn ucum(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::MillimolePerMole => "mmol/mol",
            Unit::MilligramPerDeciliter => "mg/dL",
            Unit::MillimolePerLiter => "mmol/L",
            Unit::Kilogram => "kg",
            Unit::Gram => "g",
            Unit::Pound => "[lb_av]",
            Unit::Centimeter => "cm",
            Unit::Meter => "m",
            Unit::Inch => "[in_i]",
        }
    }

    /// The unit of a UCUM code (exact, case-sensitive as UCUM is).
    pub fn from_ucum(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.ucum() == code)
    }

    /// The unit's id in records.
    pub fn id(self) -> u64 {
        self as u64
    }

    /// The unit of an id.
    pub fn from_id(id: u64) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.id() == id)
    }
}

/// How a measured quantity is stored: its canonical unit and the conversions
/// `canonical = a·value + b` (rationals) from each accepted unit.
#[derive(Clone, Copy, Debug)]
pub struct QuantityKind {
    /// A name for messages.
    pub name: &'static str,
    /// The LOINC codes (encoded) measured in this kind.
    pub loinc: &'static [u64],
    /// The unit values are stored in.
    pub canonical: Unit,
    /// `(unit, a, b)`: `canonical = a·value + b`.
    pub conversions: &'static [(Unit, Ratio, Ratio)],
}

/// A non-negative rational `(numerator, denominator)`.
pub type Ratio = (u64, u64);

const IDENTITY: (Ratio, Ratio) = ((1, 1), (0, 1));

/// The registered quantity kinds (sources in `docs/records.md`).
pub const QUANTITY_KINDS: &[QuantityKind] = &[
    QuantityKind {
        name: "HbA1c",
        // 4548-4 Hemoglobin A1c/Hemoglobin.total in Blood; 17856-6 (by HPLC).
        loinc: &[45484, 178566],
        canonical: Unit::Percent,
        // NGSP % = 0.09148 · IFCC mmol/mol + 2.152 (IFCC-NGSP master equation).
        conversions: &[
            (Unit::Percent, IDENTITY.0, IDENTITY.1),
            (Unit::MillimolePerMole, (9148, 100_000), (2152, 1000)),
        ],
    },
    QuantityKind {
        name: "glucose",
        // 2345-7 Glucose [Mass/volume] in Serum or Plasma; 2339-0 in Blood;
        // 15074-8 Glucose [Moles/volume] in Blood; 14749-6 in Serum or Plasma.
        loinc: &[23457, 23390, 150748, 147496],
        canonical: Unit::MilligramPerDeciliter,
        // 1 mmol/L = 18.0156 mg/dL (glucose, M = 180.156 g/mol).
        conversions: &[
            (Unit::MilligramPerDeciliter, IDENTITY.0, IDENTITY.1),
            (Unit::MillimolePerLiter, (180_156, 10_000), (0, 1)),
        ],
    },
    QuantityKind {
        name: "body weight",
        // 29463-7 Body weight; 3141-9 Body weight Measured.
        loinc: &[294637, 31419],
        canonical: Unit::Kilogram,
        conversions: &[
            (Unit::Kilogram, IDENTITY.0, IDENTITY.1),
            (Unit::Gram, (1, 1000), (0, 1)),
            (Unit::Pound, (45_359_237, 100_000_000), (0, 1)),
        ],
    },
    QuantityKind {
        name: "body height",
        // 8302-2 Body height.
        loinc: &[83022],
        canonical: Unit::Centimeter,
        conversions: &[
            (Unit::Centimeter, IDENTITY.0, IDENTITY.1),
            (Unit::Meter, (100, 1), (0, 1)),
            (Unit::Inch, (254, 100), (0, 1)),
        ],
    },
];

/// The quantity kind of an (encoded) LOINC code.
pub fn quantity_kind(loinc: u64) -> Option<&'static QuantityKind> {
    QUANTITY_KINDS.iter().find(|k| k.loinc.contains(&loinc))
}

/// The quantity kind of `loinc` and its conversion `(a, b)` from UCUM `unit`.
fn conversion(
    field: &str,
    loinc: u64,
    unit: &str,
) -> Result<(&'static QuantityKind, Ratio, Ratio), RecordError> {
    let kind = quantity_kind(loinc).ok_or_else(|| RecordError::UnsupportedObservation {
        field: field.into(),
        code: decode_loinc(loinc),
    })?;
    let expected = || kind.conversions.iter().map(|c| c.0.ucum()).collect::<Vec<_>>().join(", ");
    let unknown =
        || RecordError::UnknownUnit { field: field.into(), unit: unit.into(), expected: expected() };
    let from = Unit::from_ucum(unit).ok_or_else(unknown)?;
    let &(_, a, b) = kind.conversions.iter().find(|c| c.0 == from).ok_or_else(unknown)?;
    Ok((kind, a, b))
}

/// Converts `value` in UCUM `unit` to fixed point (3 decimals) in the canonical unit
/// of the quantity measured by `loinc`.
pub fn convert_quantity(
    field: &str,
    loinc: u64,
    value: &str,
    unit: &str,
) -> Result<(u64, Unit), RecordError> {
    let (kind, a, b) = conversion(field, loinc, unit)?;
    let d = parse_decimal(field, value)?;
    let milli = fixed_point(&d, 3, a, b).ok_or_else(|| RecordError::InvalidNumber {
        field: field.into(),
        value: value.into(),
        reason: "out of range",
    })?;
    Ok((milli, kind.canonical))
}

/// The longest text [`text_hash`] accepts: 15 chunks of 31 bytes.
pub const TEXT_MAX_BYTES: usize = 15 * 31;

/// `Poseidon(len, c_0, …, c_k)` where `c_i` is the big-endian integer of bytes
/// `31i .. 31i+31` of the UTF-8 text (the last chunk zero-padded on the right).
pub fn text_hash(field: &str, text: &str) -> Result<Fr, RecordError> {
    let bytes = text.as_bytes();
    if bytes.len() > TEXT_MAX_BYTES {
        return Err(RecordError::TextTooLong { field: field.into(), len: bytes.len(), max: TEXT_MAX_BYTES });
    }
    let mut inputs = vec![Fr::from(bytes.len() as u64)];
    for chunk in bytes.chunks(31) {
        let mut padded = [0u8; 31];
        padded[..chunk.len()].copy_from_slice(chunk);
        inputs.push(<Fr as ark_ff::PrimeField>::from_be_bytes_mod_order(&padded));
    }
    Ok(poseidon::hash(&inputs)?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
