//! Data files: the rows of a CSV or TSV file (read with the csv crate) as
//! facts of one predicate, each field the constant it spells (an integer,
//! a decimal, a date, or text), with spans into the file so that the
//! checks point at the row and field a problem is in. A row that cannot be
//! read is an error at its line, never skipped.

use super::ast::{Atom, Clause, Const, DataFile, Expr, Item, Module};
use super::include::LoadError;
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::value::{Date, Decimal};
use std::path::Path;

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
/// clause per row, and the problems of the rows that could not be read.
pub fn facts(file: FileId, text: &str, path: &Path, data: &DataFile) -> (Module, Vec<Diagnostic>) {
    let delimiter = delimiter(data, path);
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut width: Option<usize> = None;
    let mut first = true;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                problems.push(bad_row(&name, file, text, at, e.to_string()));
                // The reader cannot go on past a broken record.
                break;
            }
        }
        let end = reader.position().byte() as usize;
        let raw = &text[start..end.min(text.len())];
        let span = Span::new(
            file,
            start,
            start + raw.trim_end_matches(['\r', '\n']).len(),
        );
        if record.len() == 1 && record[0].trim().is_empty() {
            // A blank line.
            continue;
        }
        if raw.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
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
        let fields = field_spans(raw, delimiter);
        let mut args = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            let (a, b) = fields.get(i).copied().unwrap_or((0, raw.len()));
            let field_span = Span::new(file, start + a, start + b);
            match constant(field.trim()) {
                Some(c) => args.push(Expr::Const(c, field_span)),
                None => problems.push(
                    LoadError::DataFile {
                        path: name.clone(),
                        reason: format!("field {} is empty", i + 1),
                        span: field_span,
                    }
                    .to_diagnostic(),
                ),
            }
        }
        if args.len() != record.len() {
            continue;
        }
        items.push(Item::Clause(Clause {
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
    let module = Module {
        file,
        items,
        plain: Default::default(),
        origin: Default::default(),
    };
    (module, problems)
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
    let digits = field.strip_prefix('-').unwrap_or(field);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = field.parse::<i64>() {
            return Some(Const::Int(i));
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
        return Some(Const::Dec(d));
    } else if field.len() == 10
        && let Some(d) = Date::parse(field)
    {
        return Some(Const::Date(d));
    }
    Some(Const::Text(field.to_string()))
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
        let text = "product,country\np1,jp\n\"p 2\",us\np3\n,de\n";
        let mut sources = SourceMap::new();
        let file = sources.add("ma.csv", text);
        let (module, problems) = facts(file, text, Path::new("ma.csv"), &data("ma_in"));
        let rows: Vec<String> = module
            .items
            .iter()
            .map(|i| match i {
                Item::Clause(c) => format!(
                    "{}@{}",
                    c.head
                        .args
                        .iter()
                        .map(|a| match a {
                            Expr::Const(Const::Text(t), s) => format!("{t}[{}]", sources.text(*s)),
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
            ["p1[p1] jp[jp]@ma.csv:2:1", "p 2[\"p 2\"] us[us]@ma.csv:3:1"]
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
