//! `CoreSchema`: a built schema bundle plus its document cache; the entry point for execution.

use std::sync::Arc;

use apollo_compiler::executable::Operation;
use apollo_compiler::Node;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::bundle::{InfoMode, Resolver, SchemaPlan};
use crate::coerce::{coerce_arguments, coerce_variables};
use crate::document::{prepare, validation_errors, DocumentCache, PreparedDocument};
use crate::errors::{GqlError, PathSeg};
use crate::execute::collect::{has_schema_introspection, Collector};
use crate::execute::driver::{EventRunner, Execution};
use crate::execute::engine::{Engine, RootMode};
use crate::execute::ExecOptions;
use crate::info::{ExecShared, Info};
use crate::runtime::{validate_off_loop, OFFLOAD_THRESHOLD};
use crate::{introspection, limits};

/// A schema built from a bundle, ready to execute operations.
#[pyclass(frozen, module = "grommet._core")]
pub struct CoreSchema {
    plan: Arc<SchemaPlan>,
    options: Arc<ExecOptions>,
    cache: Arc<DocumentCache>,
}

/// Everything an operation needs once its document is valid and its variables coerced.
struct Begun {
    doc: Arc<PreparedDocument>,
    op: Node<Operation>,
    vars: Py<PyDict>,
    shared: Arc<ExecShared>,
    introspection: Option<Py<PyDict>>,
}

impl CoreSchema {
    fn request_errors(&self, py: Python<'_>, errors: Vec<GqlError>) -> PyResult<Py<PyAny>> {
        if let Some(fatal) = crate::coerce::take_fatal() {
            return Err(fatal);
        }
        let factory = self.options.error_factory.bind(py);
        let list = PyList::new(
            py,
            errors
                .iter()
                .map(|e| e.to_py(py, factory))
                .collect::<PyResult<Vec<_>>>()?,
        )?;
        match &self.options.request_error_factory {
            Some(f) => Ok(f.bind(py).call1((list,))?.unbind()),
            None => Ok(self
                .options
                .result_factory
                .bind(py)
                .call1((py.None(), list, py.None()))?
                .unbind()),
        }
    }

    /// Validation (cached), operation choice, limits and variable coercion: spec §6.1 up to
    /// ExecuteQuery. `Err` carries request errors (the response has no `data`).
    #[allow(clippy::too_many_arguments)]
    fn begin(
        &self,
        py: Python<'_>,
        source: &str,
        variables: Option<&Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&str>,
        subscription: bool,
    ) -> Result<Begun, Vec<GqlError>> {
        let doc = prepare(py, &self.plan.schema, &self.cache, source)
            .map_err(|e| validation_errors(&e))?;
        let op = doc
            .doc
            .operations
            .get(operation_name)
            .map_err(|e| vec![GqlError::new(e.message().to_string())])?
            .clone();
        if self.plan.scalars.values().any(|s| s.parse.is_some()) {
            let refused = doc.scalar_literals.get_or_init(|| {
                crate::input_rules::check_scalar_literals(py, &self.plan, &doc.doc, doc.source())
                    .into_iter()
                    .map(|e| (e.message, e.locations, e.extensions))
                    .collect()
            });
            if !refused.is_empty() {
                return Err(refused
                    .iter()
                    .map(|(message, locations, extensions)| GqlError {
                        message: message.clone(),
                        locations: locations.clone(),
                        path: None,
                        extensions: extensions.as_ref().map(|e| e.clone_ref(py)),
                    })
                    .collect());
            }
        }
        let loc = crate::errors::span_location(op.location(), doc.source());
        if subscription != op.is_subscription() {
            let msg = if subscription {
                "subscribe() needs a subscription operation; use execute() for queries and mutations"
            } else {
                "execute() cannot run a subscription operation; use subscribe()"
            };
            return Err(vec![GqlError::new(msg).at(loc)]);
        }
        if self.options.max_depth.is_some() || self.options.max_complexity.is_some() {
            let (depth, complexity) = limits::measure(&doc.doc, &op.selection_set);
            if let Some(max) = self.options.max_depth.filter(|m| depth > *m) {
                return Err(vec![GqlError::new(format!(
                    "Query depth {depth} exceeds the maximum allowed depth of {max}."
                ))
                .at(loc)]);
            }
            if let Some(max) = self.options.max_complexity.filter(|m| complexity > *m) {
                return Err(vec![GqlError::new(format!(
                    "Query complexity {complexity} exceeds the maximum allowed complexity of {max}."
                ))
                .at(loc)]);
            }
        }
        let wants_introspection = has_schema_introspection(&doc.doc, &op.selection_set);
        if wants_introspection && !self.options.introspection {
            return Err(vec![GqlError::new("GraphQL introspection has been disabled, but the requested query contained the field \"__schema\" or \"__type\".").at(loc)]);
        }
        let raw = match variables {
            None => None,
            Some(v) if v.is_none() => None,
            Some(v) => Some(variables_dict(v).ok_or_else(|| {
                vec![GqlError::new(
                    "Variables must be provided as a JSON object (a mapping of names to values).",
                )]
            })?),
        };
        let vars = coerce_variables(&self.plan, &op, raw.as_ref(), doc.source(), py)?;
        let mut intro_errors = Vec::new();
        let intro = if wants_introspection && op.is_query() {
            let (data, errors) = introspection::execute(py, &self.plan, &doc, &op, raw.as_ref())?;
            intro_errors = errors;
            Some(data.unbind())
        } else {
            None
        };
        let shared = Arc::new(ExecShared {
            context: context.map(|c| c.unbind()).unwrap_or_else(|| py.None()),
            root: root.map(|r| r.unbind()).unwrap_or_else(|| py.None()),
            variables: vars.clone().unbind(),
            operation_name: op.name.as_ref().map(|n| n.to_string()),
        });
        let _ = intro_errors; // reported by apollo-compiler only for malformed introspection, never in practice
        Ok(Begun {
            doc,
            op,
            vars: vars.unbind(),
            shared,
            introspection: intro,
        })
    }

    fn engine(&self, py: Python<'_>, begun: Begun, mode: RootMode) -> Engine {
        Engine::new(
            py,
            self.plan.clone(),
            begun.doc,
            self.options.clone(),
            &begun.op,
            begun.vars.into_bound(py),
            begun.shared,
            mode,
            begun.introspection,
        )
    }
}

#[pymethods]
impl CoreSchema {
    #[new]
    #[pyo3(signature = (bundle, *, error_class, result_factory, error_factory, request_error_factory=None,
                        mask_errors=false, masked_message="Internal server error".to_owned(), introspection=true,
                        max_depth=None, max_complexity=None, document_cache_size=512))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        bundle: &Bound<'_, PyDict>,
        error_class: Py<PyAny>,
        result_factory: Py<PyAny>,
        error_factory: Py<PyAny>,
        request_error_factory: Option<Py<PyAny>>,
        mask_errors: bool,
        masked_message: String,
        introspection: bool,
        max_depth: Option<usize>,
        max_complexity: Option<usize>,
        document_cache_size: usize,
    ) -> PyResult<Self> {
        let plan = SchemaPlan::build(py, bundle)?;
        let options = ExecOptions {
            error_class,
            result_factory,
            error_factory,
            request_error_factory,
            masked_message: mask_errors.then_some(masked_message),
            introspection,
            max_depth,
            max_complexity,
        };
        Ok(CoreSchema {
            plan: Arc::new(plan),
            options: Arc::new(options),
            cache: Arc::new(DocumentCache::new(document_cache_size)),
        })
    }

    /// The schema printed as SDL.
    #[getter]
    fn sdl(&self) -> &str {
        &self.plan.sdl
    }

    /// Executes a query or mutation; returns an awaitable `Execution` whose synchronous part
    /// has already run. With `offload`, a long uncached document is validated on tokio's
    /// blocking pool while the event loop running in this thread keeps serving.
    #[pyo3(signature = (source, variables=None, context=None, root=None, operation_name=None, *, offload=true))]
    fn execute(
        slf: &Bound<'_, Self>,
        source: &str,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&str>,
        offload: bool,
    ) -> PyResult<Execution> {
        let py = slf.py();
        let this = slf.get();
        if offload && source.len() >= OFFLOAD_THRESHOLD && this.cache.get(source).is_none() {
            if let Ok(fut) = validate_off_loop(
                py,
                this.plan.schema.clone(),
                this.cache.clone(),
                source.to_owned(),
            ) {
                let resume = Execution::after(
                    fut,
                    slf.clone().unbind(),
                    source.to_owned(),
                    variables,
                    context,
                    root,
                    operation_name.map(str::to_owned),
                );
                return Ok(resume);
            }
        }
        this.execute_now(
            py,
            source,
            variables.as_ref(),
            context,
            root,
            operation_name,
        )
    }

    /// Starts a subscription: a request-error result, or `(source_stream, run_event)` where
    /// `run_event(event)` executes the selection for one event and returns an `Execution`.
    #[pyo3(signature = (source, variables=None, context=None, root=None, operation_name=None))]
    fn subscribe(
        &self,
        py: Python<'_>,
        source: &str,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let begun = match self.begin(
            py,
            source,
            variables.as_ref(),
            context,
            root,
            operation_name,
            true,
        ) {
            Ok(b) => b,
            Err(errors) => return self.request_errors(py, errors),
        };
        let vars = begun.vars.bind(py).clone();
        let collector = Collector {
            plan: &self.plan,
            doc: &begun.doc.doc,
            source: begun.doc.source(),
        };
        let root_fields = collector.collect(
            py,
            begun.op.object_type(),
            std::iter::once(&begun.op.selection_set),
            &vars,
        );
        let Some(cf) = root_fields.first() else {
            return self.request_errors(py, vec![GqlError::new("subscription selects no field")]);
        };
        let Resolver::Call { func, info, .. } = &cf.binding.resolver else {
            return self.request_errors(
                py,
                vec![GqlError::new(format!(
                    "subscription field \"{}\" has no resolver",
                    cf.binding.definition.name
                ))],
            );
        };
        let located = |message: String| {
            let mut e = GqlError::new(message);
            e.locations = cf.locations(begun.doc.source());
            e.path = Some(vec![PathSeg::Key(cf.response_key.clone_ref(py))]);
            e
        };
        let kwargs = match coerce_arguments(
            &self.plan,
            &cf.binding.definition,
            &cf.fields[0],
            &cf.binding.resolver,
            &vars,
        ) {
            Ok(k) => k.unwrap_or_else(|| PyDict::new(py)),
            Err((m, at)) => {
                let mut error = located(m);
                if let Some(at) = crate::errors::span_location(at, begun.doc.source()) {
                    error.locations = vec![at];
                }
                return self.request_errors(py, vec![error]);
            }
        };
        let root_value = begun.shared.root.bind(py).clone();
        let info_obj = Info {
            field_name: cf.binding.field_name.clone_ref(py),
            parent_type: cf.binding.parent_type.clone_ref(py),
            path: vec![PathSeg::Key(cf.response_key.clone_ref(py))],
            shared: begun.shared.clone(),
        };
        let called = match info {
            InfoMode::Omit => func.bind(py).call((root_value,), Some(&kwargs)),
            InfoMode::Positional => func
                .bind(py)
                .call((root_value, Bound::new(py, info_obj)?), Some(&kwargs)),
            InfoMode::Keyword(name) => {
                kwargs.set_item(name.bind(py), Bound::new(py, info_obj)?)?;
                func.bind(py).call((root_value,), Some(&kwargs))
            }
        };
        let stream = match called {
            Ok(s) => s,
            Err(e) if !e.is_instance_of::<pyo3::exceptions::PyException>(py) => return Err(e),
            Err(e) => {
                let v = e.value(py);
                let message = if v.is_instance(self.options.error_class.bind(py))? {
                    v.getattr("message")
                        .map(|m| m.to_string())
                        .unwrap_or_else(|_| v.to_string())
                } else if let Some(m) = &self.options.masked_message {
                    m.clone()
                } else {
                    v.to_string()
                };
                return self.request_errors(py, vec![located(message)]);
            }
        };
        if !stream.hasattr(pyo3::intern!(py, "__aiter__"))? {
            let shown = stream.repr().map(|r| r.to_string()).unwrap_or_default();
            return self.request_errors(
                py,
                vec![located(format!(
                    "Subscription field must return an async iterable. Received: {shown}."
                ))],
            );
        }
        let (plan, options) = (self.plan.clone(), self.options.clone());
        let Begun {
            doc,
            op,
            vars,
            shared,
            ..
        } = begun;
        let runner = EventRunner {
            make: Box::new(move |py, event| {
                Ok(Engine::new(
                    py,
                    plan.clone(),
                    doc.clone(),
                    options.clone(),
                    &op,
                    vars.bind(py).clone(),
                    shared.clone(),
                    RootMode::Event(event.unbind()),
                    None,
                ))
            }),
        };
        Ok((stream, Bound::new(py, runner)?)
            .into_pyobject(py)?
            .into_any()
            .unbind())
    }

    /// `"query"`, `"mutation"` or `"subscription"`: the type of the operation `source` would
    /// run, or `None` when the document is invalid or names no such operation. Validation is
    /// cached, so executing the same source afterwards costs no second parse.
    #[pyo3(signature = (source, operation_name=None))]
    fn operation_type(
        &self,
        py: Python<'_>,
        source: &str,
        operation_name: Option<&str>,
    ) -> Option<&'static str> {
        let doc = prepare(py, &self.plan.schema, &self.cache, source).ok()?;
        let op = doc.doc.operations.get(operation_name).ok()?;
        Some(if op.is_mutation() {
            "mutation"
        } else if op.is_subscription() {
            "subscription"
        } else {
            "query"
        })
    }

    fn __repr__(&self) -> String {
        format!("<CoreSchema with {} types>", self.plan.schema.types.len())
    }
}

impl CoreSchema {
    pub fn execute_now(
        &self,
        py: Python<'_>,
        source: &str,
        variables: Option<&Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&str>,
    ) -> PyResult<Execution> {
        match self.begin(py, source, variables, context, root, operation_name, false) {
            Ok(begun) => {
                let serial = begun.op.is_mutation();
                let engine = self.engine(py, begun, RootMode::Fields { serial });
                Execution::start(py, engine)
            }
            Err(errors) => Ok(Execution::done(self.request_errors(py, errors)?)),
        }
    }
}

/// The variables as a dict: a dict as is, any other mapping copied.
fn variables_dict<'py>(v: &Bound<'py, PyAny>) -> Option<Bound<'py, PyDict>> {
    if let Ok(d) = v.cast::<PyDict>() {
        return Some(d.clone());
    }
    if !crate::py_util::is_mapping(v).unwrap_or(false) {
        return None;
    }
    let d = PyDict::new(v.py());
    d.update(v.cast::<pyo3::types::PyMapping>().ok()?).ok()?;
    Some(d)
}
