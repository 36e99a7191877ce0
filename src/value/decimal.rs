//! Decimals with nine places kept exactly: an `i128` scaled by 10^9.

use super::{DECIMAL_PLACES, SCALE};
use std::fmt;

/// A decimal number, scaled by 10^9 (nine places kept exactly).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Decimal(pub i128);

impl Decimal {
    /// Parses `digits.digits`; `None` when it has more than nine places or is
    /// out of range.
    pub fn parse(text: &str) -> Option<Decimal> {
        // The sign applies to the whole number (`-1.25` is -1 - 0.25).
        if let Some(rest) = text.strip_prefix('-') {
            if rest.starts_with(['-', '+']) {
                return None;
            }
            return Decimal::parse(rest)
                .and_then(|d| d.0.checked_neg())
                .map(Decimal);
        }
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) {
            return None;
        }
        if frac.len() > DECIMAL_PLACES as usize {
            return None;
        }
        let int: i128 = int.parse().ok()?;
        let mut f: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..DECIMAL_PLACES as usize {
            f *= 10;
        }
        int.checked_mul(SCALE)?.checked_add(f).map(Decimal)
    }

    pub(super) fn from_int(i: i64) -> Decimal {
        Decimal(i as i128 * SCALE)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let int = a / SCALE as u128;
        let frac = a % SCALE as u128;
        let frac = format!("{frac:09}");
        let frac = frac.trim_end_matches('0');
        let frac = if frac.is_empty() { "0" } else { frac };
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        let cases = [
            ("22.5", Some("22.5")),
            ("-1.25", Some("-1.25")),
            ("-0.000000001", Some("-0.000000001")),
            ("0.1234567891", None),
            ("--1.5", None),
            ("1.-5", None),
            ("abc", None),
        ];
        for (text, shown) in cases {
            let got = Decimal::parse(text).map(|d| d.to_string());
            assert_eq!(got.as_deref(), shown, "{text}");
        }
    }
}
