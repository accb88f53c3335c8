//! How the client authenticates: the primary key's placement, every security scheme it can
//! carry, and security requirements as Rust literals.

use super::Text;

/// How requests carry the API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The spec declares no security: the client has no API key.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// The key in a named header (`x-api-key: <key>`), lowercase.
    Header { name: Text },
}

impl Auth {
    pub fn has_key(&self) -> bool {
        *self != Auth::None
    }

    pub fn is_bearer(&self) -> bool {
        *self == Auth::Bearer
    }

    /// The header name for header auth, `None` otherwise.
    pub fn header(&self) -> Option<&Text> {
        match self {
            Auth::Header { name } => Some(name),
            _ => None,
        }
    }
}

/// A security scheme the client can carry.
#[derive(Clone, Debug)]
pub struct AuthScheme {
    /// Its name under `#/components/securitySchemes`.
    pub name: Text,
    pub kind: SchemeKind,
    /// The builder's setter (`api_key` for the primary scheme, else from the name).
    pub setter: String,
    /// The environment variable read when the setter is not called.
    pub env: Text,
    /// The `ENV` constant naming `env` in `client.rs` (`API_KEY_ENV`).
    pub env_const: String,
    /// The scheme behind `auth` (`api_key`, `API_KEY_ENV`, the CLI's `--api-key`).
    pub primary: bool,
}

/// Where a scheme puts its credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    Header(Text),
    Query(Text),
    Cookie(Text),
}

impl SchemeKind {
    /// The runtime's `(kind, name)` pair for `crate::runtime::auth::Scheme`.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            SchemeKind::Bearer => ("bearer", ""),
            SchemeKind::Basic => ("basic", ""),
            SchemeKind::Header(name) => ("header", name.as_str()),
            SchemeKind::Query(name) => ("query", name.as_str()),
            SchemeKind::Cookie(name) => ("cookie", name.as_str()),
        }
    }

    pub fn kind(&self) -> &'static str {
        self.parts().0
    }

    pub fn param(&self) -> Text {
        Text::new(self.parts().1)
    }
}

/// A security requirement as a Rust literal: `&[&["a"], &["b", "c"]]`.
pub fn security_lit(alternatives: &[Vec<Text>]) -> String {
    let alternatives: Vec<String> = alternatives
        .iter()
        .map(|names| {
            let names: Vec<String> = names.iter().map(Text::lit).collect();
            format!("&[{}]", names.join(", "))
        })
        .collect();
    format!("&[{}]", alternatives.join(", "))
}
