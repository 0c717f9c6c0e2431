//! `CoreSchema`: a built schema bundle plus its document cache; the entry point for execution.

use std::sync::Arc;

use apollo_compiler::executable::Operation;
use apollo_compiler::Node;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::bundle::{InfoMode, Resolver, SchemaPlan};
use crate::coerce::INPUT_NESTING_LIMIT;
use crate::coerce::{coerce_arguments, coerce_variables};
use crate::document::{prepare, validation_errors, DocumentCache, PreparedDocument};
use crate::errors::{line_column, GqlError, PathSeg};
use crate::execute::collect::{has_schema_introspection, Collector};
use crate::execute::driver::{EventRunner, Execution};
use crate::execute::engine::{Engine, RootMode};
use crate::execute::ExecOptions;
use crate::guard;
use crate::info::{ExecShared, Info};
use crate::introspection;
use crate::limits::Limits;
use crate::runtime::{validate_off_loop, OFFLOAD_THRESHOLD};

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
        self.options.request_errors(py, errors)
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
        let loc = doc.span_location(op.location());
        if subscription != op.is_subscription() {
            let msg = if subscription {
                "subscribe() needs a subscription operation; use execute() for queries and mutations"
            } else {
                "execute() cannot run a subscription operation; use subscribe()"
            };
            return Err(vec![GqlError::new(msg).at(loc)]);
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
        let vars = coerce_variables(
            &self.plan,
            &op,
            raw.as_ref(),
            self.options.max_input_depth,
            &doc,
            py,
        )?;
        let intro = if wants_introspection && op.is_query() {
            let collector = Collector {
                plan: &self.plan,
                doc: &doc.doc,
                source: &doc,
            };
            let meta = collector
                .collect(
                    py,
                    op.object_type(),
                    std::iter::once(&op.selection_set),
                    &vars,
                )
                .into_iter()
                .filter(|cf| matches!(cf.binding.resolver, Resolver::Introspection))
                .flat_map(|cf| cf.fields)
                .collect();
            // apollo-compiler reports errors only for malformed introspection, never in practice.
            let (data, _errors) =
                introspection::execute(py, &self.plan, &doc, &op, meta, raw.as_ref())?;
            Some(data.unbind())
        } else {
            None
        };
        let shared = Arc::new(ExecShared {
            context: context.map(|c| c.unbind()).unwrap_or_else(|| py.None()),
            root: root.map(|r| r.unbind()).unwrap_or_else(|| py.None()),
            variables: vars.clone().unbind(),
            operation_name: op.name.as_ref().map(|n| n.to_string()),
            plan: self.plan.clone(),
            doc: doc.clone(),
        });
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
                        max_depth=None, max_complexity=None, max_aliases=None, max_directives=None,
                        max_input_depth=None, document_cache_size=512))]
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
        max_aliases: Option<usize>,
        max_directives: Option<usize>,
        max_input_depth: Option<usize>,
        document_cache_size: usize,
    ) -> PyResult<Self> {
        let plan = SchemaPlan::build(py, bundle)?;
        let limits = Limits {
            max_depth,
            max_complexity,
            max_aliases,
            max_directives,
        };
        let options = ExecOptions {
            error_class,
            result_factory,
            error_factory,
            request_error_factory,
            masked_message: mask_errors.then_some(masked_message),
            introspection,
            max_input_depth: max_input_depth
                .unwrap_or(INPUT_NESTING_LIMIT)
                .min(INPUT_NESTING_LIMIT),
        };
        Ok(CoreSchema {
            plan: Arc::new(plan),
            options: Arc::new(options),
            cache: Arc::new(DocumentCache::new(document_cache_size, limits)),
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
        source: &Bound<'_, PyString>,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&Bound<'_, PyString>>,
        offload: bool,
    ) -> PyResult<Execution> {
        let py = slf.py();
        let this = slf.get();
        let options = &this.options;
        guard::catch(
            py,
            || {
                let source = match text(source) {
                    Ok(s) => s,
                    Err(error) => {
                        return Ok(Execution::done(
                            options.clone(),
                            this.request_errors(py, vec![error])?,
                        ));
                    }
                };
                let operation_name = operation_name.map(name_text);
                if offload && source.len() >= OFFLOAD_THRESHOLD && this.cache.get(source).is_none()
                {
                    if let Ok(fut) = validate_off_loop(
                        py,
                        this.plan.schema.clone(),
                        this.cache.clone(),
                        source.to_owned(),
                    ) {
                        return Ok(Execution::after(
                            fut,
                            slf.clone().unbind(),
                            options.clone(),
                            source.to_owned(),
                            variables,
                            context,
                            root,
                            operation_name.map(|n| n.into_owned()),
                        ));
                    }
                }
                this.execute_now(
                    py,
                    source,
                    variables.as_ref(),
                    context,
                    root,
                    operation_name.as_deref(),
                )
            },
            || {
                Ok(Execution::done(
                    options.clone(),
                    guard::internal_error(py, options)?,
                ))
            },
        )
    }

    /// Starts a subscription: a request-error result, or `(source_stream, run_event)` where
    /// `run_event(event)` executes the selection for one event and returns an `Execution`.
    #[pyo3(signature = (source, variables=None, context=None, root=None, operation_name=None))]
    fn subscribe(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyString>,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Py<PyAny>> {
        guard::catch(
            py,
            || {
                let source = match text(source) {
                    Ok(s) => s,
                    Err(error) => return self.request_errors(py, vec![error]),
                };
                let operation_name = operation_name.map(name_text);
                self.subscribe_now(
                    py,
                    source,
                    variables,
                    context,
                    root,
                    operation_name.as_deref(),
                )
            },
            || guard::internal_error(py, &self.options),
        )
    }

    /// `"query"`, `"mutation"` or `"subscription"`: the type of the operation `source` would
    /// run, or `None` when the document is invalid or names no such operation. Validation is
    /// cached, so executing the same source afterwards costs no second parse.
    #[pyo3(signature = (source, operation_name=None))]
    fn operation_type(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyString>,
        operation_name: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Option<&'static str>> {
        let find = || {
            let source = text(source).ok()?;
            let doc = prepare(py, &self.plan.schema, &self.cache, source).ok()?;
            let name = operation_name.map(name_text);
            let op = doc.doc.operations.get(name.as_deref()).ok()?;
            Some(if op.is_mutation() {
                "mutation"
            } else if op.is_subscription() {
                "subscription"
            } else {
                "query"
            })
        };
        guard::catch(py, || Ok(find()), || Ok(None))
    }

    fn __repr__(&self) -> String {
        format!("<CoreSchema with {} types>", self.plan.schema.types.len())
    }
}

impl CoreSchema {
    fn subscribe_now(
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
            source: &begun.doc,
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
            e.locations = cf.locations(&begun.doc);
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
                if let Some(at) = begun.doc.span_location(at) {
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
            field: None,
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
            options: options.clone(),
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
            Err(errors) => Ok(Execution::done(
                self.options.clone(),
                self.request_errors(py, errors)?,
            )),
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

/// The document text; a string that is not valid Unicode (a lone surrogate, which Python
/// strings may hold) is a syntax error located at the offending character.
fn text<'a>(source: &'a Bound<'_, PyString>) -> Result<&'a str, GqlError> {
    source.to_str().map_err(|_| {
        let lossy = source.to_string_lossy();
        // `to_string_lossy` encodes a lone surrogate as three replacement characters.
        let at = lossy.find('\u{FFFD}').unwrap_or(0);
        let code = source
            .call_method1("encode", ("utf-16-le", "surrogatepass"))
            .ok()
            .and_then(|b| b.extract::<Vec<u8>>().ok())
            .and_then(|units| {
                units
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .find(|u| (0xD800..0xE000).contains(u))
            })
            .unwrap_or(0xD800);
        GqlError::new(format!(
            "syntax error: invalid character U+{code:04X} (a lone surrogate is not Unicode text)"
        ))
        .at(Some(line_column(&lossy, at)))
    })
}

/// Panics inside the guard every entry point uses and returns what the guard made of it: the
/// response a request gets when the engine hits a bug. For tests of that guard only.
#[pyfunction]
pub fn _panic_inside_guard(py: Python<'_>, schema: &Bound<'_, CoreSchema>) -> PyResult<Py<PyAny>> {
    let options = &schema.get().options;
    guard::catch(
        py,
        || -> PyResult<Py<PyAny>> { panic!("a deliberate panic, for the guard's test") },
        || guard::internal_error(py, options),
    )
}

/// An operation name as text; lone surrogates (never part of a GraphQL name) are written as
/// `\uXXXX` so the "no such operation" error shows what was asked for.
fn name_text<'a>(name: &'a Bound<'_, PyString>) -> std::borrow::Cow<'a, str> {
    match name.to_str() {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(
            name.call_method1("encode", ("utf-8", "backslashreplace"))
                .and_then(|b| b.extract::<Vec<u8>>())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|_| name.to_string_lossy().into_owned()),
        ),
    }
}
