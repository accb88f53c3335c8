//! Where the generated client's auto-paging time goes, split in the two costs of a page and
//! each measured against its hand-written equivalent in the same run: decoding one page of 100
//! items (CPU only, no I/O), and one request on the loopback connection (a 1-item page).

use crate::report::{Row, row};
use crate::timing::{Samples, median_f64, show};
use crate::wire::{self, Decoding::Plain, PlainPage, ServerHost};
use llamacloud::models::SessionListApiResponse;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// Decodes one page body and drops the result.
type Decoder = fn(&[u8]);

/// The time per decode of a batch of `batch` decodes, after as many untimed ones.
fn per_decode(body: &[u8], batch: u32, decode: Decoder) -> Duration {
    for _ in 0..batch {
        decode(std::hint::black_box(body));
    }
    let started = Instant::now();
    for _ in 0..batch {
        decode(std::hint::black_box(body));
    }
    started.elapsed() / batch
}

/// Decoding one page of 100 items: the baseline's struct, and the generated model (with its
/// `extra` map of unknown fields) decoded plainly (as the generated client decodes a body that
/// fits) and through `serde_path_to_error` (what it did again when decoding failed, until
/// 2026-12-03).
pub fn bench_decode() -> Vec<Row> {
    let body = wire::page_body(0, 2, 100).into_bytes();
    let contenders: [(&str, Decoder); 3] = [
        ("baseline struct, serde_json::from_slice", |b| {
            std::hint::black_box(serde_json::from_slice::<PlainPage>(b).expect("decodes"));
        }),
        ("  generated model, serde_json::from_slice", |b| {
            let page = serde_json::from_slice::<SessionListApiResponse>(b).expect("decodes");
            std::hint::black_box(page);
        }),
        (
            "  generated model, through serde_path_to_error (decode_json before 2026-12-03)",
            |b| {
                std::hint::black_box(wire::decode_with_path::<SessionListApiResponse>(b));
            },
        ),
    ];
    let mut samples: [Samples; 3] = Default::default();
    for _round in 0..10 {
        // Interleaved rounds: the machine's noise falls on every contender alike.
        for (slot, (_, decode)) in samples.iter_mut().zip(&contenders) {
            slot.push(per_decode(&body, 200, *decode));
        }
    }
    let baseline = samples[0].min().as_secs_f64();
    let area = "client · decode one page";
    (contenders.iter().zip(&samples))
        .map(|((name, _), samples)| {
            row(
                area,
                name,
                format!(
                    "{} (median {})",
                    show(samples.min()),
                    show(samples.median())
                ),
                format!(
                    "{:.2}× the baseline (min)",
                    samples.min().as_secs_f64() / baseline
                ),
            )
        })
        .collect()
}

/// One request for a 1-item page, `CALLS` times in a row: the generated `list(..)` against the
/// hand-written GET + decode, and against the same with reqwest's total timeout of 60 s (the
/// generated client bounds every attempt by its 60 s default, and a timer per request is what
/// bounding costs), in interleaved blocks whose order alternates, and the medians of the
/// blocks' paired ratios.
pub fn bench_request(host: &ServerHost, runtime: &Runtime) -> Vec<Row> {
    const CALLS: usize = 250;
    const ROUNDS: usize = 20;
    let server = host.paged(&wire::paged_replies(1, 1, Duration::ZERO));
    let url = server.url();
    let client = wire::generated_client(&url, 0);
    let http = reqwest::Client::new();
    let bounded = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a reqwest client");
    // Generated, baseline, bounded baseline.
    let mut times: [Samples; 3] = Default::default();
    let (mut ratios, mut bounded_ratios) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // Round 0 warms all three up and is not counted.
        for round in 0..=ROUNDS {
            let mut round_times = [Duration::ZERO; 3];
            let order = match round % 2 {
                0 => [0, 1, 2],
                _ => [2, 1, 0],
            };
            for contender in order {
                round_times[contender] = match contender {
                    0 => generated_block(&client, CALLS).await,
                    1 => baseline_block(&http, &url, CALLS).await,
                    _ => baseline_block(&bounded, &url, CALLS).await,
                };
            }
            if round > 0 {
                let [generated, baseline, bounded] = round_times.map(|time| time.as_secs_f64());
                ratios.push(generated / baseline);
                bounded_ratios.push(generated / bounded);
                for (samples, time) in times.iter_mut().zip(round_times) {
                    samples.push(time);
                }
            }
        }
    });
    let [generated, baseline, bounded] = times;
    let timed = |samples: &Samples| {
        format!(
            "{} (median {})",
            show(samples.min()),
            show(samples.median())
        )
    };
    let area = "client · one request";
    vec![
        row(
            area,
            "baseline: GET + bytes + from_slice (1-item page)",
            timed(&baseline),
            format!("{ROUNDS} blocks of {CALLS} sequential calls, order alternating"),
        ),
        row(
            area,
            "  generated: list(..).await",
            timed(&generated),
            format!(
                "{:.3}× the baseline (median of {ROUNDS} paired blocks; mins: {:.3}×)",
                median_f64(&ratios),
                generated.min().as_secs_f64() / baseline.min().as_secs_f64()
            ),
        ),
        row(
            area,
            "  baseline bounded by reqwest's timeout(60 s)",
            timed(&bounded),
            format!(
                "generated / this: {:.3}× (median of paired blocks): the generated client \
                 bounds every attempt (60 s by default), the plain baseline nothing",
                median_f64(&bounded_ratios)
            ),
        ),
    ]
}

/// The time of one generated `list(..)` call, over a block of `calls`.
async fn generated_block(client: &llamacloud::Client, calls: usize) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        let params = llamacloud::resources::beta::chat::ListParams::default();
        std::hint::black_box(client.beta().chat().list(params).await.expect("a page"));
    }
    started.elapsed() / calls as u32
}

/// The time of one hand-written call, over a block of `calls`.
async fn baseline_block(http: &reqwest::Client, url: &str, calls: usize) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(wire::baseline_all::<PlainPage>(http, url, 1, Plain).await);
    }
    started.elapsed() / calls as u32
}

/// Calls per contender in the `request-profile` section.
const PROFILE_CALLS: usize = 2_000;

/// `request-profile` (opt-in): `PROFILE_CALLS` one-item `list(..)` calls of the generated client,
/// then as many hand-written GET + decode calls, each loop in a function of its own, so that an
/// instruction count (which the machine's load does not disturb) can select it:
/// `valgrind --tool=callgrind --toggle-collect='*probe_generated_calls*' target/release/bench
/// --only request-profile`, then `*probe_baseline_calls*`. The counts cover the calling thread
/// (the client's own work); the connection tasks run on the runtime's workers, alike for both.
pub fn bench_request_profile(host: &ServerHost, runtime: &Runtime) -> Vec<Row> {
    let server = host.paged(&wire::paged_replies(1, 1, Duration::ZERO));
    let url = server.url();
    let client = wire::generated_client(&url, 0);
    let http = reqwest::Client::new();
    // One untimed call each: connections and first-use setup outside the loops.
    probe_generated_calls(runtime, &client, 1);
    probe_baseline_calls(runtime, &http, &url, 1);
    let generated = probe_generated_calls(runtime, &client, PROFILE_CALLS);
    let baseline = probe_baseline_calls(runtime, &http, &url, PROFILE_CALLS);
    let area = "client · request profile";
    let per_call = |total: Duration| show(total / PROFILE_CALLS as u32);
    vec![
        row(
            area,
            "baseline: probe_baseline_calls",
            per_call(baseline),
            format!("{PROFILE_CALLS} sequential calls; for callgrind, see bench/README.md"),
        ),
        row(
            area,
            "  generated: probe_generated_calls",
            per_call(generated),
            String::new(),
        ),
    ]
}

#[inline(never)]
fn probe_generated_calls(runtime: &Runtime, client: &llamacloud::Client, calls: usize) -> Duration {
    let started = Instant::now();
    runtime.block_on(async {
        for _ in 0..calls {
            let params = llamacloud::resources::beta::chat::ListParams::default();
            std::hint::black_box(client.beta().chat().list(params).await.expect("a page"));
        }
    });
    started.elapsed()
}

#[inline(never)]
fn probe_baseline_calls(
    runtime: &Runtime,
    http: &reqwest::Client,
    url: &str,
    calls: usize,
) -> Duration {
    let started = Instant::now();
    runtime.block_on(async {
        for _ in 0..calls {
            std::hint::black_box(wire::baseline_all::<PlainPage>(http, url, 1, Plain).await);
        }
    });
    started.elapsed()
}
