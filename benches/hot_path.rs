//! Microbenchmarks of the per-field hot path and of schema building, through the real engine
//! in an embedded interpreter: `cargo bench --bench hot_path`. Prints ns per field (median of
//! the repetitions), for before/after comparisons of engine changes in one run.

use std::ffi::CString;
use std::time::Instant;

use ::_core::_core;
use pyo3::prelude::*;
use pyo3::types::PyDict;

const SETUP: &str = r#"
import asyncio, _core
class Cell:
    __slots__ = ("value", "j")
    def __init__(self, j): self.value = f"Cell {j}"; self.j = j
class Row:
    def __init__(self, i): self.a = i; self.b = i; self.c = i; self.cells = [Cell(j) for j in range(5)]
ROWS = [Row(i) for i in range(20000)]
def sync_value(p): return f"Cell {p.j}"
async def async_value(p):
    await asyncio.sleep(0)
    return f"Cell {p.j}"
SDL = "type Query { rows: [Row!]! } type Row { a: Int! b: Int! c: Int! cells: [Cell!]! } type Cell { value: String! s: String! x: String! }"
BUNDLE = {"sdl": SDL, "types": {"Query": {"fields": {"rows": ("call", lambda p: ROWS, None, {})}},
          "Cell": {"fields": {"s": ("call", sync_value, None, {}), "x": ("call", async_value, None, {})}}}}
def make():
    return _core.CoreSchema(BUNDLE, error_class=Exception, result_factory=lambda d, e, x: (d, e), error_factory=lambda *a: a)
SCHEMA = make()
def run_sync(q):
    return SCHEMA.execute(q).result()
def run_async(q):
    async def go():
        return await SCHEMA.execute(q)
    return asyncio.run(go())
"#;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn bench(py: Python<'_>, g: &Bound<'_, PyDict>, label: &str, code: &str, fields: f64, reps: usize) {
    let code = CString::new(code).expect("code");
    let run = || py.run(&code, Some(g), None).expect("bench code runs");
    run();
    let times: Vec<f64> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64()
        })
        .collect();
    let m = median(times);
    println!(
        "{label:<40} {:>10.1} ms {:>8.0} ns/field",
        m * 1e3,
        m * 1e9 / fields
    );
}

fn main() {
    pyo3::append_to_inittab!(_core);
    Python::initialize();
    Python::attach(|py| {
        let g = PyDict::new(py);
        py.run(&CString::new(SETUP).expect("setup"), Some(&g), None)
            .expect("setup runs");
        let n = 20000.0;
        bench(
            py,
            &g,
            "attribute fields (W1 shape)",
            "run_sync('{ rows { a b c cells { value } } }')",
            n * 9.0,
            7,
        );
        bench(
            py,
            &g,
            "sync resolver fields (W2 shape)",
            "run_sync('{ rows { a cells { s } } }')",
            n * 7.0,
            7,
        );
        bench(
            py,
            &g,
            "async resolver fields (W3 shape)",
            "run_async('{ rows { a cells { x } } }')",
            n * 7.0,
            3,
        );
        bench(
            py,
            &g,
            "schema build (5 types)",
            "[make() for _ in range(200)]",
            200.0,
            5,
        );
    });
}
