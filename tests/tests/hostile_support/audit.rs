//! The Rust audit: walks one parsed generated file and records every item, identifier,
//! attribute and literal that the spec did not describe, plus the facts the crate-wide checks
//! need (inherent methods, private functions, identifier counts) and every doc comment's text.

use super::{ALLOWED_ATTRIBUTES, Described, PRELUDE_NAMES, TOKEN, TRAIT_METHOD_NAMES, listed};
use generator::naming::unraw;
use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::{self, Visit};

/// Walks one parsed file and records every problem, plus facts for crate-wide checks.
pub struct Audit<'d> {
    file: String,
    described: &'d Described,
    pub problems: BTreeSet<String>,
    /// Doc text of each documented node, as rustdoc joins it.
    pub docs: Vec<String>,
    /// `(self type, method)` of inherent impls, for duplicates across files.
    pub inherent_fns: Vec<(String, String)>,
    /// Functions that are not `pub`, for the dead-code check.
    pub private_fns: Vec<String>,
    /// How often each identifier occurs (paths, expressions and macro bodies included).
    pub ident_counts: BTreeMap<String, usize>,
}

impl<'d> Audit<'d> {
    pub fn new(file: &str, described: &'d Described) -> Self {
        Audit {
            file: file.to_owned(),
            described,
            problems: BTreeSet::new(),
            docs: Vec::new(),
            inherent_fns: Vec::new(),
            private_fns: Vec::new(),
            ident_counts: BTreeMap::new(),
        }
    }

    fn problem(&mut self, message: String) {
        self.problems.insert(format!("{}: {message}", self.file));
    }

    /// Names of items, fields, variants and uses: described, and as rustc's style lints want.
    fn name(&mut self, kind: &str, ident: &syn::Ident) {
        let text = ident.to_string();
        if !self.described.allows_ident(&text) {
            self.problem(format!("{kind} `{text}` is not derived from any spec name"));
        }
        let bare = unraw(&text);
        let style_ok = match kind {
            "struct" | "enum" | "union" | "trait" | "type alias" | "variant" => is_camel_case(bare),
            "fn" | "field" | "module" => is_snake_case(bare),
            "const" | "static" => !bare.chars().any(char::is_lowercase),
            _ => true,
        };
        if !style_ok {
            self.problem(format!("{kind} `{text}` breaks Rust's naming lints"));
        }
        let type_namespace = matches!(kind, "struct" | "enum" | "union" | "trait" | "type alias");
        if type_namespace && listed(PRELUDE_NAMES, bare) {
            self.problem(format!("{kind} `{text}` shadows the prelude's `{bare}`"));
        }
    }

    fn attrs(&mut self, attrs: &[syn::Attribute]) {
        let mut lines = Vec::new();
        for attr in attrs {
            if let (true, syn::Meta::NameValue(doc)) = (attr.path().is_ident("doc"), &attr.meta)
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = &doc.value
            {
                lines.push(text.value());
            }
        }
        if !lines.is_empty() {
            self.docs.push(unindent(&lines.join("\n")));
        }
    }

    /// Duplicate item names in one scope (a module or a block).
    fn scope(&mut self, items: &[syn::Item]) {
        let mut types = BTreeSet::new();
        let mut values = BTreeSet::new();
        for item in items {
            // Alternatives under `#[cfg(..)]` (checked by `visit_attribute`) may share a name.
            if item_attrs(item)
                .iter()
                .any(|attr| attr.path().is_ident("cfg"))
            {
                continue;
            }
            let (namespace, ident) = match item {
                syn::Item::Struct(i) => (&mut types, &i.ident),
                syn::Item::Enum(i) => (&mut types, &i.ident),
                syn::Item::Union(i) => (&mut types, &i.ident),
                syn::Item::Trait(i) => (&mut types, &i.ident),
                syn::Item::Type(i) => (&mut types, &i.ident),
                syn::Item::Mod(i) => (&mut types, &i.ident),
                syn::Item::Fn(i) => (&mut values, &i.sig.ident),
                syn::Item::Const(i) => (&mut values, &i.ident),
                syn::Item::Static(i) => (&mut values, &i.ident),
                _ => continue,
            };
            if !namespace.insert(ident.to_string()) {
                self.problem(format!("`{ident}` is defined twice in one scope"));
            }
        }
    }

    fn tokens(&mut self, tokens: &TokenStream) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Group(group) => self.tokens(&group.stream()),
                TokenTree::Ident(ident) => self.visit_ident(&ident),
                TokenTree::Literal(literal) => {
                    let lit = syn::Lit::new(literal);
                    self.literal(&lit);
                }
                TokenTree::Punct(_) => {}
            }
        }
    }

    fn literal(&mut self, lit: &syn::Lit) {
        let value = match lit {
            syn::Lit::Str(s) => s.value(),
            syn::Lit::ByteStr(s) => String::from_utf8_lossy(&s.value()).into_owned(),
            syn::Lit::Int(i) => i.to_string(),
            syn::Lit::Float(f) => f.to_string(),
            syn::Lit::Verbatim(v) => v.to_string(),
            _ => return,
        };
        let is_text = matches!(lit, syn::Lit::Str(_) | syn::Lit::ByteStr(_));
        if !is_text && value.to_lowercase().contains(TOKEN) {
            self.problem(format!("non-string literal `{value}` carries the token"));
        } else if !self.described.allows_literal(&value) {
            self.problem(format!(
                "string literal {value:?} is not verbatim spec text"
            ));
        }
    }
}

/// Visitor methods that record a node's docs and check its name, then walk on.
macro_rules! named_nodes {
    ($($method:ident: $node:ty, $kind:literal, |$n:ident| $ident:expr;)*) => {$(
        fn $method(&mut self, $n: &'ast $node) {
            self.attrs(&$n.attrs);
            self.name($kind, $ident);
            visit::$method(self, $n);
        }
    )*};
}

impl<'ast> Visit<'ast> for Audit<'_> {
    named_nodes! {
        visit_item_struct: syn::ItemStruct, "struct", |node| &node.ident;
        visit_item_union: syn::ItemUnion, "union", |node| &node.ident;
        visit_variant: syn::Variant, "variant", |node| &node.ident;
        visit_item_const: syn::ItemConst, "const", |node| &node.ident;
        visit_item_static: syn::ItemStatic, "static", |node| &node.ident;
        visit_item_type: syn::ItemType, "type alias", |node| &node.ident;
        visit_item_trait: syn::ItemTrait, "trait", |node| &node.ident;
        visit_impl_item_fn: syn::ImplItemFn, "fn", |node| &node.sig.ident;
        visit_impl_item_const: syn::ImplItemConst, "const", |node| &node.ident;
        visit_impl_item_type: syn::ImplItemType, "type alias", |node| &node.ident;
        visit_trait_item_fn: syn::TraitItemFn, "fn", |node| &node.sig.ident;
    }

    fn visit_file(&mut self, node: &'ast syn::File) {
        self.attrs(&node.attrs);
        self.scope(&node.items);
        visit::visit_file(self, node);
    }

    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        let text = ident.to_string();
        if !self.described.allows_ident(&text) {
            self.problem(format!(
                "identifier `{text}` is not derived from any spec name"
            ));
        }
        *self
            .ident_counts
            .entry(unraw(&text).to_owned())
            .or_default() += 1;
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let path = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        let args = match &attr.meta {
            syn::Meta::List(list) => list.tokens.to_string(),
            _ => String::new(),
        };
        let allowed = listed(ALLOWED_ATTRIBUTES, &path)
            || (path == "cfg" && (args == "test" || is_feature_cfg(&args)))
            // The README's test-transport example: one `main` with the `testing` feature, one
            // without (doctests are compiled with and without it).
            || (path == "cfg"
                && args
                    .strip_prefix("not (")
                    .and_then(|rest| rest.strip_suffix(')'))
                    .is_some_and(is_feature_cfg))
            || (path == "tokio::main" && args == "flavor = \"current_thread\"")
            // The per-operation mock tests (`tests/mock/`).
            || (path == "tokio::test" && args.is_empty())
            // The CLI's stdin check differs by platform.
            || (path == "cfg" && (args == "unix" || args == "not (unix)"))
            || (path == "forbid" && args == "unsafe_code")
            // Operations, compiled in the crate that calls them (templates/resource.rs.askama),
            // and the struct decoder's per-field helpers (`runtime/decode_struct.rs`).
            || (path == "inline" && (args.is_empty() || args == "always"))
            // A model's serde trait that its operations do not use, derived (or implemented)
            // only under the `serde-both` feature (`lower/serde_needs.rs`).
            || (path == "cfg" && args == SERDE_GATE)
            || (path == "cfg_attr"
                && [SERDE_GATE_SERIALIZE, SERDE_GATE_DESERIALIZE].contains(&args.as_str()));
        if !allowed {
            self.problem(format!("unexpected attribute `#[{path}({args})]`"));
        }
        if let syn::Meta::List(list) = &attr.meta {
            self.tokens(&list.tokens);
        }
        visit::visit_attribute(self, attr);
    }

    fn visit_lit(&mut self, lit: &'ast syn::Lit) {
        self.literal(lit);
    }

    fn visit_meta_name_value(&mut self, node: &'ast syn::MetaNameValue) {
        if node.path.is_ident("doc") {
            // The doc text itself is checked by `attrs`; only a non-literal value is walked.
            if !matches!(node.value, syn::Expr::Lit(_)) {
                visit::visit_meta_name_value(self, node);
            }
            return;
        }
        visit::visit_meta_name_value(self, node);
    }

    fn visit_expr_match(&mut self, node: &'ast syn::ExprMatch) {
        let mut seen = BTreeSet::new();
        for arm in &node.arms {
            let syn::Pat::Lit(syn::ExprLit { lit, .. }) = &arm.pat else {
                continue;
            };
            let key = match lit {
                syn::Lit::Str(s) => format!("{:?}", s.value()),
                syn::Lit::Int(i) => i
                    .base10_parse::<i128>()
                    .map_or(i.to_string(), |v| v.to_string()),
                _ => continue,
            };
            if !seen.insert(key.clone()) {
                self.problem(format!(
                    "a match has two arms for {key} (unreachable pattern)"
                ));
            }
        }
        visit::visit_expr_match(self, node);
    }

    fn visit_macro(&mut self, node: &'ast syn::Macro) {
        self.tokens(&node.tokens);
        visit::visit_macro(self, node);
    }

    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        self.attrs(&node.attrs);
        self.name("fn", &node.sig.ident);
        // `#[test]` and `#[tokio::test]`: called by the test harness.
        let is_test = (node.attrs.iter())
            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"));
        if !matches!(node.vis, syn::Visibility::Public(_)) && !is_test && node.sig.ident != "main" {
            self.private_fns.push(node.sig.ident.to_string());
        }
        visit::visit_item_fn(self, node);
    }

    fn visit_block(&mut self, node: &'ast syn::Block) {
        let items: Vec<syn::Item> = node
            .stmts
            .iter()
            .filter_map(|stmt| match stmt {
                syn::Stmt::Item(item) => Some(item.clone()),
                _ => None,
            })
            .collect();
        self.scope(&items);
        visit::visit_block(self, node);
    }

    fn visit_item_enum(&mut self, node: &'ast syn::ItemEnum) {
        self.attrs(&node.attrs);
        self.name("enum", &node.ident);
        let mut seen = BTreeSet::new();
        for variant in &node.variants {
            if !seen.insert(variant.ident.to_string()) {
                let (owner, twice) = (&node.ident, &variant.ident);
                self.problem(format!("enum `{owner}` has variant `{twice}` twice"));
            }
        }
        visit::visit_item_enum(self, node);
    }

    fn visit_fields_named(&mut self, node: &'ast syn::FieldsNamed) {
        let mut seen = BTreeSet::new();
        for ident in node.named.iter().filter_map(|f| f.ident.as_ref()) {
            if !seen.insert(ident.to_string()) {
                self.problem(format!("field `{ident}` is declared twice"));
            }
        }
        visit::visit_fields_named(self, node);
    }

    fn visit_field(&mut self, node: &'ast syn::Field) {
        self.attrs(&node.attrs);
        if let Some(ident) = &node.ident {
            self.name("field", ident);
        }
        visit::visit_field(self, node);
    }

    fn visit_item_mod(&mut self, node: &'ast syn::ItemMod) {
        self.attrs(&node.attrs);
        self.name("module", &node.ident);
        if let Some((_, items)) = &node.content {
            self.scope(items);
        }
        visit::visit_item_mod(self, node);
    }

    fn visit_item_macro(&mut self, node: &'ast syn::ItemMacro) {
        self.attrs(&node.attrs);
        if let Some(ident) = &node.ident {
            self.name("macro", ident);
        }
        visit::visit_item_macro(self, node);
    }

    fn visit_item_use(&mut self, node: &'ast syn::ItemUse) {
        self.attrs(&node.attrs);
        visit::visit_item_use(self, node);
    }

    fn visit_use_name(&mut self, node: &'ast syn::UseName) {
        self.name("use", &node.ident);
        visit::visit_use_name(self, node);
    }

    fn visit_use_rename(&mut self, node: &'ast syn::UseRename) {
        self.name("use", &node.rename);
        visit::visit_use_rename(self, node);
    }

    fn visit_item_impl(&mut self, node: &'ast syn::ItemImpl) {
        self.attrs(&node.attrs);
        let self_ty = match &*node.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        if let (None, Some(self_ty)) = (&node.trait_, self_ty) {
            for item in &node.items {
                let syn::ImplItem::Fn(method) = item else {
                    continue;
                };
                let name = method.sig.ident.to_string();
                if listed(TRAIT_METHOD_NAMES, unraw(&name)) {
                    self.problem(format!(
                        "inherent `{self_ty}::{name}` shadows a trait method the type implements"
                    ));
                }
                if !matches!(method.vis, syn::Visibility::Public(_)) {
                    self.private_fns.push(name.clone());
                }
                self.inherent_fns.push((self_ty.clone(), name));
            }
        }
        visit::visit_item_impl(self, node);
    }

    fn visit_foreign_item_fn(&mut self, node: &'ast syn::ForeignItemFn) {
        self.problem(format!("extern fn `{}`", node.sig.ident));
        visit::visit_foreign_item_fn(self, node);
    }
}

/// The feature under which a model derives the serde trait it does not need, as tokens print.
const SERDE_GATE: &str = "feature = \"serde-both\"";
const SERDE_GATE_SERIALIZE: &str = "feature = \"serde-both\" , derive (serde :: Serialize)";
const SERDE_GATE_DESERIALIZE: &str = "feature = \"serde-both\" , derive (serde :: Deserialize)";

/// `feature = "cli"`: a cargo feature of the crate's own manifest.
pub fn is_feature_cfg(args: &str) -> bool {
    args.strip_prefix("feature = \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .is_some_and(|name| {
            !name.contains(TOKEN)
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// rustc's `non_camel_case_types` rule.
pub fn is_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    let chars: Vec<char> = name.chars().collect();
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| (cased(w[0]) && w[1] == '_') || (cased(w[1]) && w[0] == '_'))
}

/// rustc's `non_snake_case` rule.
pub fn is_snake_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

/// Removes the indentation common to all non-blank lines, as rustdoc does with doc comments.
pub fn unindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The attributes of the items that can be defined twice.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        _ => &[],
    }
}
