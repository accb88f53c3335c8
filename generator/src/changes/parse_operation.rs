//! The facts of one operation in a surface file (`operation PATH FACT …`): what a call sends
//! (pointer, security, parameters, body and its media choices) and what it gets back
//! (response, download choices, pagination, terminal event).

use super::parse::{Token, parse_default, parse_field, parse_location, parse_type};
use super::surface::{
    MediaChoices, OperationSurface, PaginationSurface, ParamSurface, ParamsSurface,
    PathParamSurface, ResponseSurface, TerminalSurface, WireMedia,
};
use std::collections::BTreeMap;

/// One fact line of an operation, after its first line.
pub(super) fn read_operation_fact(
    op: &mut OperationSurface,
    what: &str,
    rest: &[Token],
) -> Result<(), String> {
    match what {
        "at" | "security" | "path-param" | "params" | "param" | "body" | "body-as"
        | "content-type" => read_request_fact(op, what, rest),
        _ => read_response_fact(op, what, rest),
    }
}

/// What the call sends: where it is, its security, parameters and body.
fn read_request_fact(op: &mut OperationSurface, what: &str, rest: &[Token]) -> Result<(), String> {
    use Token::{Quoted, Word};
    match (what, rest) {
        ("at", [Quoted(pointer)]) => op.pointer = Some(pointer.clone()),
        ("body-as", [Quoted(media)]) => {
            let choices = op.media_choices.get_or_insert_with(MediaChoices::default);
            choices.body_as.insert(media.clone());
        }
        ("content-type", [Quoted(media)]) => {
            op.wire_media
                .get_or_insert_with(WireMedia::default)
                .content_type = Some(media.clone());
        }
        ("security", [Word(word)]) if word == "none" => op.security = Some(Vec::new()),
        ("security", [Word(word)]) if word == "anonymous" => {
            op.security.get_or_insert_with(Vec::new).push(Vec::new());
        }
        ("security", names) if !names.is_empty() => {
            let names = (names.iter())
                .map(|name| match name {
                    Quoted(name) => Ok(name.clone()),
                    Word(_) => Err("a security alternative lists quoted scheme names".to_owned()),
                })
                .collect::<Result<Vec<_>, _>>()?;
            op.security.get_or_insert_with(Vec::new).push(names);
        }
        ("path-param", [Word(rust_name), Quoted(wire_name), Word(ty)]) => {
            op.path_params.push(PathParamSurface {
                rust_name: rust_name.clone(),
                wire_name: wire_name.clone(),
                ty: parse_type(ty)?,
            });
        }
        ("params", [Word(type_name), Word(default)]) => {
            op.params = Some(ParamsSurface {
                type_name: type_name.clone(),
                derive_default: parse_default(default)?,
                fields: BTreeMap::new(),
            });
        }
        (
            "param",
            [
                Word(rust_name),
                Quoted(wire),
                Word(location),
                Word(ty),
                Word(presence),
            ],
        ) => {
            let params = op
                .params
                .as_mut()
                .ok_or_else(|| "a `param` line comes before the `params` line".to_owned())?;
            let param = ParamSurface {
                location: parse_location(location)?,
                field: parse_field(wire, ty, presence)?,
            };
            params.fields.insert(rust_name.clone(), param);
        }
        ("body", [Word(encoding)])
            if matches!(encoding.as_str(), "json" | "form" | "multipart" | "raw") =>
        {
            op.body = Some(encoding.clone());
        }
        _ => return Err(format!("not an operation fact: `{what}`")),
    }
    Ok(())
}

/// What the call gets back: its response, download choices, pagination and terminal event.
fn read_response_fact(op: &mut OperationSurface, what: &str, rest: &[Token]) -> Result<(), String> {
    use Token::{Quoted, Word};
    match (what, rest) {
        ("accept", [Quoted(media)]) => {
            op.wire_media.get_or_insert_with(WireMedia::default).accept = media.clone();
        }
        ("download-as", [Quoted(media)]) => {
            let choices = op.media_choices.get_or_insert_with(MediaChoices::default);
            choices.download_as.insert(media.clone());
        }
        ("response", [Word(kind)]) if kind == "empty" => op.response = ResponseSurface::Empty,
        ("response", [Word(kind)]) if kind == "text" => op.response = ResponseSurface::Text,
        ("response", [Word(kind)]) if kind == "download" => op.response = ResponseSurface::Download,
        ("response", [Word(kind), Word(ty)]) => {
            let ty = parse_type(ty)?;
            op.response = match kind.as_str() {
                "json" => ResponseSurface::Json(ty),
                "optional-json" => ResponseSurface::OptionalJson(ty),
                "event-stream" => ResponseSurface::EventStream(ty),
                other => return Err(format!("unknown response kind `{other}`")),
            };
        }
        ("pagination", [Word(page_type) | Quoted(page_type), Word(item)]) => {
            op.pagination = Some(PaginationSurface {
                page_type: page_type.clone(),
                item: parse_type(item)?,
                style: None,
            });
        }
        ("paging", [Quoted(style)]) => {
            let page = op
                .pagination
                .as_mut()
                .ok_or_else(|| "a `paging` line comes before the `pagination` line".to_owned())?;
            page.style = Some(style.clone());
        }
        ("terminal-event", [Quoted(kind), property @ ..]) => {
            let property = match property {
                [] => None,
                [Quoted(property)] => Some(property.clone()),
                _ => return Err("a terminal event has a kind and at most a property".to_owned()),
            };
            op.terminal = Some(TerminalSurface {
                kind: kind.clone(),
                property,
            });
        }
        _ => return Err(format!("not an operation fact: `{what}`")),
    }
    Ok(())
}
