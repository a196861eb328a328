//! Dates: days since 1900-01-01 (u32); date-times are truncated to the UTC day.

use crate::RecordError;
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
    medzk_types::date::from_civil(
        i64::from(date.year()),
        u32::from(u8::from(date.month())),
        u32::from(date.day()),
    )
    .ok_or_else(|| RecordError::DateBeforeEpoch { field: field.into(), value: date.to_string() })
}

/// The calendar date of an encoding, as `YYYY-MM-DD` (`medzk-types`' one
/// day-number codec; any u32, no panic).
pub fn decode_date(days: u32) -> String {
    medzk_types::date::iso(days)
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
