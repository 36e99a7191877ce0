//! What a request asks for, in one value: evaluation limits, explanations,
//! and how the answers are to be written. The engine reads the limits and
//! the explanation settings and the date asked about; the renderers read
//! the formats. Later settings (a language) belong here too.

use crate::eval::Limits;
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
