//! ExecuteSelectionSet and ExecuteField (spec §6.3, §6.4), and the one root field of a
//! subscription event (§6.2.3.2). Resolving a field's value is `resolve.rs`; completing it is
//! `complete.rs`.

use std::sync::Arc;

use apollo_compiler::ast::Type;
use apollo_compiler::Name;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::batch::{BatchItem, Slot};
use super::collect::{Collected, CollectedField};
use super::engine::{At, Pass};
use super::field_error::{Completion, Propagate};
use super::path::{PathNode, PathRef, SegRef};
use super::read::read_attr;
use super::resolve::{call_resolver, make_info};
use crate::coerce::{coerce_arguments, ArgError};
use crate::plan::{OutputKind, Resolver};
use crate::py_util::{is_awaitable, is_exception};
use crate::serialize::serialize_leaf;

/// What resolving a field gave: a value to complete now, or the field's final outcome.
enum Resolved<'py> {
    Value(Bound<'py, PyAny>),
    Done(Completion<'py>),
}

/// The spec's `objectValue` and `objectType`: the parent a selection set is executed on.
#[derive(Clone, Copy)]
pub struct ObjectValue<'a, 'py> {
    pub value: &'a Bound<'py, PyAny>,
    pub object_type: &'a Name,
}

impl<'py> Pass<'_, 'py> {
    /// ExecuteSelectionSet into `dict` for the fields `range` of `fields`.
    /// <https://spec.graphql.org/October2021/#sec-Executing-Selection-Sets>
    pub(super) fn execute_selection_set(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        range: std::ops::Range<usize>,
        object: ObjectValue<'_, 'py>,
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
            let value = self.execute_field(py, fields, index, object, &node)?;
            if let Err(e) = dict.set_item(cf.response_key.bind(py), value) {
                self.push_error(py, e.to_string(), None, cf, PathRef::Node(&node));
                return Err(Propagate);
            }
        }
        Ok(())
    }

    /// The selection of a subscription for one event: the event is the root field's value.
    /// <https://spec.graphql.org/October2021/#sec-Response-Stream>
    pub(super) fn execute_subscription_event(
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
    /// <https://spec.graphql.org/October2021/#sec-Executing-Fields>
    ///
    /// This frame stays on the stack while the value's sub-selections complete (the recursion
    /// is execute_selection_set → execute_field → complete_value → …), so resolving the value
    /// is a separate function that has returned by then: a hostile document nests 100 levels
    /// and every byte of this frame counts a hundred times against a 256 KiB thread stack.
    fn execute_field(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        index: usize,
        object: ObjectValue<'_, 'py>,
        node: &PathNode<'_, 'py>,
    ) -> Completion<'py> {
        let value = match self.resolve_field_value(py, fields, index, object, node) {
            Resolved::Value(v) => v,
            Resolved::Done(completion) => return completion,
        };
        let cf = &fields[index];
        let at = At {
            fields,
            index,
            depth: 0,
        };
        self.complete_value(
            py,
            &cf.binding.definition.ty,
            &value,
            at,
            PathRef::Node(node),
        )
    }

    /// ResolveFieldValue and what ExecuteField does with a value that is not completed now
    /// (an awaitable to drive, a batch to join, an error).
    /// <https://spec.graphql.org/October2021/#sec-Value-Resolution>
    #[inline(never)]
    fn resolve_field_value(
        &mut self,
        py: Python<'py>,
        fields: &Arc<Collected>,
        index: usize,
        object: ObjectValue<'_, 'py>,
        node: &PathNode<'_, 'py>,
    ) -> Resolved<'py> {
        let cf = &fields[index];
        let here = PathRef::Node(node);
        let resolved = match &cf.binding.resolver {
            Resolver::Attr(name) => read_attr(object.value, name.bind(py), &cf.slot),
            Resolver::Typename => {
                return Resolved::Done(
                    Ok(PyString::new(py, object.object_type.as_str()).into_any()),
                )
            }
            Resolver::Introspection => {
                let found = self
                    .introspection
                    .as_ref()
                    .and_then(|d| d.get_item(cf.response_key.bind(py)).ok().flatten());
                return Resolved::Done(Ok(found.unwrap_or_else(|| py.None().into_bound(py))));
            }
            Resolver::Call {
                func, info, batch, ..
            } => {
                let kwargs = match self.argument_values(py, cf) {
                    Ok(k) => k,
                    Err((message, at)) => {
                        return Resolved::Done(self.argument_error(py, message, at, cf, here))
                    }
                };
                if *batch {
                    let item = BatchItem {
                        parent: object.value.clone().unbind(),
                        slot: Slot {
                            above: node.parent.map(|p| p.to_owned_path()),
                            container: node.container.clone().unbind(),
                            fields: fields.clone(),
                            index,
                        },
                    };
                    self.batches.defer(py, &cf.binding, kwargs.as_ref(), item);
                    return Resolved::Done(Ok(py.None().into_bound(py)));
                }
                let shared = self.shared;
                let info_of = || make_info(py, fields, index, here.segments(py), shared);
                call_resolver(func.bind(py), object.value, info, info_of, kwargs.as_ref())
            }
        };
        match resolved {
            Ok(v) if is_awaitable(&v) => {
                let at = At {
                    fields,
                    index,
                    depth: 0,
                };
                self.pending.push(at.task(v, node.to_owned_path()));
                Resolved::Done(Ok(py.None().into_bound(py)))
            }
            Ok(v) => self.leaf_value(py, cf, v, here),
            Err(e) => Resolved::Done(self.fail_field(py, e, cf, here)),
        }
    }

    /// CompleteValue of a named leaf type done here, so the common scalar field skips the
    /// completion calls (and their frames); null, exception and list values, objects and
    /// abstract types are left to `complete_value`. The outcome is the one `complete_value`
    /// would give.
    #[inline(always)]
    fn leaf_value(
        &mut self,
        py: Python<'py>,
        cf: &CollectedField,
        value: Bound<'py, PyAny>,
        here: PathRef<'_, 'py>,
    ) -> Resolved<'py> {
        let kind = cf.binding.output;
        let (Type::Named(name) | Type::NonNullNamed(name)) = &cf.binding.definition.ty else {
            return Resolved::Value(value);
        };
        if matches!(kind, OutputKind::Object | OutputKind::Abstract)
            || value.is_none()
            || is_exception(&value)
        {
            return Resolved::Value(value);
        }
        Resolved::Done(match serialize_leaf(self.plan, kind, name, &value) {
            Ok(serialized) => Ok(serialized),
            Err(e) => {
                let propagate = self.leaf_error(py, e, cf, here);
                if cf.binding.definition.ty.is_non_null() {
                    Err(propagate)
                } else {
                    here.kill();
                    Ok(py.None().into_bound(py))
                }
            }
        })
    }

    /// CoerceArgumentValues, once per field group (variables are fixed for an execution).
    /// <https://spec.graphql.org/October2021/#sec-Coercing-Field-Arguments>
    fn argument_values(
        &self,
        py: Python<'py>,
        cf: &CollectedField,
    ) -> Result<Option<Bound<'py, PyDict>>, ArgError> {
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
}
