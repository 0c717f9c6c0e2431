//! The synchronous part of execution: ExecuteSelectionSet, ExecuteField, CompleteValue.
//! Every field whose value is at hand completes inline, under one attachment to Python; a
//! resolver that returns an awaitable leaves a placeholder and a `Task` for the driver.

use std::sync::Arc;

use apollo_compiler::ast::Type;
use apollo_compiler::executable::Operation;
use apollo_compiler::{Name, Node};
use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::batch::{BatchItem, Batches, Special};
use super::collect::{Collected, CollectedField, Collector};
use super::path::{OwnedPath, PathNode, PathRef, SegRef};
use super::read::{found_type, read_attr, typename_of};
use super::ExecOptions;
use crate::bundle::{InfoMode, OutputKind, Resolver, SchemaPlan};
use crate::coerce::coerce_arguments;
use crate::document::PreparedDocument;
use crate::errors::GqlError;
use crate::info::{ExecShared, Info};
use crate::py_util::{
    collect_async, is_async_iterable, is_awaitable, is_exception, is_mapping, untrack,
};
use crate::serialize::{serialize_leaf, LeafError};

/// A non-null position failed: the error is recorded, the nearest nullable ancestor becomes null.
pub struct Propagate;

type Completion<'py> = Result<Bound<'py, PyAny>, Propagate>;

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
    fn cf(&self) -> &'a CollectedField {
        &self.fields[self.index]
    }

    fn item(self) -> Self {
        At {
            depth: self.depth.saturating_add(1),
            ..self
        }
    }

    fn task(&self, awaitable: Bound<'_, PyAny>, path: Arc<OwnedPath>) -> Task {
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
    pub plan: Arc<SchemaPlan>,
    pub doc: Arc<PreparedDocument>,
    pub options: Arc<ExecOptions>,
    pub vars: Py<PyDict>,
    pub shared: Arc<ExecShared>,
    pub root_type: Name,
    pub root_fields: Arc<Collected>,
    pub next_root: usize,
    pub mode: RootMode,
    pub data: Py<PyDict>,
    pub data_null: bool,
    pub introspection: Option<Py<PyDict>>,
    pub errors: Vec<GqlError>,
    pub pending: Vec<Task>,
    /// Batch fields gathered during the current pass.
    pub batches: Batches,
    /// A `BaseException` that is not an `Exception` (KeyboardInterrupt, SystemExit,
    /// CancelledError) raised by user code: it ends the execution instead of becoming a field
    /// error.
    pub fatal: Option<PyErr>,
    /// A subtree holding suspended fields was nulled: the driver cancels them.
    pub nulled: bool,
}

impl Engine {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        py: Python<'_>,
        plan: Arc<SchemaPlan>,
        doc: Arc<PreparedDocument>,
        options: Arc<ExecOptions>,
        op: &Node<Operation>,
        vars: Bound<'_, PyDict>,
        shared: Arc<ExecShared>,
        mode: RootMode,
        introspection: Option<Py<PyDict>>,
    ) -> Self {
        let root_type = op.object_type().clone();
        let root_fields = {
            let collector = Collector {
                plan: &plan,
                doc: &doc.doc,
                source: &doc,
            };
            Arc::new(collector.collect(py, &root_type, std::iter::once(&op.selection_set), &vars))
        };
        Engine {
            plan,
            doc,
            options,
            vars: vars.unbind(),
            shared,
            root_type,
            root_fields,
            next_root: 0,
            mode,
            data: PyDict::new(py).unbind(),
            data_null: false,
            introspection,
            errors: Vec::new(),
            pending: Vec::new(),
            batches: Batches::default(),
            fatal: None,
            nulled: false,
        }
    }

    fn pass<'e, 'py>(&'e mut self, py: Python<'py>) -> Pass<'e, 'py> {
        Pass {
            collector: Collector {
                plan: &self.plan,
                doc: &self.doc.doc,
                source: &self.doc,
            },
            plan: &self.plan,
            options: &self.options,
            vars: self.vars.bind(py).clone(),
            shared: &self.shared,
            introspection: self.introspection.as_ref().map(|d| d.bind(py).clone()),
            errors: &mut self.errors,
            pending: &mut self.pending,
            batches: &mut self.batches,
            fatal: &mut self.fatal,
        }
    }

    pub fn has_more_root(&self) -> bool {
        self.next_root < self.root_fields.len() && !self.data_null
    }

    /// Runs root fields: all of them, or for a mutation the next one (spec §6.2.2: serially).
    pub fn run_root(&mut self, py: Python<'_>) {
        let fields = self.root_fields.clone();
        let data = self.data.bind(py).clone();
        let root_type = self.root_type.clone();
        let root = self.shared.root.bind(py).clone();
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
            Some(event) => pass.complete_event(py, &fields, &event, &data),
            None => pass.fill_object(py, &fields, start..end, &root, &root_type, &data, None),
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
        if path.is_dead() {
            // Its subtree was nulled meanwhile: neither its value nor its error is reported.
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
            Err(Propagate) => self.propagate_from(py, path.parent.as_ref()),
        }
    }

    /// Nulls the nearest nullable ancestor of a failed non-null position.
    fn propagate_from(&mut self, py: Python<'_>, mut at: Option<&Arc<OwnedPath>>) {
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

    /// The response, through the Python factories.
    pub fn finish(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let factory = self.options.error_factory.bind(py);
        let errors = self
            .errors
            .iter()
            .map(|e| e.to_py(py, factory))
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
    collector: Collector<'e>,
    plan: &'e SchemaPlan,
    options: &'e ExecOptions,
    vars: Bound<'py, PyDict>,
    shared: &'e Arc<ExecShared>,
    introspection: Option<Bound<'py, PyDict>>,
    errors: &'e mut Vec<GqlError>,
    pending: &'e mut Vec<Task>,
    batches: &'e mut Batches,
    fatal: &'e mut Option<PyErr>,
}

impl<'py> Pass<'_, 'py> {
    /// ExecuteSelectionSet into `dict` for the fields `range` of `fields`.
    #[allow(clippy::too_many_arguments)]
    fn fill_object(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        range: std::ops::Range<usize>,
        parent: &Bound<'py, PyAny>,
        object_type: &Name,
        dict: &Bound<'py, PyDict>,
        parent_path: Option<PathRef<'_, 'py>>,
    ) -> Result<(), Propagate> {
        let container = dict.as_any();
        for index in range {
            if self.fatal.is_some() {
                return Err(Propagate);
            }
            let cf = &fields[index];
            let ty = &cf.binding.definition.ty;
            let node = PathNode::new(
                parent_path,
                SegRef::Key(&cf.response_key),
                container,
                !ty.is_non_null(),
            );
            let value = self.execute_field(py, fields, index, parent, object_type, &node)?;
            if let Err(e) = dict.set_item(cf.response_key.bind(py), value) {
                self.push_error(py, e.to_string(), None, cf, PathRef::Node(&node));
                return Err(Propagate);
            }
        }
        Ok(())
    }

    fn complete_event(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        event: &Bound<'py, PyAny>,
        dict: &Bound<'py, PyDict>,
    ) -> Result<(), Propagate> {
        let Some(cf) = fields.first() else {
            return Ok(());
        };
        let at = At {
            fields,
            index: 0,
            depth: 0,
        };
        let ty = &cf.binding.definition.ty;
        let node = PathNode::new(
            None,
            SegRef::Key(&cf.response_key),
            dict.as_any(),
            !ty.is_non_null(),
        );
        let value = self.complete_value(py, ty, event, at, PathRef::Node(&node))?;
        let _ = dict.set_item(cf.response_key.bind(py), value);
        Ok(())
    }

    /// ExecuteField: resolve, then complete; an awaitable becomes a `Task` and a placeholder.
    fn execute_field(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        index: usize,
        parent: &Bound<'py, PyAny>,
        object_type: &Name,
        node: &PathNode<'_, 'py>,
    ) -> Completion<'py> {
        let cf = &fields[index];
        let at = At {
            fields,
            index,
            depth: 0,
        };
        let here = PathRef::Node(node);
        let ty = &cf.binding.definition.ty;
        let value = match &cf.binding.resolver {
            Resolver::Attr(name) => match read_attr(parent, name.bind(py)) {
                Ok(v) if is_awaitable(&v) => {
                    self.pending.push(at.task(v, node.to_owned_path()));
                    return Ok(py.None().into_bound(py));
                }
                Ok(v) => v,
                Err(e) => return self.fail_field(py, e, cf, here),
            },
            Resolver::Typename => return Ok(PyString::new(py, object_type.as_str()).into_any()),
            Resolver::Introspection => {
                let found = self
                    .introspection
                    .as_ref()
                    .and_then(|d| d.get_item(cf.response_key.bind(py)).ok().flatten());
                return Ok(found.unwrap_or_else(|| py.None().into_bound(py)));
            }
            Resolver::Call {
                func, info, batch, ..
            } => {
                let kwargs = match self.arguments(py, cf) {
                    Ok(k) => k,
                    Err((message, at)) => {
                        if let Some(fatal) = crate::coerce::take_fatal() {
                            *self.fatal = Some(fatal);
                            return Err(Propagate);
                        }
                        self.push_error(py, message, None, cf, here);
                        if let Some(at) = self.collector.source.span_location(at) {
                            // Located at the offending value, as graphql-core does.
                            if let Some(last) = self.errors.last_mut() {
                                last.locations = vec![at];
                            }
                        }
                        return if ty.is_non_null() {
                            Err(Propagate)
                        } else {
                            Ok(py.None().into_bound(py))
                        };
                    }
                };
                if *batch {
                    let item = BatchItem {
                        parent: parent.clone().unbind(),
                        path: node.to_owned_path(),
                        fields: fields.clone(),
                        index,
                    };
                    self.batches.defer(py, &cf.binding, kwargs.as_ref(), item);
                    return Ok(py.None().into_bound(py));
                }
                let info_obj = match info {
                    InfoMode::Omit => None,
                    _ => match self.make_info(py, cf, (fields, index), here) {
                        Ok(i) => Some(i),
                        Err(e) => return self.fail_field(py, e, cf, here),
                    },
                };
                let func = func.bind(py);
                let called = match (info, info_obj, kwargs) {
                    (InfoMode::Omit, _, None) => func.call1((parent,)),
                    (InfoMode::Omit, _, Some(kw)) => func.call((parent,), Some(&kw)),
                    (InfoMode::Positional, Some(i), None) => func.call1((parent, i)),
                    (InfoMode::Positional, Some(i), Some(kw)) => func.call((parent, i), Some(&kw)),
                    (InfoMode::Keyword(name), Some(i), kw) => {
                        let kw = match kw {
                            Some(k) => k.copy(),
                            None => Ok(PyDict::new(py)),
                        };
                        kw.and_then(|kw| {
                            kw.set_item(name.bind(py), i)?;
                            func.call((parent,), Some(&kw))
                        })
                    }
                    (_, None, _) => unreachable!("info is built whenever it is requested"),
                };
                match called {
                    Ok(v) if is_awaitable(&v) => {
                        self.pending.push(at.task(v, node.to_owned_path()));
                        return Ok(py.None().into_bound(py));
                    }
                    Ok(v) => v,
                    Err(e) => return self.fail_field(py, e, cf, here),
                }
            }
        };
        self.complete_value(py, ty, &value, at, here)
    }

    fn arguments(
        &self,
        py: Python<'py>,
        cf: &CollectedField,
    ) -> Result<Option<Bound<'py, PyDict>>, crate::coerce::ArgError> {
        let cached = cf.args.get_or_init(|| {
            coerce_arguments(
                self.plan,
                &cf.binding.definition,
                &cf.fields[0],
                &cf.binding.resolver,
                &self.vars,
            )
            .map(|k| k.map(|d| d.unbind()))
        });
        match cached {
            Ok(k) => Ok(k.as_ref().map(|d| d.bind(py).clone())),
            Err(m) => Err(m.clone()),
        }
    }

    fn make_info(
        &self,
        py: Python<'py>,
        cf: &CollectedField,
        (fields, index): (&Arc<Collected>, usize),
        here: PathRef<'_, 'py>,
    ) -> PyResult<Bound<'py, Info>> {
        Bound::new(
            py,
            Info {
                field_name: cf.binding.field_name.clone_ref(py),
                parent_type: cf.binding.parent_type.clone_ref(py),
                path: here.segments(py),
                shared: self.shared.clone(),
                field: Some((fields.clone(), index)),
            },
        )
    }

    /// CompleteValue, with the null handling of this position applied.
    pub fn complete_value(
        &mut self,
        py: Python<'py>,
        ty: &Type,
        value: &Bound<'py, PyAny>,
        at: At<'_>,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        match self.complete_inner(py, ty, value, at, here) {
            // Fields below this position that suspended during this pass are dropped (never
            // started), as graphql-core cancels them; a subtree nulled after its fields started
            // is cancelled by `Engine::propagate_from`.
            Err(Propagate) if !ty.is_non_null() => {
                here.kill();
                Ok(py.None().into_bound(py))
            }
            other => other,
        }
    }

    fn complete_inner(
        &mut self,
        py: Python<'py>,
        ty: &Type,
        value: &Bound<'py, PyAny>,
        at: At<'_>,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let cf = at.cf();
        if value.is_none() {
            if ty.is_non_null() {
                let def = &cf.binding.definition;
                let parent = cf
                    .binding
                    .parent_type
                    .bind(py)
                    .to_string_lossy()
                    .into_owned();
                self.push_error(
                    py,
                    format!(
                        "Cannot return null for non-nullable field {parent}.{}.",
                        def.name
                    ),
                    None,
                    cf,
                    here,
                );
                return Err(Propagate);
            }
            return Ok(value.clone());
        }
        if is_exception(value) {
            // A returned (not raised) exception is the field's error, as in graphql-core.
            self.resolver_error(py, PyErr::from_value(value.clone()), cf, here);
            return Err(Propagate);
        }
        match ty {
            Type::List(item) | Type::NonNullList(item) => {
                self.complete_list(py, item, value, at, here)
            }
            Type::Named(name) | Type::NonNullNamed(name) => {
                self.complete_named(py, name, value, cf, here)
            }
        }
    }

    fn complete_list(
        &mut self,
        py: Python<'py>,
        item_ty: &Type,
        value: &Bound<'py, PyAny>,
        at: At<'_>,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let cf = at.cf();
        let items: Vec<Bound<'py, PyAny>> = if let Ok(list) = value.cast::<PyList>() {
            list.iter().collect()
        } else if let Ok(tuple) = value.cast::<PyTuple>() {
            tuple.iter().collect()
        } else if value.cast::<PyString>().is_ok()
            || value.cast::<PyBytes>().is_ok()
            || value.cast::<PyDict>().is_ok()
        {
            return self.not_iterable(py, cf, here);
        } else if is_async_iterable(value) {
            // Collected by a coroutine; the list is completed when it returns.
            return match collect_async(value, item_ty.is_non_null()) {
                Ok(aw) => {
                    self.pending.push(at.task(aw, here.to_owned_path()));
                    Ok(py.None().into_bound(py))
                }
                Err(e) => self.fail_field(py, e, cf, here),
            };
        } else {
            let Ok(iter) = value.try_iter() else {
                return self.not_iterable(py, cf, here);
            };
            match iter.collect::<PyResult<Vec<_>>>() {
                Ok(v) => v,
                Err(e) => return self.fail_field(py, e, cf, here),
            }
        };
        let none = py.None();
        let out = match PyList::new(py, std::iter::repeat_n(&none, items.len())) {
            Ok(l) => l,
            Err(e) => return self.fail_field(py, e, cf, here),
        };
        let nullable = !item_ty.is_non_null();
        let item_at = at.item();
        for (i, item) in items.iter().enumerate() {
            if self.fatal.is_some() {
                return Err(Propagate);
            }
            let node = PathNode::new(Some(here), SegRef::Index(i), out.as_any(), nullable);
            if is_awaitable(item) {
                self.pending
                    .push(item_at.task(item.clone(), node.to_owned_path()));
                continue;
            }
            let completed =
                self.complete_value(py, item_ty, item, item_at, PathRef::Node(&node))?;
            if let Err(e) = out.set_item(i, completed) {
                return self.fail_field(py, e, cf, here);
            }
        }
        untrack(out.as_any());
        Ok(out.into_any())
    }

    fn not_iterable(
        &mut self,
        py: Python<'py>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let parent = cf
            .binding
            .parent_type
            .bind(py)
            .to_string_lossy()
            .into_owned();
        let msg = format!(
            "Expected Iterable, but did not find one for field \"{parent}.{}\".",
            cf.binding.definition.name
        );
        self.push_error(py, msg, None, cf, here);
        Err(Propagate)
    }

    fn complete_named(
        &mut self,
        py: Python<'py>,
        name: &Name,
        value: &Bound<'py, PyAny>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let plan = self.plan;
        let (object_type, is_abstract) = match cf.binding.output {
            OutputKind::Object => (name.clone(), false),
            OutputKind::Abstract => match self.resolve_type(py, name, value, cf) {
                Ok(t) => (t, true),
                Err(LeafError::Message(message)) => {
                    self.push_error(py, message, None, cf, here);
                    return Err(Propagate);
                }
                Err(LeafError::Raised(err)) => {
                    self.resolver_error(py, err, cf, here);
                    return Err(Propagate);
                }
            },
            kind => {
                return match serialize_leaf(plan, kind, name, value) {
                    Ok(v) => Ok(v),
                    Err(LeafError::Message(message)) => {
                        self.push_error(py, message, None, cf, here);
                        Err(Propagate)
                    }
                    Err(LeafError::Raised(err)) => {
                        self.resolver_error(py, err, cf, here);
                        Err(Propagate)
                    }
                };
            }
        };
        let sub = self
            .collector
            .sub_fields(py, cf, &object_type, is_abstract, &self.vars);
        let dict = PyDict::new(py);
        self.fill_object(
            py,
            &sub,
            0..sub.len(),
            value,
            &object_type,
            &dict,
            Some(here),
        )?;
        untrack(dict.as_any());
        Ok(dict.into_any())
    }

    /// Maps a returned object to its object type: its class (or a base class), else `__typename`.
    fn resolve_type(
        &self,
        py: Python<'py>,
        abstract_type: &Name,
        value: &Bound<'py, PyAny>,
        cf: &CollectedField,
    ) -> Result<Name, LeafError> {
        let class_map = self.plan.class_map.bind(py);
        let cls = value.get_type();
        let mut found = class_map.get_item(&cls).ok().flatten();
        if found.is_none() {
            if let Ok(mro) = cls.mro().cast::<PyTuple>() {
                for base in mro.iter().skip(1) {
                    if let Ok(Some(name)) = class_map.get_item(&base) {
                        let _ = class_map.set_item(&cls, &name);
                        found = Some(name);
                        break;
                    }
                }
            }
        }
        if found.is_none() {
            found = typename_of(value).map_err(LeafError::Raised)?;
        }
        let parent = cf
            .binding
            .parent_type
            .bind(py)
            .to_string_lossy()
            .into_owned();
        let Some(type_name) = found.and_then(|n| n.extract::<String>().ok()) else {
            let class_name = cls.name().map(|n| n.to_string()).unwrap_or_default();
            return Err(LeafError::Message(format!(
                "Abstract type \"{abstract_type}\" must resolve to an Object type at runtime for field \"{parent}.{}\". \
                 Python class \"{class_name}\" is not bound to a GraphQL type and has no __typename.",
                cf.binding.definition.name
            )));
        };
        let found = self.plan.schema.types.get_key_value(type_name.as_str());
        found_type(found, abstract_type, self.plan, &parent, &type_name, cf)
            .map_err(LeafError::Message)
    }

    fn fail_field(
        &mut self,
        py: Python<'py>,
        err: PyErr,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        self.resolver_error(py, err, cf, here);
        if cf_is_non_null_at(here) {
            Err(Propagate)
        } else {
            Ok(py.None().into_bound(py))
        }
    }

    /// Records an exception raised by user code (or by reading the field).
    pub fn resolver_error(
        &mut self,
        py: Python<'py>,
        err: PyErr,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) {
        if !err.is_instance_of::<PyException>(py) {
            if self.fatal.is_none() {
                *self.fatal = Some(err);
            }
            return;
        }
        let value = err.value(py);
        let (message, extensions) = if value
            .is_instance(self.options.error_class.bind(py))
            .unwrap_or(false)
        {
            let message = value
                .getattr(intern!(py, "message"))
                .and_then(|m| m.str().map(|s| s.to_string_lossy().into_owned()))
                .unwrap_or_else(|_| value.to_string());
            // Extensions that are no mapping cannot be sent: they are left out.
            let ext = value
                .getattr(intern!(py, "extensions"))
                .ok()
                .filter(|e| !e.is_none() && is_mapping(e).unwrap_or(false))
                .map(|e| e.unbind());
            (message, ext)
        } else if let Some(parts) = crate::input_rules::graphql_error_parts(value) {
            // graphql-core's GraphQLError (or any exception carrying `extensions`), as raised
            // by resolvers written for it: sent as is, like our own.
            parts
        } else if let Some(masked) = &self.options.masked_message {
            (masked.clone(), None)
        } else {
            (value.to_string(), None)
        };
        self.push_error(py, message, extensions, cf, here);
    }

    fn push_error(
        &mut self,
        py: Python<'py>,
        message: String,
        extensions: Option<Py<PyAny>>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) {
        self.errors.push(GqlError {
            message,
            locations: cf.locations(self.collector.source),
            path: Some(here.segments(py)),
            extensions,
        });
    }
}

/// Whether the position `here` is non-null (its failure propagates).
fn cf_is_non_null_at(here: PathRef<'_, '_>) -> bool {
    match here {
        PathRef::Node(n) => !n.nullable,
        PathRef::Owned(o) => !o.nullable,
    }
}
