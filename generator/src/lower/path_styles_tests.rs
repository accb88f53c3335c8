//! Path parameters in the `label` and `matrix` styles: the path holds `.value` and
//! `;name=value` where the template names them (the default `simple` holds the value alone).

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
