//! Spec names → Rust names. Everything that reaches the generated code as an identifier passes
//! through here, so it is always a valid, non-reserved Rust identifier made only of ASCII letters,
//! digits and `_` — spec text can never inject tokens through a name — and at most
//! `MAX_IDENT_LEN` bytes long before a collision suffix, since identifiers become file names.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict and reserved keywords of Rust 2024 (and the weak ones that matter as identifiers).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The longest identifier (and package name) made from a spec name. Module names become file
/// names (`src/resources/{module}.rs`), and file systems refuse names over 255 bytes; 64 also
/// keeps generated code readable. A longer name is cut and ends in a hash of the whole name.
pub const MAX_IDENT_LEN: usize = 64;

/// Keywords that cannot be raw identifiers (`r#self` is an error); they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

// Reserved names, one list per scope. A name the generated code already uses in a scope must
// not be handed to something from the spec there: the compiler would reject the crate or, worse,
// resolve a call to the wrong item.

/// The models module (`models.rs`): types and traits of the Rust prelude, and ones generated
/// code names unqualified, which a model must not shadow.
pub const MODELS_SCOPE_RESERVED: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Methods every resource handle already has (its constructor, `Clone`, `Debug`), and the
/// prelude's by-value trait methods that every type has (`Into::into`, `TryInto::try_into`): method
/// lookup tries by-value methods before `&self` ones, so `handle.into(params)` would call
/// `Into::into`. An operation cannot take these names.
pub const RESOURCE_SCOPE_RESERVED: &[&str] = &["new", "clone", "fmt", "into", "try_into"];

/// Methods of the client itself (and the prelude's by-value trait methods, as above), which
/// top-level resource accessors must not shadow.
pub const CLIENT_SCOPE_RESERVED: &[&str] = &[
    "builder", "from_env", "base_url", "clone", "fmt", "new", "into", "try_into",
];

/// Commands the generated CLI adds at the top level; a resource command of the same name is
/// renamed.
pub const CLI_COMMANDS_RESERVED: &[&str] = &["completion", "help"];

/// Flags every CLI command has (the tool's global options and clap's own).
pub const CLI_FLAGS_RESERVED: &[&str] = &[
    "help",
    "version",
    "api-key",
    "base-url",
    "format",
    "format-error",
    "transform",
    "max-retries",
    "timeout",
    "debug",
    "raw-output",
    "transform-error",
];

/// Crates the generated code names by path (its dependencies, with and without the `cli`
/// feature, and the standard library's). A module or a crate of the same name would make those
/// paths ambiguous, so modules and derived crate names avoid them.
pub const CRATE_PATHS_RESERVED: &[&str] = &[
    "alloc",
    "bytes",
    "clap",
    "clap_complete",
    "core",
    "futures",
    "futures_core",
    "futures_util",
    "httpdate",
    "proc_macro",
    "reqwest",
    "serde",
    "serde_json",
    "serde_json_path",
    "serde_yaml",
    "std",
    "test",
    "tokio",
];

/// The types, traits and aliases the generated crate defines or imports at its root and in its
/// runtime modules, where the client type is named too: a client of one of these names would
/// collide (a test checks this list against the templates).
pub const CLIENT_TYPE_RESERVED: &[&str] = &[
    "AbortOnDrop",
    "ApiError",
    "Arc",
    "AsyncWriteExt",
    "AutoPager",
    "BoxError",
    "BoxFuture",
    "BuildHasher",
    "BuildHasherDefault",
    "Bytes",
    "Call",
    "Chunks",
    "ChunkResult",
    "ClientBuilder",
    "ClientInner",
    "Context",
    "Credential",
    "Decode",
    "DecodeError",
    "DefaultHasher",
    "Deref",
    "Download",
    "Duration",
    "End",
    "EnumText",
    "Error",
    "EventStream",
    "Exchange",
    "Expected",
    "FieldPart",
    "Fields",
    "FilePart",
    "FixedCredential",
    "FreshBody",
    "Future",
    "HashSet",
    "HeaderMap",
    "HeaderName",
    "HeaderValue",
    "IntoFuture",
    "Item",
    "ItemsAsSent",
    "ItemsOf",
    "ItemsVisitor",
    "KeptTimer",
    "Key",
    "KeySeed",
    "Mutex",
    "MutexGuard",
    "Members",
    "NextPage",
    "NextRequest",
    "OpenContainer",
    "Output",
    "Page",
    "PageStream",
    "PageStyle",
    "PagerState",
    "PagerStream",
    "Paginated",
    "Path",
    "PathBuf",
    "ParamValue",
    "PartValue",
    "PathPart",
    "PathStep",
    "PhantomData",
    "Pin",
    "PoisonError",
    "Poll",
    "RandomState",
    "ReadBody",
    "RecordedRequest",
    "Reply",
    "Repr",
    "RequestOptions",
    "RequestSpec",
    "ResponseMeta",
    "Script",
    "SchemeSpec",
    "Sent",
    "SerializeMap",
    "ServerSentEvent",
    "SharedCredential",
    "Source",
    "SseParser",
    "StartStream",
    "StreamExt",
    "Stream",
    "StreamEnd",
    "StreamExt",
    "StreamState",
    "StreamingDecode",
    "SystemTime",
    "Target",
    "TextVisitor",
    "TryStreamExt",
    "Upload",
    "TestTransport",
    "Transport",
    "TransportError",
    "TransportFuture",
    "Value",
    "Visit",
    "VecDeque",
    "WithResponse",
    // Runtime `timestamp*.rs` and `date_time_text/*.rs`.
    "BTreeMap",
    "Cow",
    "Deserialize",
    "Deserializer",
    "Iso8601",
    "Out",
    "ReadTime",
    "Rfc3339",
    "Serialize",
    "Serializer",
    "Wire",
    "WireTime",
];

/// Names Cargo reserves inside a target directory; a binary of one of these names cannot build.
pub const BINARY_NAMES_RESERVED: &[&str] = &["build", "deps", "examples", "incremental"];

/// Whether a crate's path name (`-` as `_`) is a keyword or a crate the generated code uses.
pub fn is_reserved_crate_path(lib_name: &str) -> bool {
    KEYWORDS.contains(&lib_name) || CRATE_PATHS_RESERVED.contains(&lib_name)
}

/// Reduces arbitrary text to ASCII words: every run of other characters becomes one separator.
/// Non-ASCII letters are dropped rather than transliterated, so the result stays predictable.
fn ascii_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    fold_acronym_plurals(out.trim())
}

/// An acronym's plural as one word: `APIs` → `Apis`, `listURLs` → `listUrls`. The case
/// conversions split an upper-case run before its last capital when a lower-case letter follows
/// (right for `HTTPServer`: `HTTP` `Server`), which cut `Open-Meteo APIs` into `ap-is`. A run of
/// two or more capitals followed by one `s` that ends the word is folded to a capitalised word.
fn fold_acronym_plurals(words: &str) -> String {
    let bytes = words.as_bytes();
    let mut out = String::with_capacity(words.len());
    let mut index = 0;
    while index < bytes.len() {
        let run = bytes[index..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        let plural_end = index + run + 1;
        let is_plural = run >= 2
            && bytes.get(index + run) == Some(&b's')
            && bytes
                .get(plural_end)
                .is_none_or(|b| !b.is_ascii_lowercase());
        if is_plural {
            out.push(char::from(bytes[index]));
            out.push_str(&words[index + 1..plural_end].to_ascii_lowercase());
            index = plural_end;
        } else {
            let next = index + run.max(1);
            out.push_str(&words[index..next]);
            index = next;
        }
    }
    out
}

/// `cased` cut to `MAX_IDENT_LEN` bytes when longer, ending in `separator` and eight hex digits
/// of a hash of the whole spec name, so two long names that share a beginning stay distinct and
/// a name always gets the same identifier. `cased` is ASCII, so any byte index is a boundary.
fn bounded(cased: String, spec_name: &str, separator: &str) -> String {
    if cased.len() <= MAX_IDENT_LEN {
        return cased;
    }
    let hash = format!("{:08x}", stable_hash(spec_name));
    let head = cased[..MAX_IDENT_LEN - separator.len() - hash.len()].trim_end_matches(['_', '-']);
    format!("{head}{separator}{hash}")
}

/// FNV-1a, folded to 32 bits: stable across runs, platforms and Rust versions (std's hashers
/// promise none of that), which generated names need.
fn stable_hash(text: &str) -> u32 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash ^ (hash >> 32)) as u32
}

/// Makes a cased word list a valid identifier: a fallback when empty, `_` before a leading digit,
/// raw identifier or trailing `_` for keywords.
fn finish_ident(cased: String, fallback: &str) -> String {
    // `Self` cannot be raw and `Self_` trips the camel-case lint: a type gets a suffix instead.
    if cased == "Self" {
        return "SelfType".to_owned();
    }
    let ident = if cased.is_empty() {
        fallback.to_owned()
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cased}")
    } else {
        cased
    };
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// `snake_case` for fields, methods, parameters and modules: `pageSize` → `page_size`,
/// `type` → `r#type`, `self` → `self_`, `2fa` → `_2fa`.
pub fn snake_ident(text: &str) -> String {
    finish_ident(
        bounded(ascii_words(text).to_snake_case(), text, "_"),
        "value",
    )
}

/// `UpperCamelCase` for types and variants: `HTTPValidationError` → `HttpValidationError`,
/// `read_only` → `ReadOnly`, `1st` → `_1st`.
pub fn type_ident(text: &str) -> String {
    // No separator before the hash: `_` between a letter and a digit trips the camel-case lint.
    finish_ident(
        bounded(ascii_words(text).to_upper_camel_case(), text, ""),
        "Value",
    )
}

/// A module name is a snake identifier that must not be raw (`mod r#type` is legal but ugly in
/// paths), so keywords get a trailing `_` instead.
pub fn module_ident(text: &str) -> String {
    let ident = snake_ident(text);
    match ident.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        // `mod clap;` would make every `clap::` path in its parent ambiguous.
        None if CRATE_PATHS_RESERVED.contains(&ident.as_str()) => format!("{ident}_"),
        None => ident,
    }
}

/// The bare name behind an identifier (`r#type` → `type`), for building derived names.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `SCREAMING_SNAKE_CASE` for environment variable prefixes.
pub fn env_prefix(text: &str) -> String {
    ascii_words(text).to_snake_case().to_uppercase()
}

/// A crates.io-style package name (`Swagger Petstore` → `swagger-petstore`).
/// A keyword or a dependency's name gets `-api` (`Serde` → `serde-api`), so the derived name
/// always builds.
pub fn crate_name(text: &str) -> String {
    let snake = bounded(ascii_words(text).to_snake_case(), text, "_").replace('_', "-");
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{snake}").trim_end_matches('-').to_owned()
    } else if is_reserved_crate_path(&snake.replace('-', "_")) {
        format!("{snake}-api")
    } else {
        snake
    }
}

/// The part of a document's title that names the product, for deriving the crate name:
/// parenthesised remarks, version numbers and dates (`v2`, `3.0`, `2010-04-01`), the word
/// `OpenAPI` and a leading `The` are dropped (`The Plaid API` → `Plaid API`,
/// `Swagger Petstore - OpenAPI 3.0` → `Swagger Petstore`). The title itself when nothing is left.
pub fn product_name(title: &str) -> String {
    let mut depth = 0usize;
    let unbracketed: String = title
        .chars()
        .filter(|&c| {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let is_version = |word: &str| {
        let digits = word
            .strip_prefix(['v', 'V'])
            .filter(|rest| !rest.is_empty())
            .unwrap_or(word);
        digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    };
    let words: Vec<&str> = unbracketed
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ':')
        .filter(|word| word.chars().any(|c| c.is_ascii_alphanumeric()))
        .filter(|word| !is_version(word) && !word.eq_ignore_ascii_case("openapi"))
        .collect();
    let words = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") && !rest.is_empty() => rest,
        _ => &words[..],
    };
    if words.is_empty() {
        title.to_owned()
    } else {
        words.join(" ")
    }
}

/// The prefix of the client's environment variables, from the package name, without a trailing
/// `API` word: `acme-tasks-api` → `ACME_TASKS`, so the key is `ACME_TASKS_API_KEY` rather than
/// `ACME_TASKS_API_API_KEY` (the convention of `OPENAI_API_KEY` / `OPENAI_BASE_URL`).
pub fn client_env_prefix(package_name: &str) -> String {
    let prefix = env_prefix(package_name);
    match prefix.strip_suffix("_API") {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => prefix,
    }
}

/// A binary name derived from the package name: Cargo's reserved names get `-cli`.
pub fn binary_name(package_name: &str) -> String {
    if BINARY_NAMES_RESERVED.contains(&package_name) {
        format!("{package_name}-cli")
    } else {
        package_name.to_owned()
    }
}

/// Hands out names that are unique within one scope, deterministically: the first claimant of a
/// name keeps it, later ones get `2`, `3`, … (`Pet`, `Pet2`). Callers claim in a stable order.
#[derive(Default, Debug)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Reserves names that generated code already uses in this scope.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(unraw(name).to_owned());
    }

    /// Whether `name` is already claimed or reserved in this scope.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    /// Returns `ident` if free, else `ident` with the smallest numeric suffix that is free.
    pub fn claim(&mut self, ident: String) -> String {
        self.claim_with(ident, |_| None)
    }

    /// Like `claim`, for a name that brings a second one into the scope (a setter `token` and
    /// its `token_provider`): the name returned and its `companion` were both free, and both
    /// are claimed.
    pub fn claim_with(
        &mut self,
        ident: String,
        companion: impl Fn(&str) -> Option<String>,
    ) -> String {
        let mut take = |name: &str| {
            let companion = companion(unraw(name));
            let free =
                !self.is_taken(name) && companion.as_deref().is_none_or(|c| !self.is_taken(c));
            if free {
                self.reserve(name);
                if let Some(companion) = &companion {
                    self.reserve(companion);
                }
            }
            free
        };
        if take(&ident) {
            return ident;
        }
        let base = unraw(&ident).trim_end_matches('_').to_owned();
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) || base.contains('_') {
            "_"
        } else {
            ""
        };
        numbered(&base, separator, take)
    }
}

/// `base` if `claim` accepts it, else the first of `base{separator}2`, `base{separator}3`, …
/// that it accepts. The one suffix loop of the generator (Rust names, CLI commands and flags).
pub fn claim_suffixed(base: &str, separator: &str, mut claim: impl FnMut(&str) -> bool) -> String {
    if claim(base) {
        return base.to_owned();
    }
    numbered(base, separator, claim)
}

/// The first of `base{separator}2`, `base{separator}3`, … that `claim` accepts.
fn numbered(base: &str, separator: &str, mut claim: impl FnMut(&str) -> bool) -> String {
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{base}{separator}{n}");
        if claim(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
#[path = "naming_tests.rs"]
mod tests;
