//! The library's error type: a kind plus, where it applies, the file and
//! line it came from.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input an error happened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, when the input was a file.
    pub path: Option<PathBuf>,
    /// The 1-based line number, when known.
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}", p.display(), l),
            (Some(p), None) => write!(f, "{}", p.display()),
            (None, Some(l)) => write!(f, "line {l}"),
            (None, None) => Ok(()),
        }
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    Io(std::io::Error),
    /// A data row or document could not be parsed.
    Parse(String),
    /// A compiled gazetteer index is corrupt or of another version.
    Index(String),
    /// An input or argument is not usable.
    Invalid(String),
}

/// The error type of this crate.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
    location: Location,
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where it happened (possibly empty).
    pub fn location(&self) -> &Location {
        &self.location
    }

    pub(crate) fn parse(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse(msg.into()))
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invalid(msg.into()))
    }

    pub(crate) fn index(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Index(msg.into()))
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
            location: Location::default(),
        }
    }

    /// Attaches a path (keeps a path already set).
    pub fn with_path(mut self, path: &Path) -> Error {
        if self.location.path.is_none() {
            self.location.path = Some(path.to_path_buf());
        }
        self
    }

    /// Attaches a 1-based line number (keeps a line already set).
    pub fn with_line(mut self, line: u64) -> Error {
        if self.location.line.is_none() {
            self.location.line = Some(line);
        }
        self
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location.to_string();
        if !loc.is_empty() {
            write!(f, "{loc}: ")?;
        }
        match &*self.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Parse(m) | ErrorKind::Index(m) | ErrorKind::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            // Display already prints the I/O error; giving it as the
            // source too made `{:#}` print it twice ("No such file or
            // directory (os error 2): No such file or directory (os error
            // 2)"). Its own source, if any, follows.
            ErrorKind::Io(e) => e.source(),
            _ => None,
        }
    }
}
