//! Credentials and where each request carries them: the client holds one credential per
//! security scheme it was given (`crate::client::SCHEMES`), and each request applies the first
//! alternative of its operation's `security` whose every scheme has one. Credentials go into
//! headers marked sensitive (never logged) or the query (redacted from logs, errors and
//! `ResponseMeta::url`).

use crate::runtime::call::BoxFuture;
use crate::runtime::error::Error;
use crate::runtime::request::Exchange;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::sync::Arc;

/// A security scheme of the API description.
pub(crate) struct SchemeSpec {
    /// Its name under `#/components/securitySchemes`, as requirements name it.
    pub(crate) name: &'static str,
    /// `bearer`, `basic` (the credential is `user:password`), `header`, `query` or `cookie`.
    pub(crate) kind: &'static str,
    /// The header, query parameter or cookie name (`header`, `query`, `cookie`).
    pub(crate) param: &'static str,
}

/// A credential the client holds for one scheme.
pub(crate) trait Credential: Send + Sync {
    /// The secret for one request: a provider is called for every request, so that it can
    /// refresh a token.
    fn secret(&self) -> BoxFuture<Result<String, String>>;
    /// The header that carries a fixed secret, made when the client was built and cloned into
    /// each request; `None` for a provider and for a scheme sent in the query or a cookie.
    fn fixed_header(&self) -> Option<&(HeaderName, HeaderValue)> {
        None
    }
}

/// A provider (`token_provider(..)` and the like).
impl<F> Credential for F
where
    F: Fn() -> BoxFuture<Result<String, String>> + Send + Sync,
{
    fn secret(&self) -> BoxFuture<Result<String, String>> {
        self()
    }
}

/// A credential as the client keeps it.
pub(crate) type SharedCredential = Arc<dyn Credential>;
/// Puts the credentials of the request's requirement on `url` and `headers`. A request whose
/// every alternative lacks a credential fails before it is sent, naming the schemes.
pub(crate) async fn apply(
    exchange: &Exchange,
    url: &mut reqwest::Url,
    headers: &mut HeaderMap,
) -> Result<(), Error> {
    let requirement = exchange.request.security;
    let credentials = &exchange.client.inner.credentials;
    let has = |name: &&str| {
        scheme_index(name).is_none_or(|index| credentials[index].is_some())
    };
    if requirement.is_empty() {
        return Ok(());
    }
    // Optional auth (`{}` among the alternatives) still sends credentials the client has.
    let satisfied = |names: &&&[&str]| names.iter().all(has);
    let chosen = (requirement.iter())
        .find(|names| !names.is_empty() && satisfied(names))
        .or_else(|| requirement.iter().find(satisfied));
    let Some(alternative) = chosen else {
        let wanted: Vec<String> = requirement
            .iter()
            .map(|names| names.join(" + "))
            .collect();
        return Err(
            Error::config(
                format!(
                    "this operation needs credentials for {}; none were configured",
                    wanted.join(" or ")
                ),
            ),
        );
    };
    for name in alternative.iter() {
        let Some(index) = scheme_index(name) else { continue };
        let Some(credential) = &credentials[index] else { continue };
        if let Some((header, value)) = credential.fixed_header() {
            headers.insert(header.clone(), value.clone());
            continue;
        }
        let secret = credential
            .secret()
            .await
            .map_err(|err| Error::config(
                format!("the credential provider for `{name}` failed: {err}"),
            ))?;
        place(&crate::client::SCHEMES[index], &secret, url, headers)?;
    }
    Ok(())
}

fn scheme_index(name: &str) -> Option<usize> {
    crate::client::SCHEMES.iter().position(|scheme| scheme.name == name)
}

fn place(
    scheme: &SchemeSpec,
    secret: &str,
    url: &mut reqwest::Url,
    headers: &mut HeaderMap,
) -> Result<(), Error> {
    if let Some(header) = header(scheme, secret) {
        let (name, value) = header?;
        headers.insert(name, value);
    } else if scheme.kind == "query" {
        url.query_pairs_mut().append_pair(scheme.param, secret);
    } else {
        let pair = format!("{}={secret}", scheme.param);
        let text = match headers.get(reqwest::header::COOKIE) {
            Some(cookies) => format!("{}; {pair}", cookies.to_str().unwrap_or_default()),
            None => pair,
        };
        headers.insert(reqwest::header::COOKIE, sensitive(scheme, &text)?);
    }
    Ok(())
}

/// The header that carries `secret` for a `bearer`, `basic` or `header` scheme, marked
/// sensitive; `None` for a scheme sent in the query or a cookie.
pub(crate) fn header(
    scheme: &SchemeSpec,
    secret: &str,
) -> Option<Result<(HeaderName, HeaderValue), Error>> {
    let (name, text) = match scheme.kind {
        "query" | "cookie" => return None,
        "bearer" => (reqwest::header::AUTHORIZATION, format!("Bearer {secret}")),
        "basic" => {
            (
                reqwest::header::AUTHORIZATION,
                format!("Basic {}", base64(secret.as_bytes())),
            )
        }
        _ => {
            let Ok(name) = HeaderName::from_bytes(scheme.param.as_bytes()) else {
                return Some(Err(unsendable(scheme)));
            };
            (name, secret.to_owned())
        }
    };
    Some(sensitive(scheme, &text).map(|value| (name, value)))
}

/// `text` as a header value that is never logged.
fn sensitive(scheme: &SchemeSpec, text: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(text).map_err(|_| unsendable(scheme))?;
    value.set_sensitive(true);
    Ok(value)
}

fn unsendable(scheme: &SchemeSpec) -> Error {
    Error::config(
        format!(
            "the credential for `{}` contains characters that cannot be sent in a header",
            scheme.name
        ),
    )
}

/// The URL as logs, errors and `ResponseMeta` show it: API keys in the query redacted.
pub(crate) fn redacted(url: &reqwest::Url) -> String {
    let secret = |name: &str| {
        crate::client::SCHEMES
            .iter()
            .any(|scheme| scheme.kind == "query" && scheme.param == name)
    };
    if !url.query_pairs().any(|(name, _)| secret(&name)) {
        return url.to_string();
    }
    let mut shown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if secret(&name) {
                "[redacted]".to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    shown.query_pairs_mut().clear().extend_pairs(pairs);
    shown.to_string()
}

/// Standard base64 with padding (RFC 4648), for `Authorization: Basic`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let triple = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, byte)| acc | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(triple >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
