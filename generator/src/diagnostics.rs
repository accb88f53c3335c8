//! Located problems in the inputs: every stage pushes `Diagnostic`s into a collector, and the
//! pipeline stops after a stage that produced any. Each one names its file, a JSON pointer into it,
//! the line and column where known, and an optional hint — never a panic, never only the first.
//! Many of one kind (warnings by kind, errors by message) are grouped: the first few are shown,
//! the rest counted. Rendered text is safe for a terminal: spec names it quotes are shortened when very long, and
//! control and bidirectional characters in it are written as escapes.

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

/// Whether a problem stops the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// No correct crate can come from the input: nothing is written.
    Error,
    /// Something is degraded to the nearest honest type, and the crate says so in its docs.
    Warning,
}

/// One problem in the spec or in `sdk.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// For warnings: what kind of degradation (`dangling-ref`), so many of one kind are grouped.
    pub kind: &'static str,
    pub file: InputFile,
    /// JSON pointer into the file, e.g. `#/paths/~1api~1v1~1chat/get/parameters/1`; for a
    /// problem in another file of a multi-file description (a `$ref` led there), that file's
    /// path relative to the spec's folder comes first: `schemas/pet.yaml#/properties/id`.
    pub pointer: String,
    /// 1-based line and column, where the parser or the line index knows them.
    pub line_col: Option<(usize, usize)>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: InputFile, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind: "",
            file,
            pointer: pointer.into(),
            line_col: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning of `kind`: the item is degraded, the run goes on.
    pub fn warning(
        file: InputFile,
        kind: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind,
            ..Diagnostic::new(file, pointer, message)
        }
    }

    /// The other file this diagnostic is in (`schemas/pet.yaml`), if not the spec itself.
    pub fn referenced(&self) -> Option<&str> {
        self.pointer
            .split_once('#')
            .map(|(file, _)| file)
            .filter(|file| !file.is_empty())
    }

    /// The pointer within its file, without the file's path.
    fn local_pointer(&self) -> &str {
        match self.referenced() {
            Some(file) => &self.pointer[file.len()..],
            None => &self.pointer,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
    /// `spec/openapi.yaml:12:7: #/paths/~1pets/get: message`. Pointer, message and hint quote
    /// spec text, so they pass through `terminal_text` (the paths are the user's own).
    pub fn render(&self, spec_path: &str, config_path: &str) -> String {
        let path = match (self.file, self.referenced()) {
            // The file name comes from a `$ref` in the spec: spec text, made safe like the rest.
            (InputFile::Spec, Some(referenced)) => terminal_text(&beside(spec_path, referenced)),
            (InputFile::Spec, None) => spec_path.to_owned(),
            (InputFile::Config, _) => config_path.to_owned(),
        };
        let pointer = terminal_text(&shorten_runs(self.local_pointer(), |c| c == '/'));
        let message = terminal_text(&shorten_quoted(&self.message));
        let mut out = match self.line_col {
            Some((line, col)) => format!("{path}:{line}:{col}: {pointer}: {message}"),
            None => format!("{path}: {pointer}: {message}"),
        };
        if self.severity == Severity::Warning {
            out.insert_str(0, "warning: ");
        }
        if let Some(hint) = &self.hint {
            out.push_str("\n  hint: ");
            out.push_str(&terminal_text(&shorten_quoted(hint)));
        }
        out
    }
}

/// The display path of a file named relative to the spec's folder (`spec/openapi.yaml` and
/// `schemas/pet.yaml` → `spec/schemas/pet.yaml`).
fn beside(spec_path: &str, relative: &str) -> String {
    match spec_path.rfind(['/', '\\']) {
        Some(end) => format!("{}{relative}", &spec_path[..=end]),
        None => relative.to_owned(),
    }
}

/// How many characters of a spec name a diagnostic quotes; the rest is counted, not shown.
const QUOTED_NAME_LIMIT: usize = 80;

/// Text with every character that could change what a terminal shows written as an escape:
/// C0 controls (including the ESC that starts an ANSI sequence, and the newline that would
/// start a forged diagnostic line), DEL, C1 controls, and the bidirectional controls that
/// reorder text (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), plus the Unicode line and
/// paragraph separators. `\n`, `\r` and `\t` are written as such, the others as `\u{…}`.
fn terminal_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}' => out.push_str(&format!("\\u{{{:x}}}", ch as u32)),
            ch if ch.is_control() => out.push_str(&format!("\\u{{{:x}}}", ch as u32)),
            ch => out.push(ch),
        }
    }
    out
}

/// A name cut to `QUOTED_NAME_LIMIT` characters, with how many more it had: `abc…(9920 more)`.
fn shorten(name: &str) -> String {
    let count = name.chars().count();
    if count <= QUOTED_NAME_LIMIT {
        return name.to_owned();
    }
    let kept: String = name.chars().take(QUOTED_NAME_LIMIT).collect();
    format!("{kept}…({} more)", count - QUOTED_NAME_LIMIT)
}

/// Shortens each run of text between separators (a pointer's segments, a message's words).
fn shorten_runs(text: &str, is_separator: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len().min(1024));
    let mut run = String::new();
    for ch in text.chars() {
        if is_separator(ch) {
            out.push_str(&shorten(&run));
            run.clear();
            out.push(ch);
        } else {
            run.push(ch);
        }
    }
    out.push_str(&shorten(&run));
    out
}

/// Shortens what a message quotes: each `` `name` `` as a whole, and any other run without
/// whitespace (an unquoted name or reference).
fn shorten_quoted(message: &str) -> String {
    let pieces: Vec<&str> = message.split('`').collect();
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(index, piece)| {
            // Odd pieces are quoted, when a closing backtick follows them.
            if index % 2 == 1 && index < last {
                shorten(piece)
            } else {
                shorten_runs(piece, char::is_whitespace)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Document order: by file, then line and column; diagnostics without a position come after
/// those with one, by pointer, with numeric segments compared as numbers (`parameters/2` before
/// `parameters/10`).
fn document_order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    let position = |d: &Diagnostic| d.line_col.unwrap_or((usize::MAX, usize::MAX));
    a.file
        .cmp(&b.file)
        .then_with(|| a.referenced().cmp(&b.referenced()))
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

/// How many diagnostics of one kind are shown located before the rest are counted.
const SHOWN_PER_KIND: usize = 5;

/// What a diagnostic is grouped by: its kind where it has one (every warning does), else its
/// message with what it quotes left out (`unknown key `…``), at most `GROUP_LABEL_LIMIT`
/// characters, so errors of one rule group together whatever names they quote.
fn group_of(diagnostic: &Diagnostic) -> String {
    if !diagnostic.kind.is_empty() {
        return diagnostic.kind.to_owned();
    }
    let pieces: Vec<&str> = diagnostic.message.split('`').collect();
    let last = pieces.len() - 1;
    let shape: String = (pieces.iter().enumerate())
        .map(|(index, piece)| match index % 2 == 1 && index < last {
            true => "`…`",
            false => piece,
        })
        .collect();
    let shape = terminal_text(&shape);
    match shape.char_indices().nth(GROUP_LABEL_LIMIT) {
        Some((end, _)) => format!("{}…", &shape[..end]),
        None => shape,
    }
}

/// How many characters of an error's message name its group.
const GROUP_LABEL_LIMIT: usize = 60;

impl Diagnostics {
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Errors and warnings of one kind beyond the first few are counted, so the output of a
        // large document stays readable.
        let mut shown: std::collections::BTreeMap<(Severity, String), usize> = Default::default();
        for item in &self.items {
            let count = shown.entry((item.severity, group_of(item))).or_default();
            *count += 1;
            if *count <= SHOWN_PER_KIND {
                writeln!(f, "{}", item.render(&self.spec_path, &self.config_path))?;
            }
        }
        for ((severity, group), count) in &shown {
            if *count > SHOWN_PER_KIND {
                let prefix = if *severity == Severity::Warning {
                    "warning: "
                } else {
                    ""
                };
                let more = count - SHOWN_PER_KIND;
                writeln!(f, "{prefix}… and {more} more like this ({group})")?;
            }
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (self.errors(), self.warnings());
        match (errors, warnings) {
            (0, _) => write!(
                f,
                "{}: the affected items are degraded and documented (`--deny-warnings` makes them errors; `warnings.acknowledge` in sdk.yaml silences one by pointer)",
                plural(warnings, "warning")
            ),
            (_, 0) => write!(
                f,
                "{} found; nothing was written",
                plural(errors, "problem")
            ),
            _ => write!(
                f,
                "{} and {} found; nothing was written",
                plural(errors, "problem"),
                plural(warnings, "warning")
            ),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// The one collector of a run's problems: every stage pushes into it, and it must be drained
/// (`into_items`) before it is dropped, so no stage can silently lose what it found. In debug
/// builds, dropping it undrained with problems in it panics (as serde_derive's `Ctxt` does).
#[derive(Debug, Default)]
pub struct Sink {
    items: Vec<Diagnostic>,
    drained: bool,
}

impl Sink {
    pub fn new() -> Self {
        Sink::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// A problem in the spec at `pointer`, with an optional hint.
    pub fn spec(&mut self, pointer: &Pointer, message: impl Into<String>, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::new(InputFile::Spec, pointer.as_str(), message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.push(diagnostic);
    }

    /// A degraded construct in the spec at `pointer`: a warning of `kind`.
    pub fn warn(
        &mut self,
        pointer: &Pointer,
        kind: &'static str,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let mut diagnostic = Diagnostic::warning(InputFile::Spec, kind, pointer.as_str(), message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.push(diagnostic);
    }

    /// A problem in `sdk.yaml` at `pointer`, with an optional hint.
    pub fn config(&mut self, pointer: &str, message: impl Into<String>, hint: Option<String>) {
        let mut diagnostic = Diagnostic::new(InputFile::Config, pointer, message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Everything collected; the sink is done.
    pub fn into_items(mut self) -> Vec<Diagnostic> {
        self.drained = true;
        std::mem::take(&mut self.items)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if cfg!(debug_assertions)
            && !self.drained
            && !self.items.is_empty()
            && !std::thread::panicking()
        {
            panic!(
                "a diagnostics sink with {} problem(s) was dropped without being drained",
                self.items.len()
            );
        }
    }
}

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

/// `1 operation`, `2 operations`: a count and its noun (plural by `s`), for summary lines.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
#[path = "diagnostics_tests.rs"]
mod tests;
