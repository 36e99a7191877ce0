//! Paging at the prompt: long answers show a screenful, the rest waits
//! for `:more`.

use super::session::Session;

/// A line waiting for `:more`.
#[derive(Clone, Debug)]
pub(super) enum Line {
    /// An answer row (counts toward a page).
    Row(String),
    /// Any other line (a count, a diagnostic).
    Text(String),
}

impl Session {
    /// Shows lines a page at a time: at most a page of rows now, then the
    /// footer; the rest waits for `:more`. Behind lines already waiting,
    /// everything waits.
    pub(super) fn emit(
        &mut self,
        out: &mut String,
        rows: Vec<String>,
        footer: Option<String>,
        unit: &'static str,
    ) {
        if !self.pending.is_empty() {
            self.pending.extend(rows.into_iter().map(Line::Row));
            self.pending.extend(footer.map(Line::Text));
            return;
        }
        self.pending_unit = unit;
        let mut rows = rows.into_iter();
        for r in rows.by_ref().take(self.page) {
            out.push_str(&r);
            out.push('\n');
        }
        if let Some(f) = footer {
            out.push_str(&f);
            out.push('\n');
        }
        self.pending.extend(rows.map(Line::Row));
    }

    /// The next page of what is waiting.
    pub(super) fn more(&mut self) -> String {
        if self.pending.is_empty() {
            return "nothing more to show\n".to_string();
        }
        let mut out = String::new();
        let mut shown = 0;
        while let Some(line) = self.pending.front() {
            match line {
                Line::Row(_) if shown == self.page => break,
                Line::Row(r) => {
                    out.push_str(r);
                    shown += 1;
                }
                Line::Text(t) => out.push_str(t),
            }
            out.push('\n');
            self.pending.pop_front();
        }
        out.push_str(&self.more_notice());
        out
    }

    /// `-- N more rows: type :more to see them --`, when rows wait.
    pub(super) fn more_notice(&self) -> String {
        let rows = self
            .pending
            .iter()
            .filter(|l| matches!(l, Line::Row(_)))
            .count();
        if rows == 0 {
            return String::new();
        }
        format!(
            "-- {rows} more {}: type :more to see them --\n",
            if rows == 1 {
                self.pending_unit.trim_end_matches('s')
            } else {
                self.pending_unit
            }
        )
    }
}
