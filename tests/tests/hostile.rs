//! Hostile input. `tests/fixtures/hostile/openapi.yaml` puts break-out attempts (`*/`, `"#`, `}`,
//! newlines followed by Rust items, template syntax, bidi controls, code fences, keywords,
//! colliding names) into every name and text the generator reads, each carrying the token
//! `pwned`. The golden test compiles the crate it makes (a workspace member); this test proves the
//! crate holds nothing the spec did not describe: it parses every generated file with syn and
//! walks every item, identifier, attribute and literal, and it reads the README and every doc
//! comment as rustdoc would, auditing each code block that would be compiled as a doctest.
//!
//! The rule for the token: it may reach the crate only as documentation text, as a string literal
//! whose value is verbatim spec text, or inside an identifier the generator derived (sanitised)
//! from a spec *name*. Names in the fixture always put a harmless word before the token
//! (`x"; fn pwned…` → `x_fn_pwned…`), so an identifier that starts with it can only be injected.
//!
//! The regression tests at the end are inputs this audit (or the compiler) rejected before
//! their fixes.

use generator::naming::{module_ident, snake_ident, type_ident, unraw};
use generator::{Generated, Sources, generate};
use proc_macro2::{TokenStream, TokenTree};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use syn::visit::{self, Visit};
use tests::snapshot::{generate_from, repo_root};

/// The marker every injection attempt in the fixture carries.
const TOKEN: &str = "pwned";

/// Attributes the templates emit (plus `cfg(test)` and `forbid(unsafe_code)`); anything else in
/// the output came from somewhere else.
const ALLOWED_ATTRIBUTES: &str =
    "doc derive serde allow deprecated must_use non_exhaustive rustfmt::skip test";

/// Names the generated code uses unqualified (prelude items); a model of that name would shadow
/// them for the whole module.
const PRELUDE_NAMES: &str = "Option Some None Result Ok Err String Vec Box From Into TryFrom \
    TryInto ToString ToOwned Default Clone Copy PartialEq Eq PartialOrd Ord Iterator IntoIterator \
    AsRef Send Sync Sized Fn FnMut FnOnce";

/// Methods of traits the generated types implement or derive; an inherent method of the same
/// name silently wins over the trait method at every call site.
const TRAIT_METHOD_NAMES: &str = "clone clone_from fmt eq ne default serialize deserialize \
    to_string to_owned into from into_future";

fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|listed| listed == name)
}

// ---------------------------------------------------------------------------------------------
// What the spec describes.

/// The spec facts the audit compares the output with.
struct Described {
    /// Sanitised spec names that contain the token, lowercased without `_`.
    name_fragments: Vec<String>,
    /// Every string in the spec (keys and scalars), `plain`, for literal checks.
    strings: Vec<String>,
}

impl Described {
    fn of(spec_text: &str) -> Self {
        let spec: Value = serde_yaml::from_str(spec_text).expect("the spec is YAML");
        let mut names = BTreeSet::new();
        collect_names(&spec, &mut names);
        let mut fragments = BTreeSet::new();
        for name in &names {
            for ident in [snake_ident(name), type_ident(name), module_ident(name)] {
                let fragment = normalise(&ident);
                if fragment.contains(TOKEN) {
                    fragments.insert(fragment);
                }
            }
        }
        let mut strings = Vec::new();
        collect_strings(&spec, &mut strings);
        Described {
            name_fragments: fragments.into_iter().collect(),
            strings: strings.iter().map(|s| plain(s)).collect(),
        }
    }

    /// Whether an identifier is free of the token or derived from a spec name that has it.
    fn allows_ident(&self, ident: &str) -> bool {
        let ident = normalise(ident);
        !ident.contains(TOKEN) || self.name_fragments.iter().any(|f| ident.contains(f))
    }

    /// Whether a string literal carries the token only as spec text: inside a sanitised name
    /// (`pets-pwned-tag`, `X_FN_PWNED`), or with at least 12 bytes (or all of the literal) around
    /// it copied from one spec string. Literals may join and clean spec strings (a server URL
    /// with its variables, a description on one line), so the comparison is `plain`.
    fn allows_literal(&self, value: &str) -> bool {
        let value = plain(value);
        let needed = value.len().min(12);
        let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        value.match_indices(TOKEN).all(|(at, _)| {
            let start = value[..at]
                .char_indices()
                .rfind(|&(_, c)| !is_name_char(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = value[at..]
                .find(|c| !is_name_char(c))
                .map_or(value.len(), |i| at + i);
            self.allows_ident(&value[start..end].replace('-', "_"))
                || self
                    .strings
                    .iter()
                    .any(|s| verbatim_window(&value, at, s) >= needed)
        })
    }
}

/// Text as the generator may pass it on: lowercase, without control and bidi characters, runs of
/// whitespace as one space, backticks as quotes.
fn plain(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_whitespace() || !is_sneaky_char(c))
        .map(|c| if c == '`' { '\'' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest stretch of `literal` around the token at `at` that `spec` contains as is.
fn verbatim_window(literal: &str, at: usize, spec: &str) -> usize {
    let (literal, spec_bytes) = (literal.as_bytes(), spec.as_bytes());
    spec.match_indices(TOKEN)
        .map(|(p, _)| {
            let left = (0..=at.min(p))
                .take_while(|&k| literal[at - k..at] == spec_bytes[p - k..p])
                .last()
                .unwrap_or(0);
            let right = (0..)
                .take_while(|&k| {
                    at + k <= literal.len()
                        && p + k <= spec_bytes.len()
                        && literal[at..at + k] == spec_bytes[p..p + k]
                })
                .last()
                .unwrap_or(0);
            left + right
        })
        .max()
        .unwrap_or(0)
}

/// `r#Type_Name_2` → `typename2`: what survives of a name through the generator's sanitiser.
fn normalise(ident: &str) -> String {
    unraw(ident).replace('_', "").to_lowercase()
}

/// The strings the generator turns into identifiers: schema and property names, operationIds,
/// tags, parameter names, enum values, discriminator property names and tags.
fn collect_names(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                match key.as_str().unwrap_or_default() {
                    "properties" | "schemas" | "mapping" => {
                        if let Some(children) = child.as_mapping() {
                            out.extend(children.keys().filter_map(|k| k.as_str()).map(Into::into));
                        }
                    }
                    "operationId" | "name" | "propertyName" => {
                        out.extend(child.as_str().map(Into::into));
                    }
                    "tags" | "enum" => {
                        for item in child.as_sequence().into_iter().flatten() {
                            out.extend(item.as_str().map(Into::into));
                        }
                    }
                    _ => {}
                }
                collect_names(child, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_names(item, out)),
        Value::Tagged(tagged) => collect_names(&tagged.value, out),
        _ => {}
    }
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                collect_strings(key, out);
                collect_strings(child, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Tagged(tagged) => collect_strings(&tagged.value, out),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The Rust audit.

/// Walks one parsed file and records every problem, plus facts for crate-wide checks.
struct Audit<'d> {
    file: String,
    described: &'d Described,
    problems: BTreeSet<String>,
    /// Doc text of each documented node, as rustdoc joins it.
    docs: Vec<String>,
    /// `(self type, method)` of inherent impls, for duplicates across files.
    inherent_fns: Vec<(String, String)>,
    /// Functions that are not `pub`, for the dead-code check.
    private_fns: Vec<String>,
    /// How often each identifier occurs (paths, expressions and macro bodies included).
    ident_counts: BTreeMap<String, usize>,
}

impl<'d> Audit<'d> {
    fn new(file: &str, described: &'d Described) -> Self {
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
            || (path == "forbid" && args == "unsafe_code");
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
        let is_test = node.attrs.iter().any(|a| a.path().is_ident("test"));
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

/// `feature = "cli"`: a cargo feature of the crate's own manifest.
fn is_feature_cfg(args: &str) -> bool {
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
fn is_camel_case(name: &str) -> bool {
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
fn is_snake_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

/// Removes the indentation common to all non-blank lines, as rustdoc does with doc comments.
fn unindent(text: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Markdown: the code blocks rustdoc would compile.

/// A code block of a Markdown text.
#[derive(Debug)]
struct CodeBlock {
    info: String,
    body: String,
}

impl CodeBlock {
    /// rustdoc compiles a block unless its info string has a word it does not know (`text`).
    fn is_doctest(&self) -> bool {
        const RUSTDOC_WORDS: &[&str] = &[
            "rust",
            "no_run",
            "ignore",
            "should_panic",
            "compile_fail",
            "test_harness",
            "standalone_crate",
            "edition2015",
            "edition2018",
            "edition2021",
            "edition2024",
        ];
        let words: Vec<&str> = self
            .info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        words.contains(&"rust") || words.iter().all(|w| RUSTDOC_WORDS.contains(w))
    }

    /// The code as rustdoc compiles it: `# ` hidden lines shown.
    fn code(&self) -> String {
        self.body
            .lines()
            .map(|line| match line.trim_start().strip_prefix('#') {
                Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                    rest.strip_prefix(' ').unwrap_or(rest)
                }
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Strips Markdown container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) from the start of a line,
/// each with the one space that belongs to it. Returns the rest and how many were stripped.
fn strip_containers(line: &str) -> (&str, usize) {
    let mut rest = line;
    let mut depth = 0;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return (rest, depth);
        }
        let marker_len = if trimmed.starts_with(['>', '-', '*', '+']) {
            1
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            let after = trimmed[digits..].chars().next();
            if (1..=9).contains(&digits) && matches!(after, Some('.' | ')')) {
                digits + 1
            } else {
                return (rest, depth);
            }
        };
        let after = &trimmed[marker_len..];
        let is_quote = trimmed.starts_with('>');
        if !(is_quote || after.is_empty() || after.starts_with(' ')) {
            return (rest, depth);
        }
        rest = after.strip_prefix(' ').unwrap_or(after);
        depth += 1;
    }
}

/// Fenced and indented code blocks, also inside block quotes and list items (which a sanitiser
/// that only looks at the start of the line misses).
fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    // An open fence: its character, length, container depth, info string and body.
    let mut fence: Option<(char, usize, usize, String, String)> = None;
    let mut indented: Option<String> = None;
    let mut previous_blank = true;
    for line in markdown.lines() {
        let (rest, depth) = strip_containers(line);
        if let Some((ch, len, open_depth, info, mut body)) = fence.take() {
            let content = if open_depth == 0 { line } else { rest };
            let candidate = content.trim_start();
            let closes = candidate.len() >= len
                && candidate.trim_end().chars().all(|c| c == ch)
                && (open_depth == 0 || depth > 0 || line.starts_with(' '));
            let container_ended = open_depth > 0 && depth == 0 && !line.starts_with(' ');
            if closes || (container_ended && !line.trim().is_empty()) {
                blocks.push(CodeBlock { info, body });
                previous_blank = false;
                if closes {
                    continue;
                }
            } else {
                body.push_str(if open_depth == 0 { line } else { candidate });
                body.push('\n');
                fence = Some((ch, len, open_depth, info, body));
                continue;
            }
        }
        let blank = rest.trim().is_empty();
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if let Some(body) = indented.as_mut() {
            if blank || indent >= 4 {
                body.push_str(rest.get(4..).unwrap_or(""));
                body.push('\n');
                previous_blank = blank;
                continue;
            }
            let body = indented.take().unwrap_or_default();
            blocks.push(CodeBlock {
                info: String::new(),
                body,
            });
        }
        let trimmed = rest.trim_start_matches(' ');
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let ch = trimmed.chars().next().unwrap_or('`');
            let len = trimmed.chars().take_while(|&c| c == ch).count();
            let info = trimmed[len..].trim().to_owned();
            fence = Some((ch, len, depth, info, String::new()));
        } else if !blank && indent >= 4 && (previous_blank || depth > 0) {
            indented = Some(format!("{}\n", &rest[4..]));
        }
        previous_blank = blank;
    }
    if let Some((_, _, _, info, body)) = fence {
        blocks.push(CodeBlock { info, body });
    }
    if let Some(body) = indented {
        blocks.push(CodeBlock {
            info: String::new(),
            body,
        });
    }
    blocks
}

/// Audits each doctest of a Markdown text as Rust; `where_` names the text in reports.
fn audit_markdown(markdown: &str, where_: &str, described: &Described) -> BTreeSet<String> {
    let mut problems = BTreeSet::new();
    for block in code_blocks(markdown)
        .into_iter()
        .filter(CodeBlock::is_doctest)
    {
        let code = block.code();
        let parsed = syn::parse_file(&code)
            .or_else(|_| syn::parse_file(&format!("fn doctest() {{\n{code}\n}}")));
        match parsed {
            Ok(file) => {
                let mut audit = Audit::new(&format!("doctest in {where_}"), described);
                audit.visit_file(&file);
                problems.extend(audit.problems);
            }
            Err(_) if code.to_lowercase().contains(TOKEN) => {
                problems.insert(format!(
                    "{where_}: a doctest (```{}) carries the token: {code:?}",
                    block.info
                ));
            }
            Err(_) => {}
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The whole crate.

/// Characters that rustc rejects in comments or that make source read differently than it
/// compiles; generated text must have none of them raw (string literals escape them).
fn is_sneaky_char(ch: char) -> bool {
    matches!(ch,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
        || (ch.is_control() && ch != '\n')
}

/// `Cargo.toml`: only the template's sections, one `key = value` per line, and the token only in
/// the description, as one well-formed TOML basic string.
fn audit_cargo_toml(text: &str) -> BTreeSet<String> {
    const SECTIONS: &[&str] = &[
        "package",
        "features",
        "dependencies",
        "dev-dependencies",
        "[bin]",
    ];
    let mut problems = BTreeSet::new();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if !SECTIONS.contains(&name) {
                problems.insert(format!("Cargo.toml: unexpected section [{name}]"));
            }
            section = name.to_owned();
            continue;
        }
        let Some((key, value)) = line.split_once(" = ") else {
            problems.insert(format!("Cargo.toml: not a `key = value` line: {line:?}"));
            continue;
        };
        let key_ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !key_ok {
            problems.insert(format!("Cargo.toml: odd key {key:?}"));
        }
        if line.to_lowercase().contains(TOKEN) {
            if (section.as_str(), key) != ("package", "description") {
                problems.insert(format!(
                    "Cargo.toml: the token outside the description: {line:?}"
                ));
            }
            if !is_toml_basic_string(value) {
                problems.insert(format!(
                    "Cargo.toml: description is not one string: {value}"
                ));
            }
        }
    }
    problems
}

fn is_toml_basic_string(value: &str) -> bool {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(ch) = chars.next() {
        let escape_at_end = ch == '\\' && chars.next().is_none();
        if escape_at_end || ch == '"' {
            return false;
        }
    }
    true
}

/// Every problem the audit finds in a generated crate.
fn audit_crate(generated: &Generated, described: &Described) -> Vec<String> {
    let mut problems = BTreeSet::new();
    let mut inherent_fns: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut private_fns = Vec::new();
    let mut ident_counts: BTreeMap<String, usize> = BTreeMap::new();
    for (path, text) in &generated.files {
        if let Some(ch) = text.chars().find(|&c| is_sneaky_char(c)) {
            problems.insert(format!("{path}: raw {ch:?} in the text"));
        }
        if path == "Cargo.toml" {
            problems.extend(audit_cargo_toml(text));
        } else if path.ends_with(".md") {
            problems.extend(audit_markdown(text, path, described));
        } else if path.ends_with(".rs") {
            let file = match syn::parse_file(text) {
                Ok(file) => file,
                Err(err) => {
                    problems.insert(format!("{path}: not Rust: {err}"));
                    continue;
                }
            };
            let mut audit = Audit::new(path, described);
            audit.visit_file(&file);
            for (index, doc) in audit.docs.iter().enumerate() {
                let where_ = format!("{path} (doc comment {})", index + 1);
                problems.extend(audit_markdown(doc, &where_, described));
            }
            problems.extend(audit.problems);
            for key in audit.inherent_fns {
                *inherent_fns.entry(key).or_default() += 1;
            }
            private_fns.extend(audit.private_fns);
            for (ident, count) in audit.ident_counts {
                *ident_counts.entry(ident).or_default() += count;
            }
        } else if path == generator::sync::MANIFEST {
            // The generator's list of its files and their hashes: from the spec, only file paths.
            if *text != generator::sync::manifest_for(&generated.files) {
                problems.insert(format!("{path}: not the manifest of the generated files"));
            }
        } else {
            problems.insert(format!("{path}: a file of unexpected kind"));
        }
    }
    for ((self_ty, name), count) in inherent_fns {
        if count > 1 {
            problems.insert(format!("`{self_ty}::{name}` is defined {count} times"));
        }
    }
    for name in private_fns {
        if ident_counts.get(unraw(&name)).copied().unwrap_or(0) < 2 {
            problems.insert(format!("private fn `{name}` is never used (dead code)"));
        }
    }
    problems.into_iter().collect()
}

/// Generates a crate from spec text without settings; panics with diagnostics if it is rejected.
fn audit_spec(spec_text: &str) -> Vec<String> {
    let sources = Sources {
        spec_path: "hostile-case.yaml",
        spec_text,
        config_path: "sdk.yaml",
        config_text: None,
    };
    let generated = generate(&sources).unwrap_or_else(|err| panic!("rejected:\n{err}"));
    audit_crate(&generated, &Described::of(spec_text))
}

fn fixture_spec_text() -> String {
    fs::read_to_string(repo_root().join("tests/fixtures/hostile/openapi.yaml")).unwrap()
}

fn generate_fixture() -> Generated {
    let dir = repo_root().join("tests/fixtures/hostile");
    generate_from(&dir.join("openapi.yaml"), Some(&dir.join("sdk.yaml")))
}

// ---------------------------------------------------------------------------------------------
// The fixture.

#[test]
fn hostile_fixture_generates_only_what_the_spec_describes() {
    let generated = generate_fixture();
    assert_eq!(generated.crate_name, "hostile");
    let problems = audit_crate(&generated, &Described::of(&fixture_spec_text()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The audit is only as strong as the fixture's convention: every name that carries the token
/// starts with another word, so no sanitised name can excuse an injected `pwned…` item.
#[test]
fn fixture_names_put_a_word_before_the_token() {
    let described = Described::of(&fixture_spec_text());
    assert!(
        described.name_fragments.len() >= 15,
        "the fixture lost its hostile names: {:?}",
        described.name_fragments
    );
    for fragment in &described.name_fragments {
        assert!(!fragment.starts_with(TOKEN), "name fragment `{fragment}`");
    }
    assert!(!described.allows_ident("pwned_x"));
    assert!(!described.allows_ident("pwned"));
}

/// The audit itself catches each kind of injection it is meant to catch.
#[test]
fn the_audit_catches_injected_items_attributes_and_doctests() {
    let described = Described::of("name: \"x\\\"; fn pwned() {\"\n");
    let audit_source = |source: &str| {
        let mut audit = Audit::new("case.rs", &described);
        audit.visit_file(&syn::parse_file(source).unwrap());
        let mut problems = audit.problems;
        for doc in &audit.docs {
            problems.extend(audit_markdown(doc, "case.rs", &described));
        }
        problems
    };
    let clean = "/// Docs may say pwned.\n/// ```text\n/// fn pwned() {}\n/// ```\n\
                 pub struct Model { #[serde(rename = \"x\\\"; fn pwned() {\")] pub x_fn_pwned: i64 }";
    assert_eq!(audit_source(clean), BTreeSet::new());
    let injected = [
        "fn pwned() {}",
        "fn f() { fn pwned_inner() {} }",
        "impl X { fn pwned_method(&self) {} }",
        "struct S { pwned_field: i64 }",
        "enum E { PwnedVariant }",
        "use std::pwned;",
        "macro_rules! pwned { () => {} }",
        "fn f() { println!(\"{}\", pwned); }",
        "#[no_mangle] fn f() {}",
        "#[cfg(pwned)] fn f() {}",
        "const X: &str = \"pwned elsewhere\";",
        "/// ```\n/// fn pwned() {}\n/// ```\nfn f() {}",
        "/// - ```rust\n///   fn pwned() {}\n///   ```\nfn f() {}",
        "/// > ```\n/// > fn pwned() {}\n/// > ```\nfn f() {}",
        "/// -     fn pwned() {}\nfn f() {}",
        "/// Text\n///\n///     pwned();\nfn f() {}",
        "struct Self_Params;",
        "struct Option { a: i64 }",
        "impl Client { fn clone(&self) {} }",
        "struct A; struct A;",
        "fn f(x: i64) { match x { 0 => {} -0 => {} _ => {} } }",
    ];
    for source in injected {
        assert_ne!(audit_source(source), BTreeSet::new(), "missed: {source}");
    }
    assert!(!audit_cargo_toml("[package]\ndescription = \"a\"\n[pwned]\n").is_empty());
    assert!(!audit_cargo_toml("[package]\ndescription = \"a\" # \"pwned\"\n").is_empty());
    assert!(!audit_cargo_toml("[package]\nname = \"x\"\npwned = 1\n").is_empty());
}

/// The golden test compiles the crate; this pins that it is still there to be compiled, with
/// the names the hostile spec should produce.
#[test]
fn hostile_fixture_is_a_golden_crate() {
    let expected = repo_root().join("tests/fixtures/hostile/expected");
    assert!(
        expected.join("Cargo.toml").exists(),
        "run the golden update"
    );
    let generated = generate_fixture();
    let models = &generated.files["src/models.rs"];
    for needle in [
        "pub struct Pet {",
        "pub struct Pet2 {",
        "pub struct SelfType {",
        "pub struct _1stPlace {",
        "pub user_id: Option<String>,",
        "pub user_id_2: Option<String>,",
        "pub user_id_3: Option<String>,",
        "pub r#type: Option<String>,",
        "pub self_: Option<String>,",
        "pub crate_: Option<String>,",
        "pub value2: Option<String>,",
        "pub extra2: serde_json::Map<String, serde_json::Value>,",
        "Self::Value => \"\",",
        "Self::Unknown2 => \"Unknown\",",
        "Self::_1_2 => \"-1\",",
    ] {
        assert!(models.contains(needle), "models.rs lacks {needle:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Generator bugs found with hostile input: each test holds the minimal spec and fails today.

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

fn one_operation(operation_id: &str, tag: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: {operation_id}\n      tags: [{tag}]\n      \
         responses: {{'200': {{description: x, content: {{application/json: {{schema: {{type: string}}}}}}}}}}\n"
    )
}

#[test]
fn server_url_cannot_inject_code_into_the_readme_doctest() {
    let spec = format!(
        "{HEAD}servers: [{{url: 'https://x.example.com/\").build()?;fn/**/pwned_url(){{}}let/**/_=t::Client::builder().base_url(\"x'}}]\n{}",
        one_operation("a", "pets").trim_start_matches(HEAD)
    );
    let problems = audit_spec(&spec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn code_blocks_inside_lists_and_quotes_are_not_doctests() {
    for description in [
        "- ```rust\\n  fn pwned_list() {}\\n  ```",
        "> ```rust\\n> fn pwned_quote() {}\\n> ```",
        "-     fn pwned_indented_item() {}",
        ">     fn pwned_indented_quote() {}",
    ] {
        let spec = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      description: \"{description}\"\n      \
             responses: {{'204': {{description: x}}}}\n    post:\n      operationId: b\n      \
             responses: {{'200': {{description: x, content: {{application/json: {{schema: {{type: string}}}}}}}}}}\n"
        );
        let problems = audit_spec(&spec);
        assert!(
            problems.is_empty(),
            "{description}:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn keyword_operation_ids_and_tags_make_camel_case_types() {
    let problems = audit_spec(&one_operation("self", "self"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tags_that_collide_after_conversion_get_distinct_accessors() {
    let spec = format!(
        "{}  /b:\n    get:\n      operationId: b\n      tags: [Pets]\n      responses: {{'204': {{description: x}}}}\n",
        one_operation("a", "pets")
    );
    let problems = audit_spec(&spec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tags_named_like_client_methods_do_not_clash() {
    for tag in ["builder", "from_env", "base_url", "clone"] {
        let problems = audit_spec(&one_operation("a", tag));
        assert!(problems.is_empty(), "tag `{tag}`:\n{}", problems.join("\n"));
    }
}

#[test]
fn operation_named_new_does_not_clash() {
    let problems = audit_spec(&one_operation("new", "pets"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn schemas_named_like_prelude_types_do_not_shadow_them() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n    \
         Option: {{type: object, properties: {{a: {{type: string}}}}}}\n    \
         String: {{type: object, properties: {{b: {{type: integer}}}}}}\n    Vec: {{type: string}}\n"
    );
    let problems = audit_spec(&spec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_empty_responses_leave_no_dead_code() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    delete:\n      operationId: a\n      responses: {{'204': {{description: x}}}}\n"
    );
    let problems = audit_spec(&spec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn duplicate_enum_values_do_not_make_unreachable_arms() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    \
         S: {{type: string, enum: [a, a]}}\n    I: {{type: integer, enum: [0, -0]}}\n"
    );
    let problems = audit_spec(&spec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
