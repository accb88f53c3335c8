//! A closer look at the format stage, the generator's largest: the rendered Rust files → the
//! time `syn::parse_file`, `prettyplease::unparse` and dropping the syntax tree each take, the
//! share of the largest file, and a what-if measured in the same run: `format::format_files`
//! over the files spread across every core (the output checked identical to the serial run).

use crate::pipeline::{SpecInput, part_of};
use crate::report::{Row, row};
use crate::timing::{Samples, show};
use generator::render::{FileKind, RenderedFile};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Times the parts of formatting `spec`'s rendered files and the parallel what-if.
pub fn probe_format(spec: &SpecInput, runs: usize) -> Vec<Row> {
    let rendered = render(spec);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let Probe {
        parts,
        serial,
        without_runtime,
        parallel,
    } = measure(&rendered, runs, threads);
    let (largest, largest_share) = largest_file(&rendered);
    let by_template = by_template(&rendered, runs);
    let area = format!("generator · {}", spec.label);
    let speedup = serial.median().as_secs_f64() / parallel.median().as_secs_f64();
    vec![
        row(
            &area,
            "  format, split up",
            format!(
                "parse {} · print {} · drop tree {} (format_files: {})",
                show(parts[0].median()),
                show(parts[1].median()),
                show(parts[2].median()),
                show(serial.median()),
            ),
            format!(
                "syn::parse_file / prettyplease::unparse / drop(syn::File), summed over the \
                 text that goes through syn (pre-formatted regions left out); largest file \
                 {largest}: {largest_share:.0} % of the Rust text"
            ),
        ),
        row(
            &area,
            "  format, by template (files through syn)",
            by_template,
            "parse + print per template, minimum of the runs, largest first: what is left to \
             pre-format"
                .to_owned(),
        ),
        row(
            &area,
            "  what-if: no runtime files at all (the spec's surface and CLI only)",
            format!(
                "{} vs {} (min {} vs {})",
                show(without_runtime.median()),
                show(serial.median()),
                show(without_runtime.min()),
                show(serial.min())
            ),
            format!(
                "format_files without Cargo.toml, README, src/{{lib, client, runtime}}.rs and \
                 src/runtime/ (verbatim, no syn): {:.0} % of the format time is the runtime's",
                (1.0 - without_runtime.median().as_secs_f64() / serial.median().as_secs_f64())
                    * 100.0
            ),
        ),
        row(
            &area,
            &format!("  what-if: format on {threads} threads (files spread)"),
            format!(
                "{} vs {} serial (min {} vs {})",
                show(parallel.median()),
                show(serial.median()),
                show(parallel.min()),
                show(serial.min())
            ),
            format!("{speedup:.2}× ; same output, checked; {runs} runs each, side by side"),
        ),
    ]
}

/// The samples of [`probe_format`].
struct Probe {
    /// Parse, print, drop: each summed over the text of a run that goes through syn.
    parts: [Samples; 3],
    serial: Samples,
    without_runtime: Samples,
    parallel: Samples,
}

/// One warm-up and `runs` timed runs of every variant, side by side in each run.
fn measure(rendered: &[RenderedFile], runs: usize, threads: usize) -> Probe {
    let mut probe = Probe {
        parts: Default::default(),
        serial: Samples::default(),
        without_runtime: Samples::default(),
        parallel: Samples::default(),
    };
    let spec_dependent: Vec<RenderedFile> = (rendered.iter())
        .filter(|file| part_of(&file.path) != "runtime")
        .cloned()
        .collect();
    for run in 0..=runs {
        let times = time_parts(rendered);
        let input = rendered.to_vec();
        let started = Instant::now();
        let expected = generator::format::format_files(input).expect("formats");
        let serial_time = started.elapsed();
        let input = spec_dependent.clone();
        let started = Instant::now();
        std::hint::black_box(generator::format::format_files(input).expect("formats"));
        let without_runtime_time = started.elapsed();
        let groups = spread(rendered, threads);
        let started = Instant::now();
        let spread = format_groups(groups);
        let parallel_time = started.elapsed();
        assert!(
            spread == expected,
            "the spread-out format must equal the serial one"
        );
        if run > 0 {
            for (samples, time) in probe.parts.iter_mut().zip(times) {
                samples.push(time);
            }
            probe.serial.push(serial_time);
            probe.without_runtime.push(without_runtime_time);
            probe.parallel.push(parallel_time);
        }
    }
    probe
}

/// The rendered files of `spec` (load, lower, render; untimed).
fn render(spec: &SpecInput) -> Vec<RenderedFile> {
    let inputs =
        generator::load::load_inputs(&spec.spec_text, spec.config_text.as_deref()).expect("loads");
    let api = generator::lower::lower(&inputs).expect("lowers").api;
    generator::render::render_crate(&api).expect("renders")
}

/// `[parse, print, drop]` summed over the Rust files.
fn time_parts(rendered: &[RenderedFile]) -> [Duration; 3] {
    let mut parts = [Duration::ZERO; 3];
    for text in rendered.iter().flat_map(syn_texts) {
        let started = Instant::now();
        let tree = syn::parse_file(text).expect("parses");
        parts[0] += started.elapsed();
        let started = Instant::now();
        std::hint::black_box(prettyplease::unparse(&tree));
        parts[1] += started.elapsed();
        let started = Instant::now();
        drop(tree);
        parts[2] += started.elapsed();
    }
    parts
}

/// The parts of a rendered file that `format` sends through syn: a Rust file without the
/// regions its template wrote in the formatter's layout already (`format::formatted_regions`,
/// which `format` passes through as written); none of another kind.
fn syn_texts(file: &RenderedFile) -> Vec<&str> {
    if file.kind != FileKind::Rust {
        return Vec::new();
    }
    (generator::format::formatted_regions(&file.content).into_iter())
        .filter(|(formatted, text)| !formatted && !text.trim().is_empty())
        .map(|(_, text)| text)
        .collect()
}

/// Parse + print time of the text that goes through syn, summed per template (the minimum over
/// `runs` runs), the five largest with their lines, and how many lines go through syn in all.
fn by_template(rendered: &[RenderedFile], runs: usize) -> String {
    let rust: Vec<&RenderedFile> = rendered
        .iter()
        .filter(|f| f.kind == FileKind::Rust)
        .collect();
    let mut best: BTreeMap<&str, (Duration, usize)> = BTreeMap::new();
    for _ in 0..runs.max(1) {
        let mut this_run: BTreeMap<&str, (Duration, usize)> = BTreeMap::new();
        for file in &rust {
            for text in syn_texts(file) {
                let started = Instant::now();
                let tree = syn::parse_file(text).expect("parses");
                std::hint::black_box(prettyplease::unparse(&tree));
                let entry = this_run.entry(file.template).or_default();
                entry.0 += started.elapsed();
                entry.1 += text.lines().count();
            }
        }
        for (template, (time, lines)) in this_run {
            let entry = best.entry(template).or_insert((time, lines));
            entry.0 = entry.0.min(time);
        }
    }
    let lines: usize = best.values().map(|(_, lines)| lines).sum();
    let mut ranked: Vec<(&str, (Duration, usize))> = best.into_iter().collect();
    ranked.sort_by_key(|(_, (time, _))| std::cmp::Reverse(*time));
    let top: Vec<String> = (ranked.iter().take(5))
        .map(|(template, (time, lines))| format!("{template} {} ({lines} lines)", show(*time)))
        .collect();
    format!("{lines} lines through syn; {}", top.join(" · "))
}

/// The Rust file with the most text, and its share of all Rust text in percent.
fn largest_file(rendered: &[RenderedFile]) -> (String, f64) {
    let rust = || rendered.iter().filter(|f| f.kind == FileKind::Rust);
    let total: usize = rust().map(|f| f.content.len()).sum();
    let largest = rust().max_by_key(|f| f.content.len());
    largest.map_or((String::new(), 0.0), |f| {
        let share = f.content.len() as f64 / total.max(1) as f64 * 100.0;
        (f.path.clone(), share)
    })
}

/// The files in `threads` groups of about equal text (largest first onto the lightest group).
fn spread(rendered: &[RenderedFile], threads: usize) -> Vec<Vec<RenderedFile>> {
    let mut by_size: Vec<&RenderedFile> = rendered.iter().collect();
    by_size.sort_by_key(|f| std::cmp::Reverse(f.content.len()));
    let mut groups: Vec<(usize, Vec<RenderedFile>)> = vec![(0, Vec::new()); threads.max(1)];
    for file in by_size {
        let lightest = (groups.iter_mut().min_by_key(|(load, _)| *load)).expect("a group");
        lightest.0 += file.content.len();
        lightest.1.push(file.clone());
    }
    groups.into_iter().map(|(_, files)| files).collect()
}

/// `format_files` on each group in a scoped thread of its own, the results merged.
fn format_groups(groups: Vec<Vec<RenderedFile>>) -> BTreeMap<String, String> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (groups.into_iter())
            .map(|files| scope.spawn(move || generator::format::format_files(files)))
            .collect();
        let mut merged = BTreeMap::new();
        for handle in handles {
            merged.extend(handle.join().expect("no panic").expect("formats"));
        }
        merged
    })
}
