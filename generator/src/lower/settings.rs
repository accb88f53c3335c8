//! Package and client settings: `sdk.yaml` values where given, else defaults derived from the
//! document (crate name from the title, base URL from the first server, auth from the security
//! schemes). Invalid values are config diagnostics; unsupported security is a spec diagnostic.

use super::checks::{check_client_name, check_crate_name, check_crate_version, check_env_names};
use super::docs::single_line;
use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, InputFile, Pointer, Sink};
use crate::ir::{Auth, AuthScheme, ClientSettings, Docs, Package, SchemeKind, Text};
use crate::naming::{UniqueNames, client_env_prefix, crate_name, product_name, snake_ident};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

pub fn lower_package(doc: &OpenAPI, config: &SdkConfig, problems: &mut Sink) -> Package {
    let name = match &config.crate_name {
        Some(configured) => {
            check_crate_name(configured, problems);
            configured.clone()
        }
        None => crate_name(&product_name(&doc.info.title)),
    };
    let version = config
        .crate_version
        .clone()
        .unwrap_or_else(|| "0.1.0".to_owned());
    check_crate_version(&version, problems);
    let title = single_line(&doc.info.title);
    let description = config
        .crate_description
        .clone()
        .unwrap_or_else(|| format!("Rust client for the {title}."));
    Package {
        lib_name: name.replace('-', "_"),
        name,
        version,
        description: Text::new(single_line(&description)),
        title: Text::new(title),
        docs: Docs::new(&[doc.info.description.as_deref()]),
        publish: super::publish::lower_publish(doc, config, problems),
        type_dependencies: Vec::new(),
    }
}

/// The document's first server when it is a relative URL (a base URL must end in it), whatever
/// `sdk.yaml` says; not `/`, which is what a document without servers means: nothing is lost.
fn relative_server(doc: &OpenAPI) -> Option<String> {
    let (_, server) = first_server(&doc.servers)?;
    // A URL that is no http(s) URL only for a variable it does not declare (`{scheme}://…`)
    // is not relative: `spec_base_url` says what is wrong with it.
    if undeclared_variable(server).is_some() {
        return None;
    }
    let url = server_url(server);
    let relative = !is_http_url(&url.replace(char::is_control, ""));
    (relative && !matches!(url.trim(), "" | "/")).then_some(url)
}

/// The first server that has a URL, with its index (a server without one is kept in the list,
/// marked, so that the indexes stay the document's).
pub(super) fn first_server(servers: &[openapiv3::Server]) -> Option<(usize, &openapiv3::Server)> {
    (servers.iter().enumerate())
        .find(|(_, server)| !server.extensions.contains_key(crate::load::NO_URL))
}

/// A server's URL with its variables at their defaults.
pub(super) fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// The first of the document's `servers`, with its variables at their defaults, when that is an
/// absolute http(s) URL. A relative one (`/api/v3`, relative to where the document is served)
/// names no host, so the crate has no default base URL: a warning says what the caller's base
/// URL must end in.
fn spec_base_url(doc: &OpenAPI, relative: Option<&str>, problems: &mut Sink) -> Option<String> {
    if let Some(url) = relative {
        let index = first_server(&doc.servers).map_or(0, |(index, _)| index);
        problems.warn(
            &Pointer::root().join("servers").join(index).join("url"),
            "server-url",
            format!(
                "server URL `{url}` is not an absolute http(s) URL; the crate has no default base URL, and the base URL its users give must include `{url}`"
            ),
            Some("give the server's absolute URL in the document, or `client.default_base_url` in sdk.yaml"),
        );
        return None;
    }
    // Kept with control characters as the spec wrote it: it is only ever a string literal, and
    // the CLI's help strips them (sdk.yaml's own URL must be clean).
    let (index, server) = first_server(&doc.servers)?;
    let url = server_url(server);
    if let Some(variable) = undeclared_variable(server) {
        problems.warn(
            &Pointer::root().join("servers").join(index).join("url"),
            "server-url",
            format!(
                "server URL `{url}` names `{variable}`, a variable the server does not declare with a default; the crate has no default base URL, so its users give one"
            ),
            Some(VARIABLE_HINT),
        );
        return None;
    }
    is_http_url(&url.replace(char::is_control, "")).then_some(url)
}

/// The hint of a warning about a server variable `undeclared_variable` finds.
pub(super) const VARIABLE_HINT: &str =
    "declare the variable under the server's `variables`, with a `default`";

/// The first `{name}` in a server's URL template that the server does not declare under
/// `variables` (`load` leaves out a variable with no default): substituted by nothing, it would
/// leave the URL wrong (a host with a brace is not one). Read on the template, so a default
/// holding braces is not mistaken for one; in `{{name}}` the inner pair is the variable.
pub(super) fn undeclared_variable(server: &openapiv3::Server) -> Option<String> {
    let url = &server.url;
    let declared = |name: &str| (server.variables.as_ref()).is_some_and(|v| v.contains_key(name));
    let mut from = 0;
    while let Some(close) = url[from..].find('}').map(|at| from + at) {
        if let Some(open) = url[from..close].rfind('{').map(|at| from + at) {
            let name = &url[open + 1..close];
            if !declared(name) {
                return Some(format!("{{{name}}}"));
            }
        }
        from = close + 1;
    }
    None
}

pub fn lower_client(
    doc: &OpenAPI,
    config: &SdkConfig,
    package: &Package,
    problems: &mut Sink,
) -> ClientSettings {
    let type_name = config
        .client_name
        .clone()
        .unwrap_or_else(|| "Client".to_owned());
    check_client_name(&type_name, problems);
    let relative = relative_server(doc);
    let default_base_url = match &config.default_base_url {
        Some(url) => {
            if !is_http_url(url) {
                problems.push(Diagnostic::new(
                    InputFile::Config,
                    "#/client/default_base_url",
                    format!("`{url}` is not an http(s) URL"),
                ));
            }
            Some(url.clone())
        }
        None => spec_base_url(doc, relative.as_deref(), problems),
    };
    // Said in the docs only where it matters: when no base URL is configured.
    let relative_server = relative.filter(|_| default_base_url.is_none());
    let prefix = client_env_prefix(&package.name);
    let env = |configured: &Option<String>, suffix: &str| {
        configured
            .clone()
            .unwrap_or_else(|| format!("{prefix}_{suffix}"))
    };
    let env_api_key = env(&config.env_api_key, "API_KEY");
    let env_base_url = env(&config.env_base_url, "BASE_URL");
    let env_custom_headers = env(&config.env_custom_headers, "CUSTOM_HEADERS");
    check_env_names(
        &[
            ("api_key", &env_api_key),
            ("base_url", &env_base_url),
            ("custom_headers", &env_custom_headers),
        ],
        problems,
    );
    let (auth, schemes) = lower_auth(doc, &prefix, &env_api_key, problems);
    let default_security = (doc.security.iter().flatten())
        .map(|names| names.keys().map(Text::new).collect())
        .collect();
    ClientSettings {
        type_name,
        relative_server: relative_server.map(Text::new),
        default_base_url: default_base_url.map(Text::new),
        env_api_key: Text::new(env_api_key),
        env_base_url: Text::new(env_base_url),
        env_custom_headers: Text::new(env_custom_headers),
        auth,
        schemes,
        default_security,
        user_agent: Text::new(format!("{}-rust/{}", package.name, package.version)),
    }
}

/// An absolute `http(s)` URL with no whitespace or control characters: it ends up in generated
/// code, `Cargo.toml` and terminal output, where either would be an injection or a broken value.
pub(super) fn is_http_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(|c: char| c.is_whitespace() || c.is_control())
}

/// The security schemes the document uses, in name order, each with where its credential goes;
/// the primary one (bearer first, else an API key header) keeps the `api_key` setter and
/// `API_KEY_ENV`, which the CLI's `--api-key` reads.
fn lower_auth(
    doc: &OpenAPI,
    prefix: &str,
    env_api_key: &str,
    problems: &mut Sink,
) -> (Auth, Vec<AuthScheme>) {
    let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
    let mut found: Vec<(Text, SchemeKind)> = Vec::new();
    for (name, first_use) in used_scheme_names(doc) {
        let pointer = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        match schemes.and_then(|s| s.get(name)) {
            Some(ReferenceOr::Item(scheme)) => {
                if let Some(kind) = scheme_kind(scheme, &pointer, problems) {
                    found.push((Text::new(name.as_str()), kind));
                }
            }
            _ => problems.warn(&first_use, "security-scheme", format!("security requirement names `{name}`, which is not in #/components/securitySchemes; it is ignored"), Some("declare the scheme, or remove the requirement")),
        }
    }
    let primary = found
        .iter()
        .position(|(_, kind)| *kind == SchemeKind::Bearer)
        .or_else(|| {
            found.iter().position(|(name, kind)| {
                matches!(kind, SchemeKind::Header(_)) && !caller_authorization(doc, name.as_str())
            })
        });
    if let Some(index) = primary {
        let entry = found.remove(index);
        found.insert(0, entry);
    }
    let auth = match primary.map(|_| &found[0].1) {
        Some(SchemeKind::Bearer) => Auth::Bearer,
        Some(SchemeKind::Header(name)) => Auth::Header { name: name.clone() },
        _ => Auth::None,
    };
    let mut setters = UniqueNames::default();
    for taken in BUILDER_METHODS {
        setters.reserve(taken);
    }
    let lowered = found
        .into_iter()
        .enumerate()
        .map(|(index, (name, kind))| {
            let primary = index == 0 && primary.is_some();
            let setter = if primary {
                "api_key".to_owned()
            } else {
                claim_setter(&mut setters, &snake_ident(name.as_str()))
            };
            let shout = crate::naming::unraw(&setter).to_ascii_uppercase();
            AuthScheme {
                env: Text::new(if primary {
                    env_api_key.to_owned()
                } else {
                    format!("{prefix}_{shout}")
                }),
                env_const: format!("{shout}_ENV"),
                name,
                kind,
                setter,
                primary,
            }
        })
        .collect();
    (auth, lowered)
}

/// A scheme's setter name free together with its `…_provider` (a scheme named `token` would
/// otherwise define the builder's own `token_provider` twice).
fn claim_setter(setters: &mut UniqueNames, base: &str) -> String {
    setters.claim_with(base.to_owned(), |name| Some(format!("{name}_provider")))
}

/// Whether the scheme named `name` is an http scheme other than bearer and basic (its credential
/// is the caller's whole `Authorization` value).
fn caller_authorization(doc: &OpenAPI, name: &str) -> bool {
    let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
    matches!(
        schemes.and_then(|s| s.get(name)),
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
            if scheme != MUTUAL_TLS
                && !["bearer", "basic"].iter().any(|known| scheme.eq_ignore_ascii_case(known))
    )
}

/// Builder methods and constants a scheme's setter (and its `…_ENV`) must not take.
const BUILDER_METHODS: &[&str] = &[
    "api_key",
    "base_url",
    "custom_headers",
    "default_header",
    "timeout",
    "max_retries",
    "debug",
    "http_client",
    "build",
    "token_provider",
    "transport",
    "builder",
    "from_env",
    // Private helpers of the builder (Plaid names a scheme `secret`), and the client module's
    // functions, reserved whole so that the test below can read the template simply.
    "credential",
    "secret",
    "fmt",
    "fixed_credential",
    "fixed_header",
    "sendable",
    "env_value",
    "validate_base_url",
    "parse_custom_headers",
    "insert_header",
    "same_origin_redirects",
];

/// The security schemes the document's requirements name, in name order, each with the pointer
/// of the first requirement naming it (for the warning when it is not declared).
fn used_scheme_names<'a>(doc: &'a OpenAPI) -> Vec<(&'a String, Pointer)> {
    let mut used = Vec::new();
    let mut name = |requirements: &'a Option<Vec<openapiv3::SecurityRequirement>>,
                    owner: Pointer| {
        for (index, requirement) in requirements.iter().flatten().enumerate() {
            let pointer = owner.join("security").join(index);
            used.extend(requirement.keys().map(|name| (name, pointer.clone())));
        }
    };
    name(&doc.security, Pointer::root());
    for (path, item) in doc.paths.iter() {
        if let ReferenceOr::Item(item) = item {
            for (method, op) in item.iter() {
                name(
                    &op.security,
                    Pointer::root().join("paths").join(path).join(method),
                );
            }
        }
    }
    used.sort_by_key(|(name, _)| *name);
    used.dedup_by(|(a, _), (b, _)| a == b);
    used
}

/// The http scheme name `normalize` gives 3.1's `type: mutualTLS` (3.0 has no such type); not a
/// registered HTTP authentication scheme, so no real http scheme is mistaken for it.
pub(super) const MUTUAL_TLS: &str = "mutualTLS";

/// The header of an http scheme the client cannot compute (digest, …), whose value the caller
/// supplies whole. Never the primary scheme: `api_key(..)` promises an API key.
const CALLER_AUTHORIZATION: &str = "authorization";

/// Where the scheme's credential goes, or `None` (warned) when the client cannot send it.
fn scheme_kind(
    scheme: &SecurityScheme,
    pointer: &Pointer,
    problems: &mut Sink,
) -> Option<SchemeKind> {
    let is_token = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(SchemeKind::Bearer)
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(SchemeKind::Basic)
        }
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
            Some(SchemeKind::Bearer)
        }
        SecurityScheme::APIKey {
            location: APIKeyLocation::Query,
            name,
            ..
        } => Some(SchemeKind::Query(Text::new(name.as_str()))),
        // Header and cookie names are HTTP tokens; anything else is rejected here, not at run time.
        SecurityScheme::APIKey { name, .. } if !is_token(name) => {
            problems.warn(&pointer.join("name"), "security-scheme", format!("`{name}` is not a valid HTTP header or cookie name; the client sends no key in it"), Some("send the key with a default header on the client"));
            None
        }
        SecurityScheme::APIKey {
            location: APIKeyLocation::Header,
            name,
            ..
        } => Some(SchemeKind::Header(Text::new(name.to_ascii_lowercase()))),
        SecurityScheme::APIKey {
            location: APIKeyLocation::Cookie,
            name,
            ..
        } => Some(SchemeKind::Cookie(Text::new(name.as_str()))),
        SecurityScheme::HTTP { scheme, .. } if scheme == MUTUAL_TLS => {
            problems.warn(&pointer.join("type"), "security-scheme", "security scheme type `mutualTLS` (a client certificate) is not supported: the client cannot supply a certificate as a credential, so operations that require only this scheme are sent without credentials".to_owned(), Some("give the client a `reqwest::Client` that holds the certificate (`reqwest::Identity`) with the builder's `http_client`; each affected method's docs say so"));
            None
        }
        // The client cannot compute such a credential, but the caller can: the scheme's setter
        // takes the whole `Authorization` value, sent as given.
        SecurityScheme::HTTP { scheme, .. } => {
            problems.warn(pointer, "security-scheme", format!("the http scheme `{scheme}` is not supported: the client cannot compute its credential, so the scheme's setter takes the whole `Authorization` header value and sends it as given"), Some("supported: http bearer and basic, apiKey in a header, query or cookie, oauth2 / openIdConnect access tokens"));
            Some(SchemeKind::Header(Text::new(CALLER_AUTHORIZATION)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BUILDER_METHODS, UniqueNames, claim_setter, undeclared_variable};

    #[test]
    fn a_server_variable_is_undeclared_only_in_the_template() {
        let server = |url: &str, declared: &[&str]| openapiv3::Server {
            url: url.to_owned(),
            variables: Some(
                (declared.iter())
                    .map(|name| {
                        let variable = openapiv3::ServerVariable {
                            default: "{x}".to_owned(),
                            ..Default::default()
                        };
                        ((*name).to_owned(), variable)
                    })
                    .collect(),
            ),
            ..Default::default()
        };
        let found = |url: &str, declared: &[&str]| undeclared_variable(&server(url, declared));
        assert_eq!(
            found("https://{region}.x.com/{v}", &["region"]),
            Some("{v}".into())
        );
        // A default holding braces is not a variable; in `{{v}}` the inner pair is.
        assert_eq!(found("https://{region}.x.com", &["region"]), None);
        assert_eq!(found("https://x.com/{{v}}/}", &["v"]), None);
        assert_eq!(found("https://x.com/{{v}}", &[]), Some("{v}".into()));
    }

    /// A security scheme's setter shares the builder's scope with every method the client
    /// template defines there (public or not): each must be reserved.
    #[test]
    fn every_method_of_the_client_template_is_reserved_for_setters() {
        let template = include_str!("../../../templates/client.rs.askama");
        let missing: Vec<&str> = template
            .split("fn ")
            .skip(1)
            .filter_map(|rest| rest.split(['(', '<']).next())
            .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .filter(|name| !name.is_empty() && !BUILDER_METHODS.contains(name))
            .collect();
        assert!(missing.is_empty(), "not in BUILDER_METHODS: {missing:?}");
    }

    #[test]
    fn a_setter_is_claimed_free_together_with_its_provider() {
        let mut setters = UniqueNames::default();
        for taken in BUILDER_METHODS {
            setters.reserve(taken);
        }
        // `token_provider` is the builder's own: a scheme named `token` cannot be `token`.
        assert_eq!(claim_setter(&mut setters, "token"), "token2");
        assert_eq!(claim_setter(&mut setters, "oidc"), "oidc");
        assert_eq!(claim_setter(&mut setters, "oidc"), "oidc2");
        assert!(setters.is_taken("oidc_provider") && setters.is_taken("token2_provider"));
    }

    #[test]
    fn a_scheme_named_by_a_keyword_has_a_plain_environment_constant() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{type: []}]\n\
                    paths: {}\ncomponents: {securitySchemes: {type: {type: apiKey, in: query, name: k}}}\n";
        let inputs = crate::load::load_inputs(spec, None).unwrap();
        let api = crate::lower::lower(&inputs).unwrap().api;
        let scheme = &api.client.schemes[0];
        assert_eq!(scheme.setter, "r#type");
        assert_eq!(scheme.env_const, "TYPE_ENV");
        assert_eq!(scheme.env.as_str(), "T_TYPE");
    }
}
