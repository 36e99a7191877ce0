//! Values: the constants of the language and their compact interned form.
//!
//! A [`Value`] is a `u32` handle. Small integers and dates are stored inline,
//! strings (symbols and quoted strings are the same value) and everything else
//! are interned in the [`ValueStore`], so two equal constants always have the
//! same handle and equality is a machine-word comparison. The store also gives
//! values their order (numbers numerically, dates chronologically, text by
//! code point; across kinds: numbers < dates < text), arithmetic and display.

mod constant;
mod date;
mod decimal;

pub use constant::{Constant, is_symbol, quote, row_text};
pub use date::{Date, Period};
pub use decimal::Decimal;

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Digits kept after the decimal point.
pub const DECIMAL_PLACES: u32 = 9;
const SCALE: i128 = 1_000_000_000;

const TAG_SHIFT: u32 = 30;
const PAYLOAD: u32 = (1 << TAG_SHIFT) - 1;
const TAG_INT: u32 = 0;
const TAG_TEXT: u32 = 1;
const TAG_DATE: u32 = 2;
const TAG_BOXED: u32 = 3;
const INLINE_MIN: i64 = -(1 << 29);
const INLINE_MAX: i64 = (1 << 29) - 1;
/// Days from 0000-01-01 to 1970-01-01: dates are stored inline as days
/// since 0000-01-01, the first day they can be, so every date of years 0 to
/// 9999 is stored as a payload from 0 to 3,652,424 and handles order dates
/// chronologically.
const DATE_EPOCH_SHIFT: i64 = 719_528;

/// An interned value: a small integer or date inline, or a handle into the
/// [`ValueStore`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Value(pub u32);

/// A value taken apart: what a [`Value`] stands for.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Datum<'a> {
    /// A symbol or string.
    Text(&'a str),
    /// A 64-bit integer.
    Int(i64),
    /// A decimal with a fractional part (a whole decimal is an `Int`).
    Dec(Decimal),
    /// A date.
    Date(Date),
}

impl Datum<'_> {
    /// The name of the kind, for messages.
    pub fn kind(&self) -> Kind {
        match self {
            Datum::Text(_) => Kind::Text,
            Datum::Int(_) | Datum::Dec(_) => Kind::Number,
            Datum::Date(_) => Kind::Date,
        }
    }
}

/// The kinds of values, for type checks.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Integers and decimals.
    Number,
    /// Dates.
    Date,
    /// Symbols and strings.
    Text,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Text => "symbol",
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Boxed {
    Int(i64),
    Dec(i128),
}

/// Interns text and large numbers; resolves, orders and prints values.
///
/// A store may extend a frozen, shared one ([`ValueStore::over`]): the base's
/// values keep their handles and new ones are numbered after them, so a
/// scenario interns what it computes without copying or changing the
/// knowledge base's store.
#[derive(Default, Debug, Clone)]
pub struct ValueStore {
    base: Option<Arc<ValueStore>>,
    /// Texts and large numbers of the base: handles below these are its.
    text_base: u32,
    boxed_base: u32,
    texts: Texts,
    /// Each text's handle and the low half of its hash, so that growing
    /// the table never reads the texts.
    text_index: HashTable<(u32, u32)>,
    boxed: Vec<Boxed>,
    boxed_index: HashTable<u32>,
}

/// The texts a store interned, end to end in one buffer: a text costs its
/// bytes and one offset, not an allocation of its own.
#[derive(Default, Debug, Clone)]
struct Texts {
    bytes: String,
    /// Where each text ends in `bytes`.
    ends: Vec<usize>,
}

impl Texts {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }
}

/// The table hash of a text's 32-bit hash: its bits in both halves, so
/// that both the bucket (low bits) and the tag (high bits) come from it.
fn spread(h: u32) -> u64 {
    (u64::from(h) << 32) | u64::from(h)
}

fn fx<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = FxHasher::default();
    t.hash(&mut h);
    h.finish()
}

/// An arithmetic failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// Division or remainder by zero.
    DivisionByZero,
    /// The result does not fit.
    Overflow,
    /// The operand kinds do not support the operator.
    Kinds(Kind, Kind),
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (exact division, kept to nine decimal places)
    Div,
    /// `%` (remainder, sign of the dividend)
    Rem,
}

impl BinOp {
    /// How tightly it binds: `*`, `/`, `%` before `+`, `-`.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Add | BinOp::Sub => 1,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 2,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

impl ValueStore {
    /// An empty store.
    pub fn new() -> ValueStore {
        ValueStore::default()
    }

    /// A store that extends `base`: every value of `base` means the same
    /// here, and values first seen here get handles after the base's.
    pub fn over(base: Arc<ValueStore>) -> ValueStore {
        ValueStore {
            text_base: base.text_base + base.texts.len() as u32,
            boxed_base: base.boxed_base + base.boxed.len() as u32,
            base: Some(base),
            ..ValueStore::default()
        }
    }

    /// The value of a symbol or string.
    pub fn text(&mut self, s: &str) -> Value {
        let hash = fx(s) as u32;
        if let Some(v) = self.find_text_hashed(s, hash) {
            return v;
        }
        let id = self.text_base + self.texts.len() as u32;
        assert!(id <= PAYLOAD, "more than 2^30 distinct texts");
        self.texts.push(s);
        self.text_index
            .insert_unique(spread(hash), (id, hash), |&(_, h)| spread(h));
        Value(TAG_TEXT << TAG_SHIFT | id)
    }

    /// The value of a symbol or string if it has been seen, without adding it.
    pub fn find_text(&self, s: &str) -> Option<Value> {
        self.find_text_hashed(s, fx(s) as u32)
    }

    fn find_text_hashed(&self, s: &str, hash: u32) -> Option<Value> {
        if let Some(v) = self.base.as_ref().and_then(|b| b.find_text_hashed(s, hash)) {
            return Some(v);
        }
        let (texts, first) = (&self.texts, self.text_base);
        self.text_index
            .find(spread(hash), |&(id, h)| {
                h == hash && texts.get((id - first) as usize) == s
            })
            .map(|&(id, _)| Value(TAG_TEXT << TAG_SHIFT | id))
    }

    fn text_at(&self, id: u32) -> &str {
        if id < self.text_base {
            return self.base.as_ref().expect("a base holds it").text_at(id);
        }
        self.texts.get((id - self.text_base) as usize)
    }

    fn boxed_at(&self, id: u32) -> Boxed {
        if id < self.boxed_base {
            return self.base.as_ref().expect("a base holds it").boxed_at(id);
        }
        self.boxed[(id - self.boxed_base) as usize]
    }

    fn find_boxed(&self, b: Boxed, hash: u64) -> Option<u32> {
        if let Some(id) = self.base.as_ref().and_then(|s| s.find_boxed(b, hash)) {
            return Some(id);
        }
        let (boxed, first) = (&self.boxed, self.boxed_base);
        self.boxed_index
            .find(hash, |&id| boxed[(id - first) as usize] == b)
            .copied()
    }

    /// The value of an integer.
    pub fn int(&mut self, i: i64) -> Value {
        if (INLINE_MIN..=INLINE_MAX).contains(&i) {
            Value(TAG_INT << TAG_SHIFT | (i as u32 & PAYLOAD))
        } else {
            self.boxed(Boxed::Int(i))
        }
    }

    /// The value of a decimal (a whole decimal becomes an integer).
    pub fn decimal(&mut self, d: Decimal) -> Result<Value, ArithError> {
        if d.0 % SCALE == 0 {
            let i = d.0 / SCALE;
            let i = i64::try_from(i).map_err(|_| ArithError::Overflow)?;
            Ok(self.int(i))
        } else {
            Ok(self.boxed(Boxed::Dec(d.0)))
        }
    }

    /// The value of a date.
    pub fn date(&mut self, d: Date) -> Value {
        Value(TAG_DATE << TAG_SHIFT | ((d.0 as i64 + DATE_EPOCH_SHIFT) as u32 & PAYLOAD))
    }

    fn boxed(&mut self, b: Boxed) -> Value {
        let hash = fx(&b);
        if let Some(id) = self.find_boxed(b, hash) {
            return Value(TAG_BOXED << TAG_SHIFT | id);
        }
        let id = self.boxed_base + self.boxed.len() as u32;
        assert!(id <= PAYLOAD, "more than 2^30 distinct large numbers");
        self.boxed.push(b);
        let (boxed, first) = (&self.boxed, self.boxed_base);
        self.boxed_index
            .insert_unique(hash, id, |&id| fx(&boxed[(id - first) as usize]));
        Value(TAG_BOXED << TAG_SHIFT | id)
    }

    /// Takes a value apart.
    pub fn get(&self, v: Value) -> Datum<'_> {
        let payload = v.0 & PAYLOAD;
        match v.0 >> TAG_SHIFT {
            TAG_INT => Datum::Int(((payload << 2) as i32 >> 2) as i64),
            TAG_TEXT => Datum::Text(self.text_at(payload)),
            TAG_DATE => Datum::Date(Date((payload as i64 - DATE_EPOCH_SHIFT) as i32)),
            _ => match self.boxed_at(payload) {
                Boxed::Int(i) => Datum::Int(i),
                Boxed::Dec(d) => Datum::Dec(Decimal(d)),
            },
        }
    }

    /// The kind of a value.
    pub fn kind(&self, v: Value) -> Kind {
        match v.0 >> TAG_SHIFT {
            TAG_INT | TAG_BOXED => Kind::Number,
            TAG_TEXT => Kind::Text,
            _ => Kind::Date,
        }
    }

    /// The small integer a value holds inline, if it does (fast path).
    #[inline]
    pub fn inline_int(v: Value) -> Option<i64> {
        (v.0 >> TAG_SHIFT == TAG_INT).then_some((((v.0 & PAYLOAD) << 2) as i32 >> 2) as i64)
    }

    /// The order answers are sorted in: numbers numerically, dates
    /// chronologically, text by code point; numbers < dates < text.
    pub fn compare(&self, a: Value, b: Value) -> Ordering {
        if a == b {
            return Ordering::Equal;
        }
        if let (Some(x), Some(y)) = (Self::inline_int(a), Self::inline_int(b)) {
            return x.cmp(&y);
        }
        match (self.get(a), self.get(b)) {
            (Datum::Int(x), Datum::Int(y)) => x.cmp(&y),
            (Datum::Text(x), Datum::Text(y)) => x.cmp(y),
            (Datum::Date(x), Datum::Date(y)) => x.cmp(&y),
            (x, y) => match (number(x), number(y)) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => x.kind().cmp(&y.kind()),
            },
        }
    }

    /// Ordering for the comparison operators `< <= > >=`: only between values
    /// of the same kind.
    pub fn compare_same_kind(&self, a: Value, b: Value) -> Result<Ordering, ArithError> {
        let (ka, kb) = (self.kind(a), self.kind(b));
        if ka != kb {
            return Err(ArithError::Kinds(ka, kb));
        }
        Ok(self.compare(a, b))
    }

    /// Applies an arithmetic operator. Numbers with numbers; a date plus or
    /// minus a whole number of days is a date; a date minus a date is the
    /// number of days between them.
    pub fn arith(&mut self, op: BinOp, a: Value, b: Value) -> Result<Value, ArithError> {
        if let (Some(x), Some(y)) = (Self::inline_int(a), Self::inline_int(b)) {
            // Both fit in 30 bits, so no result here can overflow an i64.
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y == 0 {
                        return Err(ArithError::DivisionByZero);
                    }
                    if x % y != 0 {
                        return self.decimal(Decimal(x as i128 * SCALE / y as i128));
                    }
                    x / y
                }
                BinOp::Rem => {
                    if y == 0 {
                        return Err(ArithError::DivisionByZero);
                    }
                    x % y
                }
            };
            return Ok(self.int(r));
        }
        let (da, db) = (self.get(a), self.get(b));
        match (da, db) {
            (Datum::Int(x), Datum::Int(y)) => {
                let r = match op {
                    BinOp::Add => x.checked_add(y),
                    BinOp::Sub => x.checked_sub(y),
                    BinOp::Mul => x.checked_mul(y),
                    BinOp::Div | BinOp::Rem if y == 0 => return Err(ArithError::DivisionByZero),
                    BinOp::Div if x.checked_rem(y).is_some_and(|r| r != 0) => {
                        return self.decimal(Decimal(x as i128 * SCALE / y as i128));
                    }
                    BinOp::Div => x.checked_div(y),
                    // `i64::MIN % -1` is 0; only the quotient overflows.
                    BinOp::Rem => Some(x.wrapping_rem(y)),
                };
                r.map(|r| self.int(r)).ok_or(ArithError::Overflow)
            }
            (Datum::Date(d), Datum::Int(n)) if matches!(op, BinOp::Add | BinOp::Sub) => {
                let n = if op == BinOp::Sub {
                    n.checked_neg()
                } else {
                    Some(n)
                };
                let days = n
                    .and_then(|n| (d.0 as i64).checked_add(n))
                    .ok_or(ArithError::Overflow)?;
                self.date_in_range(days)
            }
            (Datum::Int(n), Datum::Date(d)) if op == BinOp::Add => {
                let days = (d.0 as i64).checked_add(n).ok_or(ArithError::Overflow)?;
                self.date_in_range(days)
            }
            (Datum::Date(x), Datum::Date(y)) if op == BinOp::Sub => {
                Ok(self.int(x.0 as i64 - y.0 as i64))
            }
            (x, y) => match (number(x), number(y)) {
                (Some(x), Some(y)) => {
                    let r = match op {
                        BinOp::Add => x.checked_add(y),
                        BinOp::Sub => x.checked_sub(y),
                        BinOp::Mul => x.checked_mul(y).map(|p| p / SCALE),
                        BinOp::Div | BinOp::Rem if y == 0 => {
                            return Err(ArithError::DivisionByZero);
                        }
                        BinOp::Div => x.checked_mul(SCALE).map(|p| p / y),
                        BinOp::Rem => x.checked_rem(y),
                    };
                    let r = r.ok_or(ArithError::Overflow)?;
                    self.decimal(Decimal(r))
                }
                _ => Err(ArithError::Kinds(x.kind(), y.kind())),
            },
        }
    }

    fn date_in_range(&mut self, days: i64) -> Result<Value, ArithError> {
        let lo = Date::from_ymd(0, 1, 1).unwrap().0 as i64;
        let hi = Date::from_ymd(9999, 12, 31).unwrap().0 as i64;
        if (lo..=hi).contains(&days) {
            Ok(self.date(Date(days as i32)))
        } else {
            Err(ArithError::Overflow)
        }
    }

    /// Negates a number.
    pub fn negate(&mut self, a: Value) -> Result<Value, ArithError> {
        let zero = self.int(0);
        match self.get(a) {
            Datum::Int(_) | Datum::Dec(_) => self.arith(BinOp::Sub, zero, a),
            d => Err(ArithError::Kinds(d.kind(), Kind::Number)),
        }
    }

    /// A displayable view of a value, as it is written in the language.
    pub fn display(&self, v: Value) -> Display<'_> {
        Display {
            store: self,
            value: v,
        }
    }

    /// The value taken out of the store.
    pub fn constant(&self, v: Value) -> Constant {
        self.get(v).into()
    }

    /// Number of interned texts, the base's included.
    pub fn text_count(&self) -> usize {
        self.text_base as usize + self.texts.len()
    }
}

fn number(d: Datum<'_>) -> Option<i128> {
    match d {
        Datum::Int(i) => Some(Decimal::from_int(i).0),
        Datum::Dec(d) => Some(d.0),
        _ => None,
    }
}

/// See [`ValueStore::display`].
pub struct Display<'a> {
    store: &'a ValueStore,
    value: Value,
}

impl fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.store.get(self.value) {
            Datum::Int(i) => write!(f, "{i}"),
            Datum::Dec(d) => write!(f, "{d}"),
            Datum::Date(d) => write!(f, "{d}"),
            Datum::Text(t) if is_symbol(t) => f.write_str(t),
            Datum::Text(t) => f.write_str(&quote(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_strings_are_one_value() {
        let mut s = ValueStore::new();
        assert_eq!(s.text("no"), s.text("no"));
        assert_ne!(s.text("no"), s.text("se"));
        assert_eq!(s.display(s.find_text("no").unwrap()).to_string(), "no");
        let hk = s.text("Hong Kong");
        assert_eq!(s.display(hk).to_string(), "\"Hong Kong\"");
    }

    #[test]
    fn a_store_over_a_base_keeps_its_handles_and_adds_after_them() {
        let mut base = ValueStore::new();
        let no = base.text("no");
        let big = base.int(i64::MAX);
        let base = Arc::new(base);
        let mut over = ValueStore::over(base.clone());
        assert_eq!(over.text("no"), no, "a base value is found, not added");
        assert_eq!(over.int(i64::MAX), big);
        let se = over.text("se");
        assert_ne!(se, no);
        assert_eq!(over.get(se), Datum::Text("se"));
        assert_eq!(over.get(no), Datum::Text("no"));
        assert_eq!(over.text_count(), 2);
        assert_eq!(base.find_text("se"), None, "the base is unchanged");
        let min = over.int(i64::MIN);
        assert_eq!(over.get(min), Datum::Int(i64::MIN));
        assert_eq!(over.get(big), Datum::Int(i64::MAX));
        let mut again = ValueStore::over(base);
        assert_eq!(again.text("se"), se, "stores over one base number alike");
    }

    #[test]
    fn constants_print_and_serialise_like_the_store() {
        let mut s = ValueStore::new();
        let values = [
            s.text("no"),
            s.text("Hong Kong"),
            s.int(-3),
            s.decimal(Decimal::parse("22.5").unwrap()).unwrap(),
            s.date(Date::from_ymd(2024, 7, 1).unwrap()),
        ];
        let shown: Vec<String> = values.iter().map(|v| s.constant(*v).to_string()).collect();
        let direct: Vec<String> = values.iter().map(|v| s.display(*v).to_string()).collect();
        assert_eq!(shown, direct);
        let json: Vec<Constant> = values.iter().map(|v| s.constant(*v)).collect();
        assert_eq!(
            serde_json::to_string(&json).unwrap(),
            r#"["no","Hong Kong",-3,22.5,"2024-07-01"]"#
        );
        assert_eq!(
            row_text(&["X".to_string(), "Y".to_string()], &json[..2]),
            "X = no, Y = \"Hong Kong\""
        );
    }

    #[test]
    fn integers_inline_and_boxed() {
        let mut s = ValueStore::new();
        for i in [
            0,
            1,
            -1,
            INLINE_MAX,
            INLINE_MIN,
            INLINE_MAX + 1,
            INLINE_MIN - 1,
            i64::MAX,
            i64::MIN,
        ] {
            let v = s.int(i);
            assert_eq!(s.get(v), Datum::Int(i), "{i}");
            assert_eq!(s.int(i), v);
        }
    }

    #[test]
    fn decimals_compare_with_integers() {
        let mut s = ValueStore::new();
        let a = s.decimal(Decimal::parse("22.5").unwrap()).unwrap();
        let b = s.int(22);
        let one = s.decimal(Decimal::parse("1.0").unwrap()).unwrap();
        assert_eq!(one, s.int(1));
        assert_eq!(s.compare(b, a), Ordering::Less);
        assert_eq!(s.display(a).to_string(), "22.5");
        let sum = s.arith(BinOp::Add, a, b).unwrap();
        assert_eq!(s.display(sum).to_string(), "44.5");
        let three = s.int(3);
        let two = s.int(2);
        let third = s.arith(BinOp::Div, one, three).unwrap();
        assert_eq!(s.display(third).to_string(), "0.333333333");
        let seven = s.int(7);
        let half = s.arith(BinOp::Div, seven, two).unwrap();
        assert_eq!(s.display(half).to_string(), "3.5");
        let dec_third = {
            let d = s.decimal(Decimal::parse("1.5").unwrap()).unwrap();
            s.arith(BinOp::Div, d, three).unwrap()
        };
        assert_eq!(s.display(dec_third).to_string(), "0.5");
    }

    #[test]
    fn dates_round_trip_and_add_days() {
        let mut s = ValueStore::new();
        for (y, m, d) in [
            (2024, 7, 1),
            (1970, 1, 1),
            (2000, 2, 29),
            (0, 1, 1),
            (9999, 12, 31),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        let d = s.date(Date::from_ymd(2024, 1, 1).unwrap());
        let n = s.int(90);
        let later = s.arith(BinOp::Add, d, n).unwrap();
        assert_eq!(s.display(later).to_string(), "2024-03-31");
        assert_eq!(s.arith(BinOp::Sub, later, d).unwrap(), n);
    }

    #[test]
    fn dates_of_years_0_and_9999_are_stored_in_order() {
        let mut s = ValueStore::new();
        // In order; the first and last days of year 0 and of 9999, and the
        // days around the ends of February of year 0 (a leap year).
        let days = [
            "0000-01-01",
            "0000-01-02",
            "0000-02-28",
            "0000-02-29",
            "0000-03-01",
            "0000-12-31",
            "0001-01-01",
            "1969-12-31",
            "1970-01-01",
            "2024-07-01",
            "9999-01-01",
            "9999-02-28",
            "9999-03-01",
            "9999-12-30",
            "9999-12-31",
        ];
        let mut last: Option<(Value, Date)> = None;
        for text in days {
            let (y, m, d) = (
                text[0..4].parse().unwrap(),
                text[5..7].parse().unwrap(),
                text[8..10].parse().unwrap(),
            );
            let date = Date::from_ymd(y, m, d).unwrap();
            let v = s.date(date);
            assert_eq!(s.get(v), Datum::Date(date), "case {text}");
            assert_eq!(s.kind(v), Kind::Date, "case {text}");
            assert_eq!(s.display(v).to_string(), text, "case {text}");
            assert_eq!(s.date(date), v, "case {text}: one handle");
            if let Some((before, earlier)) = last {
                assert_eq!(s.compare(before, v), Ordering::Less, "case {text}");
                assert!(before < v, "case {text}: handles in order");
                assert!(earlier < date, "case {text}: dates in order");
            }
            last = Some((v, date));
        }
        // Every day of the range, with the arithmetic at its ends.
        let first = s.date(Date::from_ymd(0, 1, 1).unwrap());
        let end = s.date(Date::from_ymd(9999, 12, 31).unwrap());
        assert_eq!(s.arith(BinOp::Sub, end, first), Ok(s.int(3_652_424)));
        let one = s.int(1);
        let leap = s.date(Date::from_ymd(0, 2, 28).unwrap());
        let next = s.arith(BinOp::Add, leap, one).unwrap();
        assert_eq!(s.display(next).to_string(), "0000-02-29");
        assert_eq!(s.arith(BinOp::Sub, first, one), Err(ArithError::Overflow));
        assert_eq!(s.arith(BinOp::Add, end, one), Err(ArithError::Overflow));
    }

    #[test]
    fn remainders_never_overflow() {
        let mut s = ValueStore::new();
        // (dividend, divisor, remainder): the sign of the dividend.
        let cases: &[(i64, i64, Result<i64, ArithError>)] = &[
            (i64::MIN, -1, Ok(0)),
            (i64::MIN, 1, Ok(0)),
            (i64::MAX, -1, Ok(0)),
            (i64::MIN, 7, Ok(i64::MIN % 7)),
            (i64::MIN, i64::MAX, Ok(-1)),
            (-7, 3, Ok(-1)),
            (7, -3, Ok(1)),
            (i64::MIN, 0, Err(ArithError::DivisionByZero)),
        ];
        for (x, y, want) in cases {
            let (a, b) = (s.int(*x), s.int(*y));
            let got = s.arith(BinOp::Rem, a, b).map(|v| match s.get(v) {
                Datum::Int(i) => i,
                other => panic!("{other:?}"),
            });
            assert_eq!(got, *want, "case {x} % {y}");
        }
        // The quotient of the same still overflows.
        let (min, minus_one) = (s.int(i64::MIN), s.int(-1));
        assert_eq!(
            s.arith(BinOp::Div, min, minus_one),
            Err(ArithError::Overflow)
        );
    }

    #[test]
    fn arithmetic_errors() {
        let mut s = ValueStore::new();
        let (one, zero, max) = (s.int(1), s.int(0), s.int(i64::MAX));
        assert_eq!(
            s.arith(BinOp::Div, one, zero),
            Err(ArithError::DivisionByZero)
        );
        assert_eq!(s.arith(BinOp::Add, max, one), Err(ArithError::Overflow));
        let t = s.text("a");
        assert_eq!(
            s.arith(BinOp::Add, t, one),
            Err(ArithError::Kinds(Kind::Text, Kind::Number))
        );
    }
}
