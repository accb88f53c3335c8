//! What each media type lowers to, request and response, and that none of them is a warning:
//! the JSON family by its media type, text and XML as `String`, anything else as a `Download` or
//! an `Upload`; the other media types a response offers are kept for `download_as`, those a
//! request body is accepted in for `body_as`; media type parameters that can go in a header.

use crate::ir::{BodyEncoding, Operation, ResponseKind, Ty};

/// The single operation of a document whose `post /things` has `body` (indented request body
/// content, or empty) and `response` (indented 200 content).
fn operation(body: &str, response: &str) -> Operation {
    let request = if body.is_empty() {
        String::new()
    } else {
        format!("      requestBody:\n        required: true\n        content:\n{body}\n")
    };
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: Demo, version: \"1\"}}\npaths:\n  /things:\n    post:\n      \
         operationId: make\n{request}      responses:\n        '200':\n          description: ok\n          \
         content:\n{response}\n"
    );
    let inputs = crate::load::load_inputs(&spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap_or_else(|problems| panic!("{problems:?}"));
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    lowered.api.resources[0].operations[0].clone()
}

fn response(media: &[&str]) -> Operation {
    let content: Vec<String> = media
        .iter()
        .map(|m| format!("            {m}:\n              schema: {{type: string}}"))
        .collect();
    operation("", &content.join("\n"))
}

#[test]
fn the_json_family_decodes_as_json_and_is_asked_for_by_its_media_type() {
    for (media, accept) in [
        ("'application/json; charset=utf-8'", "application/json"),
        ("application/problem+json", "application/problem+json"),
        ("application/vnd.api+json", "application/vnd.api+json"),
        ("text/json", "text/json"),
    ] {
        let op = response(&[media]);
        assert!(
            matches!(op.response, ResponseKind::Json { ty: Ty::String }),
            "{media}: {:?}",
            op.response
        );
        assert_eq!(op.accept.as_str(), accept);
    }
}

#[test]
fn text_and_xml_are_strings_and_everything_else_a_download() {
    for media in [
        "text/plain",
        "text/csv",
        "application/xml",
        "application/atom+xml",
    ] {
        assert!(
            matches!(response(&[media]).response, ResponseKind::Text),
            "{media}"
        );
    }
    for media in [
        "application/octet-stream",
        "image/png",
        "application/pdf",
        "application/zip",
        "audio/mpeg",
        "video/mp4",
        "application/jwt",
        "multipart/mixed",
    ] {
        let op = response(&[media]);
        assert!(matches!(op.response, ResponseKind::Download), "{media}");
        assert_eq!(op.accept.as_str(), media);
    }
}

#[test]
fn json_is_chosen_among_several_and_the_others_are_kept_for_download_as() {
    let op = response(&["text/csv", "application/json", "application/pdf", "'*/*'"]);
    assert!(matches!(op.response, ResponseKind::Json { .. }));
    let others: Vec<&str> = op.other_media.iter().map(|m| m.as_str()).collect();
    assert_eq!(others, ["text/csv", "application/pdf"]);
    let docs = op.docs.paragraphs().join("\n");
    assert!(docs.contains("download_as"), "{docs}");
}

#[test]
fn a_json_body_among_several_is_the_default_and_the_others_are_kept_for_body_as() {
    let body = ["application/xml", "application/json", "'text/plain; charset=utf-8'", "'*/*'"]
        .iter()
        .map(|m| format!("          {m}:\n            schema: {{type: object, properties: {{a: {{type: string}}}}}}"))
        .collect::<Vec<_>>()
        .join("\n");
    let op = operation(
        &body,
        "            application/json:\n              schema: {type: string}",
    );
    assert_eq!(op.body_encoding, BodyEncoding::Json);
    let others: Vec<&str> = op.other_body_media.iter().map(|m| m.as_str()).collect();
    assert_eq!(others, ["application/xml", "text/plain"]);
    let docs = op.docs.paragraphs().join("\n");
    assert!(docs.contains("`crate::Call::body_as`"), "{docs}");
    assert!(response(&["application/json"]).other_body_media.is_empty());
}

#[test]
fn a_named_media_type_is_sent_before_a_wildcard_and_multipart_is_not_offered_to_body_as() {
    let body = "          '*/*':\n            schema: {type: string, format: binary}\n          \
                application/xml:\n            schema: {type: string}\n          \
                multipart/mixed:\n            schema: {type: string}";
    let op = operation(
        body,
        "            application/json:\n              schema: {type: string}",
    );
    assert_eq!(op.body_encoding, BodyEncoding::Raw);
    assert_eq!(
        op.body_media.as_ref().map(|m| m.as_str()),
        Some("application/xml")
    );
    assert!(op.other_body_media.is_empty(), "{:?}", op.other_body_media);
}

#[test]
fn a_wildcard_alone_sends_a_schema_as_json_and_a_file_as_octet_stream() {
    let json = "            application/json:\n              schema: {type: string}";
    // Kubernetes' create operations: `*/*` with an object schema.
    let object =
        "          '*/*':\n            schema: {type: object, properties: {kind: {type: string}}}";
    let op = operation(object, json);
    assert_eq!(op.body_encoding, BodyEncoding::Json);
    assert_eq!(op.body_media, None, "sent as application/json, never `*/*`");
    let file = "          '*/*':\n            schema: {type: string, format: binary}";
    let op = operation(file, json);
    assert_eq!(op.body_encoding, BodyEncoding::Raw);
    assert_eq!(
        op.body_media.as_ref().map(|m| m.as_str()),
        Some("application/octet-stream")
    );
}

#[test]
fn a_media_type_that_is_not_a_header_token_never_reaches_a_header() {
    let op = response(&["'image/png\"); panic!(\"x'"]);
    assert!(matches!(op.response, ResponseKind::Download));
    assert_eq!(op.accept.as_str(), "*/*");
}

#[test]
fn a_body_of_any_other_media_type_is_an_upload_with_its_content_type() {
    for (media, sent) in [
        ("application/octet-stream", "application/octet-stream"),
        ("image/png", "image/png"),
        ("'text/plain; charset=utf-8'", "text/plain"),
        ("application/xml", "application/xml"),
    ] {
        let body =
            format!("          {media}:\n            schema: {{type: string, format: binary}}");
        let op = operation(
            &body,
            "            application/json:\n              schema: {type: string}",
        );
        assert_eq!(op.body_encoding, BodyEncoding::Raw, "{media}");
        assert_eq!(op.body_media.as_ref().map(|m| m.as_str()), Some(sent));
        let field = &op.params.as_ref().unwrap().fields[0].field;
        assert_eq!((field.rust_name.as_str(), &field.ty), ("body", &Ty::Upload));
        assert!(
            field.presence.is_plain(),
            "a required body is a plain `Upload`"
        );
    }
}

#[test]
fn json_is_preferred_to_a_raw_body_when_both_are_offered() {
    let body = "          application/octet-stream:\n            schema: {type: string, format: binary}\n          \
                application/json:\n            schema: {type: object, properties: {name: {type: string}}}";
    let op = operation(
        body,
        "            application/json:\n              schema: {type: string}",
    );
    assert_eq!(op.body_encoding, BodyEncoding::Json);
}

#[test]
fn media_type_parameters_are_kept_in_headers_but_charset_and_unsafe_ones_are_not() {
    // Datadog asks for RFC 3339 timestamps with a parameter of the JSON media type.
    let op = response(&["'application/json;datetime-format=rfc3339'"]);
    assert!(matches!(op.response, ResponseKind::Json { .. }));
    assert_eq!(
        op.accept.as_str(),
        "application/json; datetime-format=rfc3339"
    );
    let op = response(&["'text/csv; Header=present; charset=utf-8; q=\"`x`\"'"]);
    assert_eq!(op.accept.as_str(), "text/csv; header=present");
    let body = "          'application/json; version=2':\n            schema: {type: object, \
                properties: {a: {type: string}}}";
    let op = operation(
        body,
        "            application/json:\n              schema: {type: string}",
    );
    assert_eq!(op.body_encoding, BodyEncoding::Json);
    assert_eq!(
        op.body_media.as_ref().map(|m| m.as_str()),
        Some("application/json; version=2")
    );
    let plain = "          'application/json; charset=utf-8':\n            schema: {type: object}";
    let op = operation(
        plain,
        "            application/json:\n              schema: {type: string}",
    );
    assert_eq!(
        op.body_media, None,
        "plain JSON needs no content type of its own"
    );
}

#[test]
fn a_wildcard_response_is_json_unless_its_schema_is_a_binary_string() {
    let binary = operation(
        "",
        "            '*/*':\n              schema: {type: string, format: binary}",
    );
    assert!(matches!(binary.response, ResponseKind::Download));
    assert_eq!(binary.accept.as_str(), "*/*");
    // What springdoc writes for every JSON response.
    let json = operation(
        "",
        "            '*/*':\n              schema: {type: object, properties: {id: {type: string}}}",
    );
    assert!(
        matches!(json.response, ResponseKind::Json { .. }),
        "{:?}",
        json.response
    );
}

#[test]
fn an_operation_that_only_redirects_answers_with_what_the_redirect_leads_to() {
    for redirect in ["'302'", "'307'", "3XX"] {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: Demo, version: \"1\"}}\npaths:\n  /archive:\n    get:\n      \
             operationId: download\n      responses:\n        {redirect}:\n          \
             description: to the archive\n        '404':\n          description: none\n"
        );
        let inputs = crate::load::load_inputs(&spec, None).unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap();
        let op = &lowered.api.resources[0].operations[0];
        assert!(
            matches!(op.response, ResponseKind::Download),
            "{redirect}: {:?}",
            op.response
        );
    }
    // A 304 alone is not a redirect to follow: still no body.
    let spec = "openapi: 3.0.3\ninfo: {title: Demo, version: \"1\"}\npaths:\n  /a:\n    get:\n      \
                operationId: a\n      responses:\n        '304': {description: unchanged}\n";
    let lowered = crate::lower::lower(&crate::load::load_inputs(spec, None).unwrap()).unwrap();
    assert!(matches!(
        lowered.api.resources[0].operations[0].response,
        ResponseKind::Empty
    ));
}
