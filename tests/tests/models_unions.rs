//! Discriminated unions decode and encode faithfully (golden `shapes` crate): the tag lives on
//! the enum, never duplicated among a variant's extra fields; arms that declare the tag
//! themselves (an inline union) keep it; unknown tags are kept whole.

use serde_json::json;
use shapes::models::{Drawing, Note, NoteVariant, Pin, PinKind, Placed, Shape};

#[test]
fn component_union_arms_read_their_fields_and_not_the_tag() {
    let shape: Shape =
        serde_json::from_value(json!({"kind": "circle", "radius": 2.0, "fill": "red"})).unwrap();
    let Shape::Circle(circle) = &shape else {
        panic!("{shape:?}")
    };
    assert_eq!(circle.radius, 2.0);
    assert_eq!(
        circle.extra.get("fill"),
        Some(&json!("red")),
        "undescribed fields are kept"
    );
    assert!(
        !circle.extra.contains_key("kind"),
        "the tag belongs to the enum"
    );
    assert_eq!(
        serde_json::to_value(&shape).unwrap(),
        json!({"kind": "circle", "radius": 2.0, "fill": "red"})
    );
}

#[test]
fn inline_union_arms_that_declare_the_tag_decode() {
    let drawing: Drawing = serde_json::from_value(json!({
        "shape": {"kind": "group", "children": [{"kind": "rect", "width": 1.0, "height": 2.0}]},
        "marker": {"kind": "pin", "lat": 51.5}
    }))
    .unwrap();
    let Some(shapes::models::DrawingMarker::Pin(Pin { kind, lat, .. })) = &drawing.marker else {
        panic!("{drawing:?}")
    };
    assert_eq!((kind, *lat), (&PinKind::Pin, 51.5));
    let encoded = serde_json::to_value(&drawing).unwrap();
    assert_eq!(encoded["marker"], json!({"kind": "pin", "lat": 51.5}));
    assert_eq!(
        encoded["shape"]["children"][0],
        json!({"kind": "rect", "width": 1.0, "height": 2.0})
    );
}

#[test]
fn unknown_tags_are_kept_whole() {
    let shape: Shape = serde_json::from_value(json!({"kind": "star", "points": 5})).unwrap();
    assert_eq!(shape, Shape::Unknown(json!({"kind": "star", "points": 5})));
    assert_eq!(shape.tag(), Some("star"));
}

/// `allOf: [$ref: Shape, {properties: {x}}]`: the union is a flattened field beside `x`, so
/// one JSON object carries the tag, the variant's fields and the shared field.
#[test]
fn an_all_of_with_a_discriminated_union_part_holds_the_union_beside_its_fields() {
    let wire = json!({"kind": "circle", "radius": 2.0, "x": 1.5, "fill": "red"});
    let placed: Placed = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(placed.x, 1.5);
    let Shape::Circle(circle) = &placed.shape else {
        panic!("{placed:?}")
    };
    assert_eq!(circle.radius, 2.0);
    // The shared field is the struct's, not an undescribed field of the variant.
    assert_eq!(circle.extra.keys().collect::<Vec<_>>(), ["fill"]);
    // `Placed` restates `kind`: the union keeps it (a field of its own would take the key
    // first, leaving the union nothing to tell its variant by), and it is written once.
    assert_eq!(placed.shape.tag(), Some("circle"));
    assert_eq!(serde_json::to_value(&placed).unwrap(), wire);
}

/// `allOf: [{oneOf: [{text}, {lines}]}, {properties: {author}}]`: an inline union part.
#[test]
fn an_all_of_with_an_inline_union_part_decodes_either_arm_and_writes_each_field_once() {
    let wire = json!({"lines": ["a", "b"], "author": "ada"});
    let note: Note = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(note.author, "ada");
    let NoteVariant::NoteVariantVariant2(lines) = &note.variant else {
        panic!("{note:?}")
    };
    assert_eq!(lines.lines, ["a", "b"]);
    assert!(lines.extra.is_empty(), "{lines:?}");
    assert_eq!(serde_json::to_value(&note).unwrap(), wire);
    let text: Note = serde_json::from_value(json!({"text": "hi", "author": "bo"})).unwrap();
    assert!(matches!(text.variant, NoteVariant::NoteVariantVariant1(_)));
}

/// `ChatItem`: `$ref` arms without a mapping take the tag their own schema pins (not their
/// component key, which a server following the schema never sends), and two arms sharing
/// `message` are both variants: a value decodes as the first it fits, else `Unknown`.
#[test]
fn ref_arms_without_a_mapping_decode_by_their_own_tag_and_may_share_one() {
    use shapes::models::{ChatItem, ToolCall, UserMessage, UserMessageRole};
    let user = r#"{"role":"user","text":"hi","type":"message"}"#;
    let item: ChatItem = serde_json::from_str(user).unwrap();
    let ChatItem::UserMessage(UserMessage { role, text, .. }) = &item else {
        panic!("{item:?}")
    };
    assert_eq!((role, text.as_str()), (&UserMessageRole::User, "hi"));
    assert_eq!(item.tag(), Some("message"));
    assert_eq!(serde_json::to_string(&item).unwrap(), user);

    let system: ChatItem =
        serde_json::from_str(r#"{"role":"system","text":"be brief","type":"message"}"#).unwrap();
    assert!(matches!(system, ChatItem::SystemMessage(_)), "{system:?}");

    let call = r#"{"name":"search","type":"tool_call"}"#;
    let item: ChatItem = serde_json::from_str(call).unwrap();
    let ChatItem::ToolCall(ToolCall { name, .. }) = &item else {
        panic!("{item:?}")
    };
    assert_eq!(name, "search");
    assert_eq!(serde_json::to_string(&item).unwrap(), call);

    // A `message` neither arm fits, and the component key as a tag, are kept whole.
    for wire in [
        json!({"type": "message", "role": "robot", "text": "?"}),
        json!({"type": "ToolCall", "name": "search"}),
    ] {
        let item: ChatItem = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(item, ChatItem::Unknown(wire));
    }
}

/// `Stroke`: a `$ref` arm beside inline arms that carry their own tag (one value, two values,
/// an `allOf` of a component and the tag). Each decodes into its own variant and is written back
/// byte for byte, tag included (serde_json writes keys in order, so the inputs are sorted).
#[test]
fn inline_union_arms_decode_into_their_variant_and_write_back_identically() {
    use shapes::models::{Dashed, Stroke, StrokeDotted, StrokeDoubleDashed, StrokeSolid};
    let cases: [(&str, Stroke); 5] = [
        (
            r#"{"dash":3.5,"style":"dashed"}"#,
            Stroke::Dashed(Dashed {
                dash: 3.5,
                ..Default::default()
            }),
        ),
        (
            r#"{"style":"solid","width":1.5}"#,
            Stroke::Solid(StrokeSolid {
                width: 1.5,
                ..Default::default()
            }),
        ),
        (
            r#"{"gap":0.5,"style":"round-dots"}"#,
            Stroke::RoundDots(StrokeDotted {
                gap: 0.5,
                ..Default::default()
            }),
        ),
        (
            r#"{"gap":0.25,"style":"square-dots"}"#,
            Stroke::SquareDots(StrokeDotted {
                gap: 0.25,
                ..Default::default()
            }),
        ),
        (
            r#"{"dash":2.5,"spacing":1.0,"style":"double-dashed"}"#,
            Stroke::DoubleDashed(StrokeDoubleDashed {
                dash: 2.5,
                spacing: Some(1.0),
                ..Default::default()
            }),
        ),
    ];
    for (wire, expected) in cases {
        let stroke: Stroke = serde_json::from_str(wire).unwrap();
        assert_eq!(stroke, expected, "{wire}");
        assert_eq!(serde_json::to_string(&stroke).unwrap(), wire);
    }
}

#[test]
fn an_unknown_tag_of_a_union_with_inline_arms_is_kept_whole() {
    use shapes::models::Stroke;
    let wire = r#"{"style":"wavy","wavelength":4.0}"#;
    let stroke: Stroke = serde_json::from_str(wire).unwrap();
    assert_eq!(
        stroke,
        Stroke::Unknown(json!({"style": "wavy", "wavelength": 4.0}))
    );
    assert_eq!(stroke.tag(), Some("wavy"));
    assert_eq!(serde_json::to_string(&stroke).unwrap(), wire);
}

/// OpenAPI's inheritance (`Animal` with the discriminator, `Cat` and `Dog` extending it with
/// `allOf`): a `$ref` to the base holds whichever kind the tag names, a mapped one (`cat`) or
/// one tagged with its schema name (`Dog`); a tag no kind answers to is kept whole.
#[test]
fn a_base_with_a_discriminator_decodes_the_kind_that_extends_it() {
    use shapes::models::Animal;
    let cat = json!({"species": "cat", "name": "Tom", "indoor": true});
    let animal: Animal = serde_json::from_value(cat.clone()).unwrap();
    let Animal::Cat(tom) = &animal else {
        panic!("{animal:?}")
    };
    assert_eq!((tom.name.as_str(), tom.indoor), ("Tom", Some(true)));
    assert_eq!(serde_json::to_value(&animal).unwrap(), cat);

    let dog = json!({"species": "Dog", "name": "Rex", "packSize": 3});
    let animal: Animal = serde_json::from_value(dog).unwrap();
    let Animal::Dog(rex) = &animal else {
        panic!("{animal:?}")
    };
    assert_eq!(rex.pack_size, 3);

    // The mapping leaves `Animal` out: a plain animal is not a kind the client knows.
    let bird = json!({"species": "Animal", "name": "Tweety"});
    let animal: Animal = serde_json::from_value(bird.clone()).unwrap();
    assert_eq!(animal, Animal::Unknown(bird.clone()));
    assert_eq!(serde_json::to_value(&animal).unwrap(), bird);
}

/// A base that no mapping leaves out is a kind of its own: its variant holds the base's own
/// fields (`VehicleBase`), beside the kinds that extend it.
#[test]
fn a_value_of_the_base_itself_decodes_as_the_base_variant() {
    use shapes::models::Vehicle;
    // Received only, so a library build has no `Serialize` for it: decoding is checked.
    let plain = json!({"kind": "Vehicle", "wheels": 4});
    let vehicle: Vehicle = serde_json::from_value(plain).unwrap();
    let Vehicle::Vehicle(base) = &vehicle else {
        panic!("{vehicle:?}")
    };
    assert_eq!((base.wheels, base.kind.as_deref()), (4, Some("Vehicle")));

    let truck = json!({"kind": "Truck", "wheels": 6, "load": 2.5});
    let vehicle: Vehicle = serde_json::from_value(truck).unwrap();
    let Vehicle::Truck(truck) = &vehicle else {
        panic!("{vehicle:?}")
    };
    assert_eq!((truck.wheels, truck.load), (6, Some(2.5)));
}
