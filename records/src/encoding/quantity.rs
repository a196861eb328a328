//! Quantities (3-decimal fixed point in canonical UCUM units, with exact unit
//! conversion and strict bound rounding) and money (integer minor units).

use super::codes::decode_loinc;
use crate::RecordError;
use num_bigint::{BigInt, BigUint, Sign};

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
    /// `umol/L` (creatinine, SI).
    MicromolePerLiter = 11,
    /// `kg/m2` (body mass index).
    KilogramPerSquareMeter = 12,
    /// `mL/min/{1.73_m2}` (estimated GFR, normalised to body surface).
    MilliliterPerMinutePer173SquareMeter = 13,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 13] = [
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
        Unit::MicromolePerLiter,
        Unit::KilogramPerSquareMeter,
        Unit::MilliliterPerMinutePer173SquareMeter,
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
            Unit::MicromolePerLiter => "umol/L",
            Unit::KilogramPerSquareMeter => "kg/m2",
            Unit::MilliliterPerMinutePer173SquareMeter => "mL/min/{1.73_m2}",
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
    QuantityKind {
        name: "creatinine",
        // 2160-0 Creatinine [Mass/volume] in Serum or Plasma; 38483-4 in Blood;
        // 14682-9 Creatinine [Moles/volume] in Serum or Plasma.
        loinc: &[21600, 384834, 146829],
        canonical: Unit::MilligramPerDeciliter,
        // 1 mg/dL = 88.4 µmol/L (creatinine, M = 113.12 g/mol; the factor of
        // KDIGO 2012 CKD guideline), so mg/dL = µmol/L / 88.4.
        conversions: &[
            (Unit::MilligramPerDeciliter, IDENTITY.0, IDENTITY.1),
            (Unit::MicromolePerLiter, (10, 884), (0, 1)),
        ],
    },
    QuantityKind {
        name: "eGFR",
        // 33914-3 eGFR (MDRD); 62238-1 eGFR (CKD-EPI); 98979-8 eGFR (CKD-EPI 2021, creatinine).
        loinc: &[339143, 622381, 989798],
        canonical: Unit::MilliliterPerMinutePer173SquareMeter,
        conversions: &[(Unit::MilliliterPerMinutePer173SquareMeter, IDENTITY.0, IDENTITY.1)],
    },
    QuantityKind {
        name: "body mass index",
        // 39156-5 Body mass index (BMI) [Ratio].
        loinc: &[391565],
        canonical: Unit::KilogramPerSquareMeter,
        conversions: &[(Unit::KilogramPerSquareMeter, IDENTITY.0, IDENTITY.1)],
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
