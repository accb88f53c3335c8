//! Path templates as sent: parameters in the `label` and `matrix` styles (the path holds `.value`
//! and `;name=value` where the template names them; the default `simple` holds the value alone),
//! a `#` in the literal text, and Express's `:name` segments.

use crate::ir::{Operation, PathPiece};

/// The operation's path pieces joined, each parameter as `<wire name>`.
fn path_as_sent(op: &Operation) -> String {
    let pieces = (op.path_pieces.iter()).map(|piece| match piece {
        PathPiece::Literal(text) => text.as_str().to_owned(),
        PathPiece::Param(index) => format!("<{}>", op.path_params[*index].wire_name.as_str()),
    });
    pieces.collect()
}

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
    assert_eq!(path_as_sent(op), "/files/<name>.<ext>/v;version=<version>");
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

#[test]
fn a_declared_parameter_written_as_an_express_segment_is_read_as_braced_everywhere() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  \
                /pets:\n    get:\n      operationId: listPets\n      \
                responses: {'204': {description: ok}}\n  \
                /pets/:id/toys/:search:\n    get:\n      \
                parameters:\n        \
                - {name: id, in: path, required: true, schema: {type: integer}}\n      \
                responses: {'204': {description: ok}}\n";
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let messages: Vec<&str> = lowered
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    // `:search` names no parameter: a literal, as Google's custom methods write them.
    assert!(
        messages[0].contains("it is read as `/pets/{id}/toys/:search`"),
        "{messages:?}"
    );
    assert_eq!(
        lowered.warnings[0].pointer,
        "#/paths/~1pets~1:id~1toys~1:search/get"
    );
    let op = &lowered.api.resources[0].operations[1];
    // Named, documented and sent as the braced path; the docs say how it was read.
    assert_eq!(op.path.as_str(), "/pets/{id}/toys/:search");
    let docs = format!("{:?}", op.docs);
    assert!(docs.contains("Express's form"), "{docs}");
    assert_eq!(path_as_sent(op), "/pets/<id>/toys/:search");
}
