//! The table test: a small base spec and, per change kind, an edited copy → the exact report
//! text (grouping, both verdicts with their reasons, and the bump line).

use super::{BASE, edited, lower};
use crate::changes::{Surface, compare, parse_surface, surface_file};

/// The report between the base spec's surface file (parsed back) and the edited spec.
fn report(edits: &[(&str, &str)], config: Option<&str>) -> String {
    let old = parse_surface(&surface_file(&lower(BASE, None))).expect("the surface file parses");
    let new = Surface::of(&lower(&edited(BASE, edits), config));
    compare(&old, &new).text()
}

struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str)],
    config: Option<&'static str>,
    expected: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "operation removed",
        edits: &[(
            "  /pets/{petId}:\n    delete:\n      operationId: deletePet\n      tags: [pets]\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n",
            "",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/pets/{petId}")
  pets.delete: operation removed
    spec: #/paths/~1pets~1{petId}/delete
    Rust: breaking: the method is gone, so calls to it stop compiling
    wire: breaking: old clients still call DELETE "/pets/{petId}", which the spec no longer describes

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "operation removed, version bumped",
        edits: &[(
            "  /pets/{petId}:\n    delete:\n      operationId: deletePet\n      tags: [pets]\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n",
            "",
        )],
        config: Some("crate: {version: 0.2.0}\n"),
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/pets/{petId}")
  pets.delete: operation removed
    spec: #/paths/~1pets~1{petId}/delete
    Rust: breaking: the method is gone, so calls to it stop compiling
    wire: breaking: old clients still call DELETE "/pets/{petId}", which the spec no longer describes

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.2.0 satisfies it
"#,
    },
    Case {
        name: "required request field added",
        edits: &[(
            "required: [name]\n      properties:\n        name: {type: string}\n",
            "required: [name, owner]\n      properties:\n        name: {type: string}\n        owner: {type: string}\n",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create.owner: body parameter added (string, required)
    spec: #/paths/~1pets/post
    Rust: breaking: struct literals of CreateParams that list every field stop compiling, and ones ending in `..Default::default()` compile but send the type's default value
    wire: breaking: old clients do not send it, the server now requires it

models
  NewPet.owner: field added (string, required)
    spec: #/components/schemas/NewPet
    Rust: breaking: NewPet is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: no operation of the old crate sends or receives NewPet

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "enum value removed",
        edits: &[("enum: [available, sold]", "enum: [available]")],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

models
  Status.Sold: value "sold" removed
    spec: #/components/schemas/Status
    Rust: breaking: code that names Status::Sold stops compiling
    wire: breaking: in requests, old clients may still send it, the server no longer accepts it; in responses, the server no longer sends it

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "request field narrowed from string to integer",
        edits: &[(
            "        tag: {type: string}",
            "        tag: {type: integer, format: int64}",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create.tag: type changed from string to i64
    spec: #/paths/~1pets/post
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: breaking: old clients send values of type string, the server now expects i64

models
  NewPet.tag: type changed from string to i64
    spec: #/components/schemas/NewPet
    Rust: breaking: the field's Rust type changed, so code that uses it stops compiling
    wire: compatible: no operation of the old crate sends or receives NewPet

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "query parameter widened from i32 to i64",
        edits: &[("format: int32", "format: int64")],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.list (GET "/pets")
  pets.list.limit: type changed from i32 to i64
    spec: #/paths/~1pets/get
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: compatible: the server now accepts values of type i64, which include every i32 old clients send

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "array item type changed in a response",
        edits: &[(
            "items: {$ref: '#/components/schemas/Pet'}",
            "items: {type: string}",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.list (GET "/pets")
  pets.list: response changed from Vec<Pet> to Vec<string>
    spec: #/paths/~1pets/get
    Rust: breaking: the method's return type changes
    wire: breaking: the server now sends values of type Vec<string>, old clients expect Vec<Pet>

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "optional request field added",
        edits: &[(
            "        tag: {type: string}\n",
            "        tag: {type: string}\n        color: {type: string}\n",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create.color: body parameter added (string, optional)
    spec: #/paths/~1pets/post
    Rust: breaking: CreateParams is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients leave it out, which the server allows

models
  NewPet.color: field added (string, optional)
    spec: #/components/schemas/NewPet
    Rust: breaking: NewPet is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: no operation of the old crate sends or receives NewPet

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "optional response field added",
        edits: &[(
            "        status: {$ref",
            "        age: {type: integer}\n        status: {$ref",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

models
  Pet.age: field added (i64, optional)
    spec: #/components/schemas/Pet
    Rust: breaking: Pet is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients keep it among the fields they do not know

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "operation added",
        edits: &[(
            "    delete:\n      operationId: deletePet",
            "    get:\n      operationId: getPet\n      tags: [pets]\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}\n    delete:\n      operationId: deletePet",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.get (GET "/pets/{petId}")
  pets.get: operation added
    spec: #/paths/~1pets~1{petId}/get
    Rust: compatible: a new method; existing code is unaffected
    wire: compatible: old clients do not call it

bump: patch (0.x: an addition bumps the patch), from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "required response field removed",
        edits: &[(
            "      required: [id, name]\n      properties:\n        id: {type: integer, format: int64}\n",
            "      required: [name]\n      properties:\n",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

models
  Pet.id: field removed
    spec: #/components/schemas/Pet
    Rust: breaking: code that reads or sets it stops compiling
    wire: breaking: old clients require it, the server no longer sends it

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "optional query parameter made required",
        edits: &[(
            "{name: limit, in: query, schema",
            "{name: limit, in: query, required: true, schema",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.list (GET "/pets")
  pets.list.limit: changed from optional to required
    spec: #/paths/~1pets/get
    Rust: breaking: the field's Rust type changes (Option<T> to T), so code that reads or sets it stops compiling
    wire: breaking: old clients may leave it out, the server now requires it

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "enum value added",
        edits: &[(
            "enum: [available, sold]",
            "enum: [available, sold, pending]",
        )],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

models
  Status.Pending: value "pending" added
    spec: #/components/schemas/Status
    Rust: compatible: Status is #[non_exhaustive], so matches over it already have a wildcard arm; the value that arrived as Status::Unknown now arrives as Status::Pending
    wire: compatible: in requests, old clients never send it; in responses, old clients read it as Status::Unknown

bump: patch (0.x: an addition bumps the patch), from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "path parameter renamed in the template only",
        edits: &[
            ("  /pets/{petId}:", "  /pets/{id}:"),
            ("{name: petId, in: path", "{name: id, in: path"),
        ],
        config: None,
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/pets/{id}")
  pets.delete: endpoint changed from DELETE "/pets/{petId}" to DELETE "/pets/{id}"
    spec: #/paths/~1pets~1{id}/delete
    Rust: compatible: the method keeps its name and arguments
    wire: compatible: the URL is the same; only a parameter's name in the template changed

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    },
    Case {
        name: "endpoint moved",
        edits: &[("  /pets/{petId}:", "  /animals/{petId}:")],
        config: Some("crate: {version: 0.1.1}\n"),
        expected: r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/animals/{petId}")
  pets.delete: endpoint changed from DELETE "/pets/{petId}" to DELETE "/animals/{petId}"
    spec: #/paths/~1animals~1{petId}/delete
    Rust: compatible: the method keeps its name and arguments
    wire: breaking: old clients still call DELETE "/pets/{petId}"

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.1 satisfies it
"#,
    },
    Case {
        name: "only a description changed",
        edits: &[("The pet's name.", "The pet's full name.")],
        config: None,
        expected: r#"No change to the public surface or the wire contract of pets.

bump: patch at most, nothing needs a new version; the configured version 0.1.0 satisfies it
"#,
    },
];

#[test]
fn each_change_kind_gives_its_exact_report() {
    let mut failures = Vec::new();
    for case in CASES {
        let actual = report(case.edits, case.config);
        if std::env::var("PRINT_REPORTS").is_ok() {
            println!("=== {}\n{}", case.name, actual);
        }
        if actual != case.expected {
            failures.push(format!(
                "case `{}`:\n--- expected\n{}\n--- actual\n{}",
                case.name, case.expected, actual
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// BASE with security schemes: `bearerAuth` (the primary, `api_key`) required by every
/// operation, and `apiKey` (a header, its own setter) as the other alternative.
const SECURED: &[(&str, &str)] = &[
    (
        "info: {title: Pets, version: 1.0.0}\n",
        "info: {title: Pets, version: 1.0.0}\nsecurity: [{bearerAuth: []}, {apiKey: []}]\n",
    ),
    (
        "components:\n  schemas:\n",
        "components:\n  securitySchemes:\n    bearerAuth: {type: http, scheme: bearer}\n    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n  schemas:\n",
    ),
];

/// Spec edits: `(from, to)` pairs.
type Edits<'a> = &'a [(&'a str, &'a str)];

/// The report between BASE with `old` edits and BASE with `new` edits (each list applied in
/// order), through the old side's surface file.
fn report_between(old: &[(&str, &str)], new: &[(&str, &str)]) -> String {
    let old = surface_file(&lower(&edited(BASE, old), None));
    let old = parse_surface(&old).expect("the surface file parses");
    let new = Surface::of(&lower(&edited(BASE, new), None));
    compare(&old, &new).text()
}

/// Schemes added and removed, and an operation's requirement narrowed: the setter decides the
/// Rust verdict, old clients' credentials the wire verdict.
#[test]
fn auth_changes_give_their_exact_report() {
    let only_bearer_on_delete: Vec<(&str, &str)> = SECURED
        .iter()
        .copied()
        .chain([(
            "      responses: {'204': {description: gone}}\n",
            "      security: [{bearerAuth: []}]\n      responses: {'204': {description: gone}}\n",
        )])
        .collect();
    let header_renamed: Vec<(&str, &str)> = (SECURED.iter().copied())
        .chain([("name: X-Api-Key", "name: X-Key")])
        .collect();
    let cases: [(&str, Edits, Edits, &str); 4] = [
        ("schemes added", &[], SECURED, SCHEMES_ADDED),
        ("schemes removed", SECURED, &[], SCHEMES_REMOVED),
        (
            "requirement narrowed",
            SECURED,
            &only_bearer_on_delete,
            REQUIREMENT_NARROWED,
        ),
        (
            "scheme's header renamed",
            SECURED,
            &header_renamed,
            SCHEME_HEADER_RENAMED,
        ),
    ];
    let mut failures = Vec::new();
    for (name, old, new, expected) in cases {
        let actual = report_between(old, new);
        if std::env::var("PRINT_REPORTS").is_ok() {
            println!("=== {name}\n{actual}");
        }
        if actual != expected {
            failures.push(format!(
                "case `{name}`:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const SCHEMES_ADDED: &str = r#"Changes to the public surface and the wire contract of pets:

crate
  scheme "apiKey": scheme added (header "x-api-key")
    spec: #/components/securitySchemes/apiKey
    Rust: compatible: a new builder setter `api_key_2` (read from "PETS_API_KEY_2" by `from_env`); existing code is unaffected
    wire: breaking: pets.create, pets.delete, pets.list needed no credential before and now require one, which old clients do not send
  scheme "bearerAuth": scheme added (bearer)
    spec: #/components/securitySchemes/bearerAuth
    Rust: compatible: a new builder setter `api_key` (read from "PETS_API_KEY" by `from_env`); existing code is unaffected
    wire: breaking: pets.create, pets.delete, pets.list needed no credential before and now require one, which old clients do not send

pets.create (POST "/pets")
  pets.create: security changed from nothing to "bearerAuth" or "apiKey"
    spec: #/paths/~1pets/post
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: breaking: old clients may call it without credentials, which the new requirement refuses

pets.delete (DELETE "/pets/{petId}")
  pets.delete: security changed from nothing to "bearerAuth" or "apiKey"
    spec: #/paths/~1pets~1{petId}/delete
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: breaking: old clients may call it without credentials, which the new requirement refuses

pets.list (GET "/pets")
  pets.list: security changed from nothing to "bearerAuth" or "apiKey"
    spec: #/paths/~1pets/get
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: breaking: old clients may call it without credentials, which the new requirement refuses

bump: patch (0.x: an addition bumps the patch), from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#;

const SCHEMES_REMOVED: &str = r#"Changes to the public surface and the wire contract of pets:

crate
  scheme "apiKey": scheme removed
    spec: #/components/securitySchemes/apiKey
    Rust: breaking: the builder's `api_key_2` setter is gone, so code that calls it stops compiling
    wire: compatible: no operation asks for it any more (a requirement that changed is listed under its operation)
  scheme "bearerAuth": scheme removed
    spec: #/components/securitySchemes/bearerAuth
    Rust: breaking: the builder's `api_key` setter is gone, so code that calls it stops compiling
    wire: compatible: no operation asks for it any more (a requirement that changed is listed under its operation)

pets.create (POST "/pets")
  pets.create: security changed from "bearerAuth" or "apiKey" to nothing
    spec: #/paths/~1pets/post
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: compatible: every set of credentials the old requirement accepted still satisfies the new one

pets.delete (DELETE "/pets/{petId}")
  pets.delete: security changed from "bearerAuth" or "apiKey" to nothing
    spec: #/paths/~1pets~1{petId}/delete
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: compatible: every set of credentials the old requirement accepted still satisfies the new one

pets.list (GET "/pets")
  pets.list: security changed from "bearerAuth" or "apiKey" to nothing
    spec: #/paths/~1pets/get
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: compatible: every set of credentials the old requirement accepted still satisfies the new one

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#;

const REQUIREMENT_NARROWED: &str = r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/pets/{petId}")
  pets.delete: security changed from "bearerAuth" or "apiKey" to "bearerAuth"
    spec: #/paths/~1pets~1{petId}/delete
    Rust: compatible: the method is unchanged; the new crate sends the credentials the new requirement names
    wire: breaking: old clients that authenticate with "apiKey" no longer satisfy it

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#;

const SCHEME_HEADER_RENAMED: &str = r#"Changes to the public surface and the wire contract of pets:

crate
  scheme "apiKey": credential moved from header "x-api-key" to header "x-key"
    spec: #/components/securitySchemes/apiKey
    Rust: compatible: the builder's setter keeps its name and type
    wire: breaking: old clients send the credential as header "x-api-key", the server now expects header "x-key"

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#;

/// A requirement object's keys have no order: listing the same combination the other way
/// round changes nothing.
#[test]
fn a_combination_listed_in_another_order_is_no_change() {
    let combined = |order: &'static str| -> Vec<(&'static str, &'static str)> {
        let mut edits = SECURED.to_vec();
        edits[0].1 = order;
        edits
    };
    let one =
        combined("info: {title: Pets, version: 1.0.0}\nsecurity: [{bearerAuth: [], apiKey: []}]\n");
    let other =
        combined("info: {title: Pets, version: 1.0.0}\nsecurity: [{apiKey: [], bearerAuth: []}]\n");
    assert_eq!(
        report_between(&one, &other),
        "No change to the public surface or the wire contract of pets.\n\nbump: patch at most, nothing needs a new version; the configured version 0.1.0 satisfies it\n"
    );
}
