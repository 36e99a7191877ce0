//! Explanations in words: each step whose predicate has a sentence
//! (`@say`) worded in the language asked for, values named as the
//! knowledge base names them (`@names`), dates as the language writes them;
//! and the short justification a reader wants first — the answer, the
//! decisive reasons with the provisions and documents they rest on, and
//! what would make a failing goal hold.

use super::tree::{Explanation, GoalAtom, Node, NodeKind, SourceRef, Status};
use crate::check::program::DomainRef;
use crate::check::program::Program;
use crate::check::sentences::{Lang, Piece, Template};
use crate::eval::Model;
use crate::value::{Date, Datum, Value, ValueStore};
use serde::Serialize;

/// Most reasons a short justification names.
pub const MAX_REASONS: usize = 6;

/// The short justification of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Short {
    /// The answer in a sentence.
    pub answer: String,
    /// The decisive reasons, each with the sources it rests on.
    pub reasons: Vec<Reason>,
    /// For a goal that does not hold: what would make it hold, each a
    /// sentence (from the verified sets of facts).
    pub would_hold_if: Vec<String>,
}

/// One reason of a short justification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The reason in a sentence.
    pub text: String,
    /// The legal source and document it rests on, as a reader cites them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Words atoms and values of one program's model in one language.
pub struct Wording<'a> {
    /// The program (its sentences, names tables and domains).
    pub program: &'a Program,
    /// The model the names are read from.
    pub model: &'a Model,
    /// The values.
    pub store: &'a ValueStore,
    /// The language.
    pub lang: Lang,
}

impl Wording<'_> {
    /// Whether the program has a sentence for `atom` (as it is: holding,
    /// or negated).
    pub fn has_sentence(&self, atom: &GoalAtom) -> bool {
        self.template(atom, atom.negated).is_some()
    }

    /// The most specific sentence of `atom`'s predicate in the language,
    /// for it holding (`negated` false) or not, whose constants fit.
    fn template(&self, atom: &GoalAtom, negated: bool) -> Option<&Template> {
        // The check keeps the sentences sorted by predicate.
        let all = &self.program.templates;
        let start = all.partition_point(|t| t.pred < atom.pred);
        let end = start + all[start..].partition_point(|t| t.pred == atom.pred);
        all[start..end]
            .iter()
            .filter(|t| {
                t.lang == self.lang
                    && t.negated == negated
                    && t.args.len() == atom.args.len()
                    && t.args
                        .iter()
                        .zip(&atom.args)
                        .all(|(want, got)| want.is_none() || *want == *got)
            })
            .max_by_key(|t| t.constants())
    }

    /// `atom` in words: its own sentence (the negated one for `not p(...)`),
    /// or, for a negated atom with only a positive sentence, that sentence
    /// denied.
    pub fn atom(&self, atom: &GoalAtom) -> Option<String> {
        if let Some(t) = self.template(atom, atom.negated) {
            return Some(self.fill(t, atom));
        }
        if atom.negated {
            let positive = self.template(atom, false)?;
            let s = self.fill(positive, atom);
            return Some(match self.lang {
                Lang::Nb => format!("Det er ikke slik at {}", lower_first(&s)),
                Lang::En => format!("It is not the case that {}", lower_first(&s)),
            });
        }
        None
    }

    /// `atom` not holding, in words.
    pub fn denied(&self, atom: &GoalAtom) -> Option<String> {
        self.atom(&GoalAtom {
            negated: !atom.negated,
            ..atom.clone()
        })
    }

    fn fill(&self, t: &Template, atom: &GoalAtom) -> String {
        let mut out = String::new();
        for piece in &t.pieces {
            match piece {
                Piece::Text(s) => out.push_str(s),
                Piece::Slot { arg, names } => match atom.args.get(*arg).copied().flatten() {
                    Some(v) => {
                        let table = names.clone().or_else(|| self.declared_names(atom, *arg));
                        out.push_str(&self.value(v, table.as_deref()));
                    }
                    None => out.push('…'),
                },
            }
        }
        out
    }

    /// The names table an `@input` argument's declared domain has (a
    /// `@names` table of the domain's name).
    fn declared_names(&self, atom: &GoalAtom, arg: usize) -> Option<String> {
        let p = self.program.pred(atom.pred);
        match p.domains.get(arg)? {
            Some(DomainRef::Declared(id)) => {
                let name = &self.program.domains[*id as usize].name;
                self.program
                    .names_tables
                    .iter()
                    .any(|n| &n.name == name)
                    .then(|| name.clone())
            }
            _ => None,
        }
    }

    /// A value as the language writes it: named through the table `names`
    /// when it names it, a date as `1. juli 2017` / `1 July 2017`, a
    /// decimal with the language's decimal sign.
    pub fn value(&self, v: Value, names: Option<&str>) -> String {
        if let Some(name) = names.and_then(|n| self.name_of(v, n)) {
            return name;
        }
        match self.store.get(v) {
            Datum::Date(d) => date_words(d, self.lang),
            Datum::Dec(_) if self.lang == Lang::Nb => {
                self.store.display(v).to_string().replace('.', ",")
            }
            Datum::Text(t) => t.to_string(),
            _ => self.store.display(v).to_string(),
        }
    }

    /// What the table `names` calls `v` in the language.
    fn name_of(&self, v: Value, names: &str) -> Option<String> {
        let table = self.program.names_tables.iter().find(|n| n.name == names)?;
        if table.pred.0 as usize >= self.model.preds() {
            return None;
        }
        let rel = self.model.relation(table.pred);
        let code = self.store.find_text(self.lang.code())?;
        (0..rel.rows()).find_map(|r| {
            let row = rel.row(r);
            (row[table.value] == v && row[table.lang] == code).then(|| {
                match self.store.get(row[table.label]) {
                    Datum::Text(t) => t.to_string(),
                    _ => self.store.display(row[table.label]).to_string(),
                }
            })
        })
    }

    /// Words every step of a tree that has a sentence.
    pub fn word_tree(&self, node: &mut Node) {
        if let Some(atom) = &node.atom
            && self.has_sentence(atom)
        {
            node.text = self.atom(atom);
        }
        for c in &mut node.children {
            self.word_tree(c);
        }
    }

    /// The short justification of an explanation whose root has a
    /// sentence: the answer, the nearest worded steps that decide it (for
    /// a goal that holds, the conditions that hold; for one that fails,
    /// those that fail), and the verified sets of facts that would make it
    /// hold. `None` when the root's predicate has no sentence.
    pub fn short(&self, e: &Explanation) -> Option<Short> {
        let atom = e.tree.atom.as_ref()?;
        self.template(atom, false)?;
        let answer = sentence(if e.holds {
            self.atom(atom)?
        } else {
            self.denied(atom)?
        });
        let mut reasons = Vec::new();
        let want = if e.holds {
            Status::Holds
        } else {
            Status::Fails
        };
        for c in &e.tree.children {
            self.reasons(c, want, None, &mut reasons);
        }
        if e.tree.children.is_empty() && e.tree.kind == NodeKind::Fact {
            reasons.push(Reason {
                text: match self.lang {
                    Lang::Nb => "Det er oppgitt som et faktum.".to_string(),
                    Lang::En => "It is stated as a fact.".to_string(),
                },
                source: e.tree.source.as_ref().map(cite),
            });
        }
        // The same reason reached by several rules is said once (with the
        // first source).
        let mut said = std::collections::HashSet::new();
        reasons.retain(|r| said.insert(r.text.clone()));
        reasons.truncate(MAX_REASONS);
        let would_hold_if = e
            .would_hold_atoms
            .iter()
            .filter_map(|set| {
                let parts: Vec<String> = set
                    .iter()
                    .map(|a| self.atom(a).map(|s| lower_first(s.trim_end_matches('.'))))
                    .collect::<Option<_>>()?;
                let and = match self.lang {
                    Lang::Nb => " og ",
                    Lang::En => " and ",
                };
                Some(match self.lang {
                    Lang::Nb => format!(
                        "Det ville holdt om dette var tilfellet: {}.",
                        parts.join(and)
                    ),
                    Lang::En => format!("It would hold if this were so: {}.", parts.join(and)),
                })
            })
            .collect();
        Some(Short {
            answer,
            reasons,
            would_hold_if,
        })
    }

    /// The nearest worded steps under `node` with status `want` (through
    /// steps without a sentence), each with the source of the step itself
    /// or of the nearest one above it that has one.
    fn reasons(&self, node: &Node, want: Status, above: Option<&SourceRef>, out: &mut Vec<Reason>) {
        let source = node.source.as_ref().or(above);
        if node.status != want {
            return;
        }
        // A negation that fails is decided by the atom that holds: by the
        // worded steps of its derivation (what makes it hold: "the product
        // is a vaccine"), or by its own sentence when they have none.
        if node.kind == NodeKind::Negation && node.status == Status::Fails {
            // Explained above: said already.
            if node.children.iter().any(|c| c.kind == NodeKind::Repeated) {
                return;
            }
            let before = out.len();
            for holding in &node.children {
                let src = holding.source.as_ref().or(source);
                for c in &holding.children {
                    self.reasons(c, Status::Holds, src, out);
                }
            }
            if out.len() > before {
                return;
            }
            let worded = node.atom.as_ref().and_then(|a| {
                let holding = GoalAtom {
                    negated: false,
                    ..a.clone()
                };
                self.template(&holding, false)?;
                self.atom(&holding)
            });
            if let Some(text) = worded {
                let decided = node
                    .children
                    .first()
                    .and_then(|c| c.source.as_ref())
                    .or(source);
                out.push(Reason {
                    text,
                    source: decided.map(cite),
                });
            }
            return;
        }
        let worded = node.atom.as_ref().and_then(|a| {
            if self.template(a, false).is_none() {
                None
            } else if node.status == Status::Fails {
                // A condition that fails, in words: its denial.
                self.denied(a)
            } else {
                self.atom(a)
            }
        });
        if let Some(text) = worded {
            out.push(Reason {
                text,
                source: source.map(cite),
            });
            return;
        }
        for c in &node.children {
            self.reasons(c, want, source, out);
        }
    }
}

/// Ends a sentence with a full stop unless it ends with one already.
pub fn sentence(mut s: String) -> String {
    // A quotation or a parenthesis may close after the stop: `.»`, `.")`.
    let end = s.trim_end_matches(['»', '"', '\'', '”', ')']);
    if !end.ends_with(['.', '!', '?', ':']) {
        s.push('.');
    }
    s
}

/// How a reason cites its source: "Legemiddelforskriften § 2-5; DMP:
/// Godkjenningsfritak (veiledning), «Negativlisten»".
fn cite(s: &SourceRef) -> String {
    match s.cite.as_ref().or(s.locator.as_ref()) {
        Some(l) => format!("{}; {l}", s.citation),
        None => s.citation.clone(),
    }
}

/// `1. juli 2017` (nb), `1 July 2017` (en).
pub fn date_words(d: Date, lang: Lang) -> String {
    const NB: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, day) = d.ymd();
    let m = (m - 1) as usize;
    match lang {
        Lang::Nb => format!("{day}. {} {y}", NB[m]),
        Lang::En => format!("{day} {} {y}", EN[m]),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep a capital that starts a name (two capitals: an acronym).
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().chain(c).collect()
        }
        Some(f) => std::iter::once(f).chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let d = Date::from_ymd(2017, 7, 1).unwrap();
        assert_eq!(date_words(d, Lang::Nb), "1. juli 2017");
        assert_eq!(date_words(d, Lang::En), "1 July 2017");
        let d = Date::from_ymd(2022, 5, 18).unwrap();
        assert_eq!(date_words(d, Lang::Nb), "18. mai 2022");
        assert_eq!(date_words(d, Lang::En), "18 May 2022");
    }

    #[test]
    fn a_sentence_ends_with_one_stop() {
        let cases = [
            (
                "Produktet v står på negativlisten",
                "Produktet v står på negativlisten.",
            ),
            ("Done.", "Done."),
            ("«Slik står det.»", "«Slik står det.»"),
            ("«Slik står det»", "«Slik står det»."),
        ];
        for (s, want) in cases {
            assert_eq!(sentence(s.to_string()), want);
        }
    }

    #[test]
    fn sentences_embed_in_lower_case() {
        assert_eq!(lower_first("Produktet står"), "produktet står");
        assert_eq!(lower_first("EØS-landet"), "EØS-landet");
    }
}
