//! CompleteValue (spec §6.4.3): null checks, lists, leaves (through `serialize.rs`) and
//! objects, whose concrete type `abstract_type.rs` resolves.
//! <https://spec.graphql.org/October2021/#sec-Value-Completion>

use std::borrow::Cow;

use apollo_compiler::ast::Type;
use apollo_compiler::Name;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::collect::{CollectedField, SubFields};
use super::engine::{At, Pass};
use super::field_error::{Completion, Propagate};
use super::path::{PathNode, PathRef, SegRef};
use super::selection_set::ObjectValue;
use crate::plan::OutputKind;
use crate::py_util::{collect_async, is_async_iterable, is_awaitable, is_exception, untrack};
use crate::serialize::serialize_leaf;

impl<'py> Pass<'_, 'py> {
    /// CompleteValue, with the null handling of this position applied.
    /// <https://spec.graphql.org/October2021/#CompleteValue()>
    pub(super) fn complete_value(
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
                return self.null_in_non_null(py, cf, here);
            }
            return Ok(value.clone());
        }
        if is_exception(value) {
            return self.returned_exception(py, value, cf, here);
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

    // The error paths are out of line: they would otherwise widen the frame every level of a
    // deep response holds (see `execute_field`).
    #[cold]
    #[inline(never)]
    fn null_in_non_null(
        &mut self,
        py: Python<'py>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let field = cf.binding.coordinate(py);
        let message = format!("Cannot return null for non-nullable field {field}.");
        self.push_error(py, message, None, cf, here);
        Err(Propagate)
    }

    /// A returned (not raised) exception is the field's error, as in graphql-core.
    #[cold]
    #[inline(never)]
    fn returned_exception(
        &mut self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        self.resolver_error(py, PyErr::from_value(value.clone()), cf, here);
        Err(Propagate)
    }

    /// CompleteValue of a list type: each item completed in place, awaitable items as tasks.
    /// <https://spec.graphql.org/October2021/#sec-Value-Completion>
    fn complete_list(
        &mut self,
        py: Python<'py>,
        item_ty: &Type,
        value: &Bound<'py, PyAny>,
        at: At<'_>,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let cf = at.cf();
        // The items are gathered in a callee, whose frame is gone by the time each item's
        // completion recurses (see `execute_field`).
        let items = match self.list_items(py, item_ty, value, at, here) {
            Ok(items) => items,
            Err(done) => return done,
        };
        if self.direct {
            if let Some(text) = self.direct_list(py, item_ty, &items, cf) {
                return Ok(text);
            }
        }
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

    /// The items of a list value, or the finished completion when it is not an iterable or
    /// is an async iterable (collected by a task).
    #[inline(never)]
    fn list_items(
        &mut self,
        py: Python<'py>,
        item_ty: &Type,
        value: &Bound<'py, PyAny>,
        at: At<'_>,
        here: PathRef<'_, 'py>,
    ) -> Result<Vec<Bound<'py, PyAny>>, Completion<'py>> {
        let cf = at.cf();
        let items = if let Ok(list) = value.cast::<PyList>() {
            list.iter().collect()
        } else if let Ok(tuple) = value.cast::<PyTuple>() {
            tuple.iter().collect()
        } else if value.cast::<PyString>().is_ok()
            || value.cast::<PyBytes>().is_ok()
            || value.cast::<PyDict>().is_ok()
        {
            return Err(self.not_iterable(py, cf, here));
        } else if is_async_iterable(value) {
            // Collected by a coroutine; the list is completed when it returns.
            return Err(match collect_async(value, item_ty.is_non_null()) {
                Ok(aw) => {
                    self.pending.push(at.task(aw, here.to_owned_path()));
                    Ok(py.None().into_bound(py))
                }
                Err(e) => self.fail_field(py, e, cf, here),
            });
        } else {
            let Ok(iter) = value.try_iter() else {
                return Err(self.not_iterable(py, cf, here));
            };
            match iter.collect::<PyResult<Vec<_>>>() {
                Ok(v) => v,
                Err(e) => return Err(self.fail_field(py, e, cf, here)),
            }
        };
        Ok(items)
    }

    fn not_iterable(
        &mut self,
        py: Python<'py>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        let msg = format!(
            "Expected Iterable, but did not find one for field \"{}\".",
            cf.binding.coordinate(py)
        );
        self.push_error(py, msg, None, cf, here);
        Err(Propagate)
    }

    /// CompleteValue of a named type: a leaf is serialized; an object (its type resolved
    /// first when abstract) has its sub-selection executed.
    fn complete_named<'c>(
        &mut self,
        py: Python<'py>,
        name: &'c Name,
        value: &Bound<'py, PyAny>,
        cf: &'c CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        // This frame is held while the sub-selection executes (see `execute_field`): the
        // leaf, abstract-type and collection work is done in a callee that has returned.
        let (object_type, sub) = match self.object_selection(py, name, value, cf, here) {
            Ok(selection) => selection,
            Err(done) => return done,
        };
        let dict = PyDict::new(py);
        let object = ObjectValue {
            value,
            object_type: &object_type,
        };
        self.execute_selection_set(py, &sub, 0..sub.len(), object, &dict, Some(here))?;
        untrack(dict.as_any());
        Ok(dict.into_any())
    }

    /// The object type and collected sub-selection of an object value, or, for a leaf or a
    /// value whose type cannot be resolved, the finished completion.
    #[inline(never)]
    fn object_selection<'c>(
        &mut self,
        py: Python<'py>,
        name: &'c Name,
        value: &Bound<'py, PyAny>,
        cf: &'c CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Result<(Cow<'c, Name>, SubFields<'c>), Completion<'py>> {
        let (object_type, is_abstract) = match cf.binding.output {
            OutputKind::Object => (Cow::Borrowed(name), false),
            OutputKind::Abstract => match self.resolve_abstract_type(py, name, value, cf) {
                Ok(t) => (Cow::Owned(t), true),
                Err(e) => return Err(Err(self.leaf_error(py, e, cf, here))),
            },
            kind => {
                return Err(serialize_leaf(self.plan, kind, name, value)
                    .map_err(|e| self.leaf_error(py, e, cf, here)));
            }
        };
        let sub = self
            .collector
            .sub_fields(py, cf, &object_type, is_abstract, &self.vars);
        Ok((object_type, sub))
    }
}
