//! The state of one execution (`Engine`) and the interface the scheduler (`scheduler.rs`)
//! drives it through. A synchronous pass over the response (`Pass`) completes every field
//! whose value is at hand inline, under one attachment to Python; a resolver that returns an
//! awaitable leaves a placeholder and a `Task` for the scheduler. The spec's steps live in
//! `selection_set.rs`, `complete.rs`, `abstract_type.rs` and `field_error.rs`.

use std::sync::Arc;

use apollo_compiler::ast::Type;
use apollo_compiler::Name;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::batch::{Batches, Special};
use super::collect::{Collected, CollectedField, Collector};
use super::field_error::Propagate;
use super::path::{OwnedPath, PathRef};
use super::ExecOptions;
use crate::errors::GqlError;
use crate::info::ExecShared;
use crate::plan::SchemaPlan;
use crate::request::Begun;

/// A field whose resolver returned an awaitable, waiting to be completed.
pub struct Task {
    pub awaitable: Py<PyAny>,
    pub path: Arc<OwnedPath>,
    pub fields: Arc<Collected>,
    pub index: usize,
    /// How many list levels below the field the awaited value sits (0: the field itself).
    pub depth: u8,
    /// Set when the task is not one field's value (a batch resolver, a DataLoader batch).
    pub special: Option<Box<Special>>,
}

/// The field a value being completed belongs to, and how deep in its list levels it is:
/// enough to turn an awaitable met anywhere in the value into a `Task`.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub fields: &'a Arc<Collected>,
    pub index: usize,
    pub depth: u8,
}

impl<'a> At<'a> {
    pub(super) fn cf(&self) -> &'a CollectedField {
        &self.fields[self.index]
    }

    pub(super) fn item(self) -> Self {
        At {
            depth: self.depth.saturating_add(1),
            ..self
        }
    }

    pub(super) fn task(&self, awaitable: Bound<'_, PyAny>, path: Arc<OwnedPath>) -> Task {
        Task {
            awaitable: awaitable.unbind(),
            path,
            fields: self.fields.clone(),
            index: self.index,
            depth: self.depth,
            special: None,
        }
    }
}

/// The type `depth` list levels inside `ty`.
fn item_type(mut ty: &Type, depth: u8) -> &Type {
    for _ in 0..depth {
        match ty {
            Type::List(item) | Type::NonNullList(item) => ty = item,
            Type::Named(_) | Type::NonNullNamed(_) => break,
        }
    }
    ty
}

/// Where the root selection comes from.
pub enum RootMode {
    /// Query (all root fields at once) or mutation (`serial`: one at a time).
    Fields { serial: bool },
    /// One subscription event: the single root field's value is the event.
    Event(Py<PyAny>),
}

/// The state of one execution, owned so it can outlive the call that started it.
pub struct Engine {
    plan: Arc<SchemaPlan>,
    options: Arc<ExecOptions>,
    pub(super) begun: Begun,
    root_type: Name,
    pub(super) root_fields: Arc<Collected>,
    next_root: usize,
    mode: RootMode,
    data: Py<PyDict>,
    pub(super) data_null: bool,
    errors: Vec<GqlError>,
    pub(super) pending: Vec<Task>,
    /// Batch fields gathered during the current pass.
    pub(super) batches: Batches,
    /// A `BaseException` that is not an `Exception` (KeyboardInterrupt, SystemExit,
    /// CancelledError) raised by user code: it ends the execution instead of becoming a field
    /// error.
    pub(super) fatal: Option<PyErr>,
    /// A subtree holding suspended fields was nulled: the scheduler cancels them.
    nulled: bool,
    /// Lists may be completed as their JSON text (`direct.rs`): `HttpPost`'s executions.
    direct: bool,
}

impl Engine {
    pub fn new(
        py: Python<'_>,
        plan: Arc<SchemaPlan>,
        options: Arc<ExecOptions>,
        begun: Begun,
        mode: RootMode,
    ) -> Self {
        let _ = begun.shared.plan.set(plan.clone());
        let root_type = begun.op.object_type().clone();
        let root_fields = {
            let collector = Collector {
                plan: &plan,
                doc: &begun.doc.doc,
                source: &begun.doc,
            };
            let sets = std::iter::once(&begun.op.selection_set);
            Arc::new(collector.collect_fields(py, &root_type, sets, begun.vars.bind(py)))
        };
        Engine {
            plan,
            options,
            begun,
            root_type,
            root_fields,
            next_root: 0,
            mode,
            data: PyDict::new(py).unbind(),
            data_null: false,
            errors: Vec::new(),
            pending: Vec::new(),
            batches: Batches::default(),
            fatal: None,
            nulled: false,
            direct: super::direct::requested(),
        }
    }

    pub(super) fn pass<'e, 'py>(&'e mut self, py: Python<'py>) -> Pass<'e, 'py> {
        let begun = &self.begun;
        Pass {
            collector: Collector {
                plan: &self.plan,
                doc: &begun.doc.doc,
                source: &begun.doc,
            },
            plan: &self.plan,
            options: &self.options,
            vars: begun.vars.bind(py).clone(),
            shared: &begun.shared,
            introspection: begun.introspection.as_ref().map(|d| d.bind(py).clone()),
            errors: &mut self.errors,
            pending: &mut self.pending,
            batches: &mut self.batches,
            fatal: &mut self.fatal,
            direct: self.direct,
        }
    }

    pub fn options(&self) -> &Arc<ExecOptions> {
        &self.options
    }

    pub fn has_more_root(&self) -> bool {
        self.next_root < self.root_fields.len() && !self.data_null
    }

    /// Runs root fields: all of them, or for a mutation the next one (spec §6.2.2: serially).
    pub fn run_root(&mut self, py: Python<'_>) {
        let fields = self.root_fields.clone();
        let data = self.data.bind(py).clone();
        let root_type = self.root_type.clone();
        let root = self.begun.shared.root.bind(py).clone();
        let start = self.next_root.min(fields.len());
        let end = match &self.mode {
            RootMode::Fields { serial: true } => (start + 1).min(fields.len()),
            _ => fields.len(),
        };
        self.next_root = end;
        let event = match &self.mode {
            RootMode::Event(e) => Some(e.bind(py).clone()),
            RootMode::Fields { .. } => None,
        };
        let mut pass = self.pass(py);
        let outcome = match event {
            Some(event) => pass.execute_subscription_event(py, &fields, &event, &data),
            None => {
                let object = super::selection_set::ObjectValue {
                    value: &root,
                    object_type: &root_type,
                };
                pass.execute_selection_set(py, &fields, start..end, object, &data, None)
            }
        };
        if outcome.is_err() {
            self.data_null = true;
        }
    }

    /// Completes a suspended field with its outcome and writes it into the response.
    pub fn resume(&mut self, py: Python<'_>, mut task: Task, outcome: PyResult<Bound<'_, PyAny>>) {
        if let Some(special) = task.special.take() {
            return self.resume_special(py, *special, outcome);
        }
        let Task {
            path,
            fields,
            index,
            depth,
            ..
        } = task;
        if self.data_null || path.is_dead() {
            // Its subtree (or `data`) was nulled meanwhile, by a field that finished earlier
            // in the same turn: neither its value nor its error is reported.
            return;
        }
        let cf = &fields[index];
        let ty = item_type(&cf.binding.definition.ty, depth);
        let at = At {
            fields: &fields,
            index,
            depth,
        };
        let mut pass = self.pass(py);
        let here = PathRef::Owned(&path);
        let completed = match outcome {
            Ok(value) => pass.complete_value(py, ty, &value, at, here),
            Err(err) => {
                pass.resolver_error(py, err, cf, here);
                if ty.is_non_null() {
                    Err(Propagate)
                } else {
                    Ok(py.None().into_bound(py))
                }
            }
        };
        match completed {
            Ok(value) => {
                if let Err(e) = path.write(py, &value) {
                    self.errors.push(GqlError::new(e.to_string()));
                }
            }
            Err(Propagate) => {
                self.propagate_from(py, path.parent.as_ref());
            }
        }
    }

    /// Nulls the nearest nullable ancestor of a failed non-null position (spec §6.4.4).
    pub(super) fn propagate_from(&mut self, py: Python<'_>, mut at: Option<&Arc<OwnedPath>>) {
        while let Some(node) = at {
            if node.nullable {
                let _ = node.write(py, &py.None().into_bound(py));
                node.kill();
                self.nulled = true;
                return;
            }
            at = node.parent.as_ref();
        }
        self.data_null = true;
    }

    /// The awaitables the last pass left, for the scheduler to start.
    pub fn take_pending(&mut self) -> Vec<Task> {
        std::mem::take(&mut self.pending)
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Keeps the tasks not yet started for which `keep` holds.
    pub fn retain_pending(&mut self, keep: impl FnMut(&Task) -> bool) {
        self.pending.retain(keep);
    }

    /// The exception that ends the execution, if user code raised one.
    pub fn take_fatal(&mut self) -> Option<PyErr> {
        self.fatal.take()
    }

    pub fn has_fatal(&self) -> bool {
        self.fatal.is_some()
    }

    /// Whether `data` is null: nothing still running can change the response.
    pub fn is_data_null(&self) -> bool {
        self.data_null
    }

    /// Whether a subtree holding suspended fields was nulled since the last call.
    pub fn take_nulled(&mut self) -> bool {
        std::mem::take(&mut self.nulled)
    }

    /// The response, through the Python factories.
    pub fn finish(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let factory = self.options.error_factory.bind(py);
        let errors = self
            .errors
            .iter()
            .map(|e| e.to_py(py, factory, self.begun.shared.operation_name.as_deref()))
            .collect::<PyResult<Vec<_>>>()?;
        let data = if self.data_null {
            py.None().into_bound(py)
        } else {
            self.data.bind(py).clone().into_any()
        };
        Ok(self
            .options
            .result_factory
            .bind(py)
            .call1((data, PyList::new(py, errors)?, py.None()))?
            .unbind())
    }
}

/// One synchronous pass over the response: borrows the engine's parts it needs.
pub struct Pass<'e, 'py> {
    pub(super) collector: Collector<'e>,
    pub(super) plan: &'e SchemaPlan,
    pub(super) options: &'e ExecOptions,
    pub(super) vars: Bound<'py, PyDict>,
    pub(super) shared: &'e Arc<ExecShared>,
    pub(super) introspection: Option<Bound<'py, PyDict>>,
    pub(super) errors: &'e mut Vec<GqlError>,
    pub(super) pending: &'e mut Vec<Task>,
    pub(super) batches: &'e mut Batches,
    pub(super) fatal: &'e mut Option<PyErr>,
    pub(super) direct: bool,
}
