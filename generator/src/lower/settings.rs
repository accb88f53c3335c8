//! Package and client settings: `sdk.yaml` values where given, else defaults derived from the
//! document (crate name from the title, base URL from the first server, auth from the security
//! schemes). Invalid values are config diagnostics; unsupported security is a spec diagnostic.

use super::checks::{check_client_name, check_crate_name, check_crate_version, check_env_names};
use super::docs::single_line;
use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, InputFile, Pointer, Sink};
use crate::ir::{Auth, ClientSettings, Docs, Package, Text};
use crate::naming::{client_env_prefix, crate_name, product_name};
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
        None => doc
            .servers
            .first()
            .map(|server| {
                let mut url = server.url.clone();
                for (name, variable) in server.variables.iter().flatten() {
                    url = url.replace(&format!("{{{name}}}"), &variable.default);
                }
                url
            })
            .filter(|url| is_http_url(url)),
    };
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
    ClientSettings {
        type_name,
        default_base_url: default_base_url.map(Text::new),
        env_api_key: Text::new(env_api_key),
        env_base_url: Text::new(env_base_url),
        env_custom_headers: Text::new(env_custom_headers),
        auth: lower_auth(doc, problems),
        user_agent: Text::new(format!("{}-rust/{}", package.name, package.version)),
    }
}

fn is_http_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// The key scheme the client supports, from the security schemes the document uses. Bearer
/// (including OAuth2 / OpenID Connect access tokens) wins over a header key; a document whose
/// every scheme is unsupported is an error rather than a client that silently sends no key.
fn lower_auth(doc: &OpenAPI, problems: &mut Sink) -> Auth {
    let mut used: Vec<&String> = doc
        .security
        .iter()
        .flatten()
        .flat_map(|req| req.keys())
        .collect();
    for (_, item) in doc.paths.iter() {
        if let ReferenceOr::Item(item) = item {
            for (_, op) in item.iter() {
                used.extend(op.security.iter().flatten().flat_map(|req| req.keys()));
            }
        }
    }
    used.sort();
    used.dedup();
    let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
    let mut candidates = Vec::new();
    let mut unsupported = Vec::new();
    for name in used {
        let pointer = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        match schemes.and_then(|s| s.get(name)) {
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer") => candidates.push((0, Auth::Bearer)),
            Some(ReferenceOr::Item(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. })) => candidates.push((0, Auth::Bearer)),
            Some(ReferenceOr::Item(SecurityScheme::APIKey { location: APIKeyLocation::Header, name: header, .. })) => {
                // The generated client builds the header name with `HeaderName::from_static`,
                // which takes a lowercase token; anything else is rejected here, not at run time.
                let is_token = !header.is_empty() && header.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
                if is_token {
                    candidates.push((1, Auth::Header { name: Text::new(header.to_ascii_lowercase()) }));
                } else {
                    problems.warn(&pointer.join("name"), "security-scheme", format!("`{header}` is not a valid HTTP header name; the client sends no key in it"), Some("send the key with a default header on the client"));
                }
            }
            Some(ReferenceOr::Item(_)) => unsupported.push(pointer),
            _ => problems.warn(&Pointer::root().join("security"), "security-scheme", format!("security requirement names `{name}`, which is not in #/components/securitySchemes; it is ignored"), Some("declare the scheme, or remove the requirement")),
        }
    }
    candidates.sort_by_key(|(rank, _)| *rank);
    match candidates.into_iter().next() {
        Some((_, auth)) => auth,
        None => {
            for pointer in unsupported {
                problems.warn(
                    &pointer,
                    "security-scheme",
                    "this security scheme is not supported; the client sends no credentials for it",
                    Some("supported: http bearer, oauth2 / openIdConnect access tokens, apiKey in a header; send credentials with a default header on the client"),
                );
            }
            Auth::None
        }
    }
}
