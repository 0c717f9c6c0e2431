//! A GraphQL request (spec §6.1, ExecuteRequest) and the steps before execution: validation
//! (cached), operation choice, the schema's limits, variable coercion and introspection.
//! <https://spec.graphql.org/October2021/#sec-Executing-Requests>

use std::borrow::Cow;
use std::sync::Arc;

use apollo_compiler::executable::Operation;
use apollo_compiler::Node;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::coerce::coerce_variables;
use crate::document::{prepare, validation_errors, DocumentCache, PreparedDocument};
use crate::errors::GqlError;
use crate::execute::collect::{has_schema_introspection, Collector};
use crate::execute::ExecOptions;
use crate::info::ExecShared;
use crate::introspection;
use crate::plan::{Resolver, SchemaPlan};

/// What a client asks: the document, its variables and operation name, and the caller's
/// context and root value.
pub struct Request<'a> {
    pub source: Cow<'a, str>,
    pub variables: Option<Py<PyAny>>,
    pub context: Option<Py<PyAny>>,
    pub root: Option<Py<PyAny>>,
    pub operation_name: Option<Cow<'a, str>>,
}

impl Request<'_> {
    /// The same request owning its text, to run later (after validation off the loop).
    pub fn into_owned(self) -> Request<'static> {
        Request {
            source: Cow::Owned(self.source.into_owned()),
            variables: self.variables,
            context: self.context,
            root: self.root,
            operation_name: self.operation_name.map(|n| Cow::Owned(n.into_owned())),
        }
    }
}

/// Everything an operation needs once its document is valid and its variables coerced.
pub struct Begun {
    pub doc: Arc<PreparedDocument>,
    pub op: Node<Operation>,
    pub vars: Py<PyDict>,
    pub shared: Arc<ExecShared>,
    /// The answers of `__schema` / `__type` root fields, computed up front.
    pub introspection: Option<Py<PyDict>>,
}

impl Begun {
    /// The same operation again (one per subscription event), without introspection.
    pub fn for_event(&self, py: Python<'_>) -> Begun {
        Begun {
            doc: self.doc.clone(),
            op: self.op.clone(),
            vars: self.vars.clone_ref(py),
            shared: self.shared.clone(),
            introspection: None,
        }
    }
}

/// The schema's parts a request is admitted against.
pub struct Admission<'a> {
    pub plan: &'a SchemaPlan,
    pub options: &'a ExecOptions,
    pub cache: &'a DocumentCache,
}

impl Admission<'_> {
    /// Validation (cached), operation choice, limits and variable coercion: spec §6.1 up to
    /// ExecuteQuery. `Err` carries request errors (the response has no `data`).
    pub fn begin(
        &self,
        py: Python<'_>,
        request: Request<'_>,
        subscription: bool,
    ) -> Result<Begun, Vec<GqlError>> {
        let plan = self.plan;
        let doc = prepare(py, &plan.schema, self.cache, &request.source)
            .map_err(|e| validation_errors(&e))?;
        let op = doc
            .doc
            .operations
            .get(request.operation_name.as_deref())
            .map_err(|e| vec![GqlError::new(e.message().to_string())])?
            .clone();
        if plan.scalars.values().any(|s| s.parse.is_some()) {
            let refused = doc.scalar_literals.get_or_init(|| {
                crate::input_rules::check_scalar_literals(py, plan, &doc)
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
                        original: None,
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
        let raw = match request.variables.as_ref().map(|v| v.bind(py)) {
            None => None,
            Some(v) if v.is_none() => None,
            Some(v) => Some(variables_dict(v).ok_or_else(|| {
                vec![GqlError::new(
                    "Variables must be provided as a JSON object (a mapping of names to values).",
                )]
            })?),
        };
        let vars = coerce_variables(
            plan,
            &op,
            raw.as_ref(),
            self.options.max_input_depth,
            &doc,
            py,
        )?;
        let intro = if wants_introspection && op.is_query() {
            let collector = Collector {
                plan,
                doc: &doc.doc,
                source: &doc,
            };
            let meta = collector
                .collect_fields(
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
            let (data, _errors) = introspection::execute(py, plan, &doc, &op, meta, raw.as_ref())?;
            Some(data.unbind())
        } else {
            None
        };
        let shared = Arc::new(ExecShared {
            context: request.context.unwrap_or_else(|| py.None()),
            root: request.root.unwrap_or_else(|| py.None()),
            variables: vars.clone().unbind(),
            operation_name: op.name.as_ref().map(|n| n.to_string()),
            operation_type: operation_kind(&op),
            plan: std::sync::OnceLock::new(),
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

/// `"query"`, `"mutation"` or `"subscription"`: the operation's type as Python names it.
pub fn operation_kind(op: &Operation) -> &'static str {
    if op.is_mutation() {
        "mutation"
    } else if op.is_subscription() {
        "subscription"
    } else {
        "query"
    }
}
