//! Request bodies → `…Params` fields. An object body's properties are flattened beside the
//! parameters (JSON, form or multipart encoded; readOnly properties left out; `format: binary`
//! properties of a multipart body become file parts); any other body is one `body` field: its
//! schema's type for JSON, `crate::Upload` (bytes, a file or a stream, sent as given) for any
//! other media type.

use super::context::{SpecOperation, essence, header_media, json_media};
use super::models::model_field;
use super::parameters::ParamsBuilder;
use super::schemas::{
    FileShape, LoweredField, PendingKind, SchemaLowerer, SchemaRef, object_parts,
};
use crate::diagnostics::Pointer;
use crate::ir::{
    BodyEncoding, FieldSerde, MultipartFile, ParamField, ParamLocation, Presence, QueryStyle, Side,
    Text, Ty,
};
use openapiv3::{MediaType, RequestBody, Schema};

/// How the operation's body is sent.
pub struct LoweredBody {
    /// The params field that is the whole body, when the body is not a flattened object.
    pub field: Option<String>,
    /// The components the body's schemas name, in every media type, at any depth: sent, though
    /// no params field may name them (a flattened body, `Call::body_as`, a raw body).
    pub components: Vec<Ty>,
    pub encoding: BodyEncoding,
    pub files: Vec<MultipartFile>,
    /// The media type of a `Raw` body, and of a JSON body when it is not `application/json`.
    pub media: Option<String>,
    /// The body's other media types, which the caller sends with `Call::body_as`.
    pub other_media: Vec<String>,
    /// The form or multipart fields whose `encoding` says `style: deepObject`.
    pub deep_fields: Vec<String>,
}

/// The operation's request body, its fields added to `params`.
pub fn lower_body<'a>(
    schemas: &mut SchemaLowerer<'a>,
    op: &SpecOperation<'a>,
    params_type: &str,
    params: &mut ParamsBuilder,
) -> LoweredBody {
    BodyLowerer { schemas }.lower_body(op, params_type, params)
}

/// Lowers one body, reporting into the schema lowerer's sink.
struct BodyLowerer<'s, 'a> {
    schemas: &'s mut SchemaLowerer<'a>,
}

impl<'a> BodyLowerer<'_, 'a> {
    fn lower_body(
        &mut self,
        op: &SpecOperation<'a>,
        params_type: &str,
        params: &mut ParamsBuilder,
    ) -> LoweredBody {
        let mut lowered = LoweredBody {
            field: None,
            components: Vec::new(),
            encoding: BodyEncoding::Json,
            files: Vec::new(),
            media: None,
            other_media: Vec::new(),
            deep_fields: Vec::new(),
        };
        let Some(body_ref) = op.operation.request_body.as_ref() else {
            return lowered;
        };
        let pointer = op.pointer.join("requestBody");
        let resolver = self.schemas.resolver;
        let Some(body) = resolver.component(
            body_ref,
            "requestBodies",
            "request body",
            |c| &c.request_bodies,
            &pointer,
            &mut self.schemas.sink,
        ) else {
            return lowered;
        };
        lowered.components = self.components_named(body);
        let Some((media_type, media, encoding)) = self.choose_media(body) else {
            return lowered;
        };
        lowered.encoding = encoding;
        lowered.other_media = other_media(body, media_type);
        if matches!(encoding, BodyEncoding::Form | BodyEncoding::Multipart) {
            lowered.deep_fields = (media.encoding.iter())
                .filter(|(_, field)| field.style == Some(openapiv3::QueryStyle::DeepObject))
                .map(|(name, _)| name.clone())
                .collect();
        }
        // A JSON body in a JSON type of its own (`application/json-patch+json`, `text/json`)
        // is sent with that `Content-Type`: servers refuse a patch sent as plain JSON.
        if encoding == BodyEncoding::Json {
            lowered.media = header_media(media_type)
                .filter(|media| media != "application/json" && !media.contains('*'));
        }
        if encoding == BodyEncoding::Raw {
            // Whatever the schema says (`format: binary`, a string), the caller gives the bytes.
            let named = header_media(media_type).filter(|media| !media.contains('*'));
            lowered.media = Some(named.unwrap_or_else(|| "application/octet-stream".into()));
            lowered.field = Some(self.push_upload(body, params));
            return lowered;
        }
        let Some(schema) = media.schema.as_ref() else {
            return lowered;
        };
        let schema_pointer = pointer.join("content").join(media_type).join("schema");
        match self.object_body_fields(SchemaRef::from(schema), params_type, &schema_pointer) {
            Some(fields) => {
                self.warn_binary_form_fields(&fields, encoding, &schema_pointer);
                self.push_body_fields(fields, params, &mut lowered)
            }
            None => {
                lowered.field = Some(self.push_whole_body(
                    body,
                    SchemaRef::from(schema),
                    params_type,
                    &schema_pointer,
                    params,
                ))
            }
        }
        lowered
    }

    /// The components every media type's schema names (`$ref`s at any depth; a reference that
    /// resolves to no component names none, and is reported where the schema is lowered).
    fn components_named(&self, body: &RequestBody) -> Vec<Ty> {
        let mut references = Vec::new();
        for schema in body
            .content
            .values()
            .filter_map(|media| media.schema.as_ref())
        {
            if let Ok(value) = serde_json::to_value(schema) {
                collect_refs(&value, &mut references);
            }
        }
        let types = references
            .iter()
            .filter_map(|r| self.schemas.component_type(r));
        types.collect()
    }

    /// JSON if offered, else a form, else multipart, else the first other media type (one
    /// without a wildcard first), sent as given (`None` only for a body with no content at all).
    fn choose_media(
        &mut self,
        body: &'a RequestBody,
    ) -> Option<(&'a String, &'a MediaType, BodyEncoding)> {
        let by_essence = |wanted: &str, encoding| {
            body.content
                .iter()
                .find(|(media_type, _)| essence(media_type) == wanted)
                .map(|(t, m)| (t, m, encoding))
        };
        json_media(&body.content)
            .map(|(t, m)| (t, m, BodyEncoding::Json))
            .or_else(|| by_essence("application/x-www-form-urlencoded", BodyEncoding::Form))
            .or_else(|| by_essence("multipart/form-data", BodyEncoding::Multipart))
            .or_else(|| {
                // A named format before a wildcard (`*/*` is no `Content-Type` to send).
                let named = body.content.iter().find(|(t, _)| !t.contains('*'));
                if let Some((t, m)) = named {
                    return Some((t, m, BodyEncoding::Raw));
                }
                // Only wildcards (Kubernetes' `*/*`): under `*/*` or `application/*`, a schema
                // that is not a file's bytes is sent as JSON, what such servers take (as
                // responses read it); `text/*`, `image/*` and the like stay bytes.
                let (t, m) = body.content.first()?;
                let file = |schema: &Schema| FileShape::of(schema) == FileShape::One;
                let any = matches!(essence(t).as_str(), "*/*" | "application/*");
                let encoding = match &m.schema {
                    Some(openapiv3::ReferenceOr::Item(schema)) if file(schema) => BodyEncoding::Raw,
                    Some(_) if any => BodyEncoding::Json,
                    _ => BodyEncoding::Raw,
                };
                Some((t, m, encoding))
            })
    }

    /// The `body: crate::Upload` field of a body sent as given; returns its name.
    fn push_upload(&mut self, body: &RequestBody, params: &mut ParamsBuilder) -> String {
        let lowered = LoweredField {
            rust_name: params.names.claim("body".to_owned()),
            wire_name: "body".to_owned(),
            ty: Ty::Upload,
            presence: Presence::of(body.required, false),
            description: body.description.clone(),
            deprecated: false,
            binary: FileShape::NotBinary,
            read_only: false,
            required_in_requests: false,
            flatten: false,
        };
        let mut field = model_field(&lowered, Side::Request);
        field.serde = skipped();
        let name = field.rust_name.clone();
        params.fields.push(ParamField {
            field,
            location: ParamLocation::Body,
            query_style: QueryStyle::Scalar,
        });
        name
    }

    /// The properties of an object body (inline, or a component struct), to flatten.
    fn object_body_fields(
        &mut self,
        schema: SchemaRef<'a>,
        params_type: &str,
        pointer: &Pointer,
    ) -> Option<Vec<LoweredField>> {
        match schema {
            SchemaRef::Inline(inline) => {
                let inline: &Schema = inline;
                let (properties, required) = object_parts(inline).filter(|(p, _)| !p.is_empty())?;
                let fields = self.schemas.lower_fields(
                    params_type,
                    properties,
                    required,
                    &Default::default(),
                    pointer,
                );
                Some(fields)
            }
            SchemaRef::Ref(_) => match self.schemas.type_of(schema, params_type, pointer).0 {
                Ty::Named(name) => match &self.schemas.models.get(&name)?.kind {
                    // A struct flattening a union is sent whole, as its model.
                    PendingKind::Struct(fields) if fields.iter().all(|f| !f.flatten) => {
                        Some(fields.clone())
                    }
                    _ => None,
                },
                _ => None,
            },
        }
    }

    /// A `format: binary` property of an `application/x-www-form-urlencoded` body: such a form
    /// carries text, so the field is a `String` (percent-encoded) and cannot hold arbitrary
    /// bytes. Documents that mean a file upload (FastAPI's `UploadFile` under a form media type)
    /// get the warning rather than a field that silently loses bytes.
    fn warn_binary_form_fields(
        &mut self,
        fields: &[LoweredField],
        encoding: BodyEncoding,
        pointer: &Pointer,
    ) {
        if encoding != BodyEncoding::Form {
            return;
        }
        for field in fields.iter().filter(|f| f.binary != FileShape::NotBinary) {
            let message = format!(
                "property `{}` is `format: binary` in an `application/x-www-form-urlencoded` \
                 body, which carries text; it is sent as a percent-encoded `String`",
                field.wire_name
            );
            let hint = "send files as `multipart/form-data`";
            (self.schemas.sink).warn(pointer, "binary-form-field", message, Some(hint));
        }
    }

    fn push_body_fields(
        &mut self,
        fields: Vec<LoweredField>,
        params: &mut ParamsBuilder,
        body: &mut LoweredBody,
    ) {
        // Read-only properties are the server's to set; a request never carries them.
        for mut lowered in fields.into_iter().filter(|f| !f.read_only) {
            lowered.rust_name = params.names.claim(lowered.rust_name);
            if lowered.required_in_requests {
                lowered.presence = Presence::of(true, lowered.presence.is_nullable());
            }
            // A multipart file travels as its own part, not through serde.
            let file =
                body.encoding == BodyEncoding::Multipart && lowered.binary != FileShape::NotBinary;
            if file {
                let many = lowered.binary == FileShape::Many;
                lowered.ty = if many {
                    Ty::Array(Box::new(Ty::File))
                } else {
                    Ty::File
                };
                // A file part is sent or not: `null` has no multipart form, so a nullable file
                // is an optional one (`Option<FilePart>`, never `Option<Option<_>>`).
                lowered.presence = Presence::of(lowered.presence.is_required(), false);
                body.files.push(MultipartFile {
                    wire_name: Text::new(lowered.wire_name.clone()),
                    rust_name: lowered.rust_name.clone(),
                    required: lowered.presence.is_required(),
                    many,
                });
            }
            let mut field = model_field(&lowered, Side::Request);
            if file {
                field.serde = skipped();
            }
            params.fields.push(ParamField {
                field,
                location: ParamLocation::Body,
                query_style: QueryStyle::Scalar,
            });
        }
    }

    /// A body that is not an object (an array, a union, a string) is one `body` field; returns
    /// its name.
    fn push_whole_body(
        &mut self,
        body: &RequestBody,
        schema: SchemaRef<'a>,
        params_type: &str,
        pointer: &Pointer,
        params: &mut ParamsBuilder,
    ) -> String {
        let (ty, nullable) = self
            .schemas
            .type_of(schema, &format!("{params_type}Body"), pointer);
        let lowered = LoweredField {
            rust_name: params.names.claim("body".to_owned()),
            wire_name: "body".to_owned(),
            ty,
            presence: Presence::of(body.required, nullable),
            description: body.description.clone(),
            deprecated: false,
            binary: FileShape::NotBinary,
            read_only: false,
            required_in_requests: false,
            flatten: false,
        };
        let mut field = model_field(&lowered, Side::Request);
        // The field is serialised on its own as the body, not as a member of the params.
        field.serde = skipped();
        let name = field.rust_name.clone();
        params.fields.push(ParamField {
            field,
            location: ParamLocation::Body,
            query_style: QueryStyle::Scalar,
        });
        name
    }
}

/// The media types of `body` besides `chosen`, as `Content-Type` values. Left out: wildcards
/// (`*/*` names no format to send) and multipart, whose `Content-Type` needs the boundary of a
/// body the client builds, not bytes the caller gives.
fn other_media(body: &RequestBody, chosen: &str) -> Vec<String> {
    let mut others: Vec<String> = Vec::new();
    for media_type in body.content.keys() {
        let kind = essence(media_type);
        if kind == essence(chosen) || kind.contains('*') || kind.starts_with("multipart/") {
            continue;
        }
        if let Some(media) = header_media(media_type)
            && !others.contains(&media)
        {
            others.push(media);
        }
    }
    others
}

/// Every `$ref` string in a schema's JSON form.
fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// A field serde never sees.
fn skipped() -> FieldSerde {
    FieldSerde {
        skip: true,
        ..FieldSerde::default()
    }
}
