//! Which optional parts of the generated runtime a crate's operations use (`RuntimeNeeds`),
//! read off the finished resources so that the rest is not emitted and the crate has no dead
//! code.

use super::{BodyEncoding, ParamLocation, QueryStyle, Resource, ResponseKind};

/// Which optional parts of the runtime the operations use; the rest is not emitted, so the
/// generated crate has no dead code.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuntimeNeeds {
    /// Any operation at all; without one the crate holds only the models.
    pub operations: bool,
    pub pagination: bool,
    pub event_streams: bool,
    pub empty_responses: bool,
    pub json_responses: bool,
    pub optional_json_responses: bool,
    pub scalar_query: bool,
    pub repeated_query: bool,
    pub path_params: bool,
    pub server_overrides: bool,
    pub json_bodies: bool,
    pub form_bodies: bool,
    pub multipart_bodies: bool,
    pub deep_query: bool,
    pub joined_query: bool,
    pub header_params: bool,
    /// Text responses (`text/*`, XML): `Call<String>`.
    pub text_responses: bool,
    /// Binary responses, or operations offering another content type: `Call<Download>`.
    pub downloads: bool,
    /// Request bodies sent as given (bytes, a file or a stream): `Upload`.
    pub uploads: bool,
    /// Query values written through their JSON form (objects, unions, delimited arrays).
    pub styled_query: bool,
    /// Header values written through their JSON form (arrays, objects, unions).
    pub styled_headers: bool,
    pub cookie_params: bool,
    /// `content: application/json` query parameters.
    pub json_query: bool,
    /// `content: application/json` header parameters.
    pub json_header: bool,
    /// `content: application/json` cookie parameters.
    pub json_cookie: bool,
    /// Any string enum among the models that takes numbers and booleans too
    /// (`StringEnumModel::takes_scalars`, set by `lower`): its `Deserialize` reads through the
    /// runtime's `enum_text`.
    pub string_enums: bool,
    /// Which builds decode structs with written-out serde impls
    /// (`StructModel::serde_by_hand`) through the runtime's `decode_struct` (set by
    /// `lower::serde_needs`).
    pub struct_decoding: BuildUse,
    /// Which builds write dates or timestamps through the runtime's `timestamp` module (set by
    /// `lower::serde_needs`; the fields that do are chosen by `lower::timestamps`, which sets
    /// the three after `timestamp_reads`).
    pub timestamp_writes: BuildUse,
    /// Which builds read them through `timestamp_read` (set with `timestamp_writes`).
    pub timestamp_reads: BuildUse,
    /// chrono timestamps among them (read leniently).
    pub chrono_timestamps: bool,
    /// The `time` crate's types among them.
    pub time_timestamps: bool,
    /// `types.date-time-parsing: lenient`: a timestamp without a zone is read as UTC.
    pub lenient_date_times: bool,
    /// A security scheme sends its key in a header of the API's own naming
    /// (`ClientModel::has_header_key`, set by `lower`): redirects to another origin are followed
    /// by the runtime's `redirect`, without credentials.
    pub header_key: bool,
}

/// Which builds of a generated crate use a part of the runtime, from none to all. Ordered, so
/// that the widest of several uses is their `max`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum BuildUse {
    #[default]
    Unused,
    /// Builds with the `cli` feature.
    Cli,
    /// Builds with the `serde-both` feature, which `cli` and `testing` enable.
    SerdeBoth,
    /// Every build.
    Always,
}

impl BuildUse {
    /// Whether any build uses it.
    pub fn is_used(self) -> bool {
        self != BuildUse::Unused
    }

    /// The `#[cfg(…)]` of the builds, when not every build.
    pub fn cfg(self) -> Option<String> {
        match self {
            BuildUse::Cli => Some("#[cfg(feature = \"cli\")]".to_owned()),
            BuildUse::SerdeBoth => Some(super::gated_cfg()),
            BuildUse::Unused | BuildUse::Always => None,
        }
    }
}

impl RuntimeNeeds {
    /// Whether the models themselves use the runtime (string enums' decoding, timestamps): a
    /// crate without operations then still gets those runtime files (see
    /// `render::runtime::MODEL_MODULES`).
    pub fn models_use_runtime(&self) -> bool {
        self.string_enums || self.timestamps() || self.struct_decoding.is_used()
    }

    /// Whether any field writes or reads its dates or timestamps through the runtime.
    pub fn timestamps(&self) -> bool {
        self.timestamp_writes.is_used() || self.timestamp_reads.is_used()
    }

    pub fn of(resources: &[Resource]) -> Self {
        let mut needs = RuntimeNeeds::default();
        for op in resources
            .iter()
            .flat_map(Resource::walk)
            .flat_map(|r| &r.operations)
        {
            needs.operations = true;
            needs.pagination |= op.pagination.is_some();
            needs.event_streams |= matches!(op.response, ResponseKind::EventStream { .. });
            needs.empty_responses |=
                matches!(op.response, ResponseKind::Empty) && op.pagination.is_none();
            needs.json_responses |=
                matches!(op.response, ResponseKind::Json { .. }) && op.pagination.is_none();
            needs.optional_json_responses |=
                matches!(op.response, ResponseKind::OptionalJson { .. }) && op.pagination.is_none();
            needs.text_responses |= matches!(op.response, ResponseKind::Text);
            needs.downloads |=
                matches!(op.response, ResponseKind::Download) || !op.other_media.is_empty();
            needs.uploads |= op.has_body() && op.body_encoding == BodyEncoding::Raw
                || !op.other_body_media.is_empty();
            needs.path_params |= !op.path_params.is_empty();
            needs.server_overrides |= op.server.is_some();
            needs.json_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Json;
            needs.form_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Form;
            needs.multipart_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Multipart;
            for field in op.params.iter().flat_map(|p| &p.fields) {
                needs.scalar_query |= field.is_query() && field.query_style == QueryStyle::Scalar;
                needs.repeated_query |= field.is_query() && field.query_style == QueryStyle::Repeat;
                needs.joined_query |= field.is_query() && field.query_style == QueryStyle::Comma;
                needs.deep_query |= field.is_query() && field.query_style == QueryStyle::Deep;
                needs.header_params |= field.is_header() && field.query_style == QueryStyle::Scalar;
                needs.styled_query |=
                    field.is_query() && matches!(field.query_style, QueryStyle::Styled { .. });
                needs.styled_headers |=
                    field.is_header() && matches!(field.query_style, QueryStyle::Styled { .. });
                needs.cookie_params |= field.location == ParamLocation::Cookie;
                // `content: application/json` in the query, a header or a cookie.
                let json = field.query_style == QueryStyle::Json;
                needs.json_query |= json && field.is_query();
                needs.json_header |= json && field.location == ParamLocation::Header;
                needs.json_cookie |= json && field.location == ParamLocation::Cookie;
            }
        }
        needs
    }
}
