//! `cargo run -p bench --release`: times the generator (stage by stage, on the chat spec and on
//! Stripe; and on a generated `$ref` graph of growing size), the size and `cargo check` time of what it emits, and the generated client on a
//! loopback server against a hand-written baseline; prints one Markdown table to stdout.
//! Every comparison is measured side by side in the same run, because absolute times on shared
//! machines drift.

mod check;
mod client;
mod compile;
mod cpu;
mod format_probe;
mod memory;
mod overhead;
mod peer;
mod peer_compile;
mod pipeline;
mod real_docs;
mod ref_graph;
mod report;
mod timing;
mod wire;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo run -p bench --release [-- OPTIONS]

Prints a Markdown table of every benchmark to stdout (progress goes to stderr).

options:
  --no-cargo-check   skip the `cargo check` timings of the generated crates (the slowest part)
  --only LIST        run only these sections, comma-separated:
                     generator, real-docs, peer, ref-graph, throughput, prefetch,
                     memory, retries, check; and `compile` (opt-in, never in the
                     default run: `cargo check` and `cargo build --release` of
                     generated crates, peak rustc memory, `cargo llvm-lines`, types
                     emitted; about 35 min on 2 cores, 5 of them building
                     the dependencies the first time); `peer-compile` (opt-in:
                     the same two cargo commands on our crates and
                     openapi-generator's for the same documents, side by side;
                     needs the peer and crates.io for their dependencies); and
                     `request-profile` (opt-in: one-request loops of the
                     generated client and the hand-written baseline, for
                     callgrind; see bench/README.md)
  --docs LIST        real-docs, peer and peer-compile: only these documents (file
                     stems of tests/real-specs; `chat` for the chat spec in peer);
                     real-docs defaults to all, peer to a few from small to large,
                     peer-compile to the eleven both generators' crates compile on
  -h, --help         this text";

/// Sections that run only when `--only` names them.
const OPT_IN: [&str; 3] = ["compile", "peer-compile", "request-profile"];

/// The sections, in the order they run: the CPU-bound ones first, `cargo check` last.
const SECTIONS: [&str; 9] = [
    "generator",
    "real-docs",
    "peer",
    "ref-graph",
    "throughput",
    "prefetch",
    "memory",
    "retries",
    "check",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        return serve(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("--rss-child") {
        return match memory::rss_child(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("bench --rss-child: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let options = match parse_sections(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let command = if args.is_empty() {
        "cargo run -p bench --release".to_owned()
    } else {
        format!("cargo run -p bench --release -- {}", args.join(" "))
    };
    let started = Instant::now();
    let load_at_start = report::load_average();
    let rows = run(&options);
    let table = report::render(&rows, &command, started.elapsed(), &load_at_start);
    print!("{table}");
    ExitCode::SUCCESS
}

/// `bench --serve PAGES`: the auto-paging server of the throughput rows (`PAGES` × 100 items),
/// its URL printed, until standard input closes. For profiling one client alone, e.g.
/// `valgrind --tool=callgrind bench --rss-child generated ITEMS URL` (see bench/README.md).
fn serve(args: &[String]) -> ExitCode {
    let Some(pages) = args.first().and_then(|pages| pages.parse::<usize>().ok()) else {
        eprintln!("usage: bench --serve PAGES");
        return ExitCode::from(2);
    };
    let host = wire::ServerHost::new();
    let server = host.paged_lazily(pages, 100);
    println!("{}", server.url());
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    drop(server);
    ExitCode::SUCCESS
}

/// What to run: the sections and which real documents.
struct Options {
    sections: Vec<&'static str>,
    /// `--docs`: file stems of `tests/real-specs/`, comma-separated; all when `None`.
    docs: Option<String>,
}

/// The sections to run, from `--only`, `--no-cargo-check` and `--docs`; `Err` holds what to
/// print.
fn parse_sections(args: &[String]) -> Result<Options, String> {
    let mut sections = SECTIONS.to_vec();
    let mut docs = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Err(USAGE.to_owned()),
            "--no-cargo-check" => sections.retain(|s| *s != "check"),
            "--docs" => docs = Some(args.next().ok_or("--docs needs a list")?.clone()),
            "--only" => {
                let list = args.next().ok_or("--only needs a list")?;
                let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
                if let Some(bad) =
                    (wanted.iter()).find(|w| !SECTIONS.contains(w) && !OPT_IN.contains(w))
                {
                    return Err(format!("unknown section `{bad}`\n\n{USAGE}"));
                }
                sections.retain(|s| wanted.contains(s));
                sections.extend(OPT_IN.iter().filter(|s| wanted.contains(s)));
            }
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(Options { sections, docs })
}

/// The repository root (the parent of this crate's folder).
fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn run(options: &Options) -> Vec<report::Row> {
    let sections = &options.sections;
    let root = repo_root();
    let scratch = std::env::temp_dir().join(format!("sdk-bench-{}", std::process::id()));
    let host = wire::ServerHost::new();
    let runtime = tokio::runtime::Runtime::new().expect("the client runtime starts");
    let needs_specs = sections.iter().any(|s| ["generator", "check"].contains(s));
    let specs = if needs_specs {
        pipeline::SpecInput::all(&root)
    } else {
        Vec::new()
    };
    let mut rows = Vec::new();
    for &section in sections {
        eprintln!("bench: {section} …");
        let section_started = Instant::now();
        match section {
            "generator" => {
                for spec in &specs {
                    let (stages, output) = pipeline::bench_spec(spec, &scratch);
                    rows.extend(stages);
                    let runs = if spec.label == "chat" { 20 } else { 3 };
                    rows.extend(format_probe::probe_format(spec, runs));
                    rows.extend(output);
                }
            }
            "real-docs" => {
                let documents = real_docs::real_documents(&root, options.docs.as_deref());
                rows.extend(real_docs::bench_real_documents(&documents));
            }
            "peer" => {
                let list = options.docs.as_deref().unwrap_or(peer::DEFAULT_DOCS);
                let chat = list.split(',').any(|doc| doc.trim() == "chat");
                let documents = real_docs::real_documents(&root, Some(list));
                rows.extend(peer::bench_peer(
                    &root,
                    chat,
                    &documents,
                    &scratch.join("peer"),
                ));
            }
            "ref-graph" => rows.extend(ref_graph::bench_ref_graph()),
            "throughput" => {
                rows.extend(client::bench_throughput(&host, &runtime));
                rows.extend(overhead::bench_decode());
                rows.extend(overhead::bench_request(&host, &runtime));
            }
            "prefetch" => rows.extend(client::bench_prefetch(&host, &runtime)),
            "memory" => rows.extend(memory::bench_memory(&host)),
            "retries" => rows.extend(client::bench_retries(&host, &runtime)),
            "check" => {
                let crates: Vec<check::CrateToCheck> = (specs.iter())
                    .map(|spec| {
                        let (files, _, _) = spec.generate();
                        check::CrateToCheck {
                            label: spec.label,
                            package: package_name(&files),
                            files,
                            runs: if spec.label == "chat" { 5 } else { 3 },
                        }
                    })
                    .collect();
                rows.extend(check::bench_cargo_check(&root, &crates));
            }
            "compile" => rows.extend(compile::bench_compile(&root)),
            "peer-compile" => {
                let list = options
                    .docs
                    .as_deref()
                    .unwrap_or(peer_compile::DEFAULT_DOCS);
                let documents = real_docs::real_documents(&root, Some(list));
                rows.extend(peer_compile::bench_peer_compile(&root, &documents));
            }
            "request-profile" => rows.extend(overhead::bench_request_profile(&host, &runtime)),
            other => unreachable!("unknown section {other}"),
        }
        let seconds = section_started.elapsed().as_secs_f64();
        eprintln!("bench: {section} done in {seconds:.1} s");
    }
    let _ = std::fs::remove_dir_all(&scratch);
    rows
}

/// The `name = "…"` of a generated crate's `Cargo.toml`.
fn package_name(files: &std::collections::BTreeMap<String, String>) -> String {
    let manifest = files.get("Cargo.toml").map_or("", String::as_str);
    (manifest.lines())
        .find_map(|line| line.strip_prefix("name = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("unknown")
        .to_owned()
}
