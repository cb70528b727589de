//! Reading documents: text files, directories (recursively), standard input
//! and JSON Lines files of `{"id", "text"}` rows.
//!
//! Problems that affect one file (invalid UTF-8, a binary file, an empty
//! file) are reported as [`Notice`]s and reading goes on; problems that make
//! the input unusable (a missing path, a malformed JSON Lines row) are
//! errors with the file and line.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One document to map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The id: the `id` of a JSON Lines row, the path of a text file as
    /// given, or `-` for standard input.
    pub id: String,
    /// The text.
    pub text: String,
}

/// Something the user should know about the input that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The file (or `-`).
    pub source: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file or directory path.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// Documents read, with notices.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The documents, in input order (directories sorted by path).
    pub documents: Vec<Document>,
    /// Notices about skipped or repaired input.
    pub notices: Vec<Notice>,
}

/// Reads all sources.
pub fn read_sources(sources: &[Source]) -> Result<Inputs> {
    let mut out = Inputs::default();
    for s in sources {
        match s {
            Source::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf)?;
                read_bytes("-", &buf, false, &mut out)?;
            }
            Source::Path(p) => read_path(p, true, &mut out)?,
        }
    }
    Ok(out)
}

fn read_path(path: &Path, top: bool, out: &mut Inputs) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::invalid("no such file or directory").with_path(path)
        } else {
            Error::from(e).with_path(path)
        }
    })?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::from(e).with_path(path))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            read_path(&p, false, out)?;
        }
        return Ok(());
    }
    let _ = top;
    let bytes = std::fs::read(path).map_err(|e| Error::from(e).with_path(path))?;
    let jsonl = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    read_bytes(&path.display().to_string(), &bytes, jsonl, out).map_err(|e| e.with_path(path))
}

/// Whether bytes look like a binary file: a NUL byte, or many control
/// characters, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 20 > head.len().max(1)
}

/// Decodes UTF-8; invalid sequences are replaced and reported with the byte
/// offset of the first one.
fn decode(source: &str, bytes: &[u8], out: &mut Inputs) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let bad = String::from_utf8_lossy(bytes)
                .chars()
                .filter(|&c| c == '\u{FFFD}')
                .count();
            out.notices.push(Notice {
                source: source.to_string(),
                message: format!(
                    "invalid UTF-8 at byte offset {} ({} bad sequence{}); replaced with U+FFFD",
                    e.valid_up_to(),
                    bad,
                    if bad == 1 { "" } else { "s" }
                ),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

fn read_bytes(source: &str, bytes: &[u8], jsonl: bool, out: &mut Inputs) -> Result<()> {
    if looks_binary(bytes) {
        out.notices.push(Notice {
            source: source.to_string(),
            message: "looks like a binary file; skipped".into(),
        });
        return Ok(());
    }
    let text = decode(source, bytes, out);
    if text.trim().is_empty() {
        out.notices.push(Notice {
            source: source.to_string(),
            message: "empty; no document read".into(),
        });
        return Ok(());
    }
    if jsonl {
        read_jsonl(source, &text, out)
    } else {
        out.documents.push(Document {
            id: source.to_string(),
            text,
        });
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct Row {
    id: Option<serde_json::Value>,
    text: Option<String>,
}

fn read_jsonl(source: &str, text: &str, out: &mut Inputs) -> Result<()> {
    for (i, line) in text.lines().enumerate() {
        let lineno = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(line).map_err(|e| {
            Error::parse(format!("not a JSON object with \"id\" and \"text\": {e}"))
                .with_line(lineno)
        })?;
        let Some(text) = row.text else {
            return Err(Error::parse("row has no \"text\" string").with_line(lineno));
        };
        let id = match row.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None => format!("{source}:{lineno}"),
            Some(_) => {
                return Err(Error::parse("\"id\" must be a string or a number").with_line(lineno));
            }
        };
        out.documents.push(Document { id, text });
    }
    Ok(())
}

/// Reads JSON Lines documents from a string (for tests and library users).
pub fn documents_from_jsonl(source: &str, text: &str) -> Result<Vec<Document>> {
    let mut out = Inputs::default();
    read_jsonl(source, text, &mut out)?;
    Ok(out.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_errors_name_the_line() {
        let e =
            documents_from_jsonl("x.jsonl", "{\"id\":\"a\",\"text\":\"t\"}\n{oops\n").unwrap_err();
        assert_eq!(e.location().line, Some(2));
        let e = documents_from_jsonl("x.jsonl", "{\"id\":\"a\"}\n").unwrap_err();
        assert!(e.to_string().contains("no \"text\""), "{e}");
    }

    #[test]
    fn invalid_utf8_is_reported_with_offset() {
        let mut out = Inputs::default();
        read_bytes("f.txt", b"Idlib \xff\xfe text", false, &mut out).unwrap();
        assert_eq!(out.documents.len(), 1);
        assert!(
            out.notices[0].message.contains("byte offset 6"),
            "{:?}",
            out.notices
        );
    }

    #[test]
    fn binary_and_empty_are_skipped() {
        let mut out = Inputs::default();
        read_bytes("b.bin", b"\x00\x01\x02PNG", false, &mut out).unwrap();
        read_bytes("e.txt", b"  \n", false, &mut out).unwrap();
        assert!(out.documents.is_empty());
        assert_eq!(out.notices.len(), 2);
    }
}
