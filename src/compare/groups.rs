//! What documents are grouped by (`--by`): a metadata field, or the `date` field cut into days,
//! ISO weeks, months or years. Owns parsing the `--by` values and turning one document into its
//! group value; calendar arithmetic is done here (no date crate) because only these four buckets
//! are needed.

use crate::records::TaggedDocument;
use std::fmt;
use std::str::FromStr;

/// The group value of a document that lacks the field (or whose date cannot be read).
pub const NO_VALUE: &str = "(none)";

/// Metadata fields a tagged record carries (`TaggedDocument::field`).
pub const FIELDS: [&str; 7] = ["outlet", "date", "author", "title", "url", "id", "language"];

/// One `--by` key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    /// A metadata field used as it is (trimmed).
    Field(String),
    /// The `date` field cut into calendar buckets.
    Date(DateUnit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateUnit {
    /// `2025-10-21`
    Day,
    /// ISO 8601 week, Monday to Sunday: `2025-W43`.
    Week,
    /// `2025-10`
    Month,
    /// `2025`
    Year,
}

impl DateUnit {
    fn as_str(self) -> &'static str {
        match self {
            DateUnit::Day => "day",
            DateUnit::Week => "week",
            DateUnit::Month => "month",
            DateUnit::Year => "year",
        }
    }
}

/// A `--by` value that names no field or bucket.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown grouping `{0}`: use outlet, date, author, title, url, id, date:day, date:week, date:month, date:year, or the name of a field kept from the input")]
pub struct UnknownGroupKey(pub String);

impl FromStr for GroupKey {
    type Err = UnknownGroupKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let spec = s.trim().to_ascii_lowercase();
        if let Some(unit) = spec.strip_prefix("date:") {
            let unit = match unit {
                "day" => DateUnit::Day,
                "week" => DateUnit::Week,
                "month" => DateUnit::Month,
                "year" => DateUnit::Year,
                _ => return Err(UnknownGroupKey(s.to_string())),
            };
            return Ok(GroupKey::Date(unit));
        }
        if FIELDS.contains(&spec.as_str()) {
            Ok(GroupKey::Field(spec))
        } else if !s.trim().is_empty() && s.trim().chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            // Any other name is a field kept from the input (`extra`), spelled as it was given.
            Ok(GroupKey::Field(s.trim().to_string()))
        } else {
            Err(UnknownGroupKey(s.to_string()))
        }
    }
}

impl fmt::Display for GroupKey {
    /// The spelling `--by` accepts (`outlet`, `date:week`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupKey::Field(name) => f.write_str(name),
            GroupKey::Date(unit) => write!(f, "date:{}", unit.as_str()),
        }
    }
}

impl GroupKey {
    /// The output column holding this key's value: the field name, or `date_week` and the like
    /// (no colon, so `df.date_week` works in pandas).
    pub fn column(&self) -> String {
        match self {
            GroupKey::Field(name) => name.clone(),
            GroupKey::Date(unit) => format!("date_{}", unit.as_str()),
        }
    }

    /// This document's value for the key; [`NO_VALUE`] when the field is missing or blank, or the
    /// date cannot be read at the bucket's precision.
    pub fn value(&self, doc: &TaggedDocument) -> String {
        let raw = match self {
            GroupKey::Field(name) => doc.field(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()),
            GroupKey::Date(unit) => doc.date.as_deref().and_then(|d| date_bucket(d, *unit)),
        };
        raw.unwrap_or_else(|| NO_VALUE.to_string())
    }
}

/// The bucket of an ISO 8601 date (`YYYY-MM-DD`, optionally followed by a time). Month and year
/// buckets also accept `YYYY-MM` and `YYYY`.
pub(crate) fn date_bucket(date: &str, unit: DateUnit) -> Option<String> {
    let date = date.trim();
    let (year, month, day) = parse_date_prefix(date)?;
    match unit {
        DateUnit::Year => Some(format!("{year:04}")),
        DateUnit::Month => Some(format!("{year:04}-{:02}", month?)),
        DateUnit::Day => Some(format!("{year:04}-{:02}-{:02}", month?, day?)),
        DateUnit::Week => {
            let (week_year, week) = iso_week(year, month?, day?);
            Some(format!("{week_year:04}-W{week:02}"))
        }
    }
}

/// Year, and month and day where present and valid. `None` when not even a year can be read.
fn parse_date_prefix(date: &str) -> Option<(i64, Option<u32>, Option<u32>)> {
    let number = |s: Option<&str>, len: usize| -> Option<u32> {
        let s = s?;
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    // What follows the day (a time, a zone) does not matter for the buckets.
    let head = date.split(['T', ' ']).next().unwrap_or(date);
    let mut parts = head.split('-');
    let year = i64::from(number(parts.next(), 4)?);
    let month = number(parts.next(), 2).filter(|m| (1..=12).contains(m));
    let day = match month {
        Some(m) => number(parts.next(), 2).filter(|d| *d >= 1 && *d <= days_in_month(year, m)),
        None => None,
    };
    Some((year, month, day))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// ISO 8601 week-numbering year and week of a date. Week 1 is the week holding the year's first
/// Thursday, so early January can belong to the previous year and late December to the next.
pub(crate) fn iso_week(year: i64, month: u32, day: u32) -> (i64, u32) {
    let days = days_from_civil(year, month, day);
    // 1970-01-01 was a Thursday: Monday = 0 ... Sunday = 6.
    let weekday = (days + 3).rem_euclid(7);
    let thursday = days - weekday + 3;
    // The Thursday's year is the week's year; its day of year gives the week.
    let mut week_year = year;
    if thursday < days_from_civil(year, 1, 1) {
        week_year -= 1;
    } else if thursday >= days_from_civil(year + 1, 1, 1) {
        week_year += 1;
    }
    let ordinal = thursday - days_from_civil(week_year, 1, 1);
    (week_year, (ordinal / 7 + 1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_names_columns() {
        assert_eq!("outlet".parse::<GroupKey>().unwrap(), GroupKey::Field("outlet".into()));
        assert_eq!(" Date:Week ".parse::<GroupKey>().unwrap(), GroupKey::Date(DateUnit::Week));
        assert_eq!(GroupKey::Date(DateUnit::Month).column(), "date_month");
        assert_eq!(GroupKey::Date(DateUnit::Month).to_string(), "date:month");
        assert_eq!("section".parse::<GroupKey>().unwrap(), GroupKey::Field("section".into()), "a kept input field");
        assert!("two words".parse::<GroupKey>().is_err());
        assert!("date:fortnight".parse::<GroupKey>().is_err());
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        // Checked against Python's date.isocalendar().
        assert_eq!(iso_week(2024, 12, 30), (2025, 1));
        assert_eq!(iso_week(2025, 1, 5), (2025, 1));
        assert_eq!(iso_week(2025, 1, 6), (2025, 2));
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
        assert_eq!(iso_week(2020, 12, 31), (2020, 53));
        assert_eq!(iso_week(2025, 10, 21), (2025, 43));
        assert_eq!(iso_week(2000, 2, 29), (2000, 9));
    }

    #[test]
    fn buckets_dates_and_rejects_bad_ones() {
        assert_eq!(date_bucket("2025-10-21T08:30:00Z", DateUnit::Day).as_deref(), Some("2025-10-21"));
        assert_eq!(date_bucket("2025-10-21", DateUnit::Week).as_deref(), Some("2025-W43"));
        assert_eq!(date_bucket("2025-10", DateUnit::Month).as_deref(), Some("2025-10"));
        assert_eq!(date_bucket("2025-10", DateUnit::Day), None);
        assert_eq!(date_bucket("2025-02-29", DateUnit::Day), None);
        assert_eq!(date_bucket("2024-02-29", DateUnit::Year).as_deref(), Some("2024"));
        assert_eq!(date_bucket("21/10/2025", DateUnit::Year), None);
        assert_eq!(date_bucket("2025-13-01", DateUnit::Month), None);
    }
}
