//! ResolveFieldValue (spec §6.4.2): the one place a bound Python resolver is called, by
//! fields and by a subscription's source stream (ResolveFieldEventStream, §6.2.3.1).
//! <https://spec.graphql.org/October2021/#sec-Value-Resolution>

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::PathSeg;
use crate::info::{ExecShared, Info};
use crate::plan::{FieldBinding, InfoMode};

/// Calls `func(parent, [info], **kwargs)` as `info` asks. `info_of` builds the `Info` only
/// when the resolver wants one; `kwargs` may be shared (cached per field group), so it is
/// copied before a keyword `Info` is added to it.
/// <https://spec.graphql.org/October2021/#ResolveFieldValue()>
pub fn call_resolver<'py>(
    func: &Bound<'py, PyAny>,
    parent: &Bound<'py, PyAny>,
    info: &InfoMode,
    info_of: impl FnOnce() -> PyResult<Bound<'py, Info>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    match info {
        InfoMode::Omit => match kwargs {
            None => func.call1((parent,)),
            Some(kw) => func.call((parent,), Some(kw)),
        },
        InfoMode::Positional => {
            let info = info_of()?;
            match kwargs {
                None => func.call1((parent, info)),
                Some(kw) => func.call((parent, info), Some(kw)),
            }
        }
        InfoMode::Keyword(name) => {
            let info = info_of()?;
            let kw = match kwargs {
                Some(k) => k.copy()?,
                None => PyDict::new(func.py()),
            };
            kw.set_item(name.bind(func.py()), info)?;
            func.call((parent,), Some(&kw))
        }
    }
}

/// The `Info` of the field `binding` at `path`.
pub fn make_info<'py>(
    py: Python<'py>,
    binding: &FieldBinding,
    path: Vec<PathSeg>,
    shared: &Arc<ExecShared>,
    field: crate::selected::FieldRef,
) -> PyResult<Bound<'py, Info>> {
    Bound::new(
        py,
        Info {
            field_name: binding.field_name.clone_ref(py),
            parent_type: binding.parent_type.clone_ref(py),
            path,
            shared: shared.clone(),
            definition: binding.definition.clone(),
            field,
        },
    )
}
