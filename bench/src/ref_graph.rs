//! A generated `$ref` graph at 1 000 / 4 000 / 16 000 schemas, through the whole generator in
//! process: how generation time grows with the number of schemas. Linear growth is ×4 per step,
//! n log n about ×4.6, quadratic ×16. The document is built here, so the benchmark needs no file.

use crate::report::{Row, row};
use crate::timing::{Samples, show};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// The sizes measured, each four times the one before.
const SIZES: [usize; 3] = [1_000, 4_000, 16_000];

/// A 3.0 document with `schemas` object schemas `S0…` and `schemas / 10` aliases `A0…`. Each
/// `S{i}` holds `S{i+1}` by value (a chain through every schema), three arrays of schemas picked
/// across the document (fan-out), and every tenth one holds `S{i-9}` by value (a cycle of ten,
/// which must be boxed); the aliases form one chain ending at `S0`. One operation returns `S0`.
pub fn ref_graph_document(schemas: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Graph, version: 1.0.0}\npaths:\n  /items/{id}:\n    get:\n      \
         operationId: getItem\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      \
         responses:\n        '200':\n          description: ok\n          \
         content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\n\
         components:\n  schemas:\n",
    );
    let reference = |name: String| format!("{{$ref: '#/components/schemas/{name}'}}");
    for i in 0..schemas {
        let has_next = i + 1 < schemas;
        let required = if has_next { "[id, next]" } else { "[id]" };
        let _ = write!(
            text,
            "    S{i}:\n      type: object\n      required: {required}\n      properties:\n        id: {{type: string}}\n"
        );
        if has_next {
            let _ = writeln!(text, "        next: {}", reference(format!("S{}", i + 1)));
        }
        for k in 1..=3 {
            let target = (i * 7 + k * 13) % schemas;
            let items = reference(format!("S{target}"));
            let _ = writeln!(text, "        fan{k}: {{type: array, items: {items}}}");
        }
        if i % 10 == 9 {
            let _ = writeln!(text, "        back: {}", reference(format!("S{}", i - 9)));
        }
    }
    let aliases = schemas / 10;
    for i in 0..aliases {
        let target = if i + 1 < aliases {
            format!("A{}", i + 1)
        } else {
            "S0".to_owned()
        };
        let _ = writeln!(text, "    A{i}: {}", reference(target));
    }
    text
}

/// Generates each size (3 runs at the smallest, 1 at the others, after one untimed warm-up at
/// the smallest) and reports the median and the growth over the size before.
pub fn bench_ref_graph() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut previous: Option<(usize, Duration)> = None;
    let warmup = ref_graph_document(SIZES[0]);
    generate(&warmup);
    for (step, &size) in SIZES.iter().enumerate() {
        let text = ref_graph_document(size);
        let runs = if step == 0 { 3 } else { 1 };
        let mut samples = Samples::default();
        let mut models = 0;
        for _ in 0..runs {
            let started = Instant::now();
            models = generate(&text);
            samples.push(started.elapsed());
        }
        let median = samples.median();
        let growth = match previous {
            Some((before_size, before)) => format!(
                "×{:.1} for ×{} schemas",
                median.as_secs_f64() / before.as_secs_f64(),
                size / before_size
            ),
            None => "first size".to_owned(),
        };
        rows.push(row(
            "generator · $ref graph",
            &format!("{size} schemas ({} KB), whole pipeline", text.len() / 1024),
            show(median),
            format!("{growth}; {models} models; {runs} run(s)"),
        ));
        previous = Some((size, median));
    }
    rows
}

/// One in-memory generation; the number of models. Panics if the document is refused, since
/// then the benchmark would time the wrong thing.
fn generate(text: &str) -> usize {
    let sources = generator::Sources {
        spec_path: "graph.yaml",
        spec_text: text,
        config_path: "sdk.yaml",
        config_text: None,
    };
    match generator::generate(&sources) {
        Ok(generated) => generated.models,
        Err(err) => panic!("the $ref graph was refused:\n{err}"),
    }
}
