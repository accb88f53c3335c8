//! Old and new surfaces → the `Change`s of the crate as a whole (name, auth) and of each
//! operation: added, removed, endpoint, path parameters, params struct and fields, body
//! encoding, response and pagination. The rules follow the generated code: a params struct is
//! a plain struct with public fields (`Default` where every field may be left out), not
//! `#[non_exhaustive]`; path parameters are positional arguments.

use super::behaviour;
use super::classify::{
    Change, Group, Verdict, breaking, compatible, presence_rust_verdict, request_presence_verdict,
    request_type_verdict, response_type_verdict,
};
use super::same_shape::same_type;
use super::surface::{
    AuthSurface, OperationSurface, PaginationSurface, ParamSurface, ParamsSurface, ResponseSurface,
    Surface,
};
use super::text::{presence_text, quote, type_text};
use crate::ir::Side;

/// Changes to the crate's name and auth.
pub fn diff_crate(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    let mut push = |what: String, rust, wire| {
        out.push(Change {
            group: Group::Crate,
            about: "crate".to_owned(),
            what,
            pointer: None,
            rust,
            wire,
            addition: false,
        });
    };
    if old.crate_name != new.crate_name {
        push(
            format!("renamed from {} to {}", old.crate_name, new.crate_name),
            breaking("dependents name the crate in Cargo.toml and in `use` paths"),
            compatible("the name is not on the wire"),
        );
    }
    // From format 4 on, every scheme is compared on its own (`auth`); before, only the primary
    // one was recorded.
    if old.format < 4 && old.auth != new.auth {
        let rust = if new.auth == AuthSurface::None {
            breaking(
                "the builder's `api_key` setter is gone, so code that calls it stops compiling",
            )
        } else {
            compatible("the client's constructors keep their signatures")
        };
        let wire = if new.auth == AuthSurface::None {
            compatible("old clients still send a key, which the server ignores")
        } else {
            breaking(
                "old clients send the key differently (or not at all) from what the server now expects",
            )
        };
        push(
            format!(
                "auth changed from {} to {}",
                auth_text(&old.auth),
                auth_text(&new.auth)
            ),
            rust,
            wire,
        );
    }
}

fn auth_text(auth: &AuthSurface) -> String {
    match auth {
        AuthSurface::None => "none".to_owned(),
        AuthSurface::Bearer => "bearer".to_owned(),
        AuthSurface::Header(name) => format!("header {}", quote(name)),
    }
}

fn endpoint(op: &OperationSurface) -> String {
    format!("{} {}", op.http_method, quote(&op.path))
}

/// Changes to every operation, in Rust-path order.
pub fn diff_operations(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (path, old_op) in &old.operations {
        match new.operations.get(path) {
            None => out.push(Change {
                group: Group::Operation {
                    path: path.clone(),
                    endpoint: endpoint(old_op),
                },
                about: path.clone(),
                what: "operation removed".to_owned(),
                pointer: old_op.pointer.clone(),
                rust: breaking("the method is gone, so calls to it stop compiling"),
                wire: breaking(format!(
                    "old clients still call {}, which the spec no longer describes",
                    endpoint(old_op)
                )),
                addition: false,
            }),
            Some(new_op) => OperationDiff {
                path,
                group: Group::Operation {
                    path: path.clone(),
                    endpoint: endpoint(new_op),
                },
                behaviour_known: old.format >= 2,
                surfaces: (old, new),
                pointer: new_op.pointer.clone(),
                out,
            }
            .diff(old_op, new_op),
        }
    }
    for (path, new_op) in &new.operations {
        if !old.operations.contains_key(path) {
            out.push(Change {
                group: Group::Operation {
                    path: path.clone(),
                    endpoint: endpoint(new_op),
                },
                about: path.clone(),
                what: "operation added".to_owned(),
                pointer: new_op.pointer.clone(),
                rust: compatible("a new method; existing code is unaffected"),
                wire: compatible("old clients do not call it"),
                addition: true,
            });
        }
    }
}

/// The changes of one operation present on both sides.
struct OperationDiff<'a> {
    /// The old and the new surface, to read types through aliases of models.
    surfaces: (&'a Surface, &'a Surface),
    path: &'a str,
    group: Group,
    /// The old surface records terminal events and paging styles (format 2 and later).
    behaviour_known: bool,
    /// The operation's pointer in the new spec.
    pointer: Option<String>,
    out: &'a mut Vec<Change>,
}

impl OperationDiff<'_> {
    fn push(&mut self, about: String, what: String, rust: Verdict, wire: Verdict) {
        self.out.push(Change {
            group: self.group.clone(),
            about,
            what,
            pointer: self.pointer.clone(),
            rust,
            wire,
            addition: false,
        });
    }

    fn diff(mut self, old: &OperationSurface, new: &OperationSurface) {
        self.diff_endpoint(old, new);
        self.diff_path_params(old, new);
        self.diff_params(old, new);
        self.diff_body(old, new);
        self.diff_response(&old.response, &new.response);
        self.diff_media_choices(old, new);
        for (what, rust, wire) in super::wire_media::diff_wire_media(old, new) {
            self.push(self.path.to_owned(), what, rust, wire);
        }
        self.diff_pagination(old, new);
        if self.behaviour_known {
            self.diff_behaviour(old, new);
        }
    }

    /// The terminal event and the paging style (`behaviour`).
    fn diff_behaviour(&mut self, old: &OperationSurface, new: &OperationSurface) {
        let terminal = behaviour::diff_terminal(old.terminal.as_ref(), new.terminal.as_ref());
        let security = super::auth::diff_security(old, new);
        let paging = match (&old.pagination, &new.pagination) {
            (Some(a), Some(b)) if a.page_type == b.page_type && a.item == b.item => {
                behaviour::diff_paging(a, b)
            }
            _ => None,
        };
        for (what, rust, wire) in terminal.into_iter().chain(paging).chain(security) {
            self.push(self.path.to_owned(), what, rust, wire);
        }
    }

    /// A body that appears or goes away is covered by its params fields; only a change of
    /// encoding is a change of its own.
    fn diff_body(&mut self, old: &OperationSurface, new: &OperationSurface) {
        if let (Some(old_body), Some(new_body)) = (&old.body, &new.body)
            && old_body != new_body
        {
            self.push(
                self.path.to_owned(),
                format!("request body encoding changed from {old_body} to {new_body}"),
                compatible("the params struct is unchanged by this"),
                breaking(format!(
                    "old clients send {old_body}, the server now expects {new_body}"
                )),
            );
        }
    }

    /// The media types `body_as` and `download_as` are documented for, when both sides record
    /// them. The methods take any media type, so Rust code never breaks; a choice that goes
    /// away is one the server no longer documents.
    fn diff_media_choices(&mut self, old: &OperationSurface, new: &OperationSurface) {
        let (Some(old), Some(new)) = (&old.media_choices, &new.media_choices) else {
            return;
        };
        let sides = [
            ("body_as", "send", &old.body_as, &new.body_as),
            ("download_as", "ask for", &old.download_as, &new.download_as),
        ];
        for (method, verb, old_set, new_set) in sides {
            for media in new_set.difference(old_set) {
                self.out.push(Change {
                    group: self.group.clone(),
                    about: self.path.to_owned(),
                    what: format!("`{method}` media type {} added", quote(media)),
                    pointer: self.pointer.clone(),
                    rust: compatible(format!("a new documented value for `{method}`")),
                    wire: compatible(format!("old clients do not {verb} it")),
                    addition: true,
                });
            }
            for media in old_set.difference(new_set) {
                self.push(
                    self.path.to_owned(),
                    format!("`{method}` media type {} removed", quote(media)),
                    compatible(format!("`{method}` takes any media type, so code still compiles")),
                    breaking(format!(
                        "old clients that {verb} {} with `{method}` rely on what the server no longer documents",
                        quote(media)
                    )),
                );
            }
        }
    }

    /// Paginated or not, and the page and item types (a change of paging style alone is a
    /// `behaviour` change).
    fn diff_pagination(&mut self, old: &OperationSurface, new: &OperationSurface) {
        let types = |p: &Option<PaginationSurface>| {
            p.as_ref()
                .map(|page| (page.page_type.clone(), page.item.clone()))
        };
        if types(&old.pagination) != types(&new.pagination) {
            let text = |p: &Option<PaginationSurface>| match p {
                Some(page) => format!("pages of {} ({})", type_text(&page.item), page.page_type),
                None => "none".to_owned(),
            };
            self.push(
                self.path.to_owned(),
                format!(
                    "pagination changed from {} to {}",
                    text(&old.pagination),
                    text(&new.pagination)
                ),
                breaking("the method's return type (and its `_auto_paging` companion) changes"),
                compatible("pagination is how the crate reads responses; requests are the same"),
            );
        }
    }

    fn diff_endpoint(&mut self, old: &OperationSurface, new: &OperationSurface) {
        if old.http_method == new.http_method && old.path == new.path {
            return;
        }
        let same_url = old.http_method == new.http_method
            && template_shape(&old.path) == template_shape(&new.path);
        let wire = if same_url {
            compatible("the URL is the same; only a parameter's name in the template changed")
        } else {
            breaking(format!("old clients still call {}", endpoint(old)))
        };
        self.push(
            self.path.to_owned(),
            format!(
                "endpoint changed from {} to {}",
                endpoint(old),
                endpoint(new)
            ),
            compatible("the method keeps its name and arguments"),
            wire,
        );
    }

    fn diff_path_params(&mut self, old: &OperationSurface, new: &OperationSurface) {
        let types = |op: &OperationSurface| -> Vec<String> {
            op.path_params.iter().map(|p| type_text(&p.ty)).collect()
        };
        if types(old) == types(new) {
            return;
        }
        let wire = match (old.path_params.as_slice(), new.path_params.as_slice()) {
            ([o], [n]) => request_type_verdict(&o.ty, &n.ty),
            _ => compatible("the URL itself is compared with the endpoint"),
        };
        self.push(
            self.path.to_owned(),
            format!(
                "path arguments changed from ({}) to ({})",
                types(old).join(", "),
                types(new).join(", ")
            ),
            breaking("the method's positional arguments changed, so calls to it stop compiling"),
            wire,
        );
    }

    fn diff_params(&mut self, old: &OperationSurface, new: &OperationSurface) {
        let about = self.path.to_owned();
        match (&old.params, &new.params) {
            (None, None) => {}
            (None, Some(params)) => {
                let required: Vec<&str> = params
                    .fields
                    .values()
                    .filter(|p| p.field.presence.is_required())
                    .map(|p| p.field.wire_name.as_str())
                    .collect();
                let wire = if required.is_empty() {
                    compatible("every new input may be left out")
                } else {
                    breaking(format!(
                        "old clients do not send the required {}",
                        required.join(", ")
                    ))
                };
                self.push(
                    about,
                    format!("now takes {}", params.type_name),
                    breaking("the method takes a new argument, so calls to it stop compiling"),
                    wire,
                );
            }
            (Some(params), None) => self.push(
                about,
                format!("no longer takes {}", params.type_name),
                breaking("the method lost an argument, so calls to it stop compiling"),
                compatible("old clients still send inputs the server no longer reads"),
            ),
            (Some(old_params), Some(new_params)) => {
                if old_params.type_name != new_params.type_name {
                    self.push(
                        about.clone(),
                        format!(
                            "params type renamed from {} to {}",
                            old_params.type_name, new_params.type_name
                        ),
                        breaking("code that names the old type stops compiling"),
                        compatible("type names are not on the wire"),
                    );
                }
                if old_params.derive_default && !new_params.derive_default {
                    self.push(
                        about,
                        format!("{} no longer implements Default", new_params.type_name),
                        breaking("`..Default::default()` and `::default()` stop compiling"),
                        compatible("not on the wire"),
                    );
                }
                self.diff_param_fields(&old_params.fields, new_params);
            }
        }
    }

    fn diff_param_fields(
        &mut self,
        old: &std::collections::BTreeMap<String, ParamSurface>,
        new: &ParamsSurface,
    ) {
        let type_name = &new.type_name;
        for (name, old_param) in old {
            let about = format!("{}.{name}", self.path);
            match new.fields.get(name) {
                None => self.push(
                    about,
                    format!("{} parameter removed", old_param.location),
                    breaking(format!("code that sets {type_name}.{name} stops compiling")),
                    compatible("old clients still send it; the server no longer reads it"),
                ),
                Some(new_param) => self.diff_param_field(about, old_param, new_param),
            }
        }
        for (name, param) in &new.fields {
            if old.contains_key(name) {
                continue;
            }
            let field = &param.field;
            let what = format!(
                "{} parameter added ({}, {})",
                param.location,
                type_text(&field.ty),
                presence_text(field.presence)
            );
            let (rust, wire) = if field.presence.is_required() {
                let rust = if new.derive_default {
                    breaking(format!(
                        "struct literals of {type_name} that list every field stop compiling, and ones ending in `..Default::default()` compile but send the type's default value"
                    ))
                } else {
                    breaking(format!(
                        "struct literals of {type_name} miss the new required field and stop compiling"
                    ))
                };
                (
                    rust,
                    breaking("old clients do not send it, the server now requires it"),
                )
            } else {
                let rust = if new.derive_default {
                    breaking(format!(
                        "{type_name} is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)"
                    ))
                } else {
                    breaking(format!(
                        "struct literals of {type_name} miss the new field and stop compiling"
                    ))
                };
                (
                    rust,
                    compatible("old clients leave it out, which the server allows"),
                )
            };
            self.out.push(Change {
                group: self.group.clone(),
                about: format!("{}.{name}", self.path),
                what,
                pointer: self.pointer.clone(),
                rust,
                wire,
                addition: true,
            });
        }
    }

    fn diff_param_field(&mut self, about: String, old: &ParamSurface, new: &ParamSurface) {
        let (o, n) = (&old.field, &new.field);
        if old.location != new.location {
            self.push(
                about.clone(),
                format!("moved from {} to {}", old.location, new.location),
                compatible("the field keeps its name and type"),
                breaking(format!(
                    "old clients send it as {}, the server now reads it as {}",
                    old.location, new.location
                )),
            );
        }
        if o.wire_name != n.wire_name {
            self.push(
                about.clone(),
                format!(
                    "wire name changed from {} to {}",
                    quote(&o.wire_name),
                    quote(&n.wire_name)
                ),
                compatible("the Rust field keeps its name"),
                breaking(format!(
                    "old clients send {}, which the server no longer reads",
                    quote(&o.wire_name)
                )),
            );
        }
        if !same_type(&o.ty, &n.ty, self.surfaces) {
            self.push(
                about.clone(),
                format!(
                    "type changed from {} to {}",
                    type_text(&o.ty),
                    type_text(&n.ty)
                ),
                breaking("the field's Rust type changed, so code that sets it stops compiling"),
                request_type_verdict(&o.ty, &n.ty),
            );
        }
        if o.presence != n.presence {
            self.push(
                about,
                format!(
                    "changed from {} to {}",
                    presence_text(o.presence),
                    presence_text(n.presence)
                ),
                presence_rust_verdict(o.presence, n.presence, Side::Request),
                request_presence_verdict(o.presence, n.presence),
            );
        }
    }

    fn diff_response(&mut self, old: &ResponseSurface, new: &ResponseSurface) {
        use ResponseSurface::*;
        let same = match (old, new) {
            (Json(a), Json(b))
            | (OptionalJson(a), OptionalJson(b))
            | (EventStream(a), EventStream(b)) => same_type(a, b, self.surfaces),
            _ => old == new,
        };
        if same {
            return;
        }
        let wire = match (old, new) {
            (Json(a), Json(b))
            | (OptionalJson(a), OptionalJson(b))
            | (EventStream(a), EventStream(b))
            | (OptionalJson(a), Json(b)) => response_type_verdict(a, b),
            (Empty, _) => compatible("old clients ignore the body the server now sends"),
            (_, Empty) => breaking("the server now answers without a body, old clients expect one"),
            (Json(_), OptionalJson(_)) => {
                breaking("the server may now answer without a body, which old clients cannot read")
            }
            _ => breaking("the server now answers in a form old clients cannot read"),
        };
        self.push(
            self.path.to_owned(),
            format!(
                "response changed from {} to {}",
                response_text(old),
                response_text(new)
            ),
            breaking("the method's return type changes"),
            wire,
        );
    }
}

fn response_text(response: &ResponseSurface) -> String {
    match response {
        ResponseSurface::Json(ty) => type_text(ty),
        ResponseSurface::OptionalJson(ty) => format!("optional {}", type_text(ty)),
        ResponseSurface::Empty => "no body".to_owned(),
        ResponseSurface::EventStream(ty) => format!("event stream of {}", type_text(ty)),
        ResponseSurface::Text => "text".to_owned(),
        ResponseSurface::Download => "a download".to_owned(),
    }
}

/// The path template with parameter names blanked: two templates with the same shape match
/// the same URLs.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push('{');
            }
            '}' => {
                in_param = false;
                shape.push('}');
            }
            c if !in_param => shape.push(c),
            _ => {}
        }
    }
    shape
}
