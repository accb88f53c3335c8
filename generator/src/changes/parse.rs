//! The surface file's text → `Surface`: reads exactly what `text::write_surface` writes (blank
//! and `#` comment lines aside) and rejects anything else with the line number and what was
//! wrong, never panicking, whatever the file holds (it may have been edited by hand).

use super::report::Level;
use super::surface::{
    AuthSurface, EnumValueSurface, FieldSurface, MediaChoices, ModelSurface, OperationSurface,
    Pending, ResponseSurface, SchemeSurface, Surface, TaggedVariantSurface, UntaggedVariantSurface,
    WireMedia,
};
use super::text::{FORMAT_VERSION, needs_escape, serde_word};
use crate::ir::{Presence, Scalar, SerdeUse, Ty};
use std::collections::{BTreeMap, BTreeSet};

/// Why a surface file could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based; 0 for what is missing at the end of the file.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "at the end: {}", self.message),
            line => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// One token of a line: a bare word or a quoted string (unescaped).
#[derive(Debug, PartialEq)]
pub(super) enum Token {
    Word(String),
    Quoted(String),
}

fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
        } else if c == '"' {
            chars.next();
            tokens.push(Token::Quoted(read_quoted(&mut chars)?));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek().filter(|c| **c != ' ') {
                // Words reach the report unquoted (a crate name, a version), so nothing
                // invisible or controlling may hide in one.
                if needs_escape(c) {
                    return Err(format!("unexpected character {:?} outside quotes", c));
                }
                word.push(c);
                chars.next();
            }
            tokens.push(Token::Word(word));
        }
    }
    Ok(tokens)
}

fn read_quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut text = String::new();
    loop {
        match chars.next() {
            None => return Err("unterminated string".to_owned()),
            Some('"') => return Ok(text),
            Some('\\') => match chars.next() {
                Some('\\') => text.push('\\'),
                Some('"') => text.push('"'),
                Some('u') if chars.next() == Some('{') => {
                    let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    let c = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("bad escape \\u{{{hex}}}"))?;
                    text.push(c);
                }
                _ => return Err("bad escape in string".to_owned()),
            },
            Some(c) => text.push(c),
        }
    }
}

/// Reads a surface file back. Comment (`#`) and blank lines are skipped.
pub fn parse_surface(text: &str) -> Result<Surface, ParseError> {
    let mut reader = Reader::default();
    for (index, line) in text.lines().enumerate() {
        let at = |message: String| ParseError {
            line: index + 1,
            message,
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let tokens = tokenize(line).map_err(at)?;
        reader.read_line(&tokens).map_err(at)?;
    }
    reader
        .finish()
        .map_err(|message| ParseError { line: 0, message })
}

#[derive(Default)]
struct Reader {
    format_seen: bool,
    format: u32,
    non_exhaustive: BTreeSet<String>,
    model_pointers: BTreeMap<String, String>,
    serde_one_way: BTreeMap<String, SerdeUse>,
    crate_facts: Option<(String, String)>,
    pending: Option<Pending>,
    auth: Option<AuthSurface>,
    schemes: BTreeMap<String, SchemeSurface>,
    operations: BTreeMap<String, OperationSurface>,
    models: BTreeMap<String, ModelSurface>,
}

/// The error of a line that no rule reads.
const NOT_A_LINE: &str = "not a line of a surface file";

impl Reader {
    fn read_line(&mut self, tokens: &[Token]) -> Result<(), String> {
        let first = match tokens.first() {
            Some(Token::Word(word)) => word.as_str(),
            _ => return Err("a line starts with a keyword".to_owned()),
        };
        if !self.format_seen && first != "surface-format" {
            return Err("the file does not start with `surface-format`".to_owned());
        }
        let rest = &tokens[1..];
        match first {
            "surface-format" => self.read_format(rest),
            "crate" | "pending" => self.read_release(first, rest),
            "auth" => self.read_auth(rest),
            "operation" => self.read_operation_line(rest),
            "model" => self.read_model_line(rest),
            _ => Err(NOT_A_LINE.to_owned()),
        }
    }

    /// `surface-format N`: the versions this generator reads, and a hint for a newer one.
    fn read_format(&mut self, rest: &[Token]) -> Result<(), String> {
        let version = match rest {
            [Token::Word(version)] => version.parse::<u32>().ok(),
            _ => None,
        };
        match version {
            Some(format) if (1..=FORMAT_VERSION).contains(&format) => {
                self.format_seen = true;
                self.format = format;
                Ok(())
            }
            Some(format) if format > FORMAT_VERSION => Err(format!(
                "surface format {format} was written by a newer generator (this one reads versions 1 to {FORMAT_VERSION}); update the generator"
            )),
            _ => Err(format!(
                "unsupported surface format (this generator reads versions 1 to {FORMAT_VERSION})"
            )),
        }
    }

    /// `crate NAME VERSION` and `pending BASE LEVEL`.
    fn read_release(&mut self, first: &str, rest: &[Token]) -> Result<(), String> {
        use Token::Word;
        match (first, rest) {
            ("crate", [Word(name), Word(version)]) => {
                self.crate_facts = Some((name.clone(), version.clone()));
            }
            ("pending", [Word(base), Word(level)]) => {
                let level = Level::from_word(level)
                    .ok_or_else(|| format!("unknown release level `{level}`"))?;
                self.pending = Some(Pending {
                    base: base.clone(),
                    level,
                });
            }
            _ => return Err(NOT_A_LINE.to_owned()),
        }
        Ok(())
    }

    /// `auth none|bearer`, `auth header "NAME"` (format 3 and earlier) and `auth scheme …`.
    fn read_auth(&mut self, rest: &[Token]) -> Result<(), String> {
        use Token::{Quoted, Word};
        match rest {
            [Word(kind)] if kind == "none" => self.auth = Some(AuthSurface::None),
            [Word(kind)] if kind == "bearer" => self.auth = Some(AuthSurface::Bearer),
            [
                Word(what),
                Quoted(name),
                Word(kind),
                Quoted(param),
                Word(setter),
                Quoted(env),
            ] if what == "scheme" => {
                if !["bearer", "basic", "header", "query", "cookie"].contains(&kind.as_str()) {
                    return Err(format!("unknown scheme kind `{kind}`"));
                }
                let scheme = SchemeSurface {
                    kind: kind.clone(),
                    param: param.clone(),
                    setter: setter.clone(),
                    env: env.clone(),
                };
                if self.schemes.insert(name.clone(), scheme).is_some() {
                    return Err(format!("scheme {name:?} appears twice"));
                }
            }
            [Word(kind), Quoted(name)] if kind == "header" => {
                self.auth = Some(AuthSurface::Header(name.clone()));
            }
            _ => return Err(NOT_A_LINE.to_owned()),
        }
        Ok(())
    }

    /// An operation's first line (`operation PATH METHOD "TEMPLATE"`), or one of its facts.
    fn read_operation_line(&mut self, rest: &[Token]) -> Result<(), String> {
        use Token::{Quoted, Word};
        match rest {
            // The first line of an operation: its HTTP method is upper case, fact words are not.
            [Word(path), Word(method), Quoted(template)]
                if method.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                let op = OperationSurface {
                    pointer: None,
                    security: None,
                    http_method: method.clone(),
                    path: template.clone(),
                    path_params: Vec::new(),
                    params: None,
                    body: None,
                    response: ResponseSurface::Empty,
                    pagination: None,
                    terminal: None,
                    // Format 5 records every choice, so none recorded means none there.
                    media_choices: (self.format >= 5).then(MediaChoices::default),
                    wire_media: (self.format >= 6).then(WireMedia::default),
                };
                if self.operations.insert(path.clone(), op).is_some() {
                    return Err(format!("operation {path} appears twice"));
                }
                Ok(())
            }
            [Word(path), Word(what), rest @ ..] => {
                let op = self
                    .operations
                    .get_mut(path)
                    .ok_or_else(|| format!("operation {path} is used before its first line"))?;
                super::parse_operation::read_operation_fact(op, what, rest)
            }
            _ => Err(NOT_A_LINE.to_owned()),
        }
    }

    /// A model's line: `non-exhaustive`, `at`, `serde`, or a fact of its shape.
    fn read_model_line(&mut self, rest: &[Token]) -> Result<(), String> {
        use Token::{Quoted, Word};
        let declared = |name: &String| {
            if self.models.contains_key(name) {
                Ok(())
            } else {
                Err(format!("model {name} is used before its first line"))
            }
        };
        match rest {
            [Word(name), Word(what)] if what == "non-exhaustive" => {
                declared(name)?;
                self.non_exhaustive.insert(name.clone());
            }
            [Word(name), Word(what), Quoted(pointer)] if what == "at" => {
                declared(name)?;
                self.model_pointers.insert(name.clone(), pointer.clone());
            }
            [Word(name), Word(what), Word(serde)] if what == "serde" => {
                declared(name)?;
                let serde = [SerdeUse::SentOnly, SerdeUse::ReceivedOnly]
                    .into_iter()
                    .find(|one_way| serde_word(*one_way) == serde)
                    .ok_or_else(|| format!("unknown serde traits `{serde}`"))?;
                self.serde_one_way.insert(name.clone(), serde);
            }
            [Word(name), Word(what), rest @ ..] => self.read_model(name, what, rest)?,
            _ => return Err(NOT_A_LINE.to_owned()),
        }
        Ok(())
    }

    fn read_model(&mut self, name: &str, what: &str, rest: &[Token]) -> Result<(), String> {
        use Token::{Quoted, Word};
        let new_model = match (what, rest) {
            ("struct", [Word(default)]) => Some(ModelSurface::Struct {
                derive_default: parse_default(default)?,
                fields: BTreeMap::new(),
            }),
            ("string-enum" | "integer-enum", []) => Some(ModelSurface::Enum {
                integer: what == "integer-enum",
                values: Vec::new(),
            }),
            ("tagged-union", [Quoted(tag)]) => Some(ModelSurface::TaggedUnion {
                tag: tag.clone(),
                variants: Vec::new(),
            }),
            ("untagged-union", []) => Some(ModelSurface::UntaggedUnion {
                variants: Vec::new(),
            }),
            ("alias", [Word(ty)]) => Some(ModelSurface::Alias(parse_type(ty)?)),
            _ => None,
        };
        if let Some(model) = new_model {
            if self.models.insert(name.to_owned(), model).is_some() {
                return Err(format!("model {name} appears twice"));
            }
            return Ok(());
        }
        let model = self
            .models
            .get_mut(name)
            .ok_or_else(|| format!("model {name} is used before its first line"))?;
        read_model_fact(model, what, rest)
    }

    fn finish(self) -> Result<Surface, String> {
        let (crate_name, version) = self
            .crate_facts
            .ok_or_else(|| "the file has no `crate` line".to_owned())?;
        // Format 1 predates the `non-exhaustive` lines; the generator that wrote it already
        // marked every enum and union so.
        let non_exhaustive = if self.format == 1 {
            self.models
                .iter()
                .filter(|(_, model)| {
                    !matches!(model, ModelSurface::Struct { .. } | ModelSurface::Alias(_))
                })
                .map(|(name, _)| name.clone())
                .collect()
        } else {
            self.non_exhaustive
        };
        Ok(Surface {
            crate_name,
            version,
            pending: self.pending,
            auth: self.auth.unwrap_or(AuthSurface::None),
            schemes: self.schemes,
            operations: self.operations,
            models: self.models,
            model_pointers: self.model_pointers,
            non_exhaustive,
            serde_one_way: self.serde_one_way,
            format: self.format,
        })
    }
}

fn read_model_fact(model: &mut ModelSurface, what: &str, rest: &[Token]) -> Result<(), String> {
    use Token::{Quoted, Word};
    match (model, what, rest) {
        (
            ModelSurface::Struct { fields, .. },
            "field",
            [Word(name), Quoted(wire), Word(ty), Word(presence)],
        ) => {
            fields.insert(name.clone(), parse_field(wire, ty, presence)?);
        }
        (
            ModelSurface::Enum {
                integer: false,
                values,
            },
            "value",
            [Word(name), Quoted(wire)],
        ) => {
            values.push(EnumValueSurface {
                rust_name: name.clone(),
                wire_value: wire.clone(),
            });
        }
        (
            ModelSurface::Enum {
                integer: true,
                values,
            },
            "value",
            [Word(name), Word(wire)],
        ) if wire.parse::<i64>().is_ok() => {
            values.push(EnumValueSurface {
                rust_name: name.clone(),
                wire_value: wire.clone(),
            });
        }
        (
            ModelSurface::TaggedUnion { variants, .. },
            "variant",
            [Word(name), Quoted(tag), Word(type_name)],
        ) => {
            variants.push(TaggedVariantSurface {
                rust_name: name.clone(),
                tag_value: tag.clone(),
                type_name: type_name.clone(),
            });
        }
        (ModelSurface::UntaggedUnion { variants }, "variant", [Word(name), Word(ty)]) => {
            variants.push(UntaggedVariantSurface {
                rust_name: name.clone(),
                ty: parse_type(ty)?,
            });
        }
        (model, _, _) => {
            return Err(format!(
                "not a fact of a {} model: `{what}`",
                model.kind_name()
            ));
        }
    }
    Ok(())
}

pub(super) fn parse_default(word: &str) -> Result<bool, String> {
    match word {
        "default" => Ok(true),
        "no-default" => Ok(false),
        other => Err(format!(
            "expected `default` or `no-default`, found `{other}`"
        )),
    }
}

pub(super) fn parse_location(word: &str) -> Result<String, String> {
    const LOCATIONS: &[&str] = &[
        "query",
        "query-repeat",
        "query-comma",
        "query-deep",
        "query-styled",
        "query-json",
        "header",
        "header-json",
        "cookie",
        "cookie-json",
        "body",
    ];
    if LOCATIONS.contains(&word) {
        Ok(word.to_owned())
    } else {
        Err(format!("unknown parameter location `{word}`"))
    }
}

pub(super) fn parse_field(wire: &str, ty: &str, presence: &str) -> Result<FieldSurface, String> {
    let presence = match presence {
        "required" => Presence::Required,
        "optional" => Presence::Optional,
        "nullable" => Presence::Nullable,
        "optional-nullable" => Presence::OptionalNullable,
        other => return Err(format!("unknown presence `{other}`")),
    };
    Ok(FieldSurface {
        wire_name: wire.to_owned(),
        ty: parse_type(ty)?,
        presence,
    })
}

/// Nesting deeper than this is not something the generator writes; refusing it keeps a
/// hand-made file from exhausting the stack.
const MAX_TYPE_DEPTH: usize = 64;

/// A type in the canonical form, the whole of `text`.
pub fn parse_type(text: &str) -> Result<Ty, String> {
    let (ty, rest) = parse_type_prefix(text, 0)?;
    if rest.is_empty() {
        Ok(ty)
    } else {
        Err(format!("unexpected `{rest}` after the type in `{text}`"))
    }
}

fn parse_type_prefix(text: &str, depth: usize) -> Result<(Ty, &str), String> {
    if depth > MAX_TYPE_DEPTH {
        return Err("type nested too deeply".to_owned());
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(end);
    if let Some(inner) = rest.strip_prefix('<') {
        let (item, after) = parse_type_prefix(inner, depth + 1)?;
        let after = after
            .strip_prefix('>')
            .ok_or_else(|| format!("missing `>` in type `{text}`"))?;
        let ty = match (name, item) {
            ("Vec", item) => Ty::Array(Box::new(item)),
            ("Map", value) => Ty::Map(Box::new(value)),
            ("Box", Ty::Named(model)) => Ty::Boxed(model),
            _ => return Err(format!("not a type: `{text}`")),
        };
        return Ok((ty, after));
    }
    let ty = match name {
        "string" => Ty::String,
        "i32" => Ty::I32,
        "i64" => Ty::I64,
        "f64" => Ty::F64,
        "bool" => Ty::Bool,
        "json" => Ty::Json,
        "json-object" => Ty::JsonObject,
        "file" => Ty::File,
        "upload" => Ty::Upload,
        other if let Some(scalar) = Scalar::ALL.iter().find(|s| s.text() == other) => {
            Ty::Scalar(*scalar)
        }
        model
            if model.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && !model.contains('-') =>
        {
            Ty::Named(model.to_owned())
        }
        _ => return Err(format!("not a type: `{text}`")),
    };
    Ok((ty, rest))
}
