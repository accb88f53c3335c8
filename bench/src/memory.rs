//! Peak memory while streaming: the bench re-runs itself as a child (`--rss-child KIND ITEMS
//! URL`) that streams every item from the parent's loopback server and reports its own peak RSS
//! (`VmHWM` in `/proc/self/status`), so neither the server nor earlier benchmarks count.

use crate::report::{Row, proc_field, row};
use crate::wire::{self, Decoding::Plain, PlainPage, ServerHost};
use std::process::Command;
use std::time::Duration;

const PER_PAGE: usize = 100;
const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// The child's side: streams the list and prints `<items> <VmHWM in kB>`.
pub fn rss_child(args: &[String]) -> Result<(), String> {
    let [kind, items, url] = args else {
        return Err("usage: bench --rss-child generated|baseline ITEMS URL".to_owned());
    };
    let expected: usize = items.parse().map_err(|_| format!("bad ITEMS {items:?}"))?;
    let runtime = tokio::runtime::Runtime::new().map_err(|err| err.to_string())?;
    let count = runtime.block_on(async {
        match kind.as_str() {
            "generated" => {
                let client = wire::generated_client(url, 0);
                Ok(wire::generated_all(&client, false, PER_PAGE, Duration::ZERO).await)
            }
            "baseline" => {
                let http = reqwest::Client::new();
                Ok(wire::baseline_all::<PlainPage>(&http, url, PER_PAGE, Plain).await)
            }
            other => Err(format!("unknown client {other:?}")),
        }
    })?;
    if count != expected {
        return Err(format!("streamed {count} items, expected {expected}"));
    }
    println!("{count} {}", peak_rss_kb()?);
    Ok(())
}

/// `VmHWM` (peak resident set size) of this process, in kB.
fn peak_rss_kb() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|err| err.to_string())?;
    (proc_field(&status, "VmHWM"))
        .and_then(|value| value.trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".to_owned())
}

/// Runs one child against a fresh server of `items` items; its peak RSS in kB.
fn measure(host: &ServerHost, kind: &str, items: usize) -> Result<u64, String> {
    let server = host.paged_lazily(items / PER_PAGE, PER_PAGE);
    let exe = std::env::current_exe().map_err(|err| err.to_string())?;
    let output = Command::new(exe)
        .args(["--rss-child", kind, &items.to_string(), &server.url()])
        .output()
        .map_err(|err| err.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "child failed: {}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    (stdout.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .ok_or_else(|| format!("unreadable child output {stdout:?}"))
}

/// `10 k`, `1 M` items.
fn count(items: usize) -> String {
    if items >= 1_000_000 {
        format!("{} M", items / 1_000_000)
    } else {
        format!("{} k", items / 1_000)
    }
}

fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

/// Peak RSS of the generated client and of the baseline at 10 k and 100 k items.
pub fn bench_memory(host: &ServerHost) -> Vec<Row> {
    let area = "client · memory";
    let mut rows = Vec::new();
    for kind in ["generated", "baseline"] {
        let peaks: Result<Vec<u64>, String> = SIZES
            .iter()
            .map(|&items| measure(host, kind, items))
            .collect();
        let peaks = match peaks {
            Ok(peaks) => peaks,
            Err(err) => {
                rows.push(row(area, &format!("{kind}: FAILED"), "-".into(), err));
                continue;
            }
        };
        let sizes: Vec<String> = (SIZES.iter().zip(&peaks))
            .map(|(items, kb)| format!("{}: {}", count(*items), mib(*kb)))
            .collect();
        let growth: Vec<String> = (1..peaks.len())
            .map(|i| {
                let kb = peaks[i] as f64 - peaks[i - 1] as f64;
                let pages = (SIZES[i] - SIZES[i - 1]) / PER_PAGE;
                format!(
                    "{} → {}: {:+.2} MiB ({:+.0} bytes per page)",
                    count(SIZES[i - 1]),
                    count(SIZES[i]),
                    kb / 1024.0,
                    kb * 1024.0 / pages as f64
                )
            })
            .collect();
        let verdict = if kind != "generated" {
            String::new()
        } else {
            let small = (peaks[1] as f64 - peaks[0] as f64).abs() < 1024.0;
            format!(
                "; goal (flat from 10 k to 100 k): {}",
                if small { "met" } else { "NOT met" }
            )
        };
        rows.push(row(
            area,
            &format!("peak RSS streaming, {kind}"),
            sizes.join(" · "),
            format!("{}{verdict}", growth.join("; ")),
        ));
    }
    rows
}
