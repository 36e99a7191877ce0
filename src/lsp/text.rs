//! Positions and names as the protocol has them: byte offsets of a text
//! to and from line and column (in UTF-16 code units, or in bytes when the
//! editor agrees to UTF-8), and file URIs to and from paths.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Bytes of UTF-8.
    Utf8,
}

/// Where the lines of a text start.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The byte offset of a position (clamped to the text; a column in the
    /// middle of a character moves to its start).
    pub fn offset(&self, text: &str, pos: Position, encoding: Encoding) -> usize {
        let line = (pos.line as usize).min(self.starts.len() - 1);
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map(|&e| e - 1)
            .unwrap_or(text.len());
        let line_text = &text[start..end];
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += match encoding {
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf8 => c.len_utf8(),
            };
        }
        end
    }

    /// The position of a byte offset.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let before = &text[self.starts[line]..offset];
        let character = match encoding {
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum::<usize>(),
            Encoding::Utf8 => before.len(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The range of byte offsets `start..end`.
    pub fn range(&self, text: &str, span: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }
}

/// The path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of an absolute path.
pub fn path_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// The identifier (letters, digits, `_`) around a byte offset: its range.
pub fn word_at(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(offset);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map(|(i, _)| offset + i)
        .unwrap_or(text.len());
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree_in_both_encodings() {
        let text = "ab\nç𝄞x\n\nlast";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            for (offset, _) in text.char_indices() {
                let pos = index.position(text, offset, encoding);
                assert_eq!(
                    index.offset(text, pos, encoding),
                    offset,
                    "{encoding:?} {pos:?}"
                );
            }
        }
        // 𝄞 is two UTF-16 units and four bytes.
        let x = text.find('x').unwrap();
        assert_eq!(
            index.position(text, x, Encoding::Utf16),
            Position::new(1, 3)
        );
        assert_eq!(index.position(text, x, Encoding::Utf8), Position::new(1, 6));
        // A column past the end of a line stops at its end.
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(
            index.offset(text, Position::new(99, 0), Encoding::Utf16),
            text.rfind('\n').unwrap() + 1
        );
    }

    #[test]
    fn uris_and_paths_round_trip() {
        let path = Path::new("/tmp/a folder/æ.kb");
        let uri = path_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20folder/%C3%A6.kb");
        assert_eq!(uri_path(&uri).unwrap(), path);
    }

    #[test]
    fn the_word_at_an_offset() {
        let text = "ma_in(p, jp).";
        assert_eq!(word_at(text, 2), Some(0..5));
        assert_eq!(word_at(text, 5), Some(0..5));
        assert_eq!(word_at(text, 10), Some(9..11));
        assert_eq!(word_at(text, 12), None);
    }
}
