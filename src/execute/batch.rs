//! Batch resolvers: every parent that reaches a batch field during one pass (list items,
//! nested lists, aliases with equal arguments) is gathered, and the field's resolver is called
//! once per (field, arguments) group with the list of parents. A pass ends when every ready
//! resolver has suspended; the driver then runs the gathered groups (`Engine::run_batches`).
//! Schemas without batch fields never gather anything: the only cost is an empty-vector check.

use std::collections::HashMap;
use std::sync::Arc;

use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PySequence, PyString, PyTuple};

use super::collect::Collected;
use super::engine::{At, Engine, Pass, Task};
use super::field_error::Propagate;
use super::path::{write_late, OwnedPath, PathNode, PathRef, SegRef};
use super::resolve::make_info;
use crate::errors::{GqlError, PathSeg};
use crate::info::Info;
use crate::plan::{FieldBinding, InfoMode, Resolver};
use crate::py_util::is_awaitable;

/// Where a batch field's value goes: `container[response key]`, below the position `above`.
/// The field's own position is rebuilt on the stack when its value arrives, so waiting costs
/// no allocation beyond the object's position, which its other fields share.
pub struct Slot {
    /// The position of the object the field is selected on (`None` for a root field).
    pub above: Option<Arc<OwnedPath>>,
    /// The response object being built for that object.
    pub container: Py<PyAny>,
    pub fields: Arc<Collected>,
    pub index: usize,
}

impl Slot {
    /// Whether the object was nulled meanwhile (an error below a sibling propagated to it).
    fn is_dead(&self) -> bool {
        self.above.as_ref().is_some_and(|a| a.is_dead())
    }

    fn segments(&self, py: Python<'_>) -> Vec<PathSeg> {
        let mut path = match &self.above {
            Some(above) => PathRef::Owned(above).segments(py),
            None => Vec::new(),
        };
        path.push(PathSeg::Key(
            self.fields[self.index].response_key.clone_ref(py),
        ));
        path
    }
}

/// One parent waiting for its batch field, and where its value goes.
pub struct BatchItem {
    pub parent: Py<PyAny>,
    pub slot: Slot,
}

/// A position waiting for its value: `parent` indexes the group's parents.
struct Waiting {
    slot: Slot,
    parent: usize,
}

/// The parents of one batch field with one set of coerced arguments.
struct BatchGroup {
    binding: Arc<FieldBinding>,
    kwargs: Option<Py<PyDict>>,
    parents: Vec<Py<PyAny>>,
    waiting: Vec<Waiting>,
    /// Set once a second selection of the field (an alias) joins: a parent it shares with
    /// an earlier one is passed once, found by identity.
    seen: Option<HashMap<usize, usize>>,
}

impl BatchGroup {
    fn add(&mut self, item: BatchItem) {
        let first = &self.waiting[0].slot;
        if self.seen.is_none()
            && !(Arc::ptr_eq(&first.fields, &item.slot.fields) && first.index == item.slot.index)
        {
            let mut seen = HashMap::with_capacity(self.parents.len());
            for (i, p) in self.parents.iter().enumerate() {
                seen.entry(p.as_ptr() as usize).or_insert(i);
            }
            self.seen = Some(seen);
        }
        let parent = match &mut self.seen {
            None => None,
            Some(seen) => {
                let next = self.parents.len();
                let at = *seen.entry(item.parent.as_ptr() as usize).or_insert(next);
                (at != next).then_some(at)
            }
        };
        let parent = parent.unwrap_or_else(|| {
            self.parents.push(item.parent);
            self.parents.len() - 1
        });
        self.waiting.push(Waiting {
            slot: item.slot,
            parent,
        });
    }

    /// Leaves out the parents whose object was nulled since they joined (a sibling field's
    /// error propagated to it): their values would never be seen, and a field under a nulled
    /// object is never resolved (graphql-core stops at the error; our other fields too).
    fn drop_dead(&mut self) {
        if !self.waiting.iter().any(|w| w.slot.is_dead()) {
            return;
        }
        let mut moved: Vec<Option<usize>> = vec![None; self.parents.len()];
        let mut old: Vec<Option<Py<PyAny>>> = std::mem::take(&mut self.parents)
            .into_iter()
            .map(Some)
            .collect();
        let waiting = std::mem::take(&mut self.waiting);
        for mut w in waiting.into_iter().filter(|w| !w.slot.is_dead()) {
            w.parent = match moved[w.parent] {
                Some(at) => at,
                None => {
                    let at = self.parents.len();
                    self.parents.extend(old[w.parent].take());
                    moved[w.parent] = Some(at);
                    at
                }
            };
            self.waiting.push(w);
        }
    }
}

/// The batch fields gathered during the current pass.
#[derive(Default)]
pub struct Batches {
    groups: Vec<BatchGroup>,
}

/// What a suspended task stands for when it is not a single field.
pub enum Special {
    /// An awaitable batch resolver: its result is spread over these parents.
    Batch(BatchCall),
    /// A DataLoader batch the driver awaits for the loader; its outcome is the loader's.
    Dispatch,
}

pub struct BatchCall {
    binding: Arc<FieldBinding>,
    parents: usize,
    waiting: Vec<Waiting>,
}

impl Batches {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Adds a parent to the group of its field and arguments.
    pub fn defer(
        &mut self,
        py: Python<'_>,
        binding: &Arc<FieldBinding>,
        kwargs: Option<&Bound<'_, PyDict>>,
        item: BatchItem,
    ) {
        // Most parents arrive in runs of the same field (list items): look at recent groups first.
        let found = self.groups.iter_mut().rev().find(|g| {
            Arc::ptr_eq(&g.binding, binding)
                && match (&g.kwargs, kwargs) {
                    (None, None) => true,
                    (Some(a), Some(b)) => a.is(b) || a.bind(py).eq(b).unwrap_or(false),
                    _ => false,
                }
        });
        match found {
            Some(group) => group.add(item),
            None => self.groups.push(BatchGroup {
                binding: binding.clone(),
                kwargs: kwargs.map(|k| k.clone().unbind()),
                parents: vec![item.parent],
                waiting: vec![Waiting {
                    slot: item.slot,
                    parent: 0,
                }],
                seen: None,
            }),
        }
    }
}

impl Engine {
    pub fn has_batches(&self) -> bool {
        !self.batches.is_empty()
    }

    /// Calls every gathered batch resolver; completing their values may gather more (a batch
    /// field below a batch field), which run in turn. Awaitable results become tasks.
    pub fn run_batches(&mut self, py: Python<'_>) {
        while !self.batches.is_empty() && self.fatal.is_none() {
            for group in std::mem::take(&mut self.batches.groups) {
                if self.data_null {
                    // The response is decided: what is left would only add errors.
                    self.batches.groups.clear();
                    return;
                }
                self.call_batch(py, group);
            }
        }
    }

    fn call_batch(&mut self, py: Python<'_>, mut group: BatchGroup) {
        group.drop_dead();
        let BatchGroup {
            binding,
            kwargs,
            parents,
            waiting,
            ..
        } = group;
        let Some(first) = waiting.first() else {
            return;
        };
        let Resolver::Call { func, info, .. } = &binding.resolver else {
            unreachable!("only resolver fields are batched")
        };
        let count = parents.len();
        let parents = PyList::new(py, parents);
        let called = parents.and_then(|parents| {
            let info_obj = match info {
                InfoMode::Omit => None,
                _ => Some(self.batch_info(py, &first.slot)?),
            };
            call_with(
                py,
                func.bind(py),
                info,
                info_obj,
                parents.as_any(),
                kwargs.as_ref().map(|k| k.bind(py)),
            )
        });
        match called {
            Ok(v) if is_awaitable(&v) => {
                let (fields, index) = (first.slot.fields.clone(), first.slot.index);
                let call = BatchCall {
                    binding,
                    parents: count,
                    waiting,
                };
                let task = Task {
                    awaitable: v.unbind(),
                    path: OwnedPath::detached(py),
                    fields,
                    index,
                    depth: 0,
                    special: Some(Box::new(Special::Batch(call))),
                };
                self.pending.push(task);
            }
            outcome => self.spread(py, &binding, count, waiting, outcome),
        }
    }

    fn batch_info<'py>(&self, py: Python<'py>, first: &Slot) -> PyResult<Bound<'py, Info>> {
        make_info(
            py,
            &first.fields,
            first.index,
            first.segments(py),
            &self.begun.shared,
        )
    }

    /// Completes a task that is not a single field.
    pub fn resume_special(
        &mut self,
        py: Python<'_>,
        special: Special,
        outcome: PyResult<Bound<'_, PyAny>>,
    ) {
        match special {
            Special::Batch(call) => {
                self.spread(py, &call.binding, call.parents, call.waiting, outcome)
            }
            Special::Dispatch => {
                // The loader settles its own futures; only an interrupt ends the execution.
                if let Err(e) = outcome {
                    if !e.is_instance_of::<PyException>(py) && self.fatal.is_none() {
                        self.fatal = Some(e);
                    }
                }
            }
        }
    }

    /// Gives every parent its value from a batch resolver's result (or its error), completed
    /// in one pass; a null that propagates past an item ends the pass, the engine nulls the
    /// ancestor, and the items after it continue in a new one.
    fn spread(
        &mut self,
        py: Python<'_>,
        binding: &FieldBinding,
        parents: usize,
        waiting: Vec<Waiting>,
        outcome: PyResult<Bound<'_, PyAny>>,
    ) {
        let values = outcome.and_then(|v| sequence_items(binding, &v, parents));
        let mut items = waiting.into_iter();
        while !self.data_null && self.fatal.is_none() {
            let failed = {
                let mut pass = self.pass(py);
                items.by_ref().find(|item| {
                    if item.slot.is_dead() {
                        return false;
                    }
                    let value = match &values {
                        Ok(values) => Ok(&values[item.parent]),
                        Err(e) => Err(e),
                    };
                    pass.complete_batch_item(py, &item.slot, value).is_err()
                })
            };
            match failed {
                Some(item) => self.propagate_from(py, item.slot.above.as_ref()),
                None => return,
            }
        }
    }
}

impl<'py> Pass<'_, 'py> {
    /// ExecuteField's completion of one batch item (its resolved value or the batch's error),
    /// written into its object's response.
    fn complete_batch_item(
        &mut self,
        py: Python<'py>,
        slot: &Slot,
        value: Result<&Bound<'py, PyAny>, &PyErr>,
    ) -> Result<(), Propagate> {
        let cf = &slot.fields[slot.index];
        let ty = &cf.binding.definition.ty;
        let container = slot.container.bind(py);
        let node = PathNode::new(
            slot.above.as_ref().map(PathRef::Owned),
            SegRef::Key(&cf.response_key),
            container,
            !ty.is_non_null(),
        );
        let here = PathRef::Node(&node);
        let at = At {
            fields: &slot.fields,
            index: slot.index,
            depth: 0,
        };
        let completed = match value {
            Ok(v) if is_awaitable(v) => {
                self.pending.push(at.task(v.clone(), node.to_owned_path()));
                return Ok(());
            }
            Ok(v) => self.complete_value(py, ty, v, at, here),
            Err(e) => {
                self.resolver_error(py, e.clone_ref(py), cf, here);
                if ty.is_non_null() {
                    Err(Propagate)
                } else {
                    Ok(py.None().into_bound(py))
                }
            }
        };
        if let Err(e) = write_late(container, cf.response_key.bind(py), &completed?) {
            self.errors.push(GqlError::new(e.to_string()));
        }
        Ok(())
    }
}

/// The values of a batch resolver's result: a sequence with one value per parent.
fn sequence_items<'py>(
    binding: &FieldBinding,
    value: &Bound<'py, PyAny>,
    expected: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let py = value.py();
    let field = || {
        format!(
            "{}.{}",
            binding.parent_type.bind(py).to_string_lossy(),
            binding.field_name.bind(py).to_string_lossy()
        )
    };
    let values: Vec<Bound<'py, PyAny>> = if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().collect()
    } else if value.cast::<PyString>().is_ok()
        || value.cast::<PyBytes>().is_ok()
        // `collections.abc.Sequence`, as `grommet.DataLoader` asks of its load function: a
        // set, a mapping or a generator has no order (or length) to match parents by.
        || value.cast::<PySequence>().is_err()
    {
        return Err(PyTypeError::new_err(format!(
            "batch resolver of {} must return a sequence with one value per parent, got {}",
            field(),
            value.get_type().name()?
        )));
    } else {
        value.try_iter()?.collect::<PyResult<_>>()?
    };
    if values.len() != expected {
        return Err(PyTypeError::new_err(format!(
            "batch resolver of {} returned {} values for {} parents",
            field(),
            values.len(),
            expected
        )));
    }
    Ok(values)
}

/// `func(first, [info], **kwargs)` with `info` placed as the resolver asks.
pub fn call_with<'py>(
    py: Python<'py>,
    func: &Bound<'py, PyAny>,
    mode: &InfoMode,
    info: Option<Bound<'py, Info>>,
    first: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    match (mode, info) {
        (InfoMode::Omit, _) | (_, None) => func.call((first,), kwargs),
        (InfoMode::Positional, Some(i)) => func.call((first, i), kwargs),
        (InfoMode::Keyword(name), Some(i)) => {
            let kw = match kwargs {
                Some(k) => k.copy()?,
                None => PyDict::new(py),
            };
            kw.set_item(name.bind(py), i)?;
            func.call((first,), Some(&kw))
        }
    }
}
