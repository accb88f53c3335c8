//! The README's example calls, chosen from the lowered API: which operation the quick start
//! shows (a list if there is one) and which event stream, each called with default arguments so
//! that the examples compile for any API. `render` only spells them.

use crate::ir::{Api, ExampleArg, ExampleCall, Examples, Operation, Resource, ResponseKind, Ty};

/// The calls the README shows.
pub fn choose_examples(api: &Api) -> Examples {
    let callable: Vec<(ExampleCall, bool)> = api
        .operations()
        .filter_map(|(resource, op)| {
            let streaming = matches!(op.response, ResponseKind::EventStream { .. });
            example_call(resource, op).map(|call| (call, streaming))
        })
        .collect();
    let plain: Vec<&ExampleCall> = callable
        .iter()
        .filter(|(_, streaming)| !streaming)
        .map(|(call, _)| call)
        .collect();
    let shown = plain
        .iter()
        .find(|call| call.paginated)
        .or(plain.first())
        .map(|call| (*call).clone());
    Examples {
        shown,
        streaming: callable
            .iter()
            .find(|(_, streaming)| *streaming)
            .map(|(call, _)| call.clone()),
    }
}

/// A call with default arguments, for operations whose params can be defaulted and whose path
/// arguments can be written as literals (strings and integers; an enum has no default to show).
fn example_call(resource: &Resource, op: &Operation) -> Option<ExampleCall> {
    if op.params.as_ref().is_some_and(|p| !p.derive_default) {
        return None;
    }
    let mut args: Vec<ExampleArg> = op
        .path_params
        .iter()
        .map(|p| match p.ty {
            Ty::String => Some(ExampleArg::Str),
            Ty::I32 | Ty::I64 => Some(ExampleArg::Integer),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if let Some(params) = &op.params {
        args.push(ExampleArg::DefaultParams {
            resource_path: resource.module_path.clone(),
            type_name: params.type_name.clone(),
        });
    }
    Some(ExampleCall {
        accessor_path: resource.accessor_path.clone(),
        method_name: op.method_name.clone(),
        args,
        paginated: op.pagination.is_some(),
        http_method: op.http_method.clone(),
    })
}
