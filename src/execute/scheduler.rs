//! The scheduler: drives the coroutines of suspended resolvers directly (`PyIter_Send`),
//! batching every ready coroutine into one step of the awaiting task instead of wrapping each
//! in an asyncio task. Futures a coroutine waits on wake it through a done-callback; a bare
//! `yield` (e.g. `asyncio.sleep(0)`) costs one loop iteration per batch. It talks to the
//! executor (`Engine`) through its methods only.

use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PySendResult};

use super::batch::Special;
use super::dispatch::Frame;
use super::engine::{Engine, Task};
use crate::py_util::{coroutine_type, GcPause};

/// What one step of an awaited execution gives its task.
pub(super) enum Step {
    Yield(Py<PyAny>),
    Return(Py<PyAny>),
}

pub(super) struct Active {
    iter: Py<PyAny>,
    task: Task,
    waiting_on: Option<Py<PyAny>>,
}

/// Shared with the done-callbacks of the futures that suspended coroutines wait on.
#[derive(Default)]
struct Wake {
    woken: Mutex<Vec<usize>>,
    future: Mutex<Option<Py<PyAny>>>,
}

pub(super) struct Running {
    engine: Engine,
    slots: Vec<Option<Active>>,
    active: usize,
    ready: Vec<usize>,
    wake: Arc<Wake>,
    /// DataLoader dispatches registered before the first `advance` (during `start`).
    pub(super) loaders: Vec<Py<PyAny>>,
}

impl Running {
    pub(super) fn new(engine: Engine) -> Box<Self> {
        Box::new(Running {
            engine,
            slots: Vec::new(),
            active: 0,
            ready: Vec::new(),
            wake: Arc::default(),
            loaders: Vec::new(),
        })
    }

    pub(super) fn engine(&mut self) -> &mut Engine {
        &mut self.engine
    }

    fn start_pending(&mut self, py: Python<'_>) -> PyResult<()> {
        let coro = coroutine_type(py)?;
        for task in self.engine.take_pending() {
            let aw = task.awaitable.bind(py);
            if task.path.is_dead() {
                // Nulled in the pass that created it: never run.
                close_awaitable(py, aw);
                continue;
            }
            let iter = if aw.get_type().is(coro) {
                Ok(aw.clone())
            } else {
                aw.call_method0(intern!(py, "__await__"))
            };
            match iter {
                Ok(iter) => {
                    self.slots.push(Some(Active {
                        iter: iter.unbind(),
                        task,
                        waiting_on: None,
                    }));
                    self.active += 1;
                    self.ready.push(self.slots.len() - 1);
                }
                Err(e) => self.engine.resume(py, task, Err(e)),
            }
        }
        Ok(())
    }

    /// Makes the slots whose futures completed ready again.
    fn take_woken(&mut self) {
        let woken = std::mem::take(&mut *self.wake.woken.lock().unwrap_or_else(|e| e.into_inner()));
        for slot in woken {
            if let Some(Some(a)) = self.slots.get_mut(slot) {
                a.waiting_on = None;
                self.ready.push(slot);
            }
        }
    }

    /// Dispatches the DataLoader batches started since the last call; an awaitable batch
    /// becomes a task this execution drives. False when there was none.
    fn dispatch_loaders(&mut self, py: Python<'_>, frame: &Frame) -> PyResult<bool> {
        let mut callbacks = std::mem::take(&mut self.loaders);
        callbacks.extend(frame.take());
        if callbacks.is_empty() {
            return Ok(false);
        }
        let mut callbacks = callbacks.into_iter();
        while let Some(cb) = callbacks.next() {
            let batch = match cb.bind(py).call1((true,)) {
                Ok(b) => b,
                Err(e) => {
                    // Loaders other executions may share still dispatch, on the event loop.
                    super::dispatch::undriven(py, callbacks.collect());
                    return Err(e);
                }
            };
            if !batch.is_none() {
                self.engine.pending.push(Task {
                    awaitable: batch.unbind(),
                    path: super::path::OwnedPath::detached(py),
                    // Never read for a dispatch; any collected field does.
                    fields: self.engine.root_fields.clone(),
                    index: 0,
                    depth: 0,
                    special: Some(Box::new(Special::Dispatch)),
                });
            }
        }
        Ok(true)
    }

    pub(super) fn advance(&mut self, py: Python<'_>) -> PyResult<Step> {
        let _pause = GcPause::new(py);
        let frame = Frame::enter();
        self.take_woken();
        let none = py.None().into_bound(py);
        let mut next_round = Vec::new();
        let mut event_loop: Option<Bound<'_, PyAny>> = None;
        loop {
            self.start_pending(py)?;
            self.take_woken();
            if self.ready.is_empty() {
                // Every ready resolver has suspended: the pass is over.
                if self.engine.has_batches() {
                    self.engine.run_batches(py);
                    if let Some(fatal) = self.engine.take_fatal() {
                        return Err(fatal);
                    }
                    if self.engine.is_data_null() {
                        let cancelled = cancelled_error(py);
                        self.close_all(py, cancelled.as_ref());
                        self.drop_pending(py);
                        return Ok(Step::Return(self.engine.finish(py)?));
                    }
                    continue;
                }
                if self.dispatch_loaders(py, &frame)? {
                    continue;
                }
                if self.active == 0 {
                    if self.engine.has_more_root() {
                        self.engine.run_root(py);
                        if let Some(fatal) = self.engine.take_fatal() {
                            return Err(fatal);
                        }
                        continue;
                    }
                    return Ok(Step::Return(self.engine.finish(py)?));
                }
                break;
            }
            for slot in std::mem::take(&mut self.ready) {
                let Some(active) = self.slots[slot].as_ref() else {
                    continue;
                };
                let iter = active.iter.bind(py);
                // SAFETY: PyIter_Send accepts any object with `am_send` (coroutines) or an iterator.
                let sent = unsafe { iter.cast_unchecked::<PyIterator>() }.send(&none);
                match sent {
                    Ok(PySendResult::Next(yielded)) => {
                        if yielded.is_none() {
                            next_round.push(slot);
                        } else if let Ok(true) = yielded
                            .getattr(intern!(py, "_asyncio_future_blocking"))
                            .map(|b| b.is_truthy().unwrap_or(false))
                        {
                            yielded.setattr(intern!(py, "_asyncio_future_blocking"), false)?;
                            let cb = WakeCallback {
                                wake: self.wake.clone(),
                                slot,
                            };
                            yielded.call_method1(intern!(py, "add_done_callback"), (cb,))?;
                            if event_loop.is_none() {
                                event_loop = yielded.call_method0(intern!(py, "get_loop")).ok();
                            }
                            if let Some(Some(a)) = self.slots.get_mut(slot) {
                                a.waiting_on = Some(yielded.unbind());
                            }
                        } else {
                            let err = PyTypeError::new_err(format!(
                                "resolver awaited an unsupported value {}; grommet runs resolvers on asyncio",
                                yielded.repr().map(|r| r.to_string()).unwrap_or_default()
                            ));
                            let _ = iter.call_method0(intern!(py, "close"));
                            self.finish_slot(py, slot, Err(err));
                        }
                    }
                    Ok(PySendResult::Return(value)) => self.finish_slot(py, slot, Ok(value)),
                    Err(e) => self.finish_slot(py, slot, Err(e)),
                }
            }
            if let Some(fatal) = self.engine.take_fatal() {
                return Err(fatal);
            }
            if self.engine.is_data_null() {
                // The response is decided: stop what is still running and answer now.
                let cancelled = cancelled_error(py);
                self.close_all(py, cancelled.as_ref());
                self.drop_pending(py);
                return Ok(Step::Return(self.engine.finish(py)?));
            }
            if self.engine.take_nulled() {
                self.cancel_dead(py);
            }
            if self.engine.has_pending() {
                continue;
            }
            if !next_round.is_empty() {
                break;
            }
        }
        if !next_round.is_empty() {
            self.ready = next_round;
            return Ok(Step::Yield(py.None()));
        }
        // Everything left waits on futures: sleep on one future their callbacks complete.
        let event_loop = match event_loop {
            Some(l) => l,
            None => self
                .slots
                .iter()
                .flatten()
                .find_map(|a| {
                    a.waiting_on
                        .as_ref()
                        .and_then(|f| f.bind(py).call_method0(intern!(py, "get_loop")).ok())
                })
                .ok_or_else(|| {
                    PyRuntimeError::new_err("suspended resolvers are waiting on nothing")
                })?,
        };
        let fut = event_loop.call_method0(intern!(py, "create_future"))?;
        fut.setattr(intern!(py, "_asyncio_future_blocking"), true)?;
        *self.wake.future.lock().unwrap_or_else(|e| e.into_inner()) = Some(fut.clone().unbind());
        if !self
            .wake
            .woken
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
        {
            fut.call_method1(intern!(py, "set_result"), (py.None(),))?;
        }
        Ok(Step::Yield(fut.unbind()))
    }

    /// Cancels the suspended fields whose subtree was nulled since the last sweep.
    fn cancel_dead(&mut self, py: Python<'_>) {
        let cancelled = cancelled_error(py);
        for slot in self.slots.iter_mut() {
            if slot.as_ref().is_some_and(|a| a.task.path.is_dead()) {
                if let Some(active) = slot.take() {
                    stop_active(py, &active, cancelled.as_ref());
                    self.active -= 1;
                }
            }
        }
        self.engine.retain_pending(|t| {
            let dead = t.path.is_dead();
            if dead {
                close_awaitable(py, t.awaitable.bind(py));
            }
            !dead
        });
    }

    fn drop_pending(&mut self, py: Python<'_>) {
        for task in self.engine.take_pending() {
            close_awaitable(py, task.awaitable.bind(py));
        }
    }

    fn finish_slot(&mut self, py: Python<'_>, slot: usize, outcome: PyResult<Bound<'_, PyAny>>) {
        if let Some(active) = self.slots[slot].take() {
            self.active -= 1;
            self.engine.resume(py, active.task, outcome);
        }
    }

    /// Stops every suspended resolver: its future is cancelled, `exc` (e.g. the task's
    /// `CancelledError`) is thrown into its coroutine, and the coroutine is closed.
    pub(super) fn close_all(&mut self, py: Python<'_>, exc: Option<&Bound<'_, PyAny>>) {
        for active in self.slots.iter_mut().filter_map(Option::take) {
            stop_active(py, &active, exc);
        }
        self.active = 0;
        if let Some(f) = self
            .wake
            .future
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            let _ = f.bind(py).call_method0(intern!(py, "cancel"));
        }
    }
}

/// Stops one suspended resolver: its future is cancelled, `exc` is thrown into it, it is closed.
fn stop_active(py: Python<'_>, active: &Active, exc: Option<&Bound<'_, PyAny>>) {
    if let Some(f) = &active.waiting_on {
        let _ = f.bind(py).call_method0(intern!(py, "cancel"));
    }
    let iter = active.iter.bind(py);
    if let Some(exc) = exc {
        let _ = iter.call_method1(intern!(py, "throw"), (exc,));
    }
    let _ = iter.call_method0(intern!(py, "close"));
}

/// A `CancelledError` to throw into resolvers stopped because their result no longer
/// matters, as cancelling their asyncio task would.
fn cancelled_error(py: Python<'_>) -> Option<Bound<'_, PyAny>> {
    py.import(intern!(py, "asyncio"))
        .and_then(|m| m.getattr(intern!(py, "CancelledError")))
        .and_then(|c| c.call0())
        .ok()
}

/// Releases an awaitable that was never started: a coroutine is closed (no "never awaited"
/// warning), a future cancelled.
fn close_awaitable(py: Python<'_>, aw: &Bound<'_, PyAny>) {
    if aw.hasattr(intern!(py, "close")).unwrap_or(false) {
        let _ = aw.call_method0(intern!(py, "close"));
    } else if aw.hasattr(intern!(py, "cancel")).unwrap_or(false) {
        let _ = aw.call_method0(intern!(py, "cancel"));
    }
}

impl Drop for Running {
    /// An execution dropped before it finished still owns coroutines (some never started):
    /// close them so Python neither leaks them nor warns that they were never awaited.
    fn drop(&mut self) {
        if !self.loaders.is_empty() {
            // Batches other executions may share: dispatched on the event loop instead.
            let loaders = std::mem::take(&mut self.loaders);
            Python::attach(|py| super::dispatch::undriven(py, loaders));
        }
        if self.active == 0 && !self.engine.has_pending() {
            return;
        }
        Python::attach(|py| {
            self.close_all(py, None);
            self.drop_pending(py);
        });
    }
}

/// Done-callback of a future a suspended resolver waits on.
#[pyclass(frozen, module = "grommet._core")]
pub struct WakeCallback {
    wake: Arc<Wake>,
    slot: usize,
}

#[pymethods]
impl WakeCallback {
    fn __call__(&self, py: Python<'_>, _future: Bound<'_, PyAny>) -> PyResult<()> {
        self.wake
            .woken
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.slot);
        let fut = self
            .wake
            .future
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(f) = fut {
            let f = f.bind(py);
            if !f.call_method0(intern!(py, "done"))?.is_truthy()? {
                f.call_method1(intern!(py, "set_result"), (py.None(),))?;
            }
        }
        Ok(())
    }
}
