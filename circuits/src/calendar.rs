//! Calendar arithmetic for relative dates: "the reference date, `n` calendar
//! years earlier", exactly as people count ages.
//!
//! medzk dates are day numbers (days since 1900-01-01). A policy bound such as
//! `"@reference_date - 18y"` must mean what a registrar means: a person born on
//! 2008-06-01 is 18 on 2026-06-01, not a day later or earlier, whatever the leap
//! years in between. The rule is the one a calendar-ordered encoding (`yyyymmdd`)
//! gives: a date `d` is on or before "reference − n years" exactly when
//! `yyyymmdd(d) ≤ yyyymmdd(reference) − n·10000`. The only date this needs care
//! for is 29 February: its "n years earlier" falls in a common year where the
//! day does not exist, and then the latest date on or before it is 28 February
//! (a child born on 29 February 2008 is 18 on 1 March 2026) and the earliest on
//! or after it is 1 March.
//!
//! The arithmetic works in *March years*: March year `Y` runs from 1 March of
//! `Y` to the end of February of `Y + 1`, so a leap day is the last day of its
//! March year and every other day keeps its day-of-year across years. March
//! year `Y` starts `365·Y + ⌊Y/4⌋ − ⌊Y/100⌋ + ⌊Y/400⌋` days after 0000-03-01
//! (H. Hinnant's `days_from_civil`), and it has 366 days when `Y + 1` is a leap
//! year. The in-circuit twin ([`constraints`]) decomposes `Y` as
//! `400·q400 + 100·q100 + 4·q4 + r4` (`q100 ≤ 3`, `q4 ≤ 24`, `r4 ≤ 3`), which gives
//! every floor above and the leap rule without a division.

pub mod constraints;

/// The March-year day number of 1900-01-01 (days after 0000-03-01).
pub const EPOCH: u64 = 693_901;

/// The largest year offset a predicate can carry (8 bits in its header).
pub const MAX_YEARS: u32 = 255;

/// The days from 0000-03-01 to the first day (1 March) of March year `year`.
pub fn march_year_start(year: u64) -> u64 {
    365 * year + year / 4 - year / 100 + year / 400
}

/// Whether March year `year` has 366 days (its February is a leap February).
pub fn march_year_is_long(year: u64) -> bool {
    let y = year + 1;
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The March year and the day within it (0 = 1 March) of a day number.
pub fn march_year_of(day: u32) -> (u64, u64) {
    let z = u64::from(day) + EPOCH;
    // The estimate is within a year; step to the year that contains z.
    let mut year = z * 400 / 146_097;
    while march_year_start(year) > z {
        year -= 1;
    }
    while march_year_start(year + 1) <= z {
        year += 1;
    }
    (year, z - march_year_start(year))
}

/// The reference date `day` moved back `years` calendar years, as the earliest
/// and the latest day number that a `yyyymmdd` comparison puts on or after and
/// on or before it: `(lo, hi)`, equal except when the day is 29 February and
/// the earlier year is a common year (`lo` is then 1 March, `hi` 28 February).
/// `None` if the result falls before 1900-01-01.
pub fn years_before(day: u32, years: u32) -> Option<(u64, u64)> {
    let (year, day_of_year) = march_year_of(day);
    let earlier = year.checked_sub(u64::from(years))?;
    let lo = (march_year_start(earlier) + day_of_year).checked_sub(EPOCH)?;
    let leap_day_missing = day_of_year == 365 && !march_year_is_long(earlier);
    Some((lo, lo - u64::from(leap_day_missing)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use medzk_types::date::{from_civil, to_civil};

    fn yyyymmdd(day: u64) -> i64 {
        let (y, m, d) = to_civil(day as u32);
        y * 10_000 + i64::from(m) * 100 + i64::from(d)
    }

    #[test]
    fn the_epoch_is_1900_01_01() {
        assert_eq!(march_year_of(0), (1899, 306));
        assert_eq!(march_year_of(from_civil(2000, 3, 1).unwrap()), (2000, 0));
        assert_eq!(march_year_of(from_civil(2024, 2, 29).unwrap()), (2023, 365));
    }

    #[test]
    fn march_years_partition_the_days() {
        let mut previous = march_year_of(0);
        for day in 1..200_000u32 {
            let (y, d) = march_year_of(day);
            let length = 365 + u64::from(march_year_is_long(previous.0));
            if previous.1 + 1 == length {
                assert_eq!((y, d), (previous.0 + 1, 0), "day {day}");
            } else {
                assert_eq!((y, d), (previous.0, previous.1 + 1), "day {day}");
            }
            previous = (y, d);
        }
    }

    #[test]
    fn years_before_agrees_with_yyyymmdd_order() {
        // Every day from 1990 to 2060 (leap days included), several offsets:
        // lo is the first day with yyyymmdd ≥ the target, hi the last with ≤.
        let start = from_civil(1990, 1, 1).unwrap();
        let end = from_civil(2060, 12, 31).unwrap();
        for day in start..=end {
            for years in [0u32, 1, 4, 18, 65, 100] {
                let target = yyyymmdd(u64::from(day)) - i64::from(years) * 10_000;
                let Some((lo, hi)) = years_before(day, years) else {
                    assert!(target < 19_000_101, "{day} {years}");
                    continue;
                };
                assert!(yyyymmdd(hi) <= target && yyyymmdd(hi + 1) > target, "{day} {years}");
                assert!(yyyymmdd(lo) >= target && (lo == 0 || yyyymmdd(lo - 1) < target), "{day} {years}");
            }
        }
    }

    #[test]
    fn a_leap_day_birthday_comes_of_age_on_1_march() {
        let birth = u64::from(from_civil(2008, 2, 29).unwrap());
        let (_, hi) = years_before(from_civil(2026, 2, 28).unwrap(), 18).unwrap();
        assert!(birth > hi, "not yet 18 on 28 February");
        let (_, hi) = years_before(from_civil(2026, 3, 1).unwrap(), 18).unwrap();
        assert!(birth <= hi, "18 on 1 March");
        let (_, hi) = years_before(from_civil(2026, 6, 1).unwrap(), 18).unwrap();
        assert_eq!(hi, u64::from(from_civil(2008, 6, 1).unwrap()), "18 on the birthday itself");
        assert_eq!(years_before(from_civil(1950, 1, 1).unwrap(), 51), None, "before 1900");
    }
}
