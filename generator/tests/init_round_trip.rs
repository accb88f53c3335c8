//! `generator init`'s promise, checked on fixtures and real documents that page in every style:
//! the starter `sdk.yaml`, fed back unchanged, generates the crate the document alone yields.
//! Every file is the same, `Cargo.toml` and the manifest included: the starter keeps
//! `crate.workspace: auto`, the default.

use generator::{Generated, Sources, generate_with, init::starter_config, load::FolderFiles};
use std::path::Path;

/// Generates `spec` (relative to the repository root) without settings and with its starter
/// settings, and returns the starter and both crates.
fn both_ways(spec: &str) -> (String, Generated, Generated) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(spec);
    let text = std::fs::read_to_string(&path).unwrap();
    let files = FolderFiles::new(path.parent().unwrap());
    let sources = |config_text| Sources {
        spec_path: spec,
        spec_text: &text,
        config_path: "sdk.yaml",
        config_text,
    };
    let starter = starter_config(&sources(None), &files).unwrap_or_else(|err| panic!("{err}"));
    let derived = generate_with(&sources(None), &files).unwrap_or_else(|err| panic!("{err}"));
    let configured = generate_with(&sources(Some(&starter)), &files)
        .unwrap_or_else(|err| panic!("{spec} with its starter sdk.yaml:\n{err}\n{starter}"));
    (starter, derived, configured)
}

fn assert_round_trips(spec: &str) -> String {
    let (starter, derived, configured) = both_ways(spec);
    let names = |generated: &Generated| generated.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&configured), names(&derived), "{spec}: the file list");
    let differing: Vec<&String> = derived
        .files
        .iter()
        .filter(|(name, text)| configured.files[*name] != **text)
        .map(|(name, _)| name)
        .collect();
    assert!(
        differing.is_empty(),
        "{spec}: {differing:?} differ with the starter sdk.yaml:\n{starter}"
    );
    starter
}

#[test]
fn fixtures_round_trip_through_their_starter_settings() {
    for spec in [
        "tests/fixtures/paging-styles/openapi.yaml",
        "tests/fixtures/cursor-pages/openapi.yaml",
        "tests/fixtures/names/openapi.yaml",
        "tests/fixtures/multi-file/openapi.yaml",
    ] {
        assert_round_trips(spec);
    }
}

/// Real documents chosen for their pagination: offset (LlamaCloud), next-page URLs (Spotify),
/// `Link` headers (Ory), `starting_after` + `has_more` (Resend), page numbers (Supabase).
#[test]
fn real_documents_round_trip_through_their_starter_settings() {
    for (spec, style) in [
        ("tests/real-specs/llamacloud-platform.json", "type: offset"),
        ("tests/real-specs/spotify.yaml", "type: next_url"),
        ("tests/real-specs/ory-kratos.json", "type: link_header"),
        ("tests/real-specs/resend.yaml", "type: item_id"),
        ("tests/real-specs/supabase-auth.yaml", "type: page"),
    ] {
        let starter = assert_round_trips(spec);
        let pagination = starter
            .split("\npagination:\n")
            .nth(1)
            .and_then(|rest| rest.split("\nresources:").next())
            .unwrap_or_else(|| panic!("{spec}: no pagination section\n{starter}"));
        assert!(pagination.contains(style), "{spec}: {pagination}");
    }
}
