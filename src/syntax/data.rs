//! Data files: the rows of a CSV or TSV file (read with the csv crate) as
//! facts of one predicate, each field the constant it spells (an integer,
//! a decimal, a date, or text), with spans into the file so that the
//! checks point at the row and field a problem is in. A row that cannot be
//! read is an error at its line, never skipped.

use super::ast::{
    Atom, Clause, Const, DataFile, Expr, Item, Module, PlainArg, PlainItem, PlainItems, PlainValue,
    RowsOf,
};
use super::include::LoadError;
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::value::{Date, Decimal};
use std::path::Path;
use std::sync::Arc;

/// The delimiter of a data file: as asked, else [`delimiter_of`] its name.
pub fn delimiter(data: &DataFile, path: &Path) -> u8 {
    data.delimiter.unwrap_or_else(|| delimiter_of(path))
}

/// The delimiter a data file's name implies: a tab for `.tsv` and `.tab`
/// files, a comma for any other.
pub fn delimiter_of(path: &Path) -> u8 {
    match path.extension().and_then(|e| e.to_str()) {
        Some("tsv" | "tab") => b'\t',
        _ => b',',
    }
}

/// The facts of `text` (file `file`, read from `path`): a module of one
/// fact per row, and the problems of the rows that could not be read.
///
/// The rows are kept as plain items ([`PlainItems::rows_of`]): offsets of
/// their fields into the text, read when the facts are resolved, about 30
/// bytes a row. A row with an escaped quote (`""`) in a field, whose value
/// is not a slice of the text, becomes a syntax-tree clause.
pub fn facts(
    file: FileId,
    text: &Arc<str>,
    path: &Path,
    data: &DataFile,
) -> (Module, Vec<Diagnostic>) {
    let delimiter = delimiter(data, path);
    let mut module = Module {
        file,
        items: Vec::new(),
        plain: PlainItems {
            text: text.clone(),
            rows_of: Some(RowsOf {
                pred: data.pred.clone(),
                pred_span: data.pred_span,
            }),
            ..PlainItems::default()
        },
        origin: Default::default(),
    };
    let mut problems = Vec::new();
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut width: Option<usize> = None;
    let mut first = true;
    let mut fields = Vec::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                problems.push(bad_row(&name, file, text, at, e.to_string()));
                // The reader cannot go on past a broken record.
                break;
            }
        }
        let end = (reader.position().byte() as usize).min(text.len());
        // The reader ends a record at a `\r` and reads the `\n` after it
        // with the next one.
        let start = start
            + text.as_bytes()[start.min(end)..end]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        let raw = text.get(start..end).unwrap_or_default();
        let raw = raw.strip_suffix('\n').unwrap_or(raw);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let span = Span::new(file, start, start + raw.len());
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            // A blank line.
            continue;
        }
        let quoted = raw.as_bytes().contains(&b'"');
        if quoted && raw.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
            problems.push(bad_row(
                &name,
                file,
                text,
                start,
                "a `\"` is not closed".to_string(),
            ));
            break;
        }
        let header = first && data.header;
        first = false;
        match width {
            None => width = Some(record.len()),
            Some(w) if w != record.len() => {
                problems.push(bad_row(
                    &name,
                    file,
                    text,
                    start,
                    format!(
                        "this row has {}, the first has {w}",
                        crate::diag::plural(record.len(), "field")
                    ),
                ));
                continue;
            }
            Some(_) => {}
        }
        if header {
            continue;
        }
        // Where each field lies in the text, quotes included: without
        // quotes, the fields are the text between the delimiters.
        fields.clear();
        if quoted {
            fields.extend(
                field_spans(raw, delimiter)
                    .into_iter()
                    .map(|(a, b)| (start + a, start + b)),
            );
        } else {
            let mut at = start;
            for f in &record {
                fields.push((at, at + f.len()));
                at += f.len() + 1;
            }
        }
        // A field the quotes hide from `field_spans` points at the row.
        let place = |i: usize| fields.get(i).copied().unwrap_or((start, start + raw.len()));
        let first_arg = module.plain.args.len();
        let mut slices = true;
        let mut complete = true;
        for (i, field) in record.iter().enumerate() {
            let (a, b) = place(i);
            let raw_field = text.get(a..b).unwrap_or_default();
            if is_blank(field) {
                problems.push(
                    LoadError::DataFile {
                        path: name.clone(),
                        reason: format!("field {} is empty", i + 1),
                        span: Span::new(file, a, b),
                    }
                    .to_diagnostic(),
                );
                complete = false;
                continue;
            }
            slices &= !quoted || is_slice(raw_field);
            module.plain.args.push(PlainArg {
                start: a as u32,
                end: b as u32,
            });
        }
        if !complete || !slices {
            module.plain.args.truncate(first_arg);
        }
        if !complete {
            continue;
        }
        if slices {
            module.push_plain(PlainItem {
                start: span.start,
                end: span.end,
                atom_start: span.start,
                pred_end: span.start,
                atom_end: span.end,
                args: first_arg as u32,
                arity: record.len() as u32,
                query: false,
            });
            continue;
        }
        let args = record
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let (a, b) = place(i);
                let value = String::from_utf8_lossy(field);
                let value = constant(value.trim()).expect("the field is not empty");
                Expr::Const(value, Span::new(file, a, b))
            })
            .collect();
        module.items.push(Item::Clause(Clause {
            head: Atom {
                pred: data.pred.clone(),
                pred_span: data.pred_span,
                args,
                span,
            },
            body: Vec::new(),
            source: None,
            doc: None,
            overrides: false,
            valid: None,
            span,
        }));
    }
    (module, problems)
}

/// Whether a field holds nothing but blanks.
fn is_blank(field: &[u8]) -> bool {
    match field.first() {
        None => true,
        Some(&b) if b.is_ascii_whitespace() || !b.is_ascii() => {
            std::str::from_utf8(field).is_ok_and(|f| f.trim().is_empty())
        }
        Some(_) => false,
    }
}

/// Whether a field as written (quotes included) holds its value as a
/// slice: no quote, or quoted as a whole with none inside.
fn is_slice(raw: &str) -> bool {
    match raw.strip_prefix('"') {
        None => !raw.contains('"'),
        Some(rest) => rest
            .trim_end()
            .strip_suffix('"')
            .is_some_and(|inner| !inner.contains('"')),
    }
}

/// The value of a field as written, which [`is_slice`] holds a slice:
/// without its quotes and surrounding blanks, the constant it spells.
pub(super) fn field_value(raw: &str) -> PlainValue<'_> {
    let t = raw.trim();
    let t = match t.strip_prefix('"') {
        Some(rest) => rest.strip_suffix('"').unwrap_or(rest).trim(),
        None => t,
    };
    spelt(t)
}

fn bad_row(name: &str, file: FileId, text: &str, at: usize, reason: String) -> Diagnostic {
    let at = at.min(text.len());
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    LoadError::DataFile {
        path: name.to_string(),
        reason,
        span: Span::new(file, at, end.max(at)),
    }
    .to_diagnostic()
}

/// The constant a field spells: an integer, a decimal, a date, or text
/// (`None` for an empty field).
pub fn constant(field: &str) -> Option<Const> {
    if field.is_empty() {
        return None;
    }
    Some(match spelt(field) {
        PlainValue::Int(i) => Const::Int(i),
        PlainValue::Dec(d) => Const::Dec(d),
        PlainValue::Date(d) => Const::Date(d),
        PlainValue::Text(t) | PlainValue::Var(t) => Const::Text(t.to_string()),
    })
}

/// What a field's text (not empty, trimmed) spells.
fn spelt(field: &str) -> PlainValue<'_> {
    if !field.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return PlainValue::Text(field);
    }
    let digits = field.strip_prefix('-').unwrap_or(field);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = field.parse::<i64>() {
            return PlainValue::Int(i);
        }
    } else if let Some((whole, part)) = digits.split_once('.')
        && !whole.is_empty()
        && !part.is_empty()
        && whole
            .bytes()
            .chain(part.bytes())
            .all(|b| b.is_ascii_digit())
        && let Some(d) = Decimal::parse(field)
    {
        return PlainValue::Dec(d);
    } else if field.len() == 10
        && let Some(d) = Date::parse(field)
    {
        return PlainValue::Date(d);
    }
    PlainValue::Text(field)
}

/// Where each field of a raw record lies in it (byte ranges, quotes
/// included), for pointing at a field; the csv crate has read the values.
fn field_spans(raw: &str, delimiter: u8) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    let end = raw.trim_end_matches(['\r', '\n']).len();
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, &b) in bytes[..end].iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn data(pred: &str) -> DataFile {
        DataFile {
            pred: pred.to_string(),
            pred_span: Span::default(),
            delimiter: None,
            header: true,
        }
    }

    #[test]
    fn fields_spell_their_constants() {
        assert_eq!(constant("12"), Some(Const::Int(12)));
        assert_eq!(constant("-3"), Some(Const::Int(-3)));
        assert_eq!(
            constant("0.50"),
            Some(Const::Dec(Decimal::parse("0.50").unwrap()))
        );
        assert_eq!(
            constant("2024-02-29"),
            Some(Const::Date(Date::parse("2024-02-29").unwrap()))
        );
        assert_eq!(
            constant("2024-02-30"),
            Some(Const::Text("2024-02-30".into()))
        );
        assert_eq!(constant("jp"), Some(Const::Text("jp".into())));
        assert_eq!(
            constant("Ixiaro 6 µg"),
            Some(Const::Text("Ixiaro 6 µg".into()))
        );
        assert_eq!(
            constant("99999999999999999999"),
            Some(Const::Text("99999999999999999999".into()))
        );
        assert_eq!(constant(""), None);
    }

    #[test]
    fn rows_become_facts_with_their_places_and_bad_rows_are_reported() {
        let text = "product,country\np1,jp\n\"p 2\",us\np3\n,de\n\"say \"\"hi\"\"\", se\r\n 12 ,\" 2024-07-01 \"\n";
        let mut sources = SourceMap::new();
        let file = sources.add("ma.csv", text);
        let (module, problems) = facts(file, &text.into(), Path::new("ma.csv"), &data("ma_in"));
        // Rows are plain items, but for the one with an escaped quote.
        assert_eq!(module.plain.items.len(), 3);
        assert!(matches!(module.items[1], Item::Clause(_)));
        let rows: Vec<String> = module
            .expanded_items()
            .map(|i| match &*i {
                Item::Clause(c) => format!(
                    "{}@{}",
                    c.head
                        .args
                        .iter()
                        .map(|a| match a {
                            Expr::Const(Const::Text(t), s) => format!("{t}[{}]", sources.text(*s)),
                            Expr::Const(c, s) => format!("{c:?}[{}]", sources.text(*s)),
                            _ => "?".into(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    sources.location(c.span)
                ),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(
            rows,
            [
                "p1[p1] jp[jp]@ma.csv:2:1",
                "p 2[\"p 2\"] us[us]@ma.csv:3:1",
                "say \"hi\"[\"say \"\"hi\"\"\"] se[ se]@ma.csv:6:1",
                "Int(12)[ 12 ] Date(Date(19905))[\" 2024-07-01 \"]@ma.csv:7:1",
            ]
        );
        let problems: Vec<String> = problems
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    sources.location(d.primary.as_ref().unwrap().span),
                    d.message
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                "ma.csv:4:1 cannot read `ma.csv`: this row has 1 field, the first has 2",
                "ma.csv:5:1 cannot read `ma.csv`: field 1 is empty",
            ]
        );
    }

    #[test]
    fn tabs_for_tsv_files_and_as_asked() {
        let d = data("p");
        assert_eq!(delimiter(&d, Path::new("a.tsv")), b'\t');
        assert_eq!(delimiter(&d, Path::new("a.csv")), b',');
        let semi = DataFile {
            delimiter: Some(b';'),
            ..d
        };
        assert_eq!(delimiter(&semi, Path::new("a.csv")), b';');
    }
}
