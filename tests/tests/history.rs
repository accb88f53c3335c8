//! The change report against real history: successive published versions of one public API
//! description nobody here wrote (`tests/history/<api>/`, provenance in its `SOURCE.md`). For
//! each consecutive pair the report (old version's surface file, read back, against the new
//! version) must equal the committed text in `reports/` (`UPDATE_SNAPSHOTS=1` rewrites it).
//!
//! The ignored test checks the reports against a real checker: it generates every version,
//! runs `cargo semver-checks` on each consecutive pair of crates, and fails when the checker
//! finds a Rust-breaking change that the report does not list as breaking for Rust callers.
//! `bash .ci/semver-checks.sh run` runs it locally (it installs the checker first; not a CI step: the install alone exceeds CI's budget).

use generator::changes::{self, ChangeReport};
use std::fs;
use std::path::{Path, PathBuf};
use tests::snapshot::{repo_root, updating};

mod history_support;
use history_support::{covered, parse_failed_items, parse_findings};

/// The corpora: a folder under `tests/history/` and its versions, oldest first.
const HISTORIES: &[(&str, &[&str])] = &[(
    "blockfrost",
    &["0.1.81", "0.1.82", "0.1.84", "0.1.86", "0.1.92", "0.1.93"],
)];

fn folder(api: &str) -> PathBuf {
    repo_root().join("tests/history").join(api)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The settings every version is generated with (the crate's name and version).
fn config(api: &str) -> String {
    read(&folder(api).join("sdk.yaml"))
}

/// The surface of the crate generated from one version.
fn surface(api: &str, version: &str) -> changes::Surface {
    let spec = read(&folder(api).join(format!("{version}.yaml")));
    let config = config(api);
    let inputs = generator::load::load_inputs(&spec, Some(&config))
        .unwrap_or_else(|e| panic!("{api} {version} does not load: {e:?}"));
    let lowered = generator::lower::lower(&inputs)
        .unwrap_or_else(|e| panic!("{api} {version} does not lower: {e:?}"));
    changes::Surface::of(&lowered.api)
}

/// The report a maintainer reads when regenerating the crate of `old` from `new`: computed
/// from the old crate's surface file as written and read back, as `--changes` does.
fn report(old: &changes::Surface, new: &changes::Surface) -> ChangeReport {
    let text = changes::write_surface(old, "");
    let old = changes::parse_surface(&text).expect("a written surface file reads back");
    changes::compare(&old, new)
}

fn pairs(versions: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    versions.windows(2).map(|w| (w[0], w[1])).collect()
}

fn report_path(api: &str, old: &str, new: &str) -> PathBuf {
    folder(api)
        .join("reports")
        .join(format!("{old}..{new}.txt"))
}

#[test]
fn each_consecutive_pair_gives_its_committed_report() {
    let mut failures = Vec::new();
    for (api, versions) in HISTORIES {
        let surfaces: Vec<_> = versions.iter().map(|v| surface(api, v)).collect();
        for (i, (old, new)) in pairs(versions).into_iter().enumerate() {
            let actual = report(&surfaces[i], &surfaces[i + 1]).text();
            let path = report_path(api, old, new);
            if updating() {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                failures.push(format!(
                    "{api} {old} → {new}: the report differs from {} (UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
                    path.display(),
                    similar::TextDiff::from_lines(&expected, &actual)
                        .unified_diff()
                        .header("committed", "actual")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where the crates are generated and checked (beside `target/real-specs`).
fn work_dir() -> PathBuf {
    repo_root().join("target/history")
}

/// Generates the crate of one version into `dir`, as its own one-crate workspace.
fn write_crate(api: &str, version: &str, dir: &Path) {
    let generated = tests::snapshot::generate_from(
        &folder(api).join(format!("{version}.yaml")),
        Some(&folder(api).join("sdk.yaml")),
    );
    let _ = fs::remove_dir_all(dir);
    let plan = generator::sync::plan_sync(dir, &generated.files).unwrap();
    generator::sync::apply_sync(dir, &generated.files, &plan).unwrap();
    // Each version is its own workspace (`crate.workspace: standalone`: they share a package
    // name), with the repository's lock file so that the dependencies are the ones CI built.
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// `cargo semver-checks` of `new` against the baseline `old`: every lint it reports (as a
/// patch release, so that everything that needs more than a patch is reported).
fn semver_checks(old: &Path, new: &Path, target: &Path) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["semver-checks", "check-release", "--release-type", "patch"])
        .arg("--baseline-root")
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo semver-checks (installed by .ci/semver-checks.sh)");
    // The findings are on stdout; stderr has the indented progress lines (`Building …`,
    // `Checked …`), which would read as items of the last lint, so it is only kept for messages.
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The pairs `HISTORY_PAIRS` names (`0.1.86..0.1.92,0.1.92..0.1.93`), or every pair when it is
/// unset: CI checks only a few, as each pair costs two rustdoc builds of the generated crate. A
/// name that is no consecutive pair of any corpus fails, so a typo cannot check nothing.
fn selected_pairs() -> Option<Vec<String>> {
    let names: Vec<String> = std::env::var("HISTORY_PAIRS")
        .ok()?
        .split(',')
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    for name in &names {
        let known = HISTORIES.iter().any(|(_, versions)| {
            pairs(versions)
                .iter()
                .any(|(old, new)| format!("{old}..{new}") == *name)
        });
        assert!(
            known,
            "HISTORY_PAIRS names {name}, which is no consecutive pair of tests/history"
        );
    }
    Some(names)
}

#[test]
#[ignore = "slow: generates and documents every version; run locally by .ci/semver-checks.sh"]
fn cargo_semver_checks_finds_no_break_the_report_misses() {
    let work = work_dir();
    let target = work.join("target");
    let selected = selected_pairs();
    let wanted = |old: &str, new: &str| {
        selected
            .as_ref()
            .is_none_or(|names| names.contains(&format!("{old}..{new}")))
    };
    let mut missed = Vec::new();
    for (api, versions) in HISTORIES {
        let surfaces: Vec<_> = versions.iter().map(|v| surface(api, v)).collect();
        let checked: Vec<_> = pairs(versions)
            .into_iter()
            .enumerate()
            .filter(|(_, (old, new))| wanted(old, new))
            .collect();
        // Each version once, freshly (a crate left by an earlier run may be stale).
        let mut written = std::collections::BTreeSet::new();
        for (_, (old, new)) in &checked {
            for version in [*old, *new] {
                if written.insert(version) {
                    write_crate(api, version, &work.join(api).join(version));
                }
            }
        }
        for (i, (old, new)) in checked {
            let report = report(&surfaces[i], &surfaces[i + 1]);
            let started = std::time::Instant::now();
            let (passed, output, progress) = semver_checks(
                &work.join(api).join(old),
                &work.join(api).join(new),
                &target,
            );
            let findings = parse_findings(&output);
            println!(
                "{api} {old} → {new}: cargo semver-checks {} with {} finding(s) in {:?}; the report lists {} Rust-breaking change(s)",
                if passed { "passed" } else { "failed" },
                findings.len(),
                started.elapsed(),
                report.changes.iter().filter(|c| c.rust.breaking).count()
            );
            assert!(
                passed || !parse_failed_items(&output).is_empty(),
                "cargo semver-checks failed without a finding this test can read:\n{output}{progress}"
            );
            for finding in &findings {
                println!("  {}: {}", finding.lint, finding.item);
                if !covered(finding, &report, &[&surfaces[i], &surfaces[i + 1]]) {
                    missed.push(format!(
                        "{api} {old} → {new}: {} {}",
                        finding.lint, finding.item
                    ));
                }
            }
        }
    }
    assert!(
        missed.is_empty(),
        "cargo semver-checks found Rust-breaking changes that the report does not list as breaking:\n{}",
        missed.join("\n")
    );
}

/// cargo-semver-checks 0.51's stdout, as it printed it for 0.1.86 → 0.1.92 (shortened): a field
/// newly `#[deprecated]` needs a minor release, not a major one, so it is no finding.
#[test]
fn findings_are_the_breaking_lints_items() {
    let stdout = "\
--- failure constructible_struct_adds_field: externally-constructible struct adds field ---

Description:
A pub struct constructible with a struct literal has a new pub field.

Failed in:
  field DrepsItem.amount in /tmp/models.rs:10
  field GetDrepsParams.expired in /tmp/resources.rs:20

--- failure struct_field_marked_deprecated: struct field #[deprecated] added ---

Failed in:
  field EpochParamContent.cost_models in /tmp/models.rs:30
";
    let lints: Vec<_> = parse_findings(stdout)
        .into_iter()
        .map(|f| format!("{}: {}", f.lint, f.item))
        .collect();
    assert_eq!(
        lints,
        [
            "constructible_struct_adds_field: field DrepsItem.amount",
            "constructible_struct_adds_field: field GetDrepsParams.expired",
        ]
    );
    assert_eq!(parse_failed_items(stdout).len(), 3);
}
