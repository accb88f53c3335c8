//! The change report against real history: successive published versions of one public API
//! description nobody here wrote (`tests/history/<api>/`, provenance in its `SOURCE.md`). For
//! each consecutive pair the report (old version's surface file, read back, against the new
//! version) must equal the committed text in `reports/` (`UPDATE_SNAPSHOTS=1` rewrites it).
//!
//! The ignored test checks the reports against a real checker: it generates every version,
//! runs `cargo semver-checks` on each consecutive pair of crates, and fails when the checker
//! finds a Rust-breaking change that the report does not list as breaking for Rust callers.
//! `.ci/run` runs it (`tests/history/semver-checks` installs the checker and calls it).

use generator::changes::{self, ChangeReport};
use std::fs;
use std::path::{Path, PathBuf};
use tests::snapshot::{repo_root, updating};

mod history_support;
use history_support::{covered, parse_findings};

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
fn semver_checks(old: &Path, new: &Path, target: &Path) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["semver-checks", "check-release", "--release-type", "patch"])
        .arg("--baseline-root")
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo semver-checks (installed by tests/history/semver-checks)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
#[ignore = "slow: generates and documents every version; run by .ci/run through tests/history/semver-checks"]
fn cargo_semver_checks_finds_no_break_the_report_misses() {
    let work = work_dir();
    let target = work.join("target");
    let mut missed = Vec::new();
    for (api, versions) in HISTORIES {
        let surfaces: Vec<_> = versions.iter().map(|v| surface(api, v)).collect();
        for version in *versions {
            write_crate(api, version, &work.join(api).join(version));
        }
        for (i, (old, new)) in pairs(versions).into_iter().enumerate() {
            let report = report(&surfaces[i], &surfaces[i + 1]);
            let started = std::time::Instant::now();
            let (passed, output) = semver_checks(
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
                passed || !findings.is_empty(),
                "cargo semver-checks failed without a finding this test can read:\n{output}"
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
