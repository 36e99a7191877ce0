//! A forgiving tokenizer for text typed at the prompt. It never fails: it
//! exists to colour the line, to decide when an input is complete (it ends
//! with a `.` outside strings, comments and braces), and to find the atom
//! or word under the cursor for hints and completion. The parser in
//! `crate::syntax` stays the judge of what the text means.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Spaces, tabs, line breaks.
    Space,
    /// `% ...` to the end of the line.
    Comment,
    /// `"..."`, closed.
    String,
    /// `"...` without its closing quote on the same line.
    OpenString,
    /// `X`, `_Y`, `_`.
    Variable,
    /// `notifiable`, `de`: a predicate name or a symbol.
    Name,
    /// `not`, `why`, `whynot`, `count`, `sum`, `min`, `max`.
    Keyword,
    /// `12`, `2.5`, `2024-07-01`.
    Number,
    /// `@input`, `@source`, `@include`.
    Annotation,
    /// `:help`: a command word at the start of an input.
    Command,
    /// `?-`
    QueryMark,
    /// `:-`
    Neck,
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`, `+`, `-`, `*`, `/`, `%` (remainder), `:`.
    Operator,
    /// `(`
    Open,
    /// `)`
    Close,
    /// `{`
    OpenBrace,
    /// `}`
    CloseBrace,
    /// `,`
    Comma,
    /// `.` ending an item.
    Dot,
    /// Anything else.
    Other,
}

/// A token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

const KEYWORDS: [&str; 7] = ["not", "why", "whynot", "count", "sum", "min", "max"];

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits text into tokens covering every byte.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    // For each open `(`: whether it opens an atom's arguments (after a
    // name) rather than a parenthesised expression.
    let mut parens: Vec<bool> = Vec::new();
    // Whether the last significant token ends a term on the current line
    // (so that `%` right after it is the remainder operator).
    let mut term_end = false;
    let mut i = 0;
    let bytes = text.as_bytes();
    let at_input_start = |out: &Vec<Token>| out.iter().all(|t| t.kind == Kind::Space);
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let start = i;
        let (kind, len) = match c {
            ' ' | '\t' | '\r' | '\n' | '\u{feff}' => {
                let n = rest
                    .char_indices()
                    .find(|&(_, c)| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{feff}'))
                    .map(|(j, _)| j)
                    .unwrap_or(rest.len());
                if rest[..n].contains('\n') {
                    term_end = false;
                }
                (Kind::Space, n)
            }
            '%' if term_end => (Kind::Operator, 1),
            '%' => (Kind::Comment, rest.find('\n').unwrap_or(rest.len())),
            '"' => {
                let mut j = 1;
                let mut closed = false;
                while j < rest.len() {
                    match bytes[i + j] {
                        b'\\' => j += 2,
                        b'"' => {
                            j += 1;
                            closed = true;
                            break;
                        }
                        b'\n' => break,
                        _ => j += 1,
                    }
                }
                let j = j.min(rest.len());
                (
                    if closed {
                        Kind::String
                    } else {
                        Kind::OpenString
                    },
                    j,
                )
            }
            c if c.is_uppercase() || c == '_' => {
                let n = rest
                    .char_indices()
                    .find(|&(_, c)| !ident_char(c))
                    .map(|(j, _)| j)
                    .unwrap_or(rest.len());
                (Kind::Variable, n)
            }
            c if c.is_alphabetic() => {
                let n = rest
                    .char_indices()
                    .find(|&(_, c)| !ident_char(c))
                    .map(|(j, _)| j)
                    .unwrap_or(rest.len());
                let word = &rest[..n];
                if KEYWORDS.contains(&word) && !rest[n..].starts_with('(') {
                    (Kind::Keyword, n)
                } else {
                    (Kind::Name, n)
                }
            }
            c if c.is_ascii_digit() => (Kind::Number, number_len(rest)),
            '@' => {
                let n = 1 + rest[1..]
                    .char_indices()
                    .find(|&(_, c)| !ident_char(c))
                    .map(|(j, _)| j)
                    .unwrap_or(rest.len() - 1);
                (Kind::Annotation, n)
            }
            ':' if rest.starts_with(":-") => (Kind::Neck, 2),
            ':' if at_input_start(&out) => {
                let n = 1 + rest[1..]
                    .char_indices()
                    .find(|&(_, c)| !ident_char(c))
                    .map(|(j, _)| j)
                    .unwrap_or(rest.len() - 1);
                (Kind::Command, n)
            }
            '?' if rest.starts_with("?-") => (Kind::QueryMark, 2),
            '!' if rest.starts_with("!=") => (Kind::Operator, 2),
            '<' | '>' if rest[1..].starts_with('=') => (Kind::Operator, 2),
            '=' | '<' | '>' | '+' | '-' | '*' | '/' | ':' => (Kind::Operator, 1),
            '(' => (Kind::Open, 1),
            ')' => (Kind::Close, 1),
            '{' => (Kind::OpenBrace, 1),
            '}' => (Kind::CloseBrace, 1),
            ',' => (Kind::Comma, 1),
            '.' => (Kind::Dot, 1),
            c => (Kind::Other, c.len_utf8()),
        };
        let len = len.max(1).min(rest.len());
        let mut len = len;
        while !text.is_char_boundary(start + len) {
            len += 1;
        }
        i = start + len;
        match kind {
            Kind::Space | Kind::Comment => {}
            Kind::Open => {
                let after_name = out
                    .last()
                    .is_some_and(|t| t.kind == Kind::Name && t.end == start);
                parens.push(after_name);
                term_end = false;
            }
            Kind::Close => {
                let atom = parens.pop().unwrap_or(false);
                term_end = !atom;
            }
            Kind::Variable | Kind::Number | Kind::String => term_end = true,
            Kind::Name => term_end = !parens.is_empty(),
            _ => term_end = false,
        }
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    out
}

/// Length of a number or date at the start of `s` (which starts with a
/// digit): `2024-07-01`, `2.5`, `12`.
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(0);
    if n == 4
        && b.len() >= 10
        && b[4] == b'-'
        && b[5].is_ascii_digit()
        && b[6].is_ascii_digit()
        && b[7] == b'-'
        && b[8].is_ascii_digit()
        && b[9].is_ascii_digit()
    {
        return 10;
    }
    if b.len() > n + 1 && b[n] == b'.' && b[n + 1].is_ascii_digit() {
        return n + 1 + digits(n + 1);
    }
    n
}

/// Whether a piece of text (no `:` command) is a whole input: it ends with
/// a `.` (or the `}` of an `@source` block) outside strings, comments and
/// braces, or has nothing to say, or has a string left open on a line
/// (which is an error to show now rather than wait for more).
pub fn text_complete(text: &str) -> bool {
    let mut braces = 0i32;
    let mut last = None;
    for t in tokens(text) {
        match t.kind {
            Kind::Space | Kind::Comment => continue,
            Kind::OpenString => return true,
            Kind::OpenBrace => braces += 1,
            Kind::CloseBrace => braces -= 1,
            _ => {}
        }
        last = Some(t.kind);
    }
    match last {
        None => true,
        Some(Kind::Dot) => braces <= 0,
        Some(Kind::CloseBrace) => braces <= 0,
        _ => false,
    }
}

/// Words that people type to get help or leave, without the `:` (and
/// perhaps with a `.`: `help.` is a question for help, not a fact).
pub const BARE_WORDS: [&str; 5] = ["help", "quit", "exit", "bye", "q"];

/// One unit of input: a `:` command line, or text (clauses and queries)
/// that is complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// `:help preds` (without the line break).
    Command(String),
    /// A bare `help` or `quit` typed without its `:`.
    BareWord(String),
    /// Clauses and queries ending with `.`.
    Text(String),
}

/// Splits typed (or pasted) input into segments: a line starting with `:`
/// is a command when no text is pending; other lines gather until the
/// text is complete. Returns the segments and the incomplete rest, if any.
pub fn segments(input: &str) -> (Vec<Segment>, Option<String>) {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in input.split_inclusive('\n') {
        let trimmed = line.trim();
        if pending.trim().is_empty() {
            if trimmed.starts_with(':') && !trimmed.starts_with(":-") {
                pending.clear();
                out.push(Segment::Command(trimmed.to_string()));
                continue;
            }
            if BARE_WORDS.contains(&trimmed.strip_suffix('.').unwrap_or(trimmed)) {
                pending.clear();
                let word = trimmed.strip_suffix('.').unwrap_or(trimmed);
                out.push(Segment::BareWord(word.to_string()));
                continue;
            }
        }
        pending.push_str(line);
        if text_complete(&pending) {
            if !pending.trim().is_empty() {
                out.push(Segment::Text(std::mem::take(&mut pending)));
            } else {
                pending.clear();
            }
        }
    }
    let rest = (!pending.trim().is_empty()).then_some(pending);
    (out, rest)
}

/// Whether typed input is complete and can be handled (see [`segments`]).
pub fn is_complete(input: &str) -> bool {
    segments(input).1.is_none()
}

/// The atom whose arguments the cursor is in: its name and the index of
/// the argument being typed. `ma_in(v1, |` gives `("ma_in", 1)`.
pub fn atom_at(line: &str, pos: usize) -> Option<(String, usize)> {
    let pos = pos.min(line.len());
    let toks = tokens(&line[..pos]);
    // Stack of (name of the atom or None, commas seen).
    let mut stack: Vec<(Option<String>, usize)> = Vec::new();
    let mut prev: Option<Token> = None;
    for t in &toks {
        match t.kind {
            Kind::Open => {
                let name = prev
                    .filter(|p| p.kind == Kind::Name && p.end == t.start)
                    .map(|p| line[p.start..p.end].to_string());
                stack.push((name, 0));
            }
            Kind::Close => {
                stack.pop();
            }
            Kind::Comma => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
            }
            Kind::Dot => stack.clear(),
            _ => {}
        }
        if !matches!(t.kind, Kind::Space | Kind::Comment) {
            prev = Some(*t);
        }
    }
    let (name, commas) = stack.pop()?;
    // Inside a parenthesised expression within an atom: the atom is further
    // down the stack.
    match name {
        Some(n) => Some((n, commas)),
        None => stack.into_iter().rev().find_map(|(n, c)| n.map(|n| (n, c))),
    }
}

/// Depth of open parentheses before `pos` (0: where an atom may start).
pub fn paren_depth(line: &str, pos: usize) -> usize {
    let pos = pos.min(line.len());
    let mut depth = 0usize;
    for t in tokens(&line[..pos]) {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Dot => depth = 0,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text)
            .into_iter()
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokens_cover_the_language() {
        use Kind::*;
        assert_eq!(
            kinds("?- p(X, \"a b\", 2.5, 2024-07-01), not q(X). % c"),
            vec![
                (QueryMark, "?-"),
                (Name, "p"),
                (Open, "("),
                (Variable, "X"),
                (Comma, ","),
                (String, "\"a b\""),
                (Comma, ","),
                (Number, "2.5"),
                (Comma, ","),
                (Number, "2024-07-01"),
                (Close, ")"),
                (Comma, ","),
                (Keyword, "not"),
                (Name, "q"),
                (Open, "("),
                (Variable, "X"),
                (Close, ")"),
                (Dot, "."),
                (Comment, "% c"),
            ]
        );
        assert_eq!(
            kinds("r(X) :- s(Y), X = Y % 4. % done"),
            vec![
                (Name, "r"),
                (Open, "("),
                (Variable, "X"),
                (Close, ")"),
                (Neck, ":-"),
                (Name, "s"),
                (Open, "("),
                (Variable, "Y"),
                (Close, ")"),
                (Comma, ","),
                (Variable, "X"),
                (Operator, "="),
                (Variable, "Y"),
                (Operator, "%"),
                (Number, "4"),
                (Dot, "."),
                (Comment, "% done"),
            ]
        );
        assert_eq!(kinds(":help x")[0], (Command, ":help"));
        assert_eq!(kinds("p(\"ab")[2], (OpenString, "\"ab"));
        // Nothing a user types makes the lexer fail or loop.
        for s in [
            "\"\\", "@", "ø(", "?", "!", "1.", "2024-", "%", ":", "\u{feff}",
        ] {
            let t = tokens(s);
            assert_eq!(t.last().map(|t| t.end), Some(s.len()), "{s:?}");
        }
    }

    #[test]
    fn input_is_complete_at_the_closing_dot() {
        let complete = [
            "p(a).",
            "?- notifiable(v1).",
            "p(X) :-\n  q(X).",
            "p(a). % comment",
            "",
            "   ",
            "% only a comment",
            "@source(\"x\") {\n p(a).\n}",
            "p(\"open",
            ":help",
            ":assert p(X) :-",
            "help",
            "p(a).\n:help\n",
        ];
        for t in complete {
            assert!(is_complete(t), "{t:?}");
        }
        let incomplete = [
            "p(a)",
            "p(X) :-",
            "p(X) :- q(X), % not yet.",
            "@source(\"x\") {\n p(a).",
            "?- p(X)",
            "p(\"a.\"",
            ":help\np(a",
        ];
        for t in incomplete {
            assert!(!is_complete(t), "{t:?}");
        }
    }

    #[test]
    fn segments_split_commands_from_text() {
        let (s, rest) = segments("p(a).\n:help\n?- p(X).\nq(");
        assert_eq!(
            s,
            vec![
                Segment::Text("p(a).\n".into()),
                Segment::Command(":help".into()),
                Segment::Text("?- p(X).\n".into()),
            ]
        );
        assert_eq!(rest.as_deref(), Some("q("));
    }

    #[test]
    fn the_atom_under_the_cursor() {
        assert_eq!(atom_at("ma_in(", 6), Some(("ma_in".into(), 0)));
        assert_eq!(atom_at("?- ma_in(v1, ", 13), Some(("ma_in".into(), 1)));
        assert_eq!(atom_at("p(X + (1", 8), Some(("p".into(), 0)));
        assert_eq!(atom_at("p(a), q", 7), None);
        assert_eq!(atom_at("p(a). q(", 8), Some(("q".into(), 0)));
        assert_eq!(paren_depth("p(a, b", 6), 1);
        assert_eq!(paren_depth("p(a), ", 6), 0);
    }
}
