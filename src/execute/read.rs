//! Reading values off parent objects: data fields (attributes and mapping keys) and the
//! `__typename` an object declares.

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use super::slot_attr::{read_cached, remember, SlotCache};
use crate::py_util::is_mapping;

/// The `__typename` an object declares: a Mapping's key, an attribute, or an attribute set
/// in a class body (name-mangled to `_Class__typename`, for the class or a base). A missing
/// one is `None`; an exception raised while reading it is the field's error.
pub fn typename_of<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = value.py();
    let tn = intern!(py, "__typename");
    if let Ok(d) = value.cast_exact::<PyDict>() {
        return d.get_item(tn);
    }
    if is_mapping(value)? {
        return match value.get_item(tn) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance_of::<PyKeyError>(py) => Ok(None),
            Err(e) => Err(e),
        };
    }
    let absent = |r: PyResult<Bound<'py, PyAny>>| match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_instance_of::<PyAttributeError>(py) => Ok(None),
        Err(e) => Err(e),
    };
    if let Some(v) = absent(value.getattr(tn))? {
        return Ok(Some(v));
    }
    let cls = value.get_type();
    if let Ok(mro) = cls.mro().cast::<PyTuple>() {
        for base in mro.iter() {
            let base_name = base.getattr(intern!(py, "__name__"))?;
            // Python strips a class name's leading underscores when it mangles.
            let base_name = base_name
                .str()?
                .to_string_lossy()
                .trim_start_matches('_')
                .to_owned();
            let mangled = format!("_{base_name}__typename");
            if let Some(v) = absent(value.getattr(mangled.as_str()))? {
                if v.is_truthy()? {
                    return Ok(Some(v));
                }
            }
        }
    }
    Ok(None)
}

/// A data field: `parent[name]` for dicts (missing → null), else the attribute; other
/// mappings (dict subclasses included, so their `__getitem__` is honoured) are read by key
/// when they have no such attribute. `slot` remembers how a class read by attribute keeps
/// it, to read a `__slots__` attribute directly from then on (`slot_attr.rs`).
#[inline]
pub fn read_attr<'py>(
    parent: &Bound<'py, PyAny>,
    name: &Bound<'py, PyString>,
    slot: &SlotCache,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(v) = read_cached(parent, slot) {
        return Ok(v);
    }
    read_attr_generic(parent, name, slot)
}

fn read_attr_generic<'py>(
    parent: &Bound<'py, PyAny>,
    name: &Bound<'py, PyString>,
    slot: &SlotCache,
) -> PyResult<Bound<'py, PyAny>> {
    let py = parent.py();
    if let Ok(d) = parent.cast_exact::<PyDict>() {
        return Ok(d
            .get_item(name)?
            .unwrap_or_else(|| py.None().into_bound(py)));
    }
    if parent.cast::<PyDict>().is_ok() {
        return match parent.get_item(name) {
            Ok(v) => Ok(v),
            Err(e) if e.is_instance_of::<PyKeyError>(py) => Ok(py.None().into_bound(py)),
            Err(e) => Err(e),
        };
    }
    match parent.getattr(name) {
        Ok(v) => {
            if slot.is_open() {
                remember(parent, name, slot);
            }
            Ok(v)
        }
        Err(e) if e.is_instance_of::<PyAttributeError>(py) && is_mapping(parent)? => {
            match parent.get_item(name) {
                Ok(v) => Ok(v),
                Err(_) => Ok(py.None().into_bound(py)),
            }
        }
        Err(e) => Err(e),
    }
}
