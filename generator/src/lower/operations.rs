//! One spec operation → one `ir::Operation`: its parameters (`parameters`), body (`bodies`),
//! responses (`responses`), server and documentation, and pagination (`pagination`) where a
//! style matches the operation's shape. A function of its inputs: it returns the operation (and the
//! page envelope it found) and reports problems into the schema lowerer's sink.

use super::bodies::lower_body;
use super::context::SpecOperation;
use super::docs::code_span;
use super::mock_values::mock_values;
use super::pagination::{PagingInputs, detect_pagination};
use super::parameters::{ParamsBuilder, lower_parameters};
use super::responses::{LoweredResponse, lower_responses};
use super::schemas::{SchemaLowerer, with_degradation_notes};
use super::settings::{self, MUTUAL_TLS};
use crate::config::PaginationScheme;
use crate::ir::{Docs, Operation, PageImpl, ParamField, ParamsStruct, Text, Ty};
use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme};

/// An operation and, when it pages, the page envelope's implementation for its model.
pub struct LoweredOperation {
    pub operation: Operation,
    pub page: Option<PageImpl>,
}

/// Lowers `op` as the method `method_name` whose params struct is `params_type`.
pub fn lower_operation<'a>(
    schemas: &mut SchemaLowerer<'a>,
    schemes: &[PaginationScheme],
    op: &SpecOperation<'a>,
    method_name: String,
    params_type: &str,
) -> LoweredOperation {
    let spec = op.operation;
    // Notes left by component lowering belong to the models they were attached to already.
    schemas.take_notes();
    let endpoint = code_span(&op.endpoint());
    let mut params = lower_parameters(schemas, op, params_type);
    let body = lower_body(schemas, op, params_type, &mut params);
    let LoweredResponse {
        kind: response,
        accept,
        other_media,
        error_docs,
    } = lower_responses(schemas, op, params_type);
    let server = operation_server(schemas, op);
    let media = [body.other_media.as_slice(), other_media.as_slice()];
    let docs = operation_docs(schemas, op, &endpoint, media, &error_docs);
    let ParamsBuilder {
        fields,
        path_params,
        path_pieces,
        allow_reserved,
        ..
    } = params;
    let inputs = PagingInputs {
        schemas,
        op,
        fields: &fields,
        response: &response,
    };
    let pagination = detect_pagination(&inputs, schemes);
    let mock = mock_values(
        schemas.resolver,
        op,
        &path_params,
        &fields,
        body.field.as_deref(),
    );
    let params = (!fields.is_empty()).then(|| params_struct(params_type, &endpoint, fields));
    let (pagination, page) = match pagination {
        Some((pagination, page)) => (Some(pagination), page),
        None => (None, None),
    };
    let operation = Operation {
        method_name,
        pointer: Text::new(op.pointer.as_str()),
        docs,
        summary: spec.summary.clone().map(Text::new),
        description: spec.description.clone().map(Text::new),
        deprecated: spec.deprecated,
        http_method: op.http_method.to_uppercase(),
        path: Text::new(op.path),
        path_pieces,
        path_params,
        params,
        body_field: body.field,
        body_components: body.components,
        body_encoding: body.encoding,
        multipart_files: body.files,
        body_media: body.media.map(Text::new),
        other_body_media: body.other_media.into_iter().map(Text::new).collect(),
        deep_body_fields: body.deep_fields.into_iter().map(Text::new).collect(),
        response,
        other_media: other_media.into_iter().map(Text::new).collect(),
        accept: Text::new(accept),
        server,
        pagination,
        allow_reserved: allow_reserved.into_iter().map(Text::new).collect(),
        // Scheme names as written; the runtime looks them up in `crate::client::SCHEMES`.
        security: spec.security.as_ref().map(|alternatives| {
            (alternatives.iter())
                .map(|names| names.keys().map(Text::new).collect())
                .collect()
        }),
        mock,
    };
    LoweredOperation { operation, page }
}

/// The method's docs: the spec's summary and description, the endpoint, the other media types
/// of its body (`[request, response]`), its error responses, what was degraded, and mutual TLS.
fn operation_docs(
    schemas: &mut SchemaLowerer<'_>,
    op: &SpecOperation<'_>,
    endpoint: &str,
    [body_media, response_media]: [&[String]; 2],
    error_docs: &[String],
) -> Docs {
    let spec = op.operation;
    let alternatives = other_media_docs(response_media);
    let body_alternatives = other_body_media_docs(body_media);
    let errors = (!error_docs.is_empty()).then(|| {
        format!(
            "Error responses ([`crate::Error::Api`]; read a body with [`crate::ApiError::json_as`]):\n{}",
            error_docs.join("\n")
        )
    });
    // What loading repaired in the operation (a body outside `content`, no `responses`), then
    // what lowering degraded.
    let mut notes: Vec<String> = match spec.extensions.get(crate::load::OPERATION_NOTES) {
        Some(serde_json::Value::Array(notes)) => (notes.iter())
            .filter_map(|note| Some(note.as_str()?.to_owned()))
            .collect(),
        _ => Vec::new(),
    };
    notes.extend(schemas.take_notes());
    let degraded = with_degradation_notes(None, &notes);
    let mutual_tls = mutual_tls_docs(schemas.resolver.doc, op);
    Docs::new(&[
        spec.summary.as_deref(),
        spec.description.as_deref(),
        Some(endpoint),
        body_alternatives.as_deref(),
        alternatives.as_deref(),
        errors.as_deref(),
        degraded.as_deref(),
        mutual_tls.as_deref(),
    ])
}

/// The params struct of `fields` (not empty); `Default` unless a field that must be given has
/// no default of its own.
fn params_struct(params_type: &str, endpoint: &str, fields: Vec<ParamField>) -> ParamsStruct {
    ParamsStruct {
        type_name: params_type.to_owned(),
        docs: Docs::text(format!("Parameters of {endpoint}.")),
        derive_default: fields.iter().all(|f| {
            !(matches!(f.field.ty, Ty::Named(_)) || f.field.ty.lacks_default())
                || !f.field.presence.is_plain()
        }),
        fields,
    }
}

/// The sentence naming the other media types a response comes in, and how to ask for one.
fn other_media_docs(other_media: &[String]) -> Option<String> {
    media_sentence(
        "Also offered as",
        other_media,
        "[`crate::Call::download_as`] asks for one and returns the body unread.",
    )
}

/// The sentence naming the other media types a request body is accepted in, and how to send one.
fn other_body_media_docs(other_media: &[String]) -> Option<String> {
    media_sentence(
        "The body is also accepted as",
        other_media,
        "[`crate::Call::body_as`] sends one, given as bytes, a file or a stream, in place of the body built from the arguments.",
    )
}

/// `{lead} `a`, `b`: {how}`, or nothing for no media types.
fn media_sentence(lead: &str, media: &[String], how: &str) -> Option<String> {
    (!media.is_empty()).then(|| {
        let spans: Vec<String> = media.iter().map(|m| code_span(m)).collect();
        format!("{lead} {}: {how}", spans.join(", "))
    })
}

/// The sentence that says an operation's `security` names a mutual TLS scheme, which the client
/// cannot satisfy through its credentials (`normalize` reads `type: mutualTLS` as the http scheme
/// `mutualTLS`, and `settings` warns about it once).
fn mutual_tls_docs(doc: &OpenAPI, op: &SpecOperation<'_>) -> Option<String> {
    let schemes = &doc.components.as_ref()?.security_schemes;
    let is_mutual_tls = |name: &String| {
        matches!(schemes.get(name), Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
            if scheme == MUTUAL_TLS)
    };
    let security = op.operation.security.as_ref().or(doc.security.as_ref())?;
    let mut names: Vec<String> = (security.iter())
        .flat_map(|requirement| requirement.keys())
        .filter(|name| is_mutual_tls(name))
        .map(|name| code_span(name))
        .collect();
    names.dedup();
    (!names.is_empty()).then(|| {
        format!(
            "Degraded: the mutual TLS scheme {} (a client certificate) cannot be supplied as a credential; without other credentials the request is sent without it. Give the client a `reqwest::Client` that holds the certificate (`reqwest::Identity`) with the builder's `http_client`.",
            names.join(", ")
        )
    })
}

/// `servers` on the operation (else its path item): an absolute http(s) URL, with server
/// variables at their defaults.
fn operation_server(schemas: &mut SchemaLowerer<'_>, op: &SpecOperation<'_>) -> Option<Text> {
    let (server, pointer) = [
        (&op.operation.servers, &op.pointer),
        (&op.path_item.servers, &op.path_pointer),
    ]
    .into_iter()
    .find_map(|(servers, pointer)| {
        let (index, server) = settings::first_server(servers)?;
        Some((server, pointer.join("servers").join(index)))
    })?;
    let url = settings::server_url(server);
    if let Some(variable) = settings::undeclared_variable(server) {
        schemas.degrade(
            &pointer.join("url"),
            "server-url",
            format!(
                "server URL `{url}` names `{variable}`, a variable the server does not declare with a default; the client's base URL is used"
            ),
            Some(settings::VARIABLE_HINT),
        );
        return None;
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        schemas.degrade(
            &pointer.join("url"),
            "server-url",
            format!(
                "server URL `{url}` is not an absolute http(s) URL; the client's base URL is used"
            ),
            Some("operation-level servers must be absolute"),
        );
        return None;
    }
    Some(Text::new(url.trim_end_matches('/')))
}
