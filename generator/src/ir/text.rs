//! Text as data. Spec and settings text is untrusted: the IR keeps it plain, in newtypes that
//! have no `Display`, so a template can only print it through an escaping form (`render::text`
//! defines them: a Rust string literal, a TOML string, a doc comment), while Rust code in the
//! generator reads the plain value.

/// One piece of plain text (a wire name, a URL, an environment variable, a help line).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    pub fn new(text: impl Into<String>) -> Self {
        Text(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(text.to_owned())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(text)
    }
}

/// Documentation: paragraphs of CommonMark (from the spec, or composed by `lower` around spec
/// text), in order. Rendered as a sanitised `///` or `//!` block, never pasted raw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs(Vec<String>);

impl Docs {
    /// The paragraphs that are present, in order.
    pub fn new(parts: &[Option<&str>]) -> Self {
        Docs(parts.iter().flatten().map(|p| (*p).to_owned()).collect())
    }

    /// One paragraph.
    pub fn text(text: impl Into<String>) -> Self {
        Docs(vec![text.into()])
    }

    pub fn paragraphs(&self) -> &[String] {
        &self.0
    }
}
