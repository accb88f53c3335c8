//! Hostile input. `tests/fixtures/hostile/openapi.yaml` puts break-out attempts (`*/`, `"#`, `}`,
//! newlines followed by Rust items, template syntax, bidi controls, code fences, keywords,
//! colliding names) into every name and text the generator reads, each carrying the token
//! `pwned`. The golden test compiles the crate it makes (a workspace member); this test proves the
//! crate holds nothing the spec did not describe: it parses every generated file with syn and
//! walks every item, identifier, attribute and literal, and it reads the README and every doc
//! comment as rustdoc would, auditing each code block that would be compiled as a doctest, and
//! finding raw HTML (a tag, an unclosed `<!--`) or a broken table row that rustdoc or a Markdown
//! viewer would render. The fixture's HTML and backtick cases check that spec text reaches the
//! rendered docs as text, and that a code span built from spec text holds it whole.
//!
//! The rule for the token: it may reach the crate only as documentation text, as a string literal
//! whose value is verbatim spec text, or inside an identifier the generator derived (sanitised)
//! from a spec *name*. Names in the fixture always put a harmless word before the token
//! (`x"; fn pwned…` → `x_fn_pwned…`), so an identifier that starts with it can only be injected.
//!
//! The regression tests at the end are inputs this audit (or the compiler) rejected before
//! their fixes.

mod hostile_support;

use generator::naming::unraw;
use generator::{Generated, Sources, generate};
use hostile_support::audit::Audit;
use hostile_support::markdown::{audit_markdown, code_spans, prose_lines};
use hostile_support::{Described, TOKEN, is_sneaky_char};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use syn::visit::Visit;
use tests::snapshot::{generate_from, repo_root};

// ---------------------------------------------------------------------------------------------
// The whole crate.

/// `Cargo.toml`: only the template's sections, one `key = value` per line, and the token only in
/// the description, as one well-formed TOML basic string.
fn audit_cargo_toml(text: &str) -> BTreeSet<String> {
    const SECTIONS: &[&str] = &[
        "package",
        "features",
        "dependencies",
        "dev-dependencies",
        "[bin]",
        "[test]",
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
        } else if path == generator::changes::SURFACE_FILE {
            // One fact per line: hostile text must not split a line or fake one.
            if let Err(err) = generator::changes::parse_surface(text) {
                problems.insert(format!("{path}: does not read back: {err}"));
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
    let clean = "/// Docs may say pwned &lt;b&gt; `<b>` <https://x.example>.\n/// ```text\n/// fn pwned() {}\n/// <b>\n/// ```\n\
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
        "/// <script>pwned()</script>\nfn f() {}",
        "/// Text <img src=x onerror=pwned()> text\nfn f() {}",
        "/// Hidden <!-- from here\nfn f() {}",
        "/// `span` then `x`<b>pwned</b>`\nfn f() {}",
        "/// <javascript:pwned()>\nfn f() {}",
        "/// | a | b |\n/// |---|---|\n/// | `x|y` | z |\nfn f() {}",
        "/// [a](http://x/`) <b>pwned</b> `y`\nfn f() {}",
        "/// [a](JavaScript:pwned())\nfn f() {}",
        "/// [a]\n///\n/// [a]: javascript:pwned()\nfn f() {}",
    ];
    for source in injected {
        assert_ne!(audit_source(source), BTreeSet::new(), "missed: {source}");
    }
    assert!(!audit_cargo_toml("[package]\ndescription = \"a\"\n[pwned]\n").is_empty());
    assert!(!audit_cargo_toml("[package]\ndescription = \"a\" # \"pwned\"\n").is_empty());
    assert!(!audit_cargo_toml("[package]\nname = \"x\"\npwned = 1\n").is_empty());
}

/// Spec text that builds a code span is shown whole inside it, however many backticks it holds:
/// the server URL in the README's configuration table and an endpoint in its method's docs.
#[test]
fn code_spans_from_spec_text_hold_it_whole() {
    let generated = generate_fixture();
    // The server's `{{pwned}}` holds its variable `{pwned}`, at its hostile default.
    let url = "https://api.example.com/*/pwned/{v\"};fn/**/pwned_default(){}}/%7D/`<b>pwned_url</b>`/|<i>pwned</i>|";
    let readme = &generated.files["README.md"];
    let row = readme
        .lines()
        .find(|line| line.starts_with("| base URL |"))
        .expect("the README lists the base URL");
    // GFM reads `\|` in a table cell as `|` before it reads code spans.
    let spans = code_spans(&row.replace("\\|", "|"));
    assert!(spans.iter().any(|span| span == url), "{row}\n{spans:?}");
    // Nothing the spec left open (a fence, a comment) swallows the README's own sections.
    let prose = prose_lines(readme);
    for heading in [
        "## Installation",
        "## Configuration",
        "## Forward compatibility",
    ] {
        assert!(
            prose.iter().any(|line| line == heading),
            "{heading} is not prose"
        );
    }
    let endpoint = "GET /ticks/`<img src=x onerror=pwned_path()>`";
    let doc_line = generated
        .files
        .values()
        .flat_map(|text| text.lines())
        .map(str::trim)
        .find(|line| line.starts_with("///") && line.contains("GET /ticks/"))
        .expect("the ticks method names its endpoint");
    assert!(
        code_spans(doc_line).iter().any(|span| span == endpoint),
        "{doc_line}"
    );
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
        "Self::Empty => \"\",",
        "Self::Unknown2 => \"Unknown\",",
        "Self::Minus1 => \"-1\",",
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

/// A spec name quoted by a diagnostic can neither start a forged diagnostic line, recolour or
/// reorder the terminal, nor flood it: control and bidi characters are escapes, and a
/// 10 000-character name is shortened.
#[test]
fn diagnostics_quote_spec_names_safely() {
    let name = format!(
        "Evil\\e[31m\\x9b2J\\nhostile-case.yaml:1:1: #/info: forged\\u202E\\u2066{}",
        "x".repeat(10_000)
    );
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: \"#/components/schemas/{name}\"}}\n"
    );
    let sources = Sources {
        spec_path: "hostile-case.yaml",
        spec_text: &spec,
        config_path: "sdk.yaml",
        config_text: None,
    };
    // A dangling $ref is a warning (the schema degrades) or an error; either is shown.
    let text = match generate(&sources) {
        Ok(generated) => generated.warnings.to_string(),
        Err(err) => err.to_string(),
    };
    let start: String = text.chars().take(300).collect();
    assert!(text.contains("dangling $ref"), "{start:?}");
    assert!(
        !text.chars().any(|c| c != '\n' && is_sneaky_char(c)),
        "{start:?}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("hostile-case.yaml:1:1: #/info: forged"))
    );
    assert!(text.lines().all(|l| l.chars().count() < 400), "{start:?}");
    assert!(text.contains("…(9"), "{start:?}");
}

/// Names become module and file names: a 10 000-character tag, operationId, schema or property
/// name still makes short, distinct file names (the file system refuses names over 255 bytes)
/// and a crate the audit accepts.
#[test]
fn names_of_ten_thousand_characters_make_short_file_names() {
    let long = |word: &str| format!("{word}{}", "x".repeat(10_000));
    let (tag, operation_id, schema, property) =
        (long("tag"), long("op"), long("Schema"), long("field"));
    // YAML allows implicit keys of at most 1024 characters: the long ones are explicit (`? key`).
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: {operation_id}\n      tags: [{tag}]\n      \
         responses: {{'200': {{description: x, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}}}\n    \
         post:\n      operationId: {operation_id}y\n      tags: [{tag}y]\n      \
         responses: {{'204': {{description: x}}}}\n\
         components:\n  schemas:\n    ? {schema}\n    : type: object\n      properties:\n        \
         ? {property}\n        : {{type: string}}\n        ? {property}y\n        : {{type: string}}\n"
    );
    let sources = Sources {
        spec_path: "hostile-case.yaml",
        spec_text: &spec,
        config_path: "sdk.yaml",
        config_text: None,
    };
    let generated = generate(&sources).unwrap_or_else(|err| panic!("rejected:\n{err}"));
    let too_long: Vec<String> = generated
        .files
        .keys()
        .filter(|path| path.split('/').any(|part| part.len() > 80))
        .map(|path| format!("{}… ({} bytes)", &path[..path.len().min(60)], path.len()))
        .collect();
    assert!(too_long.is_empty(), "{too_long:?}");
    // Two tags that differ only at the end are two resources, in two files.
    let resource_files = generated
        .files
        .keys()
        .filter(|path| path.starts_with("src/resources/"))
        .count();
    assert_eq!(resource_files, 2, "{:?}", generated.files.keys());
    let problems = audit_crate(&generated, &Described::of(&spec));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
