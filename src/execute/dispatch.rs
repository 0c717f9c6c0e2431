//! DataLoader dispatch tied to the driver. While an execution runs Python on this thread it
//! holds a frame; a loader that starts a batch hands the frame its dispatch callback, and the
//! driver calls it when every ready resolver has suspended, so a batch collects every key of
//! the pass and costs no extra event-loop iteration. With no frame (code outside an
//! execution) the loader schedules itself on the event loop instead.

use std::cell::RefCell;

use pyo3::prelude::*;

thread_local! {
    static FRAMES: RefCell<Vec<Vec<Py<PyAny>>>> = const { RefCell::new(Vec::new()) };
}

/// This thread's innermost running execution, for as long as it runs Python.
pub struct Frame {
    depth: usize,
}

impl Frame {
    pub fn enter() -> Frame {
        let depth = FRAMES.with_borrow_mut(|f| {
            f.push(Vec::new());
            f.len()
        });
        Frame { depth }
    }

    /// The dispatch callbacks registered since the last call.
    pub fn take(&self) -> Vec<Py<PyAny>> {
        FRAMES.with_borrow_mut(|f| match f.get_mut(self.depth - 1) {
            Some(v) => std::mem::take(v),
            None => Vec::new(),
        })
    }
}

impl Drop for Frame {
    /// Callbacks never dispatched by the execution (it finished first) go to the event loop.
    fn drop(&mut self) {
        let left = FRAMES.with_borrow_mut(|f| {
            let mut left = Vec::new();
            while f.len() >= self.depth {
                left.extend(f.pop().unwrap_or_default());
            }
            left
        });
        if !left.is_empty() {
            Python::attach(|py| undriven(py, left));
        }
    }
}

/// Tells loaders whose batches no execution will drive to dispatch on their own.
pub fn undriven(py: Python<'_>, callbacks: Vec<Py<PyAny>>) {
    for cb in callbacks {
        if let Err(e) = cb.bind(py).call1((false,)) {
            e.write_unraisable(py, Some(cb.bind(py)));
        }
    }
}

/// `_core.dispatch_in_execution(callback)`: `True` when an execution running on this thread
/// will call `callback(True)` once every ready resolver has suspended; the callback returns
/// `None` or an awaitable the execution drives.
#[pyfunction]
pub fn dispatch_in_execution(callback: Bound<'_, PyAny>) -> bool {
    FRAMES.with_borrow_mut(|f| match f.last_mut() {
        Some(frame) => {
            frame.push(callback.unbind());
            true
        }
        None => false,
    })
}
