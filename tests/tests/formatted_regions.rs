//! The regions of rendered Rust that a template writes in prettyplease's layout already (the
//! models' serde and enum impls, and most struct and enum definitions), and the files written
//! whole in it, which the generator passes through without parsing: each must parse,
//! and lay out exactly as prettyplease would, for the chat spec and every golden fixture (whose
//! `hostile` has names hundreds of characters long, which prettyplease wraps).

use generator::format::{formatted_regions, space_items, without_plain_comments};
use generator::render::FileKind;
use std::fs;
use tests::snapshot::repo_root;

/// The fixtures' and the chat spec's rendered Rust files of `kind`, before formatting.
fn rendered_rust(kind: FileKind) -> Vec<(String, String)> {
    let root = repo_root();
    let mut specs = vec![(
        root.join("spec/openapi.yaml"),
        Some(root.join("spec/sdk.yaml")),
    )];
    for entry in fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        // multi-file needs its other files; its models are written by the same template.
        if dir.join("expected").is_dir() && !dir.ends_with("multi-file") {
            let config = dir.join("sdk.yaml");
            specs.push((dir.join("openapi.yaml"), config.exists().then_some(config)));
        }
    }
    let mut files = Vec::new();
    for (spec, config) in specs {
        let spec_text = fs::read_to_string(&spec).unwrap();
        let config_text = config.map(|path| fs::read_to_string(path).unwrap());
        let inputs = generator::load::load_inputs(&spec_text, config_text.as_deref())
            .unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        let api = generator::lower::lower(&inputs).unwrap().api;
        for file in generator::render::render_crate(&api).unwrap() {
            if file.kind == kind {
                files.push((format!("{}: {}", spec.display(), file.path), file.content));
            }
        }
    }
    files
}

#[test]
fn formatted_regions_parse_and_are_laid_out_as_prettyplease_lays_them_out() {
    let mut compared = 0;
    for (name, content) in rendered_rust(FileKind::Rust) {
        for (formatted, region) in formatted_regions(&content) {
            if !formatted {
                continue;
            }
            // A region keeps its plain `//` comments, which prettyplease drops: they are left
            // out of the comparison after spacing, as the generator spaces the region with them.
            let code = without_plain_comments(region);
            let printed = generator::format::format_rust_text(&code)
                .unwrap_or_else(|err| panic!("{name}: a region does not parse: {err}\n{region}"));
            compared += 1;
            // The generator spaces items after the regions are put back, as it does printed code.
            assert_eq!(
                without_plain_comments(&space_items(region)),
                printed,
                "{name}"
            );
        }
    }
    // Every struct with written-out impls and every enum has one; the fixtures have hundreds.
    assert!(compared > 100, "{compared} regions");
}

/// The files written whole in prettyplease's layout (the runtime's, the CLI's fixed-shape
/// modules), as the chat spec and every fixture render them: their unit tests check the
/// templates' combinations of flags, this checks the combinations real documents make.
#[test]
fn files_written_in_the_formatters_layout_are_laid_out_as_prettyplease_lays_them_out() {
    let mut compared = 0;
    for (name, content) in rendered_rust(FileKind::FormattedRust) {
        // prettyplease drops plain `//` comments, which these files keep.
        let code = without_plain_comments(&content);
        let printed = generator::format::format_rust_text(&code)
            .unwrap_or_else(|err| panic!("{name}: does not parse: {err}"));
        compared += 1;
        assert_eq!(code, printed, "{name}");
    }
    assert!(compared > 100, "{compared} files");
}
