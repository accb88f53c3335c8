//! Exact reports for the change kinds the other tables leave out: a model removed, pagination,
//! body encoding, a union's tag property, an alias's target, a wire name, path arguments, a
//! params struct dropped, untagged variants added or reordered, an enum value renamed, and
//! models that become or stop being aliases of a model of their shape.

use super::behaviour::STREAMS;
use super::{BASE, edited, lower};
use crate::changes::{Surface, compare, parse_surface, surface_file};

/// Which spec a case edits.
#[derive(Clone, Copy)]
enum Spec {
    /// `super::BASE`: pets with a list, a create and a delete.
    Pets,
    /// `behaviour::STREAMS`: a paginated list and an event stream.
    Streams,
}

/// Spec edits: `(from, to)` pairs.
type Edits = &'static [(&'static str, &'static str)];

/// (name, spec, old edits, new edits, expected report).
type Case = (&'static str, Spec, Edits, Edits, &'static str);

const OWNER: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Owner: {type: object, properties: {name: {type: string}}}\n",
);

/// Two inline enums of one shape on `Pet`: `PetTemper` is an alias of `PetMood`.
const MOODS: (&str, &str) = (
    "        status: {$ref: '#/components/schemas/Status'}\n",
    "        status: {$ref: '#/components/schemas/Status'}\n        mood: {type: string, enum: [calm, wild]}\n        temper: {type: string, enum: [calm, wild]}\n",
);
/// A component of their shape: both are aliases of it.
const MOOD: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Mood: {type: string, enum: [calm, wild]}\n",
);

/// The same inline object in a response (`Pet`) and a request (`NewPet`): `NewPetSize` is an
/// alias of `PetSize`.
const SIZES: &[(&str, &str)] = &[
    (
        "        status: {$ref: '#/components/schemas/Status'}\n",
        "        status: {$ref: '#/components/schemas/Status'}\n        size: {type: object, properties: {w: {type: integer}}}\n",
    ),
    (
        "        tag: {type: string}\n",
        "        tag: {type: string}\n        size: {type: object, properties: {w: {type: integer}}}\n",
    ),
];
/// The response's copy gains a required field.
const SIZES_GROWN: &[(&str, &str)] = &[
    (
        "        status: {$ref: '#/components/schemas/Status'}\n",
        "        status: {$ref: '#/components/schemas/Status'}\n        size: {type: object, required: [h], properties: {w: {type: integer}, h: {type: integer}}}\n",
    ),
    (
        "        tag: {type: string}\n",
        "        tag: {type: string}\n        size: {type: object, properties: {w: {type: integer}}}\n",
    ),
];
/// A component of the same shape appears: both copies are aliases of it.
const SIZE: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Size: {type: object, properties: {w: {type: integer}}}\n",
);

/// `NewPet.status`, sent only, through a chain of aliases: `Legacy` → `Mid` → `Status`.
const CHAIN: &[(&str, &str)] = &[
    (
        "        tag: {type: string}\n",
        "        tag: {type: string}\n        status: {$ref: '#/components/schemas/Legacy'}\n",
    ),
    (
        "    Status: {type: string, enum: [available, sold]}\n",
        "    Status: {type: string, enum: [available, sold]}\n    Legacy: {$ref: '#/components/schemas/Mid'}\n    Mid: {$ref: '#/components/schemas/Status'}\n    Other: {type: string, enum: [available]}\n",
    ),
];
/// The middle of the chain names another enum.
const CHAIN_MOVED: &[(&str, &str)] = &[
    CHAIN[0],
    (
        "    Status: {type: string, enum: [available, sold]}\n",
        "    Status: {type: string, enum: [available, sold]}\n    Legacy: {$ref: '#/components/schemas/Mid'}\n    Mid: {$ref: '#/components/schemas/Other'}\n    Other: {type: string, enum: [available]}\n",
    ),
];

const LABEL: (&str, &str) = (
    "        tag: {type: string}\n",
    "        tag: {$ref: '#/components/schemas/Label'}\n",
);
const LABEL_STRING: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Label: {type: string}\n",
);
const LABEL_INTEGER: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Label: {type: integer, format: int64}\n",
);

/// A union whose two arms share the tag `message` and differ by `role`.
const SHARED_TAG: (&str, &str) = (
    "    Status: {type: string, enum: [available, sold]}\n",
    "    Status: {type: string, enum: [available, sold]}\n    Item:\n      oneOf: [{$ref: '#/components/schemas/Said'}, {$ref: '#/components/schemas/Heard'}]\n      discriminator: {propertyName: type}\n    Said: {type: object, required: [type, role], properties: {type: {type: string, enum: [message]}, role: {type: string, enum: [user]}}}\n    Heard: {type: object, required: [type, role], properties: {type: {type: string, enum: [message]}, role: {type: string, enum: [assistant]}}}\n",
);
const ITEM_FIELD: (&str, &str) = (
    "        status: {$ref: '#/components/schemas/Status'}\n",
    "        status: {$ref: '#/components/schemas/Status'}\n        item: {$ref: '#/components/schemas/Item'}\n",
);

const SHAPE_FIELD: (&str, &str) = (
    "        status: {$ref: '#/components/schemas/Status'}\n",
    "        status: {$ref: '#/components/schemas/Status'}\n        shape: {$ref: '#/components/schemas/Shape'}\n",
);
const fn shape(arms: &'static str) -> (&'static str, &'static str) {
    (
        "    Status: {type: string, enum: [available, sold]}\n",
        arms,
    )
}
const SHAPE_TWO: (&str, &str) = shape(
    "    Status: {type: string, enum: [available, sold]}\n    Shape: {oneOf: [{type: string}, {type: integer}]}\n",
);
const SHAPE_THREE: (&str, &str) = shape(
    "    Status: {type: string, enum: [available, sold]}\n    Shape: {oneOf: [{type: string}, {type: integer}, {type: boolean}]}\n",
);
const SHAPE_SWAPPED: (&str, &str) = shape(
    "    Status: {type: string, enum: [available, sold]}\n    Shape: {oneOf: [{type: integer}, {type: string}]}\n",
);

const CASES: &[Case] = &[
    (
        "model removed",
        Spec::Pets,
        &[OWNER],
        &[],
        r#"Changes to the public surface and the wire contract of pets:

models
  Owner: struct removed
    spec: #/components/schemas/Owner
    Rust: breaking: code that names the type stops compiling
    wire: compatible: a type name is not on the wire; the operations using it are listed on their own

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "pagination type changed",
        Spec::Streams,
        &[],
        &[(
            "items: {type: array, items: {$ref: '#/components/schemas/Message'}}",
            "items: {type: array, items: {type: string}}",
        )],
        r#"Changes to the public surface and the wire contract of chat:

messages.list (GET "/messages")
  messages.list: pagination changed from pages of Message (MessagePage) to pages of string (MessagePage)
    spec: #/paths/~1messages/get
    Rust: breaking: the method's return type (and its `_auto_paging` companion) changes
    wire: compatible: pagination is how the crate reads responses; requests are the same

models
  MessagePage.items: type changed from Vec<Message> to Vec<string>
    spec: #/components/schemas/MessagePage
    Rust: breaking: the field's Rust type changed, so code that uses it stops compiling
    wire: breaking: the server now sends values of type Vec<string>, old clients expect Vec<Message>

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "body encoding changed",
        Spec::Pets,
        &[],
        &[(
            "content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}",
            "content: {application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/NewPet'}}}",
        )],
        r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create: request body encoding changed from json to form
    spec: #/paths/~1pets/post
    Rust: compatible: the params struct is unchanged by this
    wire: breaking: old clients send json, the server now expects form

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "union tag property changed",
        Spec::Streams,
        &[],
        &[(
            "discriminator: {propertyName: type}",
            "discriminator: {propertyName: kind}",
        )],
        r#"Changes to the public surface and the wire contract of chat:

messages.stream (POST "/messages/stream")
  messages.stream: terminal event changed from "stop" (by "type") to "stop" (by "kind")
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: same types, new meaning: the turn's end is now read from "kind" instead of "type"
    wire: breaking: old clients look for "stop" in "type", where the server no longer sends it

models
  Delta.r#type: field added (string, required)
    spec: #/components/schemas/Delta
    Rust: breaking: Delta is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients keep it among the fields they do not know
  Event: tag property changed from "type" to "kind"
    spec: #/components/schemas/Event
    Rust: compatible: only the value of its TAG constant changes
    wire: breaking: the variant is named by "kind" instead of "type"
  Stop.r#type: field added (string, required)
    spec: #/components/schemas/Stop
    Rust: breaking: Stop is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients keep it among the fields they do not know

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "alias target changed",
        Spec::Pets,
        &[LABEL, LABEL_STRING],
        &[LABEL, LABEL_INTEGER],
        r#"Changes to the public surface and the wire contract of pets:

models
  Label: alias changed from string to i64
    spec: #/components/schemas/Label
    Rust: breaking: the type it stands for changed
    wire: breaking: old clients send values of type string, the server now expects i64

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "inline copies become aliases of a component of their shape",
        Spec::Pets,
        &[MOODS],
        &[MOODS, MOOD],
        r#"Changes to the public surface and the wire contract of pets:

models
  PetMood: now an alias of `Mood`, a model of the same shape
    spec: #/components/schemas/Pet/properties/mood
    Rust: breaking: `use PetMood::…` of its variants stops compiling: a type alias is not a module; other code that names it compiles as before
    wire: compatible: the same JSON shape
  PetTemper: now an alias of `Mood` (was of `PetMood`), a model of the same shape
    spec: #/components/schemas/Pet/properties/temper
    Rust: compatible: `PetMood` is the same type still
    wire: compatible: the same JSON shape
  Mood: string-enum added
    spec: #/components/schemas/Mood
    Rust: compatible: a new type; existing code is unaffected
    wire: compatible: old clients never send or receive it under this name

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "the component goes: the inline copies are one type again",
        Spec::Pets,
        &[MOODS, MOOD],
        &[MOODS],
        r#"Changes to the public surface and the wire contract of pets:

models
  Mood: string-enum removed
    spec: #/components/schemas/Mood
    Rust: breaking: code that names the type stops compiling
    wire: compatible: a type name is not on the wire; the operations using it are listed on their own
  PetMood: no longer an alias of `Mood`: a type of its own, of the same shape
    spec: #/components/schemas/Pet/properties/mood
    Rust: breaking: a `Mood` value no longer passes for it
    wire: compatible: the same JSON shape
  PetTemper: now an alias of `PetMood` (was of `Mood`), a model of the same shape
    spec: #/components/schemas/Pet/properties/temper
    Rust: breaking: a `Mood` value no longer passes for it
    wire: compatible: the same JSON shape

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "a struct copy becomes an alias of a new component of its shape",
        Spec::Pets,
        SIZES,
        &[SIZES[0], SIZES[1], SIZE],
        r#"Changes to the public surface and the wire contract of pets:

models
  NewPetSize: now an alias of `Size` (was of `PetSize`), a model of the same shape
    spec: #/components/schemas/NewPet/properties/size
    Rust: compatible: `PetSize` is the same type still
    wire: compatible: the same JSON shape
  PetSize: now an alias of `Size`, a model of the same shape
    spec: #/components/schemas/Pet/properties/size
    Rust: compatible: code that names it compiles as before
    wire: compatible: the same JSON shape
  Size: struct added
    spec: #/components/schemas/Size
    Rust: compatible: a new type; existing code is unaffected
    wire: compatible: old clients never send or receive it under this name

bump: patch (0.x: an addition bumps the patch), from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "the response's copy grows: the request's is a type of its own",
        Spec::Pets,
        SIZES,
        SIZES_GROWN,
        r#"Changes to the public surface and the wire contract of pets:

models
  NewPetSize: no longer an alias of `PetSize`: a type of its own, of the same shape
    spec: #/components/schemas/NewPet/properties/size
    Rust: breaking: a `PetSize` value no longer passes for it
    wire: compatible: the same JSON shape
  PetSize.h: field added (i64, required)
    spec: #/components/schemas/Pet/properties/size
    Rust: breaking: PetSize is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients keep it among the fields they do not know
  NewPetSize: no longer derives Deserialize in a library build
    spec: #/components/schemas/NewPet/properties/size
    Rust: breaking: code that uses NewPetSize's Deserialize itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`
    wire: compatible: not on the wire
  PetSize: no longer derives Serialize in a library build
    spec: #/components/schemas/Pet/properties/size
    Rust: breaking: code that uses PetSize's Serialize itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`
    wire: compatible: not on the wire

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "the middle of a chain of aliases names another type: what the chain's users send",
        Spec::Pets,
        CHAIN,
        CHAIN_MOVED,
        r#"Changes to the public surface and the wire contract of pets:

models
  Mid: now an alias of `Other` (was of `Status`)
    spec: #/components/schemas/Mid
    Rust: breaking: a `Status` value no longer passes for it
    wire: compatible: a type's name is not on the wire; what its JSON became is listed on its own
  Mid.Sold: value "sold" removed (also for its aliases `Legacy`)
    spec: #/components/schemas/Mid
    Rust: breaking: code that names Mid::Sold stops compiling
    wire: breaking: old clients may still send it, the server no longer accepts it
  Other: no longer derives Deserialize in a library build
    spec: #/components/schemas/Other
    Rust: breaking: code that uses Other's Deserialize itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`
    wire: compatible: not on the wire

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "an inline copy is replaced by a reference to its type: its alias goes, the field stays",
        Spec::Pets,
        &[MOODS, MOOD],
        &[
            (
                "        status: {$ref: '#/components/schemas/Status'}\n",
                "        status: {$ref: '#/components/schemas/Status'}\n        mood: {$ref: '#/components/schemas/Mood'}\n        temper: {type: string, enum: [calm, wild]}\n",
            ),
            MOOD,
        ],
        r#"Changes to the public surface and the wire contract of pets:

models
  PetMood: alias removed
    spec: #/components/schemas/Pet/properties/mood
    Rust: breaking: code that names the type stops compiling
    wire: compatible: a type name is not on the wire; the operations using it are listed on their own

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "wire name renamed",
        Spec::Pets,
        &[],
        &[
            (
                "      required: [id, name]\n",
                "      required: [id, Name]\n",
            ),
            (
                "        name: {type: string, description: The pet's name.}",
                "        Name: {type: string, description: The pet's name.}",
            ),
        ],
        r#"Changes to the public surface and the wire contract of pets:

models
  Pet.name: wire name changed from "name" to "Name"
    spec: #/components/schemas/Pet
    Rust: compatible: the Rust field keeps its name
    wire: breaking: old clients use "name", the server now uses "Name"

bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "path arguments changed",
        Spec::Pets,
        &[],
        &[(
            "{name: petId, in: path, required: true, schema: {type: string}}",
            "{name: petId, in: path, required: true, schema: {type: integer, format: int64}}",
        )],
        r#"Changes to the public surface and the wire contract of pets:

pets.delete (DELETE "/pets/{petId}")
  pets.delete: path arguments changed from (string) to (i64)
    spec: #/paths/~1pets~1{petId}/delete
    Rust: breaking: the method's positional arguments changed, so calls to it stop compiling
    wire: breaking: old clients send values of type string, the server now expects i64

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "params struct dropped",
        Spec::Pets,
        &[],
        &[(
            "      parameters:\n        - {name: limit, in: query, schema: {type: integer, format: int32}}\n        - {name: status, in: query, schema: {$ref: '#/components/schemas/Status'}}\n",
            "",
        )],
        r#"Changes to the public surface and the wire contract of pets:

pets.list (GET "/pets")
  pets.list: no longer takes ListParams
    spec: #/paths/~1pets/get
    Rust: breaking: the method lost an argument, so calls to it stop compiling
    wire: compatible: old clients still send inputs the server no longer reads

models
  Status: no longer derives Serialize in a library build
    spec: #/components/schemas/Status
    Rust: breaking: code that uses Status's Serialize itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`
    wire: compatible: not on the wire

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "untagged variant added",
        Spec::Pets,
        &[SHAPE_FIELD, SHAPE_TWO],
        &[SHAPE_FIELD, SHAPE_THREE],
        r#"Changes to the public surface and the wire contract of pets:

models
  Shape.Boolean: variant added (bool)
    spec: #/components/schemas/Shape
    Rust: compatible: Shape is #[non_exhaustive], so matches over it already have a wildcard arm
    wire: breaking: the server may send this shape, which old clients cannot read

bump: patch (0.x: an addition bumps the patch), from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "untagged variants reordered",
        Spec::Pets,
        &[SHAPE_FIELD, SHAPE_TWO],
        &[SHAPE_FIELD, SHAPE_SWAPPED],
        r#"Changes to the public surface and the wire contract of pets:

models
  Shape: variant order changed
    spec: #/components/schemas/Shape
    Rust: breaking: variants are tried in order, so a value that fits two of them may now decode as the other
    wire: compatible: order is not on the wire

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
    (
        "tagged variants sharing a tag, unchanged",
        Spec::Pets,
        &[ITEM_FIELD, SHARED_TAG],
        &[ITEM_FIELD, SHARED_TAG],
        "No change to the public surface or the wire contract of pets.\n\nbump: patch at most, nothing needs a new version; the configured version 0.1.0 satisfies it\n",
    ),
    (
        "enum value renamed",
        Spec::Pets,
        &[],
        &[("enum: [available, sold]", "enum: [available, Sold, sold]")],
        r#"Changes to the public surface and the wire contract of pets:

models
  Status.Sold: value "sold" renamed to Status::Sold2
    spec: #/components/schemas/Status
    Rust: breaking: same code, new meaning: Status::Sold now stands for "Sold"
    wire: compatible: the value on the wire is the same
  Status.Sold: value "Sold" added
    spec: #/components/schemas/Status
    Rust: compatible: Status is #[non_exhaustive], so matches over it already have a wildcard arm; the value that arrived as Status::Unknown now arrives as Status::Sold
    wire: compatible: in requests, old clients never send it; in responses, old clients read it as Status::Unknown

bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it
"#,
    ),
];

#[test]
fn each_remaining_change_kind_gives_its_exact_report() {
    let mut failures = Vec::new();
    for (name, spec, old_edits, new_edits, expected) in CASES {
        let base = match spec {
            Spec::Pets => BASE,
            Spec::Streams => STREAMS,
        };
        let old = surface_file(&lower(&edited(base, old_edits), None));
        let old = parse_surface(&old).expect("the surface file parses");
        let new = Surface::of(&lower(&edited(base, new_edits), None));
        let actual = compare(&old, &new).text();
        if std::env::var("PRINT_REPORTS").is_ok() {
            println!("=== {name}\n{actual}");
        }
        if actual != *expected {
            failures.push(format!(
                "case `{name}`:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
