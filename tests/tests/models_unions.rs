//! Discriminated unions decode and encode faithfully (golden `shapes` crate): the tag lives on
//! the enum, never duplicated among a variant's extra fields; arms that declare the tag
//! themselves (an inline union) keep it; unknown tags are kept whole.

use serde_json::json;
use shapes::models::{Drawing, Pin, PinKind, Shape};

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
