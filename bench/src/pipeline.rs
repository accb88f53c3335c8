//! The generator, stage by stage (load, lower, render, format, sync) on the chat spec and on
//! Stripe, in process; and the size of what it emits (lines per operation). Sync is timed in the
//! steady state (the output directory already holds the output: nothing to write) and as a cold
//! write into an empty directory.

use crate::report::{Row, row};
use crate::timing::{Samples, show};
use generator::ir::{Api, Resource};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A document to generate from.
pub struct SpecInput {
    /// `chat`, `stripe`.
    pub label: &'static str,
    pub spec_text: String,
    pub config_text: Option<String>,
    warmup: usize,
    iterations: usize,
    /// The goal for the whole pipeline, and the median that meets it.
    goal: (&'static str, Duration),
}

impl SpecInput {
    /// The chat spec with its `sdk.yaml`, and Stripe (2.2 MB) without one, as CI generates it.
    pub fn all(root: &Path) -> Vec<SpecInput> {
        let read = |path: &str| {
            std::fs::read_to_string(root.join(path))
                .unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
        };
        vec![
            SpecInput {
                label: "chat",
                spec_text: read("spec/openapi.yaml"),
                config_text: Some(read("spec/sdk.yaml")),
                warmup: 5,
                iterations: 40,
                goal: (
                    "goal: ≤ 5 ms in process (issue 14)",
                    Duration::from_millis(5),
                ),
            },
            SpecInput {
                label: "stripe",
                spec_text: read("tests/real-specs/stripe.yaml"),
                config_text: None,
                warmup: 1,
                iterations: 7,
                goal: ("goal: ≤ 0.4 s (issue 14)", Duration::from_millis(400)),
            },
        ]
    }

    /// Generates the crate once, untimed: its files and its number of operations and models.
    pub fn generate(&self) -> (BTreeMap<String, String>, usize, usize) {
        let (api, files) = self.run_stages(None).1;
        (files, operation_count(&api), api.models.len())
    }

    /// One run of every stage; times are `[load, lower, render, format, sync]`, the sync stage
    /// planned against `steady_dir` (skipped when `None`).
    fn run_stages(
        &self,
        steady_dir: Option<&Path>,
    ) -> ([Duration; 5], (Api, BTreeMap<String, String>)) {
        run_stages(
            self.label,
            &self.spec_text,
            self.config_text.as_deref(),
            steady_dir,
        )
    }
}

/// One run of every stage on one document; times are `[load, lower, render, format, sync]`, the
/// sync stage planned against `steady_dir` (skipped when `None`).
pub fn run_stages(
    label: &str,
    spec_text: &str,
    config_text: Option<&str>,
    steady_dir: Option<&Path>,
) -> ([Duration; 5], (Api, BTreeMap<String, String>)) {
    let mut times = [Duration::ZERO; 5];
    let mut lap = {
        let mut started = Instant::now();
        move |slot: &mut Duration| {
            *slot = started.elapsed();
            started = Instant::now();
        }
    };
    let inputs = generator::load::load_inputs(spec_text, config_text)
        .unwrap_or_else(|err| panic!("{label}: load failed: {err:?}"));
    lap(&mut times[0]);
    let api = generator::lower::lower(&inputs)
        .unwrap_or_else(|err| panic!("{label}: lower failed: {err:?}"))
        .api;
    lap(&mut times[1]);
    let rendered = generator::render::render_crate(&api)
        .unwrap_or_else(|err| panic!("{label}: render failed: {err:?}"));
    lap(&mut times[2]);
    let files = generator::format::format_files(rendered)
        .unwrap_or_else(|err| panic!("{label}: format failed: {err}"));
    lap(&mut times[3]);
    if let Some(dir) = steady_dir {
        let plan = generator::sync::plan_sync(dir, &files).expect("plan_sync reads the dir");
        assert!(
            plan.is_in_sync(),
            "{label}: the steady-state dir must be in sync"
        );
        lap(&mut times[4]);
    }
    drop(inputs); // freed outside the timed stages, like the end of a run
    (times, (api, files))
}

/// Operations over all resources and sub-resources.
pub fn operation_count(api: &Api) -> usize {
    (api.resources.iter())
        .flat_map(Resource::walk)
        .map(|resource| resource.operations.len())
        .sum()
}

/// Writes `files` into `dir` as the generator's write mode would (plan, then apply). The folders
/// are the bench's own scratch, so it takes them over like `--force` (crates written before the
/// generator kept a manifest have none).
pub fn write_crate(dir: &Path, files: &BTreeMap<String, String>) {
    let plan = generator::sync::plan_sync(dir, files)
        .expect("plan_sync")
        .take_over();
    generator::sync::apply_sync(dir, files, &plan).expect("apply_sync writes the crate");
}

const STAGES: [&str; 5] = [
    "load",
    "lower",
    "render",
    "format",
    "sync (steady: nothing to write)",
];

/// Times every stage of `spec`, the whole pipeline and a cold write; measures the output.
/// Returns the timing rows and the output rows.
pub fn bench_spec(spec: &SpecInput, scratch: &Path) -> (Vec<Row>, Vec<Row>) {
    let area = format!("generator · {}", spec.label);
    let steady = scratch.join(format!("steady-{}", spec.label));
    let (files, operations, models) = spec.generate();
    write_crate(&steady, &files);

    let mut stages: [Samples; 5] = Default::default();
    let mut totals = Samples::default();
    for iteration in 0..spec.warmup + spec.iterations {
        let (times, _) = spec.run_stages(Some(&steady));
        if iteration >= spec.warmup {
            for (samples, time) in stages.iter_mut().zip(times) {
                samples.push(time);
            }
            totals.push(times.iter().sum());
        }
    }
    let cold = cold_writes(&files, &scratch.join(format!("cold-{}", spec.label)), 5);

    let total_median = totals.median();
    let mut rows = vec![row(
        &area,
        "whole pipeline, load → sync (in process)",
        format!("{} (min {})", show(total_median), show(totals.min())),
        format!(
            "{}: {}; {} runs, the stages below are medians of the same runs",
            spec.goal.0,
            if total_median <= spec.goal.1 {
                "met"
            } else {
                "NOT met"
            },
            totals.len()
        ),
    )];
    for (name, samples) in STAGES.iter().zip(&stages) {
        let share = samples.median().as_secs_f64() / total_median.as_secs_f64() * 100.0;
        rows.push(row(
            &area,
            &format!("  {name}"),
            format!("{} (min {})", show(samples.median()), show(samples.min())),
            format!("{share:.0} % of the pipeline"),
        ));
    }
    rows.push(row(
        &area,
        "  sync (cold: write every file into an empty dir)",
        format!("{} (min {})", show(cold.median()), show(cold.min())),
        format!("{} files, {} runs", files.len(), cold.len()),
    ));
    (rows, size_rows(spec.label, &files, operations, models))
}

/// Plan + apply into a fresh directory, `runs` times (the directory is removed untimed).
fn cold_writes(files: &BTreeMap<String, String>, base: &Path, runs: usize) -> Samples {
    let mut samples = Samples::default();
    for run in 0..runs {
        let dir: PathBuf = base.join(run.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        write_crate(&dir, files);
        samples.push(started.elapsed());
        let _ = std::fs::remove_dir_all(&dir);
    }
    samples
}

/// Which part of the crate a file belongs to: the API's surface (models and resources), the
/// command-line tool, or the runtime every crate carries (`lib.rs`, the client, and `src/runtime/`:
/// requests, retries, paging, streams).
pub fn part_of(path: &str) -> &'static str {
    if path == "src/models.rs" || path == "src/resources.rs" || path.starts_with("src/resources/") {
        "surface"
    } else if path == "src/cli.rs" || path.starts_with("src/cli/") || path.starts_with("src/bin/") {
        "cli"
    } else {
        "runtime"
    }
}

fn size_rows(
    label: &str,
    files: &BTreeMap<String, String>,
    operations: usize,
    models: usize,
) -> Vec<Row> {
    let lines = |part: Option<&str>| -> usize {
        (files.iter())
            .filter(|(path, _)| part.is_none_or(|part| part_of(path) == part))
            .map(|(_, text)| text.lines().count())
            .sum()
    };
    let all = lines(None);
    let per_op = |n: usize| n as f64 / operations.max(1) as f64;
    let split: Vec<String> = [
        ("models + resources", "surface"),
        ("CLI", "cli"),
        ("runtime", "runtime"),
    ]
    .iter()
    .map(|(name, part)| {
        let n = lines(Some(part));
        format!("{name} {n} ({:.0}/op)", per_op(n))
    })
    .collect();
    let area = format!("output · {label}");
    vec![
        row(
            &area,
            "size of the generated crate",
            format!("{all} lines in {} files", files.len()),
            format!("{operations} operations, {models} models"),
        ),
        row(
            &area,
            "lines per operation (all lines / operations)",
            format!("{:.0}", per_op(all)),
            format!("lines: {}", split.join(", ")),
        ),
    ]
}
