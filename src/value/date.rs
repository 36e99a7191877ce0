//! Calendar dates: days since 1970-01-01, years 0 to 9999, written
//! `YYYY-MM-DD`; and periods of validity, half-open spans of dates.

use std::fmt;

/// Days from 0000-03-01 (the start of the calendar the conversions below
/// count in, with February at the end of the year) to 1970-01-01.
const CIVIL_EPOCH: i64 = 719_468;

/// A calendar date, as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Date(pub i32);

impl Date {
    /// The date for a year, month and day, if it exists (years 0..=9999).
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Date> {
        if !(0..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = m as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date((era * 146_097 + doe - CIVIL_EPOCH) as i32))
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 as i64 + CIVIL_EPOCH;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }
}

impl Date {
    /// Today's date (UTC) by the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date((secs / 86_400) as i32)
    }

    /// Reads `YYYY-MM-DD` (four, two and two digits), if it is a date of
    /// the calendar.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b[r.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[r].parse::<u32>().ok())?
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::from_ymd(digits(0..4)? as i64, digits(5..7)?, digits(8..10)?)
    }

    /// The day before.
    pub fn pred(self) -> Date {
        Date(self.0 - 1)
    }
}

/// A half-open period of dates, `from <= D < until`; either end may be
/// open. `Period::ALWAYS` has neither.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, serde::Serialize)]
pub struct Period {
    /// The first day it applies on.
    pub from: Option<Date>,
    /// The first day it no longer applies on.
    pub until: Option<Date>,
}

impl Period {
    /// Every date.
    pub const ALWAYS: Period = Period {
        from: None,
        until: None,
    };

    /// Whether it applies on `d`.
    #[inline]
    pub fn contains(&self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d < u)
    }

    /// Whether it is every date.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// Whether no date is in it (`until` not after `from`).
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.until), (Some(f), Some(u)) if u <= f)
    }

    /// The dates in both.
    pub fn intersect(&self, other: &Period) -> Period {
        Period {
            from: self.from.max(other.from),
            until: match (self.until, other.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// Whether some date is in both.
    pub fn overlaps(&self, other: &Period) -> bool {
        !self.intersect(other).is_empty()
    }
}

/// `from 2017-07-01`, `until 2024-01-01`, `from 2019-01-01 until
/// 2019-08-01`, `always`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (None, None) => f.write_str("always"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (Some(a), Some(b)) => write!(f, "from {a} until {b}"),
        }
    }
}

/// As its text, `"2024-07-01"`.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}
