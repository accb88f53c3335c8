//! Located problems in the inputs: every stage pushes `Diagnostic`s into a collector, and the
//! pipeline stops after a stage that produced any. Each one names its file, a JSON pointer into it,
//! the line and column where known, and an optional hint — never a panic, never only the first.

use std::cmp::Ordering;
use std::fmt;

/// Which input a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputFile {
    /// The OpenAPI description.
    Spec,
    /// The SDK settings (`sdk.yaml`).
    Config,
}

/// One problem in the spec or in `sdk.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: InputFile,
    /// JSON pointer into the file, e.g. `#/paths/~1api~1v1~1chat/get/parameters/1`.
    pub pointer: String,
    /// 1-based line and column, where the parser or the line index knows them.
    pub line_col: Option<(usize, usize)>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: InputFile, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file,
            pointer: pointer.into(),
            line_col: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line_col = Some((line, column));
        self
    }

    /// Renders the diagnostic with the display paths of the two inputs, e.g.
    /// `spec/openapi.yaml:12:7: #/paths/~1pets/get: message`.
    pub fn render(&self, spec_path: &str, config_path: &str) -> String {
        let path = match self.file {
            InputFile::Spec => spec_path,
            InputFile::Config => config_path,
        };
        let mut out = match self.line_col {
            Some((line, col)) => format!("{path}:{line}:{col}: {}: {}", self.pointer, self.message),
            None => format!("{path}: {}: {}", self.pointer, self.message),
        };
        if let Some(hint) = &self.hint {
            out.push_str("\n  hint: ");
            out.push_str(hint);
        }
        out
    }
}

/// Document order: by file, then line and column; diagnostics without a position come after
/// those with one, by pointer, with numeric segments compared as numbers (`parameters/2` before
/// `parameters/10`).
fn document_order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    let position = |d: &Diagnostic| d.line_col.unwrap_or((usize::MAX, usize::MAX));
    a.file
        .cmp(&b.file)
        .then_with(|| position(a).cmp(&position(b)))
        .then_with(|| compare_pointers(&a.pointer, &b.pointer))
}

/// Compares JSON pointers segment by segment; two all-digit segments compare as numbers.
fn compare_pointers(a: &str, b: &str) -> Ordering {
    let numeric =
        |segment: &str| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        let (l, r) = match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(l), Some(r)) => (l, r),
        };
        let order = if numeric(l) && numeric(r) {
            let (l, r) = (l.trim_start_matches('0'), r.trim_start_matches('0'));
            l.len().cmp(&r.len()).then_with(|| l.cmp(r))
        } else {
            l.cmp(r)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// All the diagnostics of a failed run, in document order (see `document_order`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    pub spec_path: String,
    pub config_path: String,
}

impl Diagnostics {
    pub fn new(mut items: Vec<Diagnostic>, spec_path: &str, config_path: &str) -> Self {
        items.sort_by(document_order);
        items.dedup();
        Diagnostics {
            items,
            spec_path: spec_path.to_owned(),
            config_path: config_path.to_owned(),
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{}", item.render(&self.spec_path, &self.config_path))?;
        }
        let n = self.items.len();
        write!(
            f,
            "{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// A JSON pointer under construction (`#/a/b~1c`), escaped per RFC 6901.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// This pointer with one more segment; `~` and `/` in the segment are escaped.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, segment))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses a local `$ref` (`#/components/schemas/Pet`) into a pointer.
    pub fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        let p = Pointer::root()
            .join("paths")
            .join("/api/v1/chat")
            .join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1api~1v1~1chat/a~0b");
    }

    #[test]
    fn diagnostics_sort_by_position_then_by_pointer_with_numbers_as_numbers() {
        let items = vec![
            Diagnostic::new(InputFile::Spec, "#/paths/~1a/get/parameters/10", "ten"),
            Diagnostic::new(InputFile::Spec, "#/paths/~1a/get/parameters/2", "two"),
            Diagnostic::new(
                InputFile::Spec,
                "#/paths/~1a/get/parameters/2/schema",
                "two deeper",
            ),
            Diagnostic::new(InputFile::Spec, "#/z", "later column").at(4, 9),
            Diagnostic::new(InputFile::Spec, "#/a", "earlier column").at(4, 3),
            Diagnostic::new(InputFile::Spec, "#/b", "earlier line").at(2, 20),
        ];
        let messages: Vec<_> = Diagnostics::new(items, "s", "c")
            .items
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "earlier line",
                "earlier column",
                "later column",
                "two",
                "two deeper",
                "ten"
            ]
        );
    }

    #[test]
    fn diagnostics_sort_by_file_then_line_and_render_hints() {
        let items = vec![
            Diagnostic::new(InputFile::Config, "#/resources", "bad config"),
            Diagnostic::new(InputFile::Spec, "#/paths", "no line"),
            Diagnostic::new(InputFile::Spec, "#/info", "with line")
                .at(3, 1)
                .with_hint("try this"),
        ];
        let text = Diagnostics::new(items, "spec/openapi.yaml", "spec/sdk.yaml").to_string();
        assert_eq!(
            text,
            "spec/openapi.yaml:3:1: #/info: with line\n  hint: try this\n\
             spec/openapi.yaml: #/paths: no line\n\
             spec/sdk.yaml: #/resources: bad config\n\
             3 problems found; nothing was written"
        );
    }
}
