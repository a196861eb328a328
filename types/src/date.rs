//! The one day-number codec: medzk dates are days since 1900-01-01 (u32, the
//! proleptic Gregorian calendar), everywhere: records, policies, proofs and
//! the WebAssembly bindings. No date crate, so the verifier stays small; the
//! conversions are H. Hinnant's `days_from_civil` / `civil_from_days`
//! ("chrono-compatible low-level date algorithms"), checked against the `time`
//! crate in `medzk-records`' tests.

use alloc::format;
use alloc::string::String;

/// The day number of 1970-01-01.
pub const UNIX_EPOCH_DAY: u32 = 25_567;

/// Days from 1970-01-01 to a civil date (may be negative).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The day number of a calendar date; `None` for a date that does not exist
/// (month 13, 30 February…), is before 1900-01-01 or beyond the u32 range.
pub fn from_civil(year: i64, month: u32, day: u32) -> Option<u32> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month || !(1900..=1 << 24).contains(&year) {
        return None;
    }
    u32::try_from(days_from_civil(year, month, day) + i64::from(UNIX_EPOCH_DAY)).ok()
}

/// The calendar date `(year, month, day)` of a day number (any u32).
pub fn to_civil(day: u32) -> (i64, u32, u32) {
    let z = i64::from(day) - i64::from(UNIX_EPOCH_DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD` of a day number (years past 9999 print with more digits).
pub fn iso(day: u32) -> String {
    let (y, m, d) = to_civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_round_trips_and_refusals() {
        assert_eq!(iso(0), "1900-01-01");
        assert_eq!(from_civil(1970, 1, 1), Some(UNIX_EPOCH_DAY));
        assert_eq!(iso(UNIX_EPOCH_DAY), "1970-01-01");
        assert_eq!(from_civil(1900, 3, 1), Some(59), "1900 is not a leap year");
        assert_eq!(from_civil(2000, 2, 29).map(iso).as_deref(), Some("2000-02-29"));
        for day in (0..200_000u32).step_by(13).chain([u32::MAX - 1, u32::MAX]) {
            let (y, m, d) = to_civil(day);
            assert_eq!(from_civil(y, m, d), Some(day), "{day}");
        }
        for (y, m, d) in
            [(1899, 12, 31), (1900, 2, 29), (2023, 2, 29), (2024, 13, 1), (2024, 4, 31), (2024, 1, 0)]
        {
            assert_eq!(from_civil(y, m, d), None, "{y}-{m}-{d}");
        }
        assert!(iso(u32::MAX).starts_with("11"), "far future, no panic");
    }
}
