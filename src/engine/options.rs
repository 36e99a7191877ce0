//! What a request asks for, in one value: evaluation limits, explanations,
//! and how the answers are to be written. The engine reads the limits and
//! the explanation settings and the date asked about; the renderers read
//! the formats and the language.

use crate::check::sentences::Lang;
use crate::eval::{Limits, RowOrder};
use crate::value::Date;

/// How answers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `X = de` lines, `true.` / `false.`
    #[default]
    Text,
    /// One JSON object per query, one per line.
    Json,
}

/// How explanations are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// An indented tree.
    Text,
    /// Nested JSON objects.
    Json,
    /// Graphviz DOT.
    Dot,
}

/// What a request asks for.
#[derive(Clone, Debug)]
pub struct Options {
    /// Evaluation limits (explanations run under them too).
    pub limits: Limits,
    /// Explain every answer of plain queries too (`--explain`); `why` and
    /// `whynot` queries are always explained.
    pub explain: bool,
    /// Most answer rows explained per query.
    pub explain_limit: usize,
    /// How answers are written.
    pub format: Format,
    /// How explanations are drawn (default: like `format`).
    pub explain_format: Option<ExplainFormat>,
    /// The date to answer as of (`None`: today).
    pub as_of: Option<Date>,
    /// The language answers and explanations are worded in.
    pub lang: Lang,
    /// How much of an explanation is drawn as text.
    pub explain_detail: Detail,
    /// The order of answer rows: sorted (the default), or as found
    /// (`--unsorted`).
    pub order: RowOrder,
}

/// How much of an explanation is drawn as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Detail {
    /// The short justification in words (the tree when the goal has no
    /// sentence).
    #[default]
    Short,
    /// The short justification, then the whole tree.
    Full,
}

/// The language of the environment: `LC_ALL`, else `LANG`, naming
/// Norwegian (`nb`, `no`, `nn`) or English; English otherwise.
pub fn lang_from_env() -> Lang {
    ["LC_ALL", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .and_then(|v| Lang::from_locale(&v))
        .unwrap_or(Lang::En)
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            explain: false,
            explain_limit: 10,
            format: Format::Text,
            explain_format: None,
            as_of: None,
            lang: Lang::En,
            explain_detail: Detail::Short,
            order: RowOrder::Sorted,
        }
    }
}

impl Options {
    /// How explanations are drawn: as asked, or like the answers.
    pub fn explain_format(&self) -> ExplainFormat {
        self.explain_format.unwrap_or(match self.format {
            Format::Text => ExplainFormat::Text,
            Format::Json => ExplainFormat::Json,
        })
    }
}
