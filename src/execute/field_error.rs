//! Handling field errors (spec §6.4.4): a failed field is recorded and becomes null, a failed
//! non-null position propagates to its nearest nullable ancestor (`Propagate`; the scheduler's
//! side is `Engine::propagate_from`), and what an exception may tell the client is decided by
//! one masking policy (`error_parts`), used by fields, subscriptions and their streams.
//! <https://spec.graphql.org/October2021/#sec-Handling-Field-Errors>

use apollo_compiler::parser::SourceSpan;
use pyo3::exceptions::{PyBaseException, PyException};
use pyo3::intern;
use pyo3::prelude::*;

use super::collect::CollectedField;
use super::engine::Pass;
use super::path::PathRef;
use super::ExecOptions;
use crate::errors::GqlError;
use crate::py_util::is_mapping;
use crate::serialize::LeafError;

/// A non-null position failed: the error is recorded, the nearest nullable ancestor becomes null.
pub struct Propagate;

pub type Completion<'py> = Result<Bound<'py, PyAny>, Propagate>;

/// The message and extensions an exception raised by user code is sent with: our error class
/// and graphql-core's (anything carrying `extensions`) as they are, any other exception as its
/// text, or the masked message when the schema masks errors.
pub fn error_parts(
    py: Python<'_>,
    options: &ExecOptions,
    value: &Bound<'_, PyBaseException>,
) -> (String, Option<Py<PyAny>>) {
    if value
        .is_instance(options.error_class.bind(py))
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
    } else if let Some(masked) = &options.masked_message {
        (masked.clone(), None)
    } else {
        (value.to_string(), None)
    }
}

impl<'py> Pass<'_, 'py> {
    /// A field error: recorded; the field is null, or the failure propagates when non-null.
    /// <https://spec.graphql.org/October2021/#sec-Handling-Field-Errors>
    pub(super) fn fail_field(
        &mut self,
        py: Python<'py>,
        err: PyErr,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
        self.resolver_error(py, err, cf, here);
        if is_non_null_at(here) {
            Err(Propagate)
        } else {
            Ok(py.None().into_bound(py))
        }
    }

    /// A field whose arguments cannot be coerced: its error, located at the offending value.
    pub(super) fn argument_error(
        &mut self,
        py: Python<'py>,
        message: String,
        at: Option<SourceSpan>,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Completion<'py> {
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
        if cf.binding.definition.ty.is_non_null() {
            Err(Propagate)
        } else {
            Ok(py.None().into_bound(py))
        }
    }

    /// A leaf that cannot be serialized, or an abstract type that cannot be resolved.
    pub(super) fn leaf_error(
        &mut self,
        py: Python<'py>,
        error: LeafError,
        cf: &CollectedField,
        here: PathRef<'_, 'py>,
    ) -> Propagate {
        match error {
            LeafError::Message(message) => self.push_error(py, message, None, cf, here),
            LeafError::Raised(err) => self.resolver_error(py, err, cf, here),
        }
        Propagate
    }

    /// Records an exception raised by user code (or by reading the field); one that is not
    /// an `Exception` ends the execution.
    pub(super) fn resolver_error(
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
        let (message, extensions) = error_parts(py, self.options, err.value(py));
        self.push_error(py, message, extensions, cf, here);
    }

    pub(super) fn push_error(
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
fn is_non_null_at(here: PathRef<'_, '_>) -> bool {
    match here {
        PathRef::Node(n) => !n.nullable,
        PathRef::Owned(o) => !o.nullable,
    }
}
