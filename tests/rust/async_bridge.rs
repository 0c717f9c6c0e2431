use pyo3::prelude::*;

use crate::support::{init, run, PRELUDE};

#[test]
fn large_documents_are_validated_on_tokio_and_cached() {
    init();
    Python::attach(|py| {
        run(
            py,
            &format!(
                "{PRELUDE}\n{}",
                r#"
s = make("type Query { a: Int }", {"Query": {"fields": {"a": ("call", lambda p: 1, None, {})}}})
query = '# ' + 'x' * (64 * 1024) + '\n{ k0: a k1: a }'
async def go():
    first = s.execute(query)
    assert not first.done  # waits for validation on tokio's blocking pool
    return await first
got = asyncio.run(go())
assert got == {"data": {"k0": 1, "k1": 1}}
again = s.execute(query)
assert again.done  # cached: no second trip
"#
            ),
        );
    });
}

#[test]
fn without_a_running_loop_large_documents_validate_inline() {
    init();
    Python::attach(|py| {
        run(
            py,
            &format!(
                "{PRELUDE}\n{}",
                r#"
s = make("type Query { a: Int }", {"Query": {"fields": {"a": ("call", lambda p: 2, None, {})}}})
query = '# ' + 'x' * (64 * 1024) + '\n{ k0: a }'
assert run_sync(s, query) == {"data": {"k0": 2}}
"#
            ),
        );
    });
}

#[test]
fn tokio_runtime_runs_rust_futures() {
    let rt = pyo3_async_runtimes::tokio::get_runtime();
    let got = rt.block_on(async { tokio::task::spawn_blocking(|| 21 * 2).await.expect("join") });
    assert_eq!(got, 42);
}
