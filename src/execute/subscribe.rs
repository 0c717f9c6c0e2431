//! Subscriptions (spec §6.2.3): CreateSourceEventStream calls the root field's resolver for
//! its stream; `EventRunner` runs the selection for each event (MapSourceToResponseEvent);
//! `stream_error` is what a failing stream's last result carries.
//! <https://spec.graphql.org/October2021/#sec-Subscription>

use std::sync::Arc;

use pyo3::exceptions::{PyBaseException, PyException};
use pyo3::prelude::*;

use super::collect::Collector;
use super::driver::Execution;
use super::engine::{Engine, RootMode};
use super::field_error::error_parts;
use super::resolve::{call_resolver, make_info};
use super::ExecOptions;
use crate::coerce::coerce_arguments;
use crate::errors::{GqlError, PathSeg};
use crate::guard;
use crate::plan::{Resolver, SchemaPlan};
use crate::request::Begun;

/// CreateSourceEventStream: a request-error result, or `(source_stream, run_event)`.
/// <https://spec.graphql.org/October2021/#CreateSourceEventStream()>
pub fn create_source_event_stream(
    py: Python<'_>,
    plan: &Arc<SchemaPlan>,
    options: &Arc<ExecOptions>,
    begun: Begun,
) -> PyResult<Py<PyAny>> {
    let vars = begun.vars.bind(py);
    let collector = Collector {
        plan,
        doc: &begun.doc.doc,
        source: &begun.doc,
    };
    let root_fields = Arc::new(collector.collect_fields(
        py,
        begun.op.object_type(),
        std::iter::once(&begun.op.selection_set),
        vars,
    ));
    // `Info.selected_fields` of the root field reads the plan, as it does in an execution.
    let _ = begun.shared.plan.set(plan.clone());
    let Some(cf) = root_fields.first() else {
        return options.refuse(py, vec![GqlError::new("subscription selects no field")]);
    };
    let Resolver::Call { func, info, .. } = &cf.binding.resolver else {
        return options.refuse(
            py,
            vec![GqlError::new(format!(
                "subscription field \"{}\" has no resolver",
                cf.binding.definition.name
            ))],
        );
    };
    let path = || vec![PathSeg::Key(cf.response_key.clone_ref(py))];
    let located = |message: String| {
        let mut e = GqlError::new(message);
        e.locations = cf.locations(&begun.doc);
        e.path = Some(path());
        e
    };
    let kwargs = match coerce_arguments(
        plan,
        &cf.binding.definition,
        &cf.fields[0],
        &cf.binding.resolver,
        vars,
    ) {
        Ok(k) => k,
        Err((m, at)) => {
            let mut error = located(m);
            if let Some(at) = begun.doc.span_location(at) {
                error.locations = vec![at];
            }
            return options.refuse(py, vec![error]);
        }
    };
    let root_value = begun.shared.root.bind(py);
    let info_of = || make_info(py, &root_fields, 0, path(), &begun.shared);
    let stream = match call_resolver(func.bind(py), root_value, info, info_of, kwargs.as_ref()) {
        Ok(s) => s,
        Err(e) if !e.is_instance_of::<PyException>(py) => return Err(e),
        Err(e) => {
            let (message, extensions, unexpected) = error_parts(py, options, e.value(py));
            let mut error = located(message);
            error.extensions = extensions;
            error.original = unexpected.then(|| e.into_value(py).into_any());
            return options.refuse(py, vec![error]);
        }
    };
    if !stream.hasattr(pyo3::intern!(py, "__aiter__"))? {
        let shown = stream.repr().map(|r| r.to_string()).unwrap_or_default();
        return options.refuse(
            py,
            vec![located(format!(
                "Subscription field must return an async iterable. Received: {shown}."
            ))],
        );
    }
    let runner = EventRunner {
        plan: plan.clone(),
        options: options.clone(),
        begun,
    };
    Ok((stream, Bound::new(py, runner)?)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// The error a subscription's last result carries when its source stream raised `exc`,
/// under the masking policy of resolver errors.
pub fn stream_error<'py>(
    py: Python<'py>,
    options: &ExecOptions,
    exc: &Bound<'py, PyBaseException>,
) -> PyResult<Bound<'py, PyAny>> {
    let (message, extensions, unexpected) = error_parts(py, options, exc);
    let error = GqlError {
        extensions,
        original: unexpected.then(|| exc.clone().into_any().unbind()),
        ..GqlError::new(message)
    };
    error.to_py(py, options.error_factory.bind(py), None)
}

/// Runs the selection of a subscription for each event of its source stream.
#[pyclass(frozen, module = "grommet._core")]
pub struct EventRunner {
    plan: Arc<SchemaPlan>,
    options: Arc<ExecOptions>,
    begun: Begun,
}

#[pymethods]
impl EventRunner {
    fn __call__(&self, py: Python<'_>, event: Bound<'_, PyAny>) -> PyResult<Execution> {
        let options = self.options.clone();
        guard::catch(
            py,
            || {
                let engine = Engine::new(
                    py,
                    self.plan.clone(),
                    self.options.clone(),
                    self.begun.for_event(py),
                    RootMode::Event(event.unbind()),
                );
                Execution::start(py, engine)
            },
            || {
                let result = guard::internal_error(py, &options)?;
                Ok(Execution::done(options.clone(), result))
            },
        )
    }
}
