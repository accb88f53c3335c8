//! `generator init`'s promise, checked on fixtures and real documents that page in every style:
//! the starter `sdk.yaml`, fed back unchanged, generates the crate the document alone yields.
//! The one intended difference is the `[workspace]` table of `Cargo.toml` (and so the hashes in
//! the manifest), which the starter asks for so that the crate builds in a new folder.

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

/// `Cargo.toml` without its comment and blank lines and `[workspace]` table: the part both must share.
fn manifest_without_workspace(manifest: &str) -> String {
    let mut kept = Vec::new();
    let mut in_workspace = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_workspace = line == "[workspace]";
        }
        if !in_workspace && !line.starts_with('#') && !line.is_empty() {
            kept.push(line);
        }
    }
    kept.join("\n")
}

fn assert_round_trips(spec: &str) -> String {
    let (starter, derived, configured) = both_ways(spec);
    let names = |generated: &Generated| generated.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&configured), names(&derived), "{spec}: the file list");
    for (name, text) in &derived.files {
        let other = &configured.files[name];
        match name.as_str() {
            // Hashes of the files above, Cargo.toml's included.
            ".generated" => {}
            "Cargo.toml" => {
                assert!(other.contains("\n[workspace]\n"), "{spec}: {other}");
                assert_eq!(
                    manifest_without_workspace(other),
                    manifest_without_workspace(text),
                    "{spec}: Cargo.toml"
                );
            }
            _ => assert!(
                other == text,
                "{spec}: {name} differs with the starter sdk.yaml:\n{starter}"
            ),
        }
    }
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
