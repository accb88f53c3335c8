//! Tests of `naming`: identifiers, reserved words and derived names.

use super::*;

/// Every type the templates define or import by name is reserved for the client type, so
/// a new runtime type cannot silently make some client name uncompilable.
#[test]
fn the_client_type_reservations_cover_the_templates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
    let mut missing = std::collections::BTreeSet::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // The CLI has its own module tree; the client type is not named there.
            // `runtime.rs.askama` names it only by path (`crate::{{ client_type }}`), in
            // the alias `crate::runtime::Client` the runtime uses instead of the name.
            if name.starts_with("cli")
                || name == "runtime.rs.askama"
                || !(name.ends_with(".rs") || name.ends_with(".rs.askama"))
            {
                continue;
            }
            for word in defined_type_names(&std::fs::read_to_string(&path).unwrap()) {
                if !CLIENT_TYPE_RESERVED.contains(&word.as_str())
                    && !MODELS_SCOPE_RESERVED.contains(&word.as_str())
                {
                    missing.insert(format!("{word} ({name})"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add to CLIENT_TYPE_RESERVED: {missing:?}"
    );
}

/// `struct X`, `enum X`, `trait X`, `type X` and UpperCamelCase names in `use` lines.
fn defined_type_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines().map(str::trim) {
        let line = line
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ");
        for keyword in ["struct ", "enum ", "trait ", "type "] {
            if let Some(rest) = line.strip_prefix(keyword) {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names.push(word);
                }
            }
        }
        if line.starts_with("use ") && !line.contains("{{") {
            for word in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names.push(word.to_owned());
                }
            }
        }
    }
    names
}

#[test]
fn snake_identifiers() {
    let cases = [
        ("page_size", "page_size"),
        ("pageSize", "page_size"),
        ("PageSize", "page_size"),
        ("type", "r#type"),
        ("self", "self_"),
        ("Self", "self_"),
        ("crate", "crate_"),
        ("2fa", "_2fa"),
        ("x-request-id", "x_request_id"),
        ("userIDs", "user_ids"),
        ("ACLs2", "acls2"),
        ("$ref", "r#ref"),
        ("名前", "value"),
        ("naïve", "na_ve"),
        ("a\"; }\nfn evil() {", "a_fn_evil"),
        ("", "value"),
    ];
    for (input, expected) in cases {
        assert_eq!(snake_ident(input), expected, "snake_ident({input:?})");
    }
}

#[test]
fn type_identifiers() {
    let cases = [
        ("SessionListAPIResponse", "SessionListApiResponse"),
        ("HTTPValidationError", "HttpValidationError"),
        ("ListAPIsResponse", "ListApisResponse"),
        ("IDsAndURLs", "IdsAndUrls"),
        ("GPUsettings", "GpUsettings"),
        ("read_only", "ReadOnly"),
        ("user-input", "UserInput"),
        ("Self", "SelfType"),
        ("self", "SelfType"),
        ("self resource", "SelfResource"),
        ("1st", "_1st"),
        ("*/ evil", "Evil"),
        ("", "Value"),
    ];
    for (input, expected) in cases {
        assert_eq!(type_ident(input), expected, "type_ident({input:?})");
    }
}

#[test]
fn modules_crates_and_env_prefixes() {
    assert_eq!(module_ident("type"), "type_");
    assert_eq!(module_ident("beta"), "beta");
    assert_eq!(crate_name("Swagger Petstore"), "swagger-petstore");
    assert_eq!(crate_name("3D API"), "api-3d-api");
    assert_eq!(crate_name("Open-Meteo APIs"), "open-meteo-apis");
    assert_eq!(crate_name("SMS APIs v2"), "sms-apis-v2");
    assert_eq!(crate_name("Serde"), "serde-api");
    assert_eq!(crate_name("Self"), "self-api");
    assert_eq!(crate_name("gen"), "gen-api");
    assert_eq!(crate_name("Tokio"), "tokio-api");
    assert_eq!(module_ident("clap"), "clap_");
    assert_eq!(module_ident("std"), "std_");
    assert_eq!(binary_name("build"), "build-cli");
    assert_eq!(binary_name("builder"), "builder");
    assert_eq!(env_prefix("swagger-petstore"), "SWAGGER_PETSTORE");
}

#[test]
fn long_names_are_cut_and_keep_a_hash_of_the_whole_name() {
    let long = format!("{}{}", "very long name ".repeat(700), "a");
    let other = format!("{}{}", "very long name ".repeat(700), "b");
    for make in [snake_ident, type_ident, module_ident, crate_name] {
        let (ident, other_ident) = (make(&long), make(&other));
        assert!(ident.len() <= MAX_IDENT_LEN && ident.len() > 50, "{ident}");
        assert_ne!(ident, other_ident, "distinct names stay distinct");
        assert_eq!(
            ident,
            make(&long),
            "the same name gives the same identifier"
        );
    }
    let expected_head = "very_long_name_very_long_name_very_long_name_very_long";
    assert_eq!(
        snake_ident(&long),
        format!("{expected_head}_{:08x}", stable_hash(&long))
    );
    // Exactly at the limit, a name is kept as it is.
    let at_limit = "a".repeat(MAX_IDENT_LEN);
    assert_eq!(snake_ident(&at_limit), at_limit);
    // FNV-1a is fixed, so regenerating keeps every long name.
    assert_eq!(stable_hash("Pet"), 0x79e607c7);
}

#[test]
fn unique_names_number_collisions_deterministically() {
    let mut names = UniqueNames::default();
    names.reserve("client");
    assert_eq!(names.claim("pet".into()), "pet");
    assert_eq!(names.claim("pet".into()), "pet2");
    assert_eq!(names.claim("pet".into()), "pet3");
    assert_eq!(names.claim("client".into()), "client2");
    assert_eq!(names.claim("r#type".into()), "r#type");
    assert_eq!(names.claim("r#type".into()), "type2");
    assert_eq!(names.claim("page_size".into()), "page_size");
    assert_eq!(names.claim("page_size".into()), "page_size_2");
}

/// Every global flag of the generated CLI is reserved, so that no operation's flag takes its
/// name (clap refuses two arguments with one long name).
#[test]
fn the_cli_flag_reservations_cover_the_global_flags() {
    let template = include_str!("../../templates/cli.rs.askama");
    let globals: Vec<&str> = (template.split("global(clap::Arg::new(\"").skip(1))
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        .collect();
    assert!(globals.len() >= 10, "{globals:?}");
    for name in globals {
        assert!(
            CLI_FLAGS_RESERVED.contains(&name),
            "the global flag `--{name}` is not in CLI_FLAGS_RESERVED"
        );
    }
}
