//! Sentences for predicates (`@say`) and the names of values in a
//! language (`@names`): their checked form, what explanations and answers
//! are worded with. The wording itself is `explain::say`'s.

use super::program::PredId;
use crate::source::Span;
use crate::value::Value;
use serde::Serialize;

/// A language sentences are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Norwegian bokmål.
    Nb,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// Every language, in the order checks name them.
    pub const ALL: [Lang; 2] = [Lang::Nb, Lang::En];

    /// The code: `nb`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// The language of a code (`nb`, `en`; `no` and `nn`... are not
    /// sentences' languages).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nb" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a locale names (`LC_ALL`, `LANG`: `nb_NO.UTF-8`,
    /// `no_NO`, `en_GB.UTF-8`), if it is one of these.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale.split(['_', '.', '@', '-']).next()?;
        match code {
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Words as written.
    Text(String),
    /// The value of the atom's argument `arg`, named through the `@names`
    /// table `names` if given.
    Slot {
        /// Which argument.
        arg: usize,
        /// `{C:country}`: the names table.
        names: Option<String>,
    },
}

/// A checked `@say`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The predicate.
    pub pred: PredId,
    /// The language.
    pub lang: Lang,
    /// The sentence for when the atom does not hold.
    pub negated: bool,
    /// The constants the atom's arguments must be for this sentence
    /// (`None`: any value).
    pub args: Vec<Option<Value>>,
    /// The sentence.
    pub pieces: Vec<Piece>,
    /// The directive.
    pub span: Span,
}

impl Template {
    /// How specific it is: the number of its constant arguments (the most
    /// specific sentence that fits is used).
    pub fn constants(&self) -> usize {
        self.args.iter().filter(|a| a.is_some()).count()
    }
}

/// A checked `@names`: the facts of `pred` name value `value` in language
/// `lang` as `name` (argument positions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamesTable {
    /// The name slots use.
    pub name: String,
    /// The facts.
    pub pred: PredId,
    /// The value's argument.
    pub value: usize,
    /// The language's argument.
    pub lang: usize,
    /// The name's argument.
    pub label: usize,
    /// The directive.
    pub span: Span,
}

/// Why a sentence cannot be used as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// `{P` without `}`, `}` alone.
    Unbalanced,
    /// `{}`, `{p}`: not a variable.
    NotAVariable(String),
    /// `{X}` where the atom has no variable `X`.
    UnknownSlot(String),
}

/// The pieces of a sentence whose slots name the atom's variables
/// (`vars[i]` is argument `i`'s variable, if it is one). `{{` and `}}` are
/// braces.
pub fn parse_template(text: &str, vars: &[Option<&str>]) -> Result<Vec<Piece>, TemplateError> {
    let mut pieces = Vec::new();
    let mut words = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                words.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                words.push('}');
            }
            '}' => return Err(TemplateError::Unbalanced),
            '{' => {
                let mut slot = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => slot.push(c),
                        None => return Err(TemplateError::Unbalanced),
                    }
                }
                let (var, names) = match slot.split_once(':') {
                    Some((v, n)) => (v.trim(), Some(n.trim().to_string())),
                    None => (slot.trim(), None),
                };
                if !var.starts_with(|c: char| c.is_uppercase()) {
                    return Err(TemplateError::NotAVariable(slot.clone()));
                }
                let Some(arg) = vars.iter().position(|v| *v == Some(var)) else {
                    return Err(TemplateError::UnknownSlot(var.to_string()));
                };
                if !words.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut words)));
                }
                pieces.push(Piece::Slot { arg, names });
            }
            c => words.push(c),
        }
    }
    if !words.is_empty() {
        pieces.push(Piece::Text(words));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_into_words_and_slots() {
        let vars = [Some("P"), Some("C"), None];
        let slot = |arg, names: Option<&str>| Piece::Slot {
            arg,
            names: names.map(str::to_string),
        };
        let text = |t: &str| Piece::Text(t.to_string());
        let cases: Vec<(&str, Result<Vec<Piece>, TemplateError>)> = vec![
            (
                "{P} har markedsføringstillatelse i {C:country}.",
                Ok(vec![
                    slot(0, None),
                    text(" har markedsføringstillatelse i "),
                    slot(1, Some("country")),
                    text("."),
                ]),
            ),
            (
                "{{literal}} {P}",
                Ok(vec![text("{literal} "), slot(0, None)]),
            ),
            ("{P", Err(TemplateError::Unbalanced)),
            ("P}", Err(TemplateError::Unbalanced)),
            ("{p}", Err(TemplateError::NotAVariable("p".into()))),
            ("{X}", Err(TemplateError::UnknownSlot("X".into()))),
        ];
        for (t, want) in cases {
            assert_eq!(parse_template(t, &vars), want, "{t}");
        }
    }

    #[test]
    fn locales_name_their_language() {
        let cases = [
            ("nb_NO.UTF-8", Some(Lang::Nb)),
            ("no_NO", Some(Lang::Nb)),
            ("nn_NO.UTF-8", Some(Lang::Nb)),
            ("en_GB.UTF-8", Some(Lang::En)),
            ("C.UTF-8", None),
            ("de_DE", None),
        ];
        for (l, want) in cases {
            assert_eq!(Lang::from_locale(l), want, "{l}");
        }
    }
}
