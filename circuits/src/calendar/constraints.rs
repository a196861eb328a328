//! The in-circuit twin of [`crate::calendar`]: a reference date decomposed
//! once into its March year and day of year, and "`n` years earlier" per use.
//!
//! | gadget | constraints |
//! |---|---|
//! | [`MarchYearVar::new_witness`] (decomposition, start, leap rule) | 33 |
//! | [`CalendarDateVar::new`] (the reference date, once) | 56 |
//! | [`CalendarDateVar::years_before`] | 35 |

use super::{march_year_is_long, march_year_of, EPOCH};
use crate::comparison::constraints::{enforce_bits_at_most, to_bits_le};
use crate::{Fr, FrVar};
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Bits of `q400`: March years below `400 · 2^15`, beyond any u32 day number.
const Q400_BITS: usize = 15;

fn u64_of(v: &FrVar) -> Option<u64> {
    let bits = v.value().ok()?.into_bigint().to_bits_le();
    if bits[64..].iter().any(|b| *b) {
        return None;
    }
    Some(bits[..64].iter().rev().fold(0, |acc, b| (acc << 1) | u64::from(*b)))
}

fn witness_bits(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<u64>,
    n: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value.map(|v| (v >> i) & 1 == 1).ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect()
}

/// A March year `Y = 400·q400 + 100·q100 + 4·q4 + r4`, with the first day of
/// the year and whether it has 366 days.
#[derive(Clone, Debug)]
pub struct MarchYearVar {
    year: FrVar,
    start: FrVar,
    is_long: Boolean<Fr>,
}

impl MarchYearVar {
    /// Allocates the decomposition of the March year `year` (its value when
    /// proving); the caller constrains [`MarchYearVar::year`] to what it must be.
    pub fn new_witness(cs: &ConstraintSystemRef<Fr>, year: Option<u64>) -> Result<Self, SynthesisError> {
        let r4 = witness_bits(cs, year.map(|y| y % 4), 2)?;
        let q4 = witness_bits(cs, year.map(|y| y % 100 / 4), 5)?;
        enforce_bits_at_most(&q4, &24u32.into())?;
        let q100 = witness_bits(cs, year.map(|y| y % 400 / 100), 2)?;
        let q400 = witness_bits(cs, year.map(|y| y / 400), Q400_BITS)?;
        let (r4v, q4v, q100v, q400v) = (
            Boolean::le_bits_to_fp(&r4)?,
            Boolean::le_bits_to_fp(&q4)?,
            Boolean::le_bits_to_fp(&q100)?,
            Boolean::le_bits_to_fp(&q400)?,
        );
        let year = &q400v * Fr::from(400u64) + &q100v * Fr::from(100u64) + &q4v * Fr::from(4u64) + &r4v;
        // ⌊Y/4⌋ − ⌊Y/100⌋ + ⌊Y/400⌋ = 97·q400 + 24·q100 + q4.
        let start = &year * Fr::from(365u64) + &q400v * Fr::from(97u64) + &q100v * Fr::from(24u64) + &q4v;
        // Y + 1 is a leap year ⇔ r4 = 3 and not (r100 = 99 and r400 ≠ 399),
        // where r100 = 99 ⇔ q4 = 24 (bits 3 and 4, as q4 ≤ 24) and r4 = 3,
        // and r400 = 399 ⇔ additionally q100 = 3.
        let r4_is_3 = &r4[0] & &r4[1];
        let q4_is_24 = &q4[3] & &q4[4];
        let q100_is_3 = &q100[0] & &q100[1];
        let century_not_leap = &q4_is_24 & &!q100_is_3;
        let is_long = &r4_is_3 & &!century_not_leap;
        Ok(MarchYearVar { year, start, is_long })
    }

    /// The year.
    pub fn year(&self) -> &FrVar {
        &self.year
    }

    /// Days from 0000-03-01 to its first day.
    pub fn start(&self) -> &FrVar {
        &self.start
    }

    /// Whether it has 366 days.
    pub fn is_long(&self) -> &Boolean<Fr> {
        &self.is_long
    }
}

/// A day number decomposed into March year and day of year.
#[derive(Clone, Debug)]
pub struct CalendarDateVar {
    year: MarchYearVar,
    day_of_year: FrVar,
    is_leap_day: Boolean<Fr>,
}

impl CalendarDateVar {
    /// Decomposes `day` (a day number already range-checked to 32 bits):
    /// `day + EPOCH = start(Y) + d` with `0 ≤ d < length(Y)`, which is unique.
    pub fn new(day: &FrVar) -> Result<Self, SynthesisError> {
        let cs = day.cs();
        let native = u64_of(day).and_then(|d| u32::try_from(d).ok()).map(march_year_of);
        let year = MarchYearVar::new_witness(&cs, native.map(|n| n.0))?;
        let day_of_year = FrVar::new_witness(cs.clone(), || {
            native.map(|n| Fr::from(n.1)).ok_or(SynthesisError::AssignmentMissing)
        })?;
        to_bits_le(&day_of_year, 9)?;
        (day + Fr::from(EPOCH)).enforce_equal(&(year.start() + &day_of_year))?;
        // d ≤ 364 + is_long.
        to_bits_le(&(FrVar::from(year.is_long().clone()) + Fr::from(364u64) - &day_of_year), 9)?;
        let is_leap_day = day_of_year.is_eq(&FrVar::constant(Fr::from(365u64)))?;
        Ok(CalendarDateVar { year, day_of_year, is_leap_day })
    }

    /// The day `years` calendar years earlier (`years` fits 8 bits), as the
    /// `(lo, hi)` of [`crate::calendar::years_before`]. A result before
    /// 1900-01-01 is not a valid day number; the caller's range checks refuse it.
    pub fn years_before(&self, years: &FrVar) -> Result<(FrVar, FrVar), SynthesisError> {
        let cs = self.day_of_year.cs().or(years.cs());
        let native = u64_of(self.year.year()).zip(u64_of(years)).and_then(|(y, n)| y.checked_sub(n));
        let earlier = MarchYearVar::new_witness(&cs, native)?;
        earlier.year().enforce_equal(&(self.year.year() - years))?;
        let lo = earlier.start() + &self.day_of_year - Fr::from(EPOCH);
        let missing = &self.is_leap_day & &!earlier.is_long().clone();
        let hi = &lo - FrVar::from(missing);
        debug_assert!(
            native.is_none_or(|y| march_year_is_long(y) == earlier.is_long().value().unwrap_or(false))
        );
        Ok((lo, hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::years_before;
    use crate::test_utils::{cs, satisfied};
    use medzk_types::date::from_civil;

    fn run(day: u32, years: u64) -> (Option<(u64, u64)>, bool, usize, usize) {
        let cs = cs();
        let d = FrVar::new_input(cs.clone(), || Ok(Fr::from(day))).unwrap();
        let y = FrVar::new_witness(cs.clone(), || Ok(Fr::from(years))).unwrap();
        let date = CalendarDateVar::new(&d).unwrap();
        let once = cs.num_constraints();
        let (lo, hi) = date.years_before(&y).unwrap();
        let per_use = cs.num_constraints() - once;
        let out = u64_of(&lo).zip(u64_of(&hi));
        (out, satisfied(&cs), once, per_use)
    }

    #[test]
    fn in_circuit_equals_native_and_costs_what_the_table_says() {
        let days = [
            0,
            from_civil(1999, 12, 31).unwrap(),
            from_civil(2000, 2, 29).unwrap(),
            from_civil(2024, 2, 29).unwrap(),
            from_civil(2026, 2, 28).unwrap(),
            from_civil(2026, 3, 1).unwrap(),
            from_civil(2026, 12, 3).unwrap(),
            u32::MAX,
        ];
        for day in days {
            for years in [0u64, 1, 4, 18, 100, 255] {
                let (out, ok, once, per_use) = run(day, years);
                let want = years_before(day, years as u32);
                assert!(ok, "{day} {years}");
                assert_eq!((once, per_use), (56, 35));
                if let Some(want) = want {
                    assert_eq!(out, Some(want), "{day} {years}");
                } else {
                    assert_eq!(out, None, "{day} {years}: before 1900 wraps below zero");
                }
            }
        }
    }

    #[test]
    fn a_wrong_decomposition_is_unsatisfiable() {
        // The day of year must be below the March year's length: claim
        // 2026-03-01 is day 365 of March year 2024 (which has 365 days).
        let cs = cs();
        let day = from_civil(2025, 3, 1).unwrap();
        let d = FrVar::new_input(cs.clone(), || Ok(Fr::from(day))).unwrap();
        let year = MarchYearVar::new_witness(&cs, Some(2024)).unwrap();
        let doy = FrVar::new_witness(cs.clone(), || Ok(Fr::from(365u64))).unwrap();
        (d + Fr::from(EPOCH)).enforce_equal(&(year.start() + &doy)).unwrap();
        to_bits_le(&(FrVar::from(year.is_long().clone()) + Fr::from(364u64) - &doy), 9).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
