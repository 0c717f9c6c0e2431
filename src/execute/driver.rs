//! `Execution`: the awaitable `CoreSchema.execute` returns. All synchronous work is done before
//! it is returned; when resolvers suspended, awaiting it drives their coroutines directly
//! (`PyIter_Send`), batching every ready coroutine into one step of the awaiting task, instead
//! of wrapping each in an asyncio task. Futures a coroutine waits on wake the execution through
//! a done-callback; a bare `yield` (e.g. `asyncio.sleep(0)`) costs one loop iteration per batch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyException, PyRuntimeError, PyStopIteration, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PySendResult};

use super::batch::Special;
use super::dispatch::Frame;
use super::engine::{Engine, Task};
use super::ExecOptions;
use crate::guard;
use crate::py_util::{coroutine_type, GcPause};
use crate::schema::CoreSchema;

struct Active {
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

struct Running {
    engine: Engine,
    slots: Vec<Option<Active>>,
    active: usize,
    ready: Vec<usize>,
    wake: Arc<Wake>,
    /// DataLoader dispatches registered before the first `advance` (during `start`).
    loaders: Vec<Py<PyAny>>,
}

/// An execution waiting for its document to be validated off the event loop.
struct Preparing {
    future: Py<PyAny>,
    schema: Py<CoreSchema>,
    source: String,
    variables: Option<Py<PyAny>>,
    context: Option<Py<PyAny>>,
    root: Option<Py<PyAny>>,
    operation_name: Option<String>,
}

enum State {
    Preparing(Box<Preparing>),
    Running(Box<Running>),
    Done(Py<PyAny>),
    Failed,
}

enum Step {
    Yield(Py<PyAny>),
    Return(Py<PyAny>),
}

/// The awaitable result of `CoreSchema.execute`.
#[pyclass(frozen, module = "grommet._core")]
pub struct Execution {
    state: Mutex<State>,
    options: Arc<ExecOptions>,
    /// Set by the first `__await__`: one task drives an execution, a second await is an error
    /// (it would steal the first one's wake-ups).
    awaited: AtomicBool,
}

impl Execution {
    fn new(options: Arc<ExecOptions>, state: State) -> Self {
        Execution {
            state: Mutex::new(state),
            options,
            awaited: AtomicBool::new(false),
        }
    }

    pub fn done(options: Arc<ExecOptions>, result: Py<PyAny>) -> Self {
        Execution::new(options, State::Done(result))
    }

    /// Runs the root fields synchronously; suspended resolvers are left for `__await__`.
    pub fn start(py: Python<'_>, mut engine: Engine) -> PyResult<Self> {
        let _pause = GcPause::new(py);
        let frame = Frame::enter();
        engine.run_root(py);
        engine.run_batches(py);
        let mut running = Box::new(Running {
            engine,
            slots: Vec::new(),
            active: 0,
            ready: Vec::new(),
            wake: Arc::default(),
            loaders: Vec::new(),
        });
        // Mutations run their root fields one at a time, continuing while nothing suspends.
        while running.engine.pending.is_empty()
            && running.engine.has_more_root()
            && running.engine.fatal.is_none()
        {
            running.engine.run_root(py);
            running.engine.run_batches(py);
        }
        running.loaders = frame.take();
        if let Some(fatal) = running.engine.fatal.take() {
            return Err(fatal); // dropping `running` closes the suspended resolvers
        }
        let options = running.engine.options.clone();
        if running.engine.pending.is_empty() || running.engine.data_null {
            // With `data` already null nothing pending can change the response: dropping
            // `running` closes those resolvers.
            super::dispatch::undriven(py, std::mem::take(&mut running.loaders));
            return Ok(Execution::done(options, running.engine.finish(py)?));
        }
        Ok(Execution::new(options, State::Running(running)))
    }

    /// An execution that starts once `future` (document validation) completes.
    #[allow(clippy::too_many_arguments)]
    pub fn after(
        future: Bound<'_, PyAny>,
        schema: Py<CoreSchema>,
        options: Arc<ExecOptions>,
        source: String,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<String>,
    ) -> Self {
        let preparing = Preparing {
            future: future.unbind(),
            schema,
            source,
            variables: variables.map(Bound::unbind),
            context: context.map(Bound::unbind),
            root: root.map(Bound::unbind),
            operation_name,
        };
        Execution::new(options, State::Preparing(Box::new(preparing)))
    }

    fn step(&self, py: Python<'_>) -> PyResult<Step> {
        let mut guard = self
            .state
            .try_lock()
            .map_err(|_| PyRuntimeError::new_err("this execution is already being awaited"))?;
        if let State::Preparing(p) = &*guard {
            let fut = p.future.bind(py).clone();
            if !fut.call_method0(intern!(py, "done"))?.is_truthy()? {
                fut.setattr(intern!(py, "_asyncio_future_blocking"), true)?;
                return Ok(Step::Yield(fut.clone().unbind()));
            }
            let State::Preparing(p) = std::mem::replace(&mut *guard, State::Failed) else {
                unreachable!()
            };
            if let Err(e) = fut.call_method0(intern!(py, "result")) {
                if !e.is_instance_of::<PyException>(py) {
                    return Err(e); // cancelled
                }
                // Validation runs no Python: only a panic on the blocking pool gets here.
                guard::log_panic(py, &e.to_string());
                return Ok(Step::Return(guard::internal_error(py, &self.options)?));
            }
            let started = p.schema.get().execute_now(
                py,
                &p.source,
                p.variables.as_ref().map(|v| v.bind(py)),
                p.context.map(|c| c.into_bound(py)),
                p.root.map(|r| r.into_bound(py)),
                p.operation_name.as_deref(),
            )?;
            *guard = started
                .state
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
        }
        let running = match &mut *guard {
            State::Preparing(_) => unreachable!("preparation finished above"),
            State::Done(result) => {
                let r = result.clone_ref(py);
                *guard = State::Failed;
                return Ok(Step::Return(r));
            }
            State::Failed => {
                return Err(PyRuntimeError::new_err(
                    "cannot reuse an already awaited execution",
                ))
            }
            State::Running(r) => r,
        };
        match running.advance(py) {
            Ok(Step::Return(result)) => {
                *guard = State::Failed;
                Ok(Step::Return(result))
            }
            Ok(other) => Ok(other),
            Err(e) => {
                running.close_all(py, None);
                *guard = State::Failed;
                Err(e)
            }
        }
    }
}

impl Execution {
    fn stop(&self, py: Python<'_>, exc: Option<&Bound<'_, PyAny>>) {
        self.state.clear_poison();
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let State::Running(r) = &mut *guard {
            r.close_all(py, exc);
        }
        *guard = State::Failed;
    }
}

impl Running {
    fn start_pending(&mut self, py: Python<'_>) -> PyResult<()> {
        let coro = coroutine_type(py)?;
        for task in std::mem::take(&mut self.engine.pending) {
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

    fn advance(&mut self, py: Python<'_>) -> PyResult<Step> {
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
                    if let Some(fatal) = self.engine.fatal.take() {
                        return Err(fatal);
                    }
                    if self.engine.data_null {
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
                        if let Some(fatal) = self.engine.fatal.take() {
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
            if let Some(fatal) = self.engine.fatal.take() {
                return Err(fatal);
            }
            if self.engine.data_null {
                // The response is decided: stop what is still running and answer now.
                let cancelled = cancelled_error(py);
                self.close_all(py, cancelled.as_ref());
                self.drop_pending(py);
                return Ok(Step::Return(self.engine.finish(py)?));
            }
            if self.engine.nulled {
                self.cancel_dead(py);
            }
            if !self.engine.pending.is_empty() {
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
        self.engine.nulled = false;
        let cancelled = cancelled_error(py);
        for slot in self.slots.iter_mut() {
            if slot.as_ref().is_some_and(|a| a.task.path.is_dead()) {
                if let Some(active) = slot.take() {
                    stop_active(py, &active, cancelled.as_ref());
                    self.active -= 1;
                }
            }
        }
        self.engine.pending.retain(|t| {
            let dead = t.path.is_dead();
            if dead {
                close_awaitable(py, t.awaitable.bind(py));
            }
            !dead
        });
    }

    fn drop_pending(&mut self, py: Python<'_>) {
        for task in self.engine.pending.drain(..) {
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
    fn close_all(&mut self, py: Python<'_>, exc: Option<&Bound<'_, PyAny>>) {
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
        if self.active == 0 && self.engine.pending.is_empty() {
            return;
        }
        Python::attach(|py| {
            self.close_all(py, None);
            self.drop_pending(py);
        });
    }
}

#[pymethods]
impl Execution {
    /// True when the result is ready without awaiting.
    #[getter(done)]
    fn done_(&self) -> bool {
        matches!(
            &*self.state.lock().unwrap_or_else(|e| e.into_inner()),
            State::Done(_)
        )
    }

    /// The result of an execution that completed synchronously.
    fn result(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &*self.state.lock().unwrap_or_else(|e| e.into_inner()) {
            State::Done(r) => Ok(r.clone_ref(py)),
            _ => Err(PyRuntimeError::new_err(
                "execution has not completed: await it",
            )),
        }
    }

    fn __await__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        if slf.get().awaited.swap(true, Ordering::AcqRel) {
            return Err(PyRuntimeError::new_err(
                "this execution is already awaited; await it once (wrap it in a task to share its result)",
            ));
        }
        Ok(slf)
    }

    fn __iter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        Execution::__await__(slf)
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let step = guard::catch(
            py,
            || self.step(py),
            || {
                self.stop(py, None);
                Ok(Step::Return(guard::internal_error(py, &self.options)?))
            },
        )?;
        match step {
            Step::Yield(v) => Ok(v),
            Step::Return(r) => Err(PyStopIteration::new_err((r,))),
        }
    }

    fn send(&self, py: Python<'_>, _value: Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.__next__(py)
    }

    #[pyo3(signature = (typ, val=None, _tb=None))]
    fn throw(
        &self,
        py: Python<'_>,
        typ: Bound<'_, PyAny>,
        val: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let exc = match val {
            Some(v) if !v.is_none() => v,
            _ if typ.is_instance_of::<pyo3::exceptions::PyBaseException>() => typ,
            _ => typ.call0()?,
        };
        self.stop(py, Some(&exc));
        Err(PyErr::from_value(exc))
    }

    fn close(&self, py: Python<'_>) {
        self.stop(py, None);
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

/// Builds the engine for one subscription event.
pub type MakeEngine = dyn Fn(Python<'_>, Bound<'_, PyAny>) -> PyResult<Engine> + Send + Sync;

/// Runs the selection of a subscription for each event of its source stream.
#[pyclass(frozen, module = "grommet._core")]
pub struct EventRunner {
    pub make: Box<MakeEngine>,
    pub options: Arc<ExecOptions>,
}

#[pymethods]
impl EventRunner {
    fn __call__(&self, py: Python<'_>, event: Bound<'_, PyAny>) -> PyResult<Execution> {
        let options = self.options.clone();
        guard::catch(
            py,
            || Execution::start(py, (self.make)(py, event)?),
            || {
                let result = guard::internal_error(py, &options)?;
                Ok(Execution::done(options.clone(), result))
            },
        )
    }
}
