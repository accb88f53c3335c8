//! Path templates as sent: parameters in the `label` and `matrix` styles (the path holds `.value`
//! and `;name=value` where the template names them; the default `simple` holds the value alone),
//! a `#` in the literal text, and Express's `:name` segments.

use crate::ir::PathPiece;

#[test]
fn label_and_matrix_path_parameters_write_their_prefix_into_the_path() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /files/{name}{ext}/v{version}:\n    get:\n      operationId: getFile\n      \
                parameters:\n        \
                - {name: name, in: path, required: true, schema: {type: string}}\n        \
                - {name: ext, in: path, required: true, style: label, schema: {type: string}}\n        \
                - {name: version, in: path, required: true, style: matrix, schema: {type: integer}}\n      \
                responses: {'204': {description: ok}}\n";
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    let op = &lowered.api.resources[0].operations[0];
    let pieces: Vec<String> = (op.path_pieces.iter())
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.as_str().to_owned(),
            PathPiece::Param(index) => format!("<{}>", op.path_params[*index].wire_name.as_str()),
        })
        .collect();
    assert_eq!(pieces.concat(), "/files/<name>.<ext>/v;version=<version>");
}

#[test]
fn a_matrix_parameter_name_cannot_change_the_shape_of_the_url() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /files{a b?c}:\n    get:\n      operationId: getFile\n      \
                parameters:\n        \
                - {name: 'a b?c', in: path, required: true, style: matrix, schema: {type: string}}\n      \
                responses: {'204': {description: ok}}\n";
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let op = &lowered.api.resources[0].operations[0];
    let PathPiece::Literal(prefix) = &op.path_pieces[1] else {
        panic!("{:?}", op.path_pieces)
    };
    assert_eq!(prefix.as_str(), ";a%20b%3Fc=");
}

#[test]
fn a_hash_in_a_path_template_stays_the_fragment_that_tells_operations_apart() {
    // Box writes `/files/{file_id}#add_shared_link` beside `/files/{file_id}` for a second
    // operation with the same method on the same path: the URL's fragment, never sent, so the
    // request goes to `/files/{file_id}`. Sending the `#` as `%23` would break every such call.
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /files/{id}#add_link:\n    put:\n      operationId: addLink\n      \
                parameters:\n        \
                - {name: id, in: path, required: true, schema: {type: string}}\n      \
                responses: {'204': {description: ok}}\n";
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let op = &lowered.api.resources[0].operations[0];
    let literals: Vec<&str> = (op.path_pieces.iter())
        .filter_map(|piece| match piece {
            PathPiece::Literal(text) => Some(text.as_str()),
            PathPiece::Param(_) => None,
        })
        .collect();
    assert_eq!(literals, ["/files/", "#add_link"]);
}

/// The pieces of the first operation's path, parameters as `<wire name>`, and its warnings.
fn path_as_sent(spec: &str) -> (String, Vec<String>) {
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let op = &lowered.api.resources[0].operations[0];
    let pieces: Vec<String> = (op.path_pieces.iter())
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.as_str().to_owned(),
            PathPiece::Param(index) => format!("<{}>", op.path_params[*index].wire_name.as_str()),
        })
        .collect();
    let warnings = (lowered.warnings.iter()).map(|warning| warning.message.clone());
    (pieces.concat(), warnings.collect())
}

#[test]
fn a_declared_parameter_written_as_an_express_segment_is_read_as_braced() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /pets/:id/toys/:search:\n    get:\n      operationId: getPet\n      \
                parameters:\n        \
                - {name: id, in: path, required: true, schema: {type: integer}}\n      \
                responses: {'204': {description: ok}}\n";
    let (path, warnings) = path_as_sent(spec);
    // `:search` names no parameter: a literal, as Google's custom methods write them.
    assert_eq!(path, "/pets/<id>/toys/:search");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("it is read as `{id}`"), "{warnings:?}");
}

#[test]
fn a_colon_segment_beside_a_braced_parameter_of_its_name_stays_literal() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /pets/{id}/:id:\n    get:\n      operationId: getPet\n      \
                parameters:\n        \
                - {name: id, in: path, required: true, schema: {type: string}}\n      \
                responses: {'204': {description: ok}}\n";
    let (path, warnings) = path_as_sent(spec);
    assert_eq!(path, "/pets/<id>/:id");
    assert!(warnings.is_empty(), "{warnings:?}");
}
