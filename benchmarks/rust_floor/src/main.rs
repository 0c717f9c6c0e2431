//! The pure-Rust floor of W1 and W2: the suite's queries on async-graphql over Rust structs.
//!
//! `grommet-bench-floor --workload W1 --size 20000 --reps 5 --warmup 1 --outcome-file PATH`
//! writes the first response to PATH and prints `{"times_s": [...], "peak_rss_mb": ...}`;
//! `benchmarks/run.py` builds and runs it like the Python workers.

mod data;

use std::time::Instant;

use async_graphql::{Context, EmptyMutation, EmptySubscription, Object, Schema};

use data::{ComputedRow, Row, Store};

struct Query;

#[Object]
impl Query {
    async fn rows<'a>(&self, ctx: &Context<'a>) -> &'a [Row] {
        &ctx.data_unchecked::<Store>().rows
    }

    async fn computed_rows<'a>(&self, ctx: &Context<'a>) -> &'a [ComputedRow] {
        &ctx.data_unchecked::<Store>().computed_rows
    }
}

struct Args {
    workload: String,
    size: usize,
    reps: usize,
    warmup: usize,
    outcome_file: String,
}

fn parse_args() -> Args {
    let mut args = Args {
        workload: String::new(),
        size: 0,
        reps: 5,
        warmup: 1,
        outcome_file: String::new(),
    };
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let value = argv
            .next()
            .unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--workload" => args.workload = value,
            "--size" => args.size = value.parse().expect("--size: an integer"),
            "--reps" => args.reps = value.parse().expect("--reps: an integer"),
            "--warmup" => args.warmup = value.parse().expect("--warmup: an integer"),
            "--outcome-file" => args.outcome_file = value,
            _ => panic!("unknown option {flag}"),
        }
    }
    args
}

fn main() {
    let args = parse_args();
    let (query, store) = match args.workload.as_str() {
        "W1" => (
            "{ rows { a b c cells { value } } }",
            Store {
                rows: data::build_rows(args.size),
                ..Store::default()
            },
        ),
        "W2" => (
            "{ computedRows { a cells { value } } }",
            Store {
                computed_rows: data::build_computed_rows(args.size),
                ..Store::default()
            },
        ),
        other => panic!("the floor runs W1 and W2, not {other}"),
    };
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .data(store)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");

    let first = runtime.block_on(schema.execute(query));
    assert!(first.errors.is_empty(), "errors: {:?}", first.errors);
    let outcome = serde_json::json!({ "data": first.data });
    std::fs::write(&args.outcome_file, outcome.to_string()).expect("writing --outcome-file");
    drop(first);
    for _ in 1..args.warmup {
        drop(runtime.block_on(schema.execute(query)));
    }

    let mut times = Vec::with_capacity(args.reps);
    for _ in 0..args.reps {
        let start = Instant::now();
        let response = runtime.block_on(schema.execute(query));
        times.push(start.elapsed().as_secs_f64());
        // Freed after the clock stops, as in the Python workers.
        drop(response);
    }
    println!(
        "{}",
        serde_json::json!({ "times_s": times, "peak_rss_mb": peak_rss_mb() })
    );
}

/// Peak RSS from `VmHWM`, as the Python workers measure it (see `bench/process.py`).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}
