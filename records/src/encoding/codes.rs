//! Codes: CVX, LOINC (check digit), SNOMED CT (Verhoeff), and the
//! order-preserving base-38 packing of alphanumeric codes such as ICD-10.

use crate::RecordError;

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
