//! `Execution`: the awaitable `CoreSchema.execute` returns. All synchronous work is done before
//! it is returned; when resolvers suspended, awaiting it lets the scheduler (`scheduler.rs`)
//! drive their coroutines. This file is the await protocol and the execution's states.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyException, PyRuntimeError, PyStopIteration};
use pyo3::intern;
use pyo3::prelude::*;

use super::dispatch::Frame;
use super::engine::Engine;
use super::scheduler::{Running, Step};
use super::ExecOptions;
use crate::guard;
use crate::py_util::GcPause;

/// What runs the request once its document is validated: a continuation, so the driver
/// needs nothing of the schema that made it.
pub type AfterValidation = dyn FnOnce(Python<'_>) -> PyResult<Execution> + Send;

/// An execution waiting for its document to be validated off the event loop.
struct Preparing {
    future: Py<PyAny>,
    then: Box<AfterValidation>,
}

enum State {
    Preparing(Box<Preparing>),
    Running(Box<Running>),
    Done(Py<PyAny>),
    /// Its result was taken (or it failed): awaiting it again is an error.
    Consumed,
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
        let mut running = Running::new(engine);
        let engine = running.engine();
        // Mutations run their root fields one at a time, continuing while nothing suspends.
        while !engine.has_pending() && engine.has_more_root() && !engine.has_fatal() {
            engine.run_root(py);
            engine.run_batches(py);
        }
        running.loaders = frame.take();
        let engine = running.engine();
        if let Some(fatal) = engine.take_fatal() {
            return Err(fatal); // dropping `running` closes the suspended resolvers
        }
        let options = engine.options().clone();
        if !engine.has_pending() || engine.is_data_null() {
            // With `data` already null nothing pending can change the response: dropping
            // `running` closes those resolvers.
            let result = engine.finish(py)?;
            super::dispatch::undriven(py, std::mem::take(&mut running.loaders));
            return Ok(Execution::done(options, result));
        }
        Ok(Execution::new(options, State::Running(running)))
    }

    /// An execution that runs `then` once `future` (document validation) completes.
    pub fn after(
        future: Bound<'_, PyAny>,
        options: Arc<ExecOptions>,
        then: Box<AfterValidation>,
    ) -> Self {
        let preparing = Preparing {
            future: future.unbind(),
            then,
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
            let State::Preparing(p) = std::mem::replace(&mut *guard, State::Consumed) else {
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
            let started = (p.then)(py)?;
            *guard = started
                .state
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
        }
        let running = match &mut *guard {
            State::Preparing(_) => unreachable!("preparation finished above"),
            State::Done(result) => {
                let r = result.clone_ref(py);
                *guard = State::Consumed;
                return Ok(Step::Return(r));
            }
            State::Consumed => {
                return Err(PyRuntimeError::new_err(
                    "cannot reuse an already awaited execution",
                ))
            }
            State::Running(r) => r,
        };
        match running.advance(py) {
            Ok(Step::Return(result)) => {
                *guard = State::Consumed;
                Ok(Step::Return(result))
            }
            Ok(other) => Ok(other),
            Err(e) => {
                running.close_all(py, None);
                *guard = State::Consumed;
                Err(e)
            }
        }
    }
}

impl Execution {
    /// The result of an execution that completed synchronously, `None` while it runs.
    pub fn finished(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        match &*self.state.lock().unwrap_or_else(|e| e.into_inner()) {
            State::Done(r) => Some(r.clone_ref(py)),
            _ => None,
        }
    }

    fn stop(&self, py: Python<'_>, exc: Option<&Bound<'_, PyAny>>) {
        self.state.clear_poison();
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let State::Running(r) = &mut *guard {
            r.close_all(py, exc);
        }
        *guard = State::Consumed;
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
        self.finished(py)
            .ok_or_else(|| PyRuntimeError::new_err("execution has not completed: await it"))
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
        let exc = crate::py_util::thrown(typ, val)?;
        self.stop(py, Some(&exc));
        Err(PyErr::from_value(exc))
    }

    fn close(&self, py: Python<'_>) {
        self.stop(py, None);
    }
}
