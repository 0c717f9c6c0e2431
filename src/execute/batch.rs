//! Batch resolvers: every parent that reaches a batch field during one pass (list items,
//! nested lists, aliases with equal arguments) is gathered, and the field's resolver is called
//! once per (field, arguments) group with the list of parents. A pass ends when every ready
//! resolver has suspended; the driver then runs the gathered groups (`Engine::run_batches`).
//! Schemas without batch fields never gather anything: the only cost is an empty-vector check.

use std::collections::HashMap;
use std::sync::Arc;

use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::collect::Collected;
use super::engine::{Engine, Task};
use super::path::{OwnedPath, PathRef};
use crate::info::Info;
use crate::plan::{FieldBinding, InfoMode, Resolver};
use crate::py_util::is_awaitable;

/// One parent waiting for its batch field, and where its value goes.
pub struct BatchItem {
    pub parent: Py<PyAny>,
    pub path: Arc<OwnedPath>,
    pub fields: Arc<Collected>,
    pub index: usize,
}

/// A position waiting for its value: `parent` indexes the group's parents.
struct Waiting {
    path: Arc<OwnedPath>,
    fields: Arc<Collected>,
    index: usize,
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
        let first = &self.waiting[0];
        if self.seen.is_none()
            && !(Arc::ptr_eq(&first.fields, &item.fields) && first.index == item.index)
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
            path: item.path,
            fields: item.fields,
            index: item.index,
            parent,
        });
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
                    path: item.path,
                    fields: item.fields,
                    index: item.index,
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

    fn call_batch(&mut self, py: Python<'_>, group: BatchGroup) {
        let BatchGroup {
            binding,
            kwargs,
            parents,
            waiting,
            ..
        } = group;
        let Resolver::Call { func, info, .. } = &binding.resolver else {
            unreachable!("only resolver fields are batched")
        };
        let count = parents.len();
        let parents = PyList::new(py, parents);
        let called = parents.and_then(|parents| {
            let info_obj = match info {
                InfoMode::Omit => None,
                _ => Some(self.batch_info(py, &binding, &waiting[0])?),
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
                let (fields, index) = (waiting[0].fields.clone(), waiting[0].index);
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

    fn batch_info<'py>(
        &self,
        py: Python<'py>,
        binding: &FieldBinding,
        first: &Waiting,
    ) -> PyResult<Bound<'py, Info>> {
        Bound::new(
            py,
            Info {
                field_name: binding.field_name.clone_ref(py),
                parent_type: binding.parent_type.clone_ref(py),
                path: PathRef::Owned(&first.path).segments(py),
                shared: self.begun.shared.clone(),
                definition: binding.definition.clone(),
                field: Some((first.fields.clone(), first.index)),
            },
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

    /// Gives every parent its value from a batch resolver's result (or its error).
    fn spread(
        &mut self,
        py: Python<'_>,
        binding: &FieldBinding,
        parents: usize,
        waiting: Vec<Waiting>,
        outcome: PyResult<Bound<'_, PyAny>>,
    ) {
        let values = outcome.and_then(|v| sequence_items(binding, &v, parents));
        match values {
            Ok(values) => {
                for item in waiting {
                    if self.data_null {
                        return;
                    }
                    let value = &values[item.parent];
                    let task = item_task(item, value);
                    if is_awaitable(value) {
                        self.pending.push(task);
                    } else {
                        self.resume(py, task, Ok(value.clone()));
                    }
                }
            }
            Err(err) => {
                for item in waiting {
                    if self.data_null {
                        return;
                    }
                    let task = item_task(item, py.None().bind(py));
                    self.resume(py, task, Err(err.clone_ref(py)));
                }
            }
        }
    }
}

fn item_task(item: Waiting, awaitable: &Bound<'_, PyAny>) -> Task {
    Task {
        awaitable: awaitable.clone().unbind(),
        path: item.path,
        fields: item.fields,
        index: item.index,
        depth: 0,
        special: None,
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
        || value.cast::<PyDict>().is_ok()
        || value.len().is_err()
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
