//! The generator on every document in `tests/real-specs/`, one row each, so that growth shows
//! per document: the whole pipeline in process (median of 3 runs after a warm-up), the time per
//! operation and per schema (model), and the split over the stages. Each document is generated
//! as the real-documents test generates it (only the crate name set).

use crate::pipeline::{operation_count, run_stages};
use crate::report::{Row, row};
use crate::timing::{Samples, show};
use std::path::Path;
use std::time::Duration;

/// The goal for every real document, in release.
const GOAL: Duration = Duration::from_secs(1);

/// A document of `tests/real-specs/`: its file stem and text.
pub struct RealDocument {
    pub stem: String,
    pub text: String,
}

impl RealDocument {
    /// A file name for the document: its stem, and `.json` or `.yaml` by its first character.
    pub fn file_name(&self) -> String {
        let extension = if self.text.trim_start().starts_with('{') {
            "json"
        } else {
            "yaml"
        };
        format!("{}.{extension}", self.stem)
    }

    /// The `sdk.yaml` the real-documents test uses: only the crate name.
    pub fn config(&self) -> String {
        format!("crate:\n  name: real-{}\n", self.stem)
    }
}

/// Every `.json`/`.yaml` document in `tests/real-specs/`, sorted by file name; `only` (file
/// stems, comma-separated) narrows the list.
pub fn real_documents(root: &Path, only: Option<&str>) -> Vec<RealDocument> {
    let dir = root.join("tests/real-specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") || name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            let wanted = only.is_none_or(|only| only.split(',').any(|w| w.trim() == stem));
            wanted.then(|| RealDocument {
                stem: stem.to_owned(),
                text: std::fs::read_to_string(dir.join(&name))
                    .unwrap_or_else(|err| panic!("cannot read {name}: {err}")),
            })
        })
        .collect()
}

/// One row per document, and a summary row: the slowest document against the goal.
pub fn bench_real_documents(documents: &[RealDocument]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut slowest: Option<(Duration, &str)> = None;
    for document in documents {
        eprintln!("bench: real document {} …", document.stem);
        let config = document.config();
        let mut totals = Samples::default();
        let mut stages: [Samples; 4] = Default::default();
        let mut counts = (0, 0);
        for run in 0..4 {
            let (times, (api, _files)) =
                run_stages(&document.stem, &document.text, Some(&config), None);
            if run == 0 {
                counts = (operation_count(&api), api.models.len());
                continue;
            }
            totals.push(times.iter().sum());
            for (samples, time) in stages.iter_mut().zip(times) {
                samples.push(time);
            }
        }
        let median = totals.median();
        if slowest.is_none_or(|(time, _)| median > time) {
            slowest = Some((median, &document.stem));
        }
        rows.push(document_row(&document.stem, median, counts, &stages));
    }
    if let Some((time, stem)) = slowest {
        rows.push(row(
            "generator · real documents",
            "slowest document",
            format!("{} ({stem})", show(time)),
            format!(
                "goal: every document under {:.0} s in release: {}",
                GOAL.as_secs_f64(),
                if time < GOAL { "met" } else { "NOT met" }
            ),
        ));
    }
    rows
}

fn document_row(
    stem: &str,
    median: Duration,
    (operations, models): (usize, usize),
    stages: &[Samples; 4],
) -> Row {
    let per = |n: usize| {
        if n == 0 {
            "—".to_owned()
        } else {
            show(median / n as u32)
        }
    };
    let total = median.as_secs_f64().max(f64::MIN_POSITIVE);
    let split: Vec<String> = ["load", "lower", "render", "format"]
        .iter()
        .zip(stages)
        .map(|(name, samples)| {
            let share = samples.median().as_secs_f64() / total * 100.0;
            format!("{name} {share:.0} %")
        })
        .collect();
    row(
        "generator · real documents",
        stem,
        format!(
            "{} · {} per op · {} per schema",
            show(median),
            per(operations),
            per(models)
        ),
        format!(
            "{operations} ops, {models} schemas; {}; median of 3 runs",
            split.join(" · ")
        ),
    )
}
