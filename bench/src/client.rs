//! The generated client on the wire, each measurement side by side with its reference in one
//! run: auto-paging throughput against the hand-written baseline, prefetch on against off, and
//! requests per second with a failing first attempt against a server that never fails.

use crate::cpu::CpuSnapshot;
use crate::report::{Row, row};
use crate::timing::{Samples, median_f64, show};
use crate::wire::{self, Decoding::Plain, Decoding::WithPath, PlainPage, ServerHost};
use ::tests::server::Reply;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const PAGES: usize = 1_000;
const PER_PAGE: usize = 100;
const ROUNDS: usize = 9;

/// Which client streams the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Contender {
    Baseline,
    Generated,
    GeneratedPages,
    BaselineWithPath,
}

impl Contender {
    /// Streams all items from a fresh server, with a fresh client; the wall time of the stream
    /// and the CPU time of the client's threads.
    fn run(
        self,
        host: &ServerHost,
        runtime: &Runtime,
        replies: &Arc<Vec<Reply>>,
    ) -> (Duration, Duration) {
        let server = host.paged(replies);
        let url = server.url();
        let (count, elapsed, cpu) = runtime.block_on(async {
            let generated = wire::generated_client(&url, 0);
            let http = reqwest::Client::new();
            let cpu = CpuSnapshot::now();
            let started = Instant::now();
            let count = match self {
                Contender::Baseline => {
                    wire::baseline_all::<PlainPage>(&http, &url, PER_PAGE, Plain).await
                }
                Contender::BaselineWithPath => {
                    wire::baseline_all::<PlainPage>(&http, &url, PER_PAGE, WithPath).await
                }
                Contender::Generated => {
                    wire::generated_all(&generated, false, PER_PAGE, Duration::ZERO).await
                }
                Contender::GeneratedPages => wire::generated_pages(&generated, PER_PAGE).await,
            };
            let elapsed = started.elapsed();
            (count, elapsed, CpuSnapshot::now().since(&cpu))
        });
        assert_eq!(count, PAGES * PER_PAGE, "{self:?} streamed every item");
        (elapsed, cpu)
    }
}

/// The contenders of the throughput benchmark; the baseline first (ratios are against it).
const CONTENDERS: [Contender; 4] = [
    Contender::Baseline,
    Contender::Generated,
    Contender::GeneratedPages,
    Contender::BaselineWithPath,
];

/// Per contender: wall and CPU times of each run, and each round's ratio to the baseline.
struct Rounds {
    times: [Samples; 4],
    cpu: [Samples; 4],
    ratios: [Vec<f64>; 4],
    cpu_ratios: [Vec<f64>; 4],
}

/// A warm-up run of each contender, then `ROUNDS` rounds of one run each, in rotating order so
/// no contender always runs first.
fn run_rounds(host: &ServerHost, runtime: &Runtime) -> Rounds {
    let replies = wire::paged_replies(PAGES, PER_PAGE, Duration::ZERO);
    for contender in CONTENDERS {
        contender.run(host, runtime, &replies);
    }
    let mut rounds = Rounds {
        times: Default::default(),
        cpu: Default::default(),
        ratios: Default::default(),
        cpu_ratios: Default::default(),
    };
    for round in 0..ROUNDS {
        let mut this_round = [(Duration::ZERO, Duration::ZERO); 4];
        for i in 0..CONTENDERS.len() {
            let slot = (i + round) % CONTENDERS.len();
            this_round[slot] = CONTENDERS[slot].run(host, runtime, &replies);
            rounds.times[slot].push(this_round[slot].0);
            rounds.cpu[slot].push(this_round[slot].1);
        }
        let base = this_round[0];
        for (slot, (wall, on_cpu)) in this_round.into_iter().enumerate() {
            rounds.ratios[slot].push(base.0.as_secs_f64() / wall.as_secs_f64());
            rounds.cpu_ratios[slot].push(base.1.as_secs_f64() / on_cpu.as_secs_f64());
        }
    }
    rounds
}

/// Auto-paging 100 000 items: generated vs baseline, interleaved, the median of paired ratios
/// (and the ratio of the fastest runs, which the machine's other load disturbs least).
pub fn bench_throughput(host: &ServerHost, runtime: &Runtime) -> Vec<Row> {
    let Rounds {
        times,
        cpu,
        ratios,
        cpu_ratios,
    } = run_rounds(host, runtime);
    let items = (PAGES * PER_PAGE) as f64;
    let rate = |samples: &Samples| {
        format!(
            "{:.0} k items/s ({} per run, min {})",
            items / samples.median().as_secs_f64() / 1e3,
            show(samples.median()),
            show(samples.min())
        )
    };
    let of_mins = |i: usize| times[0].min().as_secs_f64() / times[i].min().as_secs_f64();
    let of_cpu = |i: usize| median_f64(&cpu_ratios[i]);
    let ratio = median_f64(&ratios[1]);
    let area = "client · auto-paging";
    vec![
        row(
            area,
            "baseline: plain reqwest + serde_json::from_slice",
            rate(&times[0]),
            format!("{PAGES} pages × {PER_PAGE} items from 127.0.0.1, {ROUNDS} interleaved runs"),
        ),
        row(
            area,
            "generated: list_auto_paging",
            rate(&times[1]),
            String::new(),
        ),
        row(
            area,
            "generated / baseline (items per second)",
            format!("{ratio:.3} (fastest runs: {:.3})", of_mins(1)),
            goal(ratio >= 0.95, "goal ≥ 0.95"),
        ),
        row(
            area,
            "  the same per CPU-second of the client's threads",
            format!("{:.3}", of_cpu(1)),
            format!(
                "client CPU per run: baseline {}, generated {} (median); waits for a core excluded",
                show(cpu[0].median()),
                show(cpu[1].median())
            ),
        ),
        row(
            area,
            "  diagnosis: generated list + next_page, no auto-pager",
            format!(
                "{:.3} of the baseline (fastest runs: {:.3}, CPU: {:.3})",
                median_f64(&ratios[2]),
                of_mins(2),
                of_cpu(2)
            ),
            format!(
                "{}; the gap to the row above is the auto-pager",
                rate(&times[2])
            ),
        ),
        row(
            area,
            "  what-if: baseline decoding through serde_path_to_error",
            format!(
                "{:.3} of the baseline (fastest runs: {:.3}, CPU: {:.3})",
                median_f64(&ratios[3]),
                of_mins(3),
                of_cpu(3)
            ),
            format!(
                "{}; as the generated decode_json did on failure until 2026-12-03",
                rate(&times[3])
            ),
        ),
    ]
}

fn goal(met: bool, goal: &str) -> String {
    format!("{goal}: {}", if met { "met" } else { "NOT met" })
}

/// Prefetch off vs on: 50 pages, each delayed by the server and each taking the consumer as long.
pub fn bench_prefetch(host: &ServerHost, runtime: &Runtime) -> Vec<Row> {
    const PAGES: usize = 50;
    const LATENCY: Duration = Duration::from_millis(20);
    const ROUNDS: usize = 3;
    let server = host.paged(&wire::paged_replies(PAGES, PER_PAGE, LATENCY));
    let client = wire::generated_client(&server.url(), 0);
    let run = |prefetch: bool| {
        runtime.block_on(async {
            let started = Instant::now();
            let count = wire::generated_all(&client, prefetch, PER_PAGE, LATENCY).await;
            assert_eq!(count, PAGES * PER_PAGE);
            started.elapsed()
        })
    };
    run(true); // warm-up (the connection)
    let (mut off, mut on, mut speedups) = (Samples::default(), Samples::default(), Vec::new());
    for round in 0..ROUNDS {
        let (a, b) = if round % 2 == 0 {
            let a = run(false);
            (a, run(true))
        } else {
            let b = run(true);
            (run(false), b)
        };
        off.push(a);
        on.push(b);
        speedups.push(a.as_secs_f64() / b.as_secs_f64());
    }
    let ideal = (PAGES * 2) as f64 / (PAGES + 1) as f64;
    let area = "client · prefetch";
    let ms = LATENCY.as_millis();
    vec![
        row(
            area,
            "prefetch off",
            format!("{} (min {})", show(off.median()), show(off.min())),
            format!("{PAGES} pages; server waits {ms} ms per page, consumer {ms} ms per page"),
        ),
        row(
            area,
            "prefetch on",
            format!("{} (min {})", show(on.median()), show(on.min())),
            format!("{ROUNDS} interleaved runs each"),
        ),
        row(
            area,
            "speed-up (off / on)",
            format!("{:.2}×", median_f64(&speedups)),
            format!(
                "full overlap allows ≈ {ideal:.2}× (2·{PAGES} / ({PAGES} + 1)); timers round \
                 each wait up by up to 1 ms"
            ),
        ),
    ]
}

/// How the server treats the attempts of each call.
#[derive(Clone, Copy)]
enum Failing {
    Never,
    /// 503 with `retry-after-ms: <value>` on every even request (each call's first attempt).
    FirstAttempt(&'static str),
    /// 503 on every request; the client does not retry (the cost of one failed attempt).
    Always,
}

/// `calls` sequential single-page calls (`max_retries(1)`, or 0 with [`Failing::Always`]); the
/// wall time of each call.
fn retry_calls(host: &ServerHost, runtime: &Runtime, failing: Failing, calls: usize) -> Samples {
    let body = wire::page_body(0, 1, 1);
    let server = host.start(move |_, index| match failing {
        Failing::FirstAttempt(wait) if index % 2 == 0 => {
            Reply::text(503, "application/json", r#"{"detail":"busy"}"#)
                .header("retry-after-ms", wait)
        }
        Failing::Always => Reply::text(503, "application/json", r#"{"detail":"busy"}"#),
        _ => Reply::text(200, "application/json", &body),
    });
    let max_retries = if matches!(failing, Failing::Always) {
        0
    } else {
        1
    };
    let client = wire::generated_client(&server.url(), max_retries);
    runtime.block_on(async {
        let mut samples = Samples::default();
        for _ in 0..calls {
            let started = Instant::now();
            let params = llamacloud::resources::beta::chat::ListParams::default();
            let outcome = client.beta().chat().list(params).await;
            assert_eq!(outcome.is_ok(), !matches!(failing, Failing::Always));
            std::hint::black_box(outcome.ok());
            samples.push(started.elapsed());
        }
        samples
    })
}

/// Calls per second of each sample set (from the median call).
fn per_second(samples: &Samples) -> f64 {
    1.0 / samples.median().as_secs_f64()
}

/// Retry overhead: a server that fails each call's first attempt vs one that never fails.
pub fn bench_retries(host: &ServerHost, runtime: &Runtime) -> Vec<Row> {
    const FAST_CALLS: usize = 2_000;
    const SLOW_CALLS: usize = 8;
    retry_calls(host, runtime, Failing::Never, 200); // warm-up
    let never = retry_calls(host, runtime, Failing::Never, FAST_CALLS);
    let failed = retry_calls(host, runtime, Failing::Always, FAST_CALLS);
    let honoured = retry_calls(host, runtime, Failing::FirstAttempt("1"), FAST_CALLS / 4);
    let zero = retry_calls(host, runtime, Failing::FirstAttempt("0"), SLOW_CALLS);
    let sleep_1ms = runtime.block_on(async {
        let mut samples = Samples::default();
        for _ in 0..200 {
            let started = Instant::now();
            tokio::time::sleep(Duration::from_millis(1)).await;
            samples.push(started.elapsed());
        }
        samples
    });
    let base = per_second(&never);
    let rps = |samples: &Samples| {
        format!(
            "{:.0} calls/s (median call {}, min {})",
            per_second(samples),
            show(samples.median()),
            show(samples.min())
        )
    };
    let (a, f) = (never.median(), failed.median());
    let area = "client · retries";
    vec![
        row(
            area,
            "A: server never fails",
            rps(&never),
            format!("{FAST_CALLS} sequential calls, max_retries 1"),
        ),
        row(
            area,
            "B: 1st attempt 503 + `retry-after-ms: 0`",
            rps(&zero),
            format!(
                "{:.4} of A: a 0 wait is outside (0, 60] s, so the back-off applies \
                 (0.5 s less up to 25 % jitter); {SLOW_CALLS} calls",
                per_second(&zero) / base
            ),
        ),
        row(
            area,
            "B': 1st attempt 503 + `retry-after-ms: 1`",
            rps(&honoured),
            format!(
                "{:.3} of A: the 1 ms wait is honoured; {} calls",
                per_second(&honoured) / base,
                FAST_CALLS / 4
            ),
        ),
        row(
            area,
            "  B' taken apart: failed attempt + wait + A",
            format!(
                "{} + {} + {} = {} (measured {})",
                show(f),
                show(sleep_1ms.median()),
                show(a),
                show(f + sleep_1ms.median() + a),
                show(honoured.median())
            ),
            "a 503 alone (max_retries 0, same run); a tokio `sleep(1 ms)` alone".to_owned(),
        ),
        row(
            area,
            "  B' without the wait: A / (failed attempt + A)",
            format!("{:.3} of A", a.as_secs_f64() / (f + a).as_secs_f64()),
            "expected ≈ 0.5: a retried call is two attempts".to_owned(),
        ),
    ]
}
