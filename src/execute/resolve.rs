//! ResolveFieldValue (spec §6.4.2): the one place a bound Python resolver is called, by
//! fields and by a subscription's source stream (ResolveFieldEventStream, §6.2.3.1).
//! <https://spec.graphql.org/October2021/#sec-Value-Resolution>

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::collect::Collected;
use crate::errors::PathSeg;
use crate::info::{ExecShared, Info};
use crate::plan::InfoMode;

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

/// The `Info` of the collected field `fields[index]` at `path`.
pub fn make_info<'py>(
    py: Python<'py>,
    fields: &Arc<Collected>,
    index: usize,
    path: Vec<PathSeg>,
    shared: &Arc<ExecShared>,
) -> PyResult<Bound<'py, Info>> {
    Bound::new(
        py,
        Info {
            path,
            shared: shared.clone(),
            fields: fields.clone(),
            index,
        },
    )
}
