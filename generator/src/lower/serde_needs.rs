//! Which serde traits each model needs. A model only sent (reached from an operation's
//! parameters or body, or a body's component whose fields the params struct flattens) needs
//! `Serialize`; one only received (a response, an event, a page) needs `Deserialize`; one
//! reached both ways keeps both. A model no operation reaches (a webhook's payload, a type the
//! API documents for reading elsewhere) comes to the user from outside the client, so it and
//! every type it names count as received. A tuple's impls are written out both ways, so it and
//! what it names keep both. The trait a model does not need is still derived under the crate's
//! `serde-both` feature, which its `cli` and `testing` features enable (the CLI reads request
//! bodies and prints responses; tests script replies from typed values), and always with
//! `models.serde: both` in `sdk.yaml` or in a crate without operations. Derived serde code is a
//! large share of a generated crate's compile time, so a library build skips what it never
//! runs. The runtime modules the derived code calls (`decode_struct`, the timestamp writer and
//! reader) are declared for the same builds as their callers.

use crate::ir::{Api, BuildUse, ModelKind, ResponseKind, SerdeUse, StructModel, Ty};
use std::collections::{BTreeMap, BTreeSet};

/// Sets `serde` on every model of `api` from what its operations send and receive.
pub fn decide(api: &mut Api, both_always: bool) {
    // A crate of models alone has no operations to judge by: its models keep both.
    if both_always || api.operations().next().is_none() {
        return;
    }
    let (sent_roots, received_roots) = (sent_roots(api), received_roots(api));
    let sent = reached(api, sent_roots.iter().collect());
    let received = reached(api, received_roots.clone());
    // A tuple's impls are written out both ways whatever reaches it, so everything it names
    // needs both traits. A model no operation reaches is read by the user, so it and
    // everything it names need `Deserialize` (a shared type may be sent-only through the
    // operations).
    let both_ways: Vec<Ty> = (api.models.iter())
        .filter(|m| matches!(m.kind, ModelKind::Tuple(_)))
        .map(|m| Ty::Named(m.type_name.clone()))
        .collect();
    // A shape copy (`lower/shared_shapes.rs`) stands for its type, which is a root itself if
    // nothing reaches it: a copy named only by another copy is reached through that copy's type.
    let unreached: Vec<Ty> = (api.models.iter())
        .filter(|m| !m.shape_copy)
        .filter(|m| !sent.contains(&m.type_name) && !received.contains(&m.type_name))
        .map(|m| Ty::Named(m.type_name.clone()))
        .collect();
    let sent = reached(api, sent_roots.iter().chain(&both_ways).collect());
    let received_roots = received_roots
        .into_iter()
        .chain(&both_ways)
        .chain(&unreached);
    let received = reached(api, received_roots.collect());
    for model in &mut api.models {
        let (ser, de) = (
            sent.contains(&model.type_name),
            received.contains(&model.type_name),
        );
        model.serde = match (ser, de) {
            (true, false) => SerdeUse::SentOnly,
            (false, true) => SerdeUse::ReceivedOnly,
            _ => SerdeUse::Both,
        };
    }
    // A shape copy derives nothing itself: it has its type's traits.
    let of_type: BTreeMap<String, SerdeUse> = (api.models.iter())
        .map(|m| (m.type_name.clone(), m.serde))
        .collect();
    for model in api.models.iter_mut().filter(|m| m.shape_copy) {
        if let ModelKind::Alias(Ty::Named(target)) = &model.kind {
            model.serde = of_type.get(target).copied().unwrap_or(model.serde);
        }
    }
}

/// Whether a field or variant of the model is written and read through the runtime's
/// `timestamp` and `timestamp_read` (`#[serde(serialize_with, deserialize_with)]`).
fn adapts_timestamps(kind: &ModelKind) -> bool {
    match kind {
        ModelKind::Struct(s) => s.fields.iter().any(|f| f.serde.timestamp_adapter),
        ModelKind::UntaggedUnion(u) => u.variants.iter().any(|v| v.timestamp_adapter),
        _ => false,
    }
}

/// The builds in which structs whose impls are written out (`StructModel::serde_by_hand`)
/// decode through the runtime's `decode_struct`: those with their `Deserialize`.
pub fn struct_decoding(api: &Api) -> BuildUse {
    (api.models.iter())
        .filter(|m| m.as_struct().is_some_and(StructModel::serde_by_hand))
        .map(|m| m.serde.deserialize_use())
        .max()
        .unwrap_or_default()
}

/// The builds that write timestamps through the runtime's `timestamp` and read them through
/// `timestamp_read`: those with the `Serialize` and `Deserialize` of a model holding one; every
/// build writes a params struct's (params structs are only sent), and the CLI reads its flags.
pub fn timestamp_uses(api: &Api) -> (BuildUse, BuildUse) {
    let (mut writes, mut reads) = (BuildUse::Unused, BuildUse::Unused);
    for model in api.models.iter().filter(|m| adapts_timestamps(&m.kind)) {
        writes = writes.max(model.serde.serialize_use());
        reads = reads.max(model.serde.deserialize_use());
    }
    let mut params_fields =
        (api.operations()).flat_map(|(_, op)| op.params.iter().flat_map(|params| &params.fields));
    if params_fields.any(|field| field.field.serde.timestamp_adapter) {
        writes = BuildUse::Always;
        if api.cli.is_some() {
            reads = reads.max(BuildUse::Cli);
        }
    }
    (writes, reads)
}

/// The types every operation sends: its path parameters, its params struct's fields (query,
/// headers, body), and the components its body is written from though no field names them (the
/// one whose fields the params struct copies, which a caller may still fill and send whole, and
/// those of the body's other media types, sent with `Call::body_as`).
fn sent_roots(api: &Api) -> Vec<Ty> {
    let mut roots = Vec::new();
    for (_, op) in api.operations() {
        let params = op.params.iter().flat_map(|params| &params.fields);
        roots.extend(params.map(|f| f.field.ty.clone()));
        roots.extend(op.path_params.iter().map(|p| p.ty.clone()));
        roots.extend(op.body_components.iter().cloned());
    }
    roots
}

/// The types every operation decodes: responses, events, pages and their items.
fn received_roots(api: &Api) -> Vec<&Ty> {
    let mut roots = Vec::new();
    for (_, op) in api.operations() {
        match &op.response {
            ResponseKind::Json { ty } | ResponseKind::OptionalJson { ty } => roots.push(ty),
            ResponseKind::EventStream { event, .. } => roots.push(event),
            _ => {}
        }
        if let Some(page) = &op.pagination {
            roots.push(&page.item);
        }
    }
    roots
}

/// The model names reachable from `roots` through fields, variants and aliases.
fn reached(api: &Api, roots: Vec<&Ty>) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &ModelKind> = (api.models.iter())
        .map(|m| (m.type_name.as_str(), &m.kind))
        .collect();
    let mut seen = BTreeSet::new();
    let mut names: Vec<&str> = Vec::new();
    let mut types: Vec<&Ty> = roots;
    loop {
        while let Some(ty) = types.pop() {
            match ty {
                Ty::Array(inner) | Ty::Map(inner) => types.push(inner),
                Ty::Named(name) | Ty::Boxed(name) => names.push(name),
                _ => {}
            }
        }
        let Some(name) = names.pop() else {
            return seen;
        };
        if !seen.insert(name.to_owned()) {
            continue;
        }
        match by_name.get(name) {
            Some(ModelKind::Struct(s)) => types.extend(s.fields.iter().map(|f| &f.ty)),
            Some(ModelKind::UntaggedUnion(u)) => types.extend(u.variants.iter().map(|v| &v.ty)),
            Some(ModelKind::Alias(target)) => types.push(target),
            Some(ModelKind::Tuple(t)) => {
                types.extend(t.elements.iter().map(|e| &e.ty).chain(&t.rest));
            }
            Some(ModelKind::TaggedUnion(u)) => {
                names.extend(u.variants.iter().map(|v| v.type_name.as_str()));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, BuildUse, SerdeUse};

    /// `post /notes` sends a list of `Draft` (with a `Style` and a `Tag` list) and receives a
    /// `Note` (with a `Tag` list, an `Author`, a map of `Meta` and a `Shape` union of `Circle` and
    /// `Square`); `post /authors` sends a `Signup` (with an `Avatar`), a `Patch` or `Line`s;
    /// `delete /slots/{slot}` sends a `Slot`; `Orphan` is named by no operation and holds an
    /// `Author`, a `Badge` and a `Style`.
    const SPEC: &str = "openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes:
    post:
      operationId: create
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: array, items: {$ref: '#/components/schemas/Draft'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
  /authors:
    post:
      operationId: signUp
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Signup'}
          application/merge-patch+json:
            schema: {allOf: [{$ref: '#/components/schemas/Patch'}], description: a patch}
          application/x-ndjson:
            schema: {type: array, items: {$ref: '#/components/schemas/Line'}}
      responses:
        '204': {description: done}
  /slots/{slot}:
    delete:
      operationId: free
      parameters:
        - {name: slot, in: path, required: true, schema: {$ref: '#/components/schemas/Slot'}}
      responses:
        '204': {description: done}
components:
  schemas:
    Patch: {type: object, properties: {name: {type: string}}}
    Line: {type: object, properties: {text: {type: string}}}
    Origin: {type: object, properties: {host: {type: string}}}
    Slot: {type: string, enum: [morning, evening]}
    Signup: {type: object, properties: {name: {type: string}, avatar: {$ref: '#/components/schemas/Avatar'}}}
    Avatar: {type: object, properties: {url: {type: string}}}
    Tag: {type: object, properties: {label: {type: string}}}
    Style: {type: object, properties: {font: {type: string}}}
    Draft: {type: object, properties: {style: {$ref: '#/components/schemas/Style'}, tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}}}
    Author: {type: object, properties: {name: {type: string}}}
    Meta: {type: object, properties: {key: {type: string}, at: {type: string, format: date-time}, origin: {$ref: '#/components/schemas/Origin'}}}
    Circle: {type: object, properties: {radius: {type: number}}}
    Square: {type: object, properties: {side: {type: number}}}
    Shape: {oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]}
    Note:
      type: object
      properties:
        tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}
        author: {$ref: '#/components/schemas/Author'}
        meta: {type: object, additionalProperties: {$ref: '#/components/schemas/Meta'}}
        shape: {$ref: '#/components/schemas/Shape'}
    Badge: {type: object, properties: {icon: {type: string}}}
    Orphan: {type: object, properties: {author: {$ref: '#/components/schemas/Author'}, badge: {$ref: '#/components/schemas/Badge'}, style: {$ref: '#/components/schemas/Style'}}}
";

    fn lowered(config: Option<&str>) -> Api {
        let inputs = crate::load::load_inputs(SPEC, config).unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap_or_else(|p| panic!("{p:?}"));
        lowered.api
    }

    fn serde_of(api: &Api, type_name: &str) -> SerdeUse {
        let model = api.models.iter().find(|m| m.type_name == type_name);
        model
            .unwrap_or_else(|| panic!("no model `{type_name}`"))
            .serde
    }

    #[test]
    fn each_model_derives_the_directions_its_operations_use() {
        let api = lowered(None);
        // `Signup` is the body of `post /authors`, whose params struct flattens its fields;
        // `Patch` (inside an `allOf`) and `Line` (array items) are in its other media types'
        // schemas; `Slot` is a path parameter.
        for sent in ["Draft", "Signup", "Avatar", "Patch", "Line", "Slot"] {
            assert_eq!(serde_of(&api, sent), SerdeUse::SentOnly, "{sent}");
        }
        for received in ["Note", "Meta", "Origin", "Shape", "Circle", "Square"] {
            assert_eq!(
                serde_of(&api, received),
                SerdeUse::ReceivedOnly,
                "{received}"
            );
        }
        // Sent inside `Draft` and received inside `Note`.
        assert_eq!(serde_of(&api, "Tag"), SerdeUse::Both);
        // No operation names `Orphan`, so the user reads it from elsewhere, and everything in
        // it must then be readable: `Badge`, and `Style`, though the operations only send it.
        for received in ["Orphan", "Badge", "Author"] {
            assert_eq!(
                serde_of(&api, received),
                SerdeUse::ReceivedOnly,
                "{received}"
            );
        }
        assert_eq!(serde_of(&api, "Style"), SerdeUse::Both);
    }

    #[test]
    fn the_timestamp_modules_are_declared_for_the_builds_that_call_them() {
        // As the `time` crate's type, `Meta.at` is written by the runtime's `timestamp` and read
        // by `timestamp_read`. `Meta` is only received, so it and what it names stay so, the
        // reader is in every build and the writer only where `Meta` derives `Serialize`.
        let api = lowered(Some("types: {date-time: time}\n"));
        assert_eq!(serde_of(&api, "Meta"), SerdeUse::ReceivedOnly);
        assert_eq!(serde_of(&api, "Origin"), SerdeUse::ReceivedOnly);
        let uses = (api.needs.timestamp_writes, api.needs.timestamp_reads);
        assert_eq!(uses, (BuildUse::SerdeBoth, BuildUse::Always));
        // With chrono's own serde form (the default), neither module is used.
        let api = lowered(None);
        let uses = (api.needs.timestamp_writes, api.needs.timestamp_reads);
        assert_eq!(uses, (BuildUse::Unused, BuildUse::Unused));
    }

    #[test]
    fn a_timestamp_only_sent_in_a_params_struct_is_read_only_by_the_cli() {
        // The body's `at` is a field of the params struct, which is only ever written; its
        // reader is the CLI's flag parser alone.
        let spec = "openapi: 3.0.3
info: {title: Events, version: '1'}
paths:
  /events:
    post:
      operationId: create
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {at: {type: string, format: date-time}}}
      responses:
        '204': {description: done}
";
        let config = "types: {date-time: chrono, date-time-parsing: lenient}\n";
        let inputs = crate::load::load_inputs(spec, Some(config)).unwrap();
        let api = crate::lower::lower(&inputs).unwrap().api;
        let uses = (api.needs.timestamp_writes, api.needs.timestamp_reads);
        assert_eq!(uses, (BuildUse::Always, BuildUse::Cli));
        assert!(api.needs.chrono_timestamps);
    }

    #[test]
    fn models_serde_both_keeps_both_everywhere() {
        let api = lowered(Some("models: {serde: both}\n"));
        assert!(api.models.iter().all(|m| m.serde == SerdeUse::Both));
    }
}
