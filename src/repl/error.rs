//! Errors of the prompt: a `:` command that does not exist or is used the
//! wrong way, and typed input the prompt will not take as it stands. Each
//! says what would work.

use crate::diag::Diagnostic;
use crate::source::Span;

/// Something the prompt cannot do as typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    /// `:` alone.
    #[error("a command name goes after `:`, such as `:help`; `:help` lists the commands")]
    NoName,
    /// `:hepl`
    #[error("unknown command `:{name}`; {}", match suggestion {
        Some(s) => format!("did you mean `:{s}`?"),
        None => "`:help` lists the commands".to_string(),
    })]
    Unknown {
        /// What was typed after `:`.
        name: String,
        /// A command with a close name.
        suggestion: Option<&'static str>,
    },
    /// `:list` without its argument.
    #[error("usage: `:{command} {args}`, such as `:{command} {example}`")]
    Usage {
        /// The command.
        command: &'static str,
        /// Its arguments, as help shows them.
        args: &'static str,
        /// A working example of the arguments.
        example: &'static str,
    },
    /// `:reset now`
    #[error("`:{0}` takes no arguments")]
    NoArguments(&'static str),
    /// `:format yaml`
    #[error("`:{command}` takes {expected}, not `{found}`")]
    BadArgument {
        /// The command.
        command: &'static str,
        /// What it takes.
        expected: &'static str,
        /// What was typed.
        found: String,
    },
    /// `:why p(X), q(X)`
    #[error("`:{0}` takes one atom, such as `:{0} notifiable(v1)`")]
    NotOneAtom(&'static str),
    /// `notifiable(v1).` typed as a fact, although rules derive it.
    #[error("`{pred}` is derived by rules, so this looks like a question, not a fact")]
    AmbiguousInput {
        /// The predicate.
        pred: String,
        /// The atom as typed, in canonical form.
        atom: String,
        /// How many rules derive it.
        rules: usize,
        /// Whether it has no variables (so that it could be a fact).
        ground: bool,
        /// Whether the knowledge base derives it (not the user's files).
        reference: bool,
        /// The fact.
        span: Span,
    },
    /// `:list notifable`
    #[error("no predicate is called `{name}`; {}", match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "`:preds` lists them".to_string(),
    })]
    UnknownPredicate {
        /// The name typed.
        name: String,
        /// A predicate with a close name.
        suggestion: Option<String>,
    },
}

impl PromptError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PromptError::NoName | PromptError::Unknown { .. } => "unknown-command",
            PromptError::Usage { .. }
            | PromptError::NoArguments(_)
            | PromptError::BadArgument { .. }
            | PromptError::NotOneAtom(_) => "command-usage",
            PromptError::UnknownPredicate { .. } => "unknown-predicate",
            PromptError::AmbiguousInput { .. } => "ambiguous-input",
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.code(), self.to_string());
        match self {
            PromptError::AmbiguousInput {
                pred,
                atom,
                rules,
                ground,
                reference,
                span,
            } => {
                let d = d
                    .with_primary(*span, "typed as a fact")
                    .with_note(format!(
                        "`{pred}` is worked out by {} of the knowledge base",
                        super::session::count(*rules, "rule", "rules")
                    ))
                    .with_help(format!("to ask whether it holds, type `?- {atom}.`"));
                match (*ground, *reference) {
                    (true, true) => d.with_help(format!(
                        "to add it as a fact anyway, overriding the knowledge base, type `@override {atom}.`"
                    )),
                    (true, false) => {
                        d.with_help(format!("to add it as a fact anyway, type `:assert {atom}.`"))
                    }
                    (false, _) => d,
                }
            }
            _ => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_would_work() {
        let cases = [
            (
                PromptError::Unknown {
                    name: "hepl".into(),
                    suggestion: Some("help"),
                },
                "unknown command `:hepl`; did you mean `:help`?",
                "unknown-command",
            ),
            (
                PromptError::Usage {
                    command: "list",
                    args: "PREDICATE",
                    example: "ma_in",
                },
                "usage: `:list PREDICATE`, such as `:list ma_in`",
                "command-usage",
            ),
            (
                PromptError::UnknownPredicate {
                    name: "x".into(),
                    suggestion: None,
                },
                "no predicate is called `x`; `:preds` lists them",
                "unknown-predicate",
            ),
        ];
        for (e, text, code) in cases {
            assert_eq!(e.to_string(), text);
            assert_eq!(e.code(), code);
        }
    }
}
