//! Pagination detection: an operation's query parameters and response shape → how it pages
//! (`ir::PagingStyle`) and how its page envelope exposes items, cursor, `has_more` and total
//! (`ir::PageImpl`). Configured `sdk.yaml` schemes are tried in order; without any, the usual
//! shapes of every common style are (`conventional_shapes`). A shape matches only when every
//! part it names is there with the right type, so a `limit` parameter alone never pages.

use super::context::SpecOperation;
use super::pagination_shapes::{SIZES, Shape, conventional_shapes, names};
use super::pending::{LoweredField, PendingKind};
use super::schemas::SchemaLowerer;
use crate::config::{PageKind, PaginationScheme};
use crate::ir::{
    FieldPath, OperationPagination, PageImpl, PagingStyle, ParamField, ResponseKind, Text, Ty,
};

/// What detection needs to know about one operation.
pub struct PagingInputs<'r, 'a> {
    pub schemas: &'r SchemaLowerer<'a>,
    pub op: &'r SpecOperation<'a>,
    pub fields: &'r [ParamField],
    pub response: &'r ResponseKind,
}

/// How the operation pages, and its envelope's implementation (none for a bare array), under
/// the first configured scheme that fits, or the first conventional shape without any.
pub fn detect_pagination(
    inputs: &PagingInputs<'_, '_>,
    schemes: &[PaginationScheme],
) -> Option<(OperationPagination, Option<PageImpl>)> {
    let shapes = if schemes.is_empty() {
        conventional_shapes()
    } else {
        schemes.iter().map(Shape::of_scheme).collect()
    };
    let ResponseKind::Json { ty } = inputs.response else {
        return None;
    };
    let bare = |item: &Ty| {
        // A `Link` header is the server's own word on the next page: among the derived
        // shapes it goes before an offset or page number the request also takes.
        let (link, rest): (Vec<&Shape>, Vec<&Shape>) = shapes
            .iter()
            .partition(|shape| shape.conventional && shape.kind == PageKind::LinkHeader);
        link.into_iter()
            .chain(rest)
            .find_map(|shape| inputs.bare_array(shape, item))
    };
    match ty {
        Ty::Array(item) => bare(item),
        Ty::Named(page_type) => match &inputs.schemas.models.get(page_type)?.kind {
            PendingKind::Struct(fields) => shapes
                .iter()
                .find_map(|shape| inputs.envelope(shape, page_type, fields)),
            // A named array schema (Ory's `identitySchemas`) is a bare array by another name.
            PendingKind::Alias(Ty::Array(item)) => bare(item),
            _ => None,
        },
        _ => None,
    }
}

impl PagingInputs<'_, '_> {
    /// The first of `names` that is a query parameter of one of `types`.
    fn param(&self, names: &[String], types: &[Ty]) -> Option<String> {
        names.iter().find_map(|name| {
            self.fields
                .iter()
                .find(|f| {
                    f.is_query()
                        && f.field.wire_name.as_str() == name
                        && types.contains(&f.field.ty)
                })
                .map(|_| name.clone())
        })
    }

    /// The first page number the spec gives a page parameter: 0 when its description says so,
    /// else its `default`, else its `minimum` (Datadog counts from 0), when the schema is inline.
    fn first_page(&self, name: &str) -> Option<u64> {
        let resolver = &self.schemas.resolver;
        let all = self
            .op
            .operation
            .parameters
            .iter()
            .chain(&self.op.path_item.parameters);
        let parameter = all
            .filter_map(|parameter| {
                resolver.find_component(parameter, "parameters", |c| &c.parameters)
            })
            .find(|parameter| parameter.parameter_data_ref().name == name)?;
        let data = parameter.parameter_data_ref();
        // Some documents say it only in prose ("Which page you want to retrieve. Starts at zero.").
        let prose = data
            .description
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let zero = [
            "starts at zero",
            "starts at 0",
            "zero-based",
            "0-based",
            "starting from 0",
        ];
        if zero.iter().any(|phrase| prose.contains(phrase)) {
            return Some(0);
        }
        let openapiv3::ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(schema)) =
            &data.format
        else {
            return None;
        };
        let default = schema.schema_data.default.as_ref().and_then(|d| d.as_u64());
        let minimum = match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) => {
                integer.minimum.and_then(|m| u64::try_from(m).ok())
            }
            _ => None,
        };
        default.or(minimum).filter(|first| *first <= 1)
    }

    /// Whether a 2xx response declares a `Link` header.
    fn declares_link_header(&self) -> bool {
        let resolver = &self.schemas.resolver;
        self.op
            .operation
            .responses
            .responses
            .iter()
            .any(|(status, response)| {
                let status = status.to_string();
                let response = resolver.find_component(response, "responses", |c| &c.responses);
                status.starts_with('2')
                    && response
                        .is_some_and(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
            })
    }

    /// A bare array pages by its request alone: a `Link` header (declared, or a token
    /// parameter as evidence: Ory, GitHub), or an offset or page number advanced by the items
    /// received. The body has no field to say where the list ends, so a derived shape asks for
    /// a page-size parameter beside the offset or page: with both, the list is surely paged
    /// (an `offset` alone may be anything), and the size lets a short page end it.
    fn bare_array(
        &self,
        shape: &Shape,
        item: &Ty,
    ) -> Option<(OperationPagination, Option<PageImpl>)> {
        // A scheme that names response fields describes an envelope, not a bare array.
        let names_fields = !shape.items.is_empty()
            || !shape.next.is_empty()
            || !shape.has_more.is_empty()
            || !shape.total.is_empty();
        if !shape.conventional && names_fields {
            return None;
        }
        let integer = [Ty::I32, Ty::I64];
        let (style, summary) = match shape.kind {
            PageKind::LinkHeader => {
                // A configured scheme asks for the evidence too: it names no parameter or
                // field that could limit it, so without evidence it would page every list.
                let tokens = names(&["page_token", "pageToken", "cursor"]);
                let evidence =
                    self.declares_link_header() || self.param(&tokens, &[Ty::String]).is_some();
                if !evidence {
                    return None;
                }
                (PagingStyle::LinkHeader, "link_header".to_owned())
            }
            PageKind::Offset => {
                let param = self.param(&shape.params, &integer)?;
                let size = self.param(&shape.sizes, &integer);
                if shape.conventional && size.is_none() {
                    return None;
                }
                let summary = match &size {
                    Some(size) => format!("offset {param}/{size}"),
                    None => format!("offset {param}"),
                };
                let style = PagingStyle::Offset {
                    param: Text::new(param),
                    size: size.map(Text::new),
                };
                (style, summary)
            }
            PageKind::PageNumber => self.page_number(shape)?,
            _ => return None,
        };
        let pagination = OperationPagination {
            page_type: format!("Vec<{}>", item.rust(false)),
            item: item.clone(),
            bare_array: true,
            style,
            summary: format!("{summary} (a bare array)"),
        };
        Some((pagination, None))
    }

    /// The page-number style: the page parameter, its size parameter (required by a derived
    /// shape) and the first page's number; `None` when the operation lacks them.
    fn page_number(&self, shape: &Shape) -> Option<(PagingStyle, String)> {
        let integer = [Ty::I32, Ty::I64];
        let param = self.param(&shape.params, &integer)?;
        let size = self.param(&shape.sizes, &integer);
        if shape.conventional && size.is_none() {
            return None;
        }
        let summary = match &size {
            Some(size) => format!("page {param}/{size}"),
            None => format!("page {param}"),
        };
        let first = shape.first_page.or_else(|| self.first_page(&param));
        let summary = match first {
            Some(0) => format!("{summary} from 0"),
            _ => summary,
        };
        let style = PagingStyle::PageNumber {
            param: Text::new(param),
            size: size.map(Text::new),
            first: first.unwrap_or(1),
        };
        Some((style, summary))
    }

    fn envelope(
        &self,
        shape: &Shape,
        page_type: &str,
        fields: &[LoweredField],
    ) -> Option<(OperationPagination, Option<PageImpl>)> {
        let items = self.items_field(shape, fields)?;
        let Ty::Array(item) = &items.ty else {
            return None;
        };
        let path = |candidates: &[String], types: &[Ty]| {
            candidates
                .iter()
                .find_map(|c| self.field_path(fields, c, types))
        };
        let has_more = path(&shape.has_more, &[Ty::Bool]);
        let total = path(&shape.total, &[Ty::I32, Ty::I64]);
        // A configured scheme applies where the response has the fields it names (the
        // conventional shapes list candidates, any of which may be absent).
        let named_but_absent = |names: &[String], found: &Option<FieldPath>| {
            !shape.conventional && !names.is_empty() && found.is_none()
        };
        if named_but_absent(&shape.has_more, &has_more) || named_but_absent(&shape.total, &total) {
            return None;
        }
        let EnvelopeStyle {
            style,
            summary,
            next,
            item_id,
        } = self.envelope_style(shape, fields, item, has_more.is_some())?;
        let mut summary = format!("{summary}; items {}", items.wire_name);
        for (label, part) in [("has_more", &has_more), ("total", &total)] {
            if let Some(part) = part {
                summary.push_str(&format!("; {label} {}", part.wire));
            }
        }
        let page = PageImpl {
            item: (**item).clone(),
            items_field: items.rust_name.clone(),
            items_wire: Text::new(&items.wire_name),
            items_optional: !items.presence.is_plain(),
            style: style.clone(),
            next,
            has_more,
            total,
            item_id,
        };
        let pagination = OperationPagination {
            page_type: page_type.to_owned(),
            item: (**item).clone(),
            bare_array: false,
            style,
            summary,
        };
        Some((pagination, Some(page)))
    }

    /// How an envelope of `shape` pages (the response's `fields`, its items of type `item`):
    /// `None` when the operation lacks what the style needs (a conventional shape whose
    /// parameters or fields are not all there).
    fn envelope_style(
        &self,
        shape: &Shape,
        fields: &[LoweredField],
        item: &Ty,
        has_more: bool,
    ) -> Option<EnvelopeStyle> {
        let next_path = || {
            shape
                .next
                .iter()
                .find_map(|c| self.field_path(fields, c, &[Ty::String]))
        };
        let mut next = None;
        let mut item_id = None;
        let integer = [Ty::I32, Ty::I64];
        let (style, summary) = match shape.kind {
            PageKind::Cursor => {
                let param = self.param(&shape.params, &[Ty::String])?;
                next = Some(next_path()?);
                let summary = format!("cursor {param} <- {}", next.as_ref()?.wire);
                (
                    PagingStyle::Cursor {
                        param: Text::new(param),
                    },
                    summary,
                )
            }
            PageKind::ItemId => {
                if shape.conventional && !has_more {
                    return None;
                }
                let (style, summary) = self.item_id_style(shape)?;
                item_id = Some(self.item_id(item)?);
                (style, summary)
            }
            PageKind::NextUrl => {
                let paging = [
                    names(&["offset", "page", "cursor", "page_token"]),
                    names(SIZES),
                ]
                .concat();
                if shape.conventional
                    && self
                        .param(&paging, &[Ty::String, Ty::I32, Ty::I64])
                        .is_none()
                {
                    return None;
                }
                next = Some(next_path()?);
                (
                    PagingStyle::NextUrl,
                    format!("next_url {}", next.as_ref()?.wire),
                )
            }
            PageKind::Offset => {
                let param = self.param(&shape.params, &integer)?;
                // No page size: only a bare array ends on a short page (an envelope ends at its
                // total, `has_more` or an empty page).
                let style = PagingStyle::Offset {
                    param: Text::new(&param),
                    size: None,
                };
                (style, format!("offset {param}"))
            }
            PageKind::PageNumber => self.page_number(shape)?,
            PageKind::LinkHeader => {
                // Configured or not: see `bare_array`.
                if !self.declares_link_header() {
                    return None;
                }
                (PagingStyle::LinkHeader, "link_header".to_owned())
            }
        };
        Some(EnvelopeStyle {
            style,
            summary,
            next,
            item_id,
        })
    }

    /// `after` (and `before`) taking the last (first) item's id.
    fn item_id_style(&self, shape: &Shape) -> Option<(PagingStyle, String)> {
        let after = self.param(&shape.params, &[Ty::String])?;
        let before = self.param(&shape.before, &[Ty::String]);
        let summary = match &before {
            Some(before) => format!("item_id {after}/{before} <- id"),
            None => format!("item_id {after} <- id"),
        };
        let style = PagingStyle::ItemId {
            after: Text::new(after),
            before: before.map(Text::new),
        };
        Some((style, summary))
    }

    /// The items array: the first listed name that is an array, else (when the shape lists
    /// none, or is derived) the envelope's only array field.
    fn items_field<'f>(
        &self,
        shape: &Shape,
        fields: &'f [LoweredField],
    ) -> Option<&'f LoweredField> {
        let is_array = |f: &&LoweredField| matches!(f.ty, Ty::Array(_));
        let named = shape.items.iter().find_map(|name| {
            fields
                .iter()
                .filter(is_array)
                .find(|f| &f.wire_name == name)
        });
        if named.is_some() || !(shape.items.is_empty() || shape.conventional) {
            return named;
        }
        let mut arrays = fields.iter().filter(is_array);
        match (arrays.next(), arrays.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// A dotted path through nested structs to a field of one of `types`.
    fn field_path(&self, fields: &[LoweredField], dotted: &str, types: &[Ty]) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut current = fields;
        let mut parts = dotted.split('.').peekable();
        while let Some(part) = parts.next() {
            let field = current.iter().find(|f| f.wire_name == part)?;
            steps.push((field.rust_name.clone(), !field.presence.is_plain()));
            if parts.peek().is_none() {
                return types.contains(&field.ty).then(|| FieldPath {
                    steps,
                    wire: dotted.to_owned(),
                });
            }
            let (Ty::Named(name) | Ty::Boxed(name)) = &field.ty else {
                return None;
            };
            let PendingKind::Struct(inner) = &self.schemas.models.get(name)?.kind else {
                return None;
            };
            current = inner;
        }
        None
    }

    /// The items' `id` string field, for paging after the last item.
    fn item_id(&self, item: &Ty) -> Option<(String, bool)> {
        let (Ty::Named(name) | Ty::Boxed(name)) = item else {
            return None;
        };
        let PendingKind::Struct(fields) = &self.schemas.models.get(name)?.kind else {
            return None;
        };
        let id = fields
            .iter()
            .find(|f| f.wire_name == "id" && f.ty == Ty::String)?;
        Some((id.rust_name.clone(), !id.presence.is_plain()))
    }
}

/// How an envelope pages: the style, its line in the paging summary, and the fields the style
/// reads (a cursor's or URL's next field, the items' id).
struct EnvelopeStyle {
    style: PagingStyle,
    summary: String,
    next: Option<FieldPath>,
    item_id: Option<(String, bool)>,
}
