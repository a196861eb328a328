//! medzk day numbers (days since 1900-01-01) as ISO dates, without a date crate.

/// Day 0 is 1900-01-01; 1970-01-01 is day 25567.
const UNIX_EPOCH_DAY: i64 = 25_567;

/// `YYYY-MM-DD` of a medzk day number (proleptic Gregorian calendar; the
/// civil-from-days conversion of H. Hinnant's "chrono-compatible low-level
/// date algorithms").
pub fn iso(day: u32) -> String {
    let z = i64::from(day) - UNIX_EPOCH_DAY + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::iso;
    use medzk_records::encoding::encode_date;

    #[test]
    fn iso_inverts_the_records_encoding() {
        for date in [
            "1900-01-01",
            "1900-02-28",
            "1900-03-01",
            "1951-07-04",
            "2000-02-29",
            "2021-06-01",
            "2026-11-21",
            "2099-12-31",
        ] {
            assert_eq!(iso(encode_date("d", date).unwrap()), date);
        }
        assert_eq!(iso(0), "1900-01-01");
        assert!(iso(u32::MAX).starts_with("11")); // far future, no panic
    }
}
