//! Values outside their store: [`Constant`], what answers carry, and how
//! text is written in the language (bare symbols, quoted strings).

use super::{Date, Datum, Decimal};
use std::fmt;

/// A value taken out of its store: what answers carry, printable and
/// serialisable on its own. Written as in the language by `Display`; as
/// JSON, numbers are numbers and symbols, strings and dates are strings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Constant {
    /// A symbol or string.
    Text(String),
    /// A 64-bit integer.
    Int(i64),
    /// A decimal with a fractional part.
    Dec(Decimal),
    /// A date.
    Date(Date),
}

impl From<Datum<'_>> for Constant {
    fn from(d: Datum<'_>) -> Constant {
        match d {
            Datum::Text(t) => Constant::Text(t.to_string()),
            Datum::Int(i) => Constant::Int(i),
            Datum::Dec(d) => Constant::Dec(d),
            Datum::Date(d) => Constant::Date(d),
        }
    }
}

impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constant::Int(i) => write!(f, "{i}"),
            Constant::Dec(d) => write!(f, "{d}"),
            Constant::Date(d) => write!(f, "{d}"),
            Constant::Text(t) if is_symbol(t) => f.write_str(t),
            Constant::Text(t) => f.write_str(&quote(t)),
        }
    }
}

impl serde::Serialize for Constant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Constant::Int(i) => s.serialize_i64(*i),
            // A decimal is a JSON number with exactly its digits (no
            // rounding through a binary float).
            Constant::Dec(d) => match serde_json::value::RawValue::from_string(d.to_string()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_none(),
            },
            Constant::Date(d) => s.collect_str(d),
            Constant::Text(t) => s.serialize_str(t),
        }
    }
}

/// `X = de, Y = 2`: a row of answer values by column name.
pub fn row_text<V: fmt::Display>(columns: &[String], row: impl IntoIterator<Item = V>) -> String {
    use fmt::Write as _;
    let mut s = String::new();
    for (i, (c, v)) in columns.iter().zip(row).enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{c} = {v}");
    }
    s
}

/// Whether text can be written as a bare symbol (otherwise it is quoted).
pub fn is_symbol(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => {}
        _ => return false,
    }
    text != "not" && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Writes text as a quoted string with `\"` and `\\` escaped.
///
/// Control characters are written as `\u{1b}`, so that no text shown on
/// a terminal can move its cursor, retitle it or clear it.
pub fn quote(text: &str) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
            s.push(c);
        } else if c.is_control() {
            let _ = write!(s, "\\u{{{:x}}}", c as u32);
        } else {
            s.push(c);
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_digits_in_json() {
        let cases = [
            ("99999999.999999999", "99999999.999999999"),
            ("22.5", "22.5"),
            ("-0.000000001", "-0.000000001"),
            ("123456789012.123456789", "123456789012.123456789"),
        ];
        for (text, json) in cases {
            let d = Constant::Dec(Decimal::parse(text).expect(text));
            assert_eq!(serde_json::to_string(&d).unwrap(), json, "{text}");
        }
    }

    #[test]
    fn text_is_quoted_with_control_characters_escaped() {
        let cases = [
            ("plain", "plain"),
            ("Hong Kong", "\"Hong Kong\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("\u{1b}]0;owned\u{7}", "\"\\u{1b}]0;owned\\u{7}\""),
            ("line\nbreak", "\"line\\u{a}break\""),
            ("tab\tand\u{9b}", "\"tab\\u{9}and\\u{9b}\""),
        ];
        for (text, shown) in cases {
            assert_eq!(
                Constant::Text(text.to_string()).to_string(),
                shown,
                "{text:?}"
            );
        }
    }
}
