//! The common GraphQL-over-HTTP request in one call: a POST with a JSON body, to an app whose
//! settings add nothing to it (no context getter, no persisted documents, no batching, no
//! operation hooks). `grommet.asgi` reads the body and builds the request object; this reads
//! the three headers it needs, decodes the body, checks the parameters, executes, and when
//! every resolver finished synchronously writes the response body straight to bytes.
//!
//! Anything else is declined (the caller's sentinel comes back) before anything ran, and the
//! Python path answers it as before: an unusual header, a body the fast JSON parser declines,
//! a parameter of the wrong type, a subscription, a body over the limit. So every answer of
//! this path is the one the Python path would give; `tests/python/asgi/test_fast_post.py`
//! compares them.

use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::execute::direct::with_direct;
use crate::json::write_value;
use crate::json_decode::decode_bytes;
use crate::schema::CoreSchema;

/// An Accept value longer than this is classified anew each time (not worth a cache slot),
/// as `grommet.asgi.http` does.
const LONGEST_CACHED_ACCEPT: usize = 512;
/// Distinct (Accept, Content-Type) pairs remembered; the cache starts over when full.
const CACHED_PAIRS: usize = 256;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[derive(Clone, Copy, PartialEq, Eq)]
enum MediaType {
    Json,
    GraphQLResponse,
}

/// (Accept, Content-Type) → the media type to answer with (`None`: the Python path's).
type MediaCache = HashMap<(Option<String>, String), Option<MediaType>>;

/// The POST answerer of one `grommet.asgi.GraphQL` app.
#[pyclass(frozen, module = "grommet._core")]
pub struct HttpPost {
    schema: Py<CoreSchema>,
    root: Option<Py<PyAny>>,
    max_body: Option<usize>,
    /// `classify(accept, content_type)`: the JSON media type to answer with when this path
    /// may answer a POST with these headers, else `None`.
    classify: Py<PyAny>,
    declined: Py<PyAny>,
    json: Py<PyString>,
    graphql_response: Py<PyString>,
    json_content_type: Py<PyBytes>,
    graphql_response_content_type: Py<PyBytes>,
    media: Mutex<MediaCache>,
}

/// The headers the POST path reads, joined as `grommet.asgi.http.RequestHead` joins them.
#[derive(Default)]
struct Head {
    accept: Option<String>,
    content_type: String,
    content_length: String,
}

impl Head {
    /// `None` when the headers are not a list of `(bytes, bytes)` pairs.
    fn read(headers: &Bound<'_, PyAny>) -> Option<Head> {
        let list = headers.cast_exact::<PyList>().ok()?;
        let mut head = Head::default();
        for pair in list.iter() {
            let pair = pair.cast_exact::<PyTuple>().ok()?;
            if pair.len() != 2 {
                return None;
            }
            let name = pair.get_item(0).ok()?;
            let name = name.cast_exact::<PyBytes>().ok()?.as_bytes();
            let slot = if name.eq_ignore_ascii_case(b"accept") {
                let value = latin1(&pair.get_item(1).ok()?)?;
                head.accept = Some(match head.accept.take() {
                    None => value,
                    Some(before) => format!("{before}, {value}"),
                });
                continue;
            } else if name.eq_ignore_ascii_case(b"content-type") {
                &mut head.content_type
            } else if name.eq_ignore_ascii_case(b"content-length") {
                &mut head.content_length
            } else {
                continue;
            };
            let value = latin1(&pair.get_item(1).ok()?)?;
            *slot = if slot.is_empty() {
                value
            } else {
                format!("{slot}, {value}")
            };
        }
        Some(head)
    }
}

fn latin1(value: &Bound<'_, PyAny>) -> Option<String> {
    let bytes = value.cast_exact::<PyBytes>().ok()?.as_bytes();
    Some(bytes.iter().map(|&b| b as char).collect())
}

/// Whether a Content-Length value is one the Python path would answer 413 for, or one it
/// reads in a way this path does not (anything but plain ASCII digits).
fn over_limit(declared: &str, limit: usize) -> bool {
    if declared.is_empty() {
        return false;
    }
    if !declared.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let digits = declared.trim_start_matches('0');
    digits.len() > 19 || digits.parse::<u64>().map_or(true, |n| n > limit as u64)
}

/// The parameters of a well-formed request body, or `None` where the Python path would
/// answer a 4xx (or needs a transport this path does not serve).
struct Params<'py> {
    query: Bound<'py, PyString>,
    variables: Option<Bound<'py, PyAny>>,
    operation_name: Option<Bound<'py, PyString>>,
}

impl<'py> Params<'py> {
    fn of(data: &Bound<'py, PyAny>) -> Option<Params<'py>> {
        let py = data.py();
        let data = data.cast_exact::<PyDict>().ok()?;
        let query = data.get_item(intern!(py, "query")).ok()??;
        let query = query.cast_into::<PyString>().ok()?;
        let operation_name = match data.get_item(intern!(py, "operationName")).ok()? {
            Some(name) if !name.is_none() => Some(name.cast_into::<PyString>().ok()?),
            _ => None,
        };
        let variables = object_or_none(data, intern!(py, "variables"))?;
        object_or_none(data, intern!(py, "extensions"))?;
        Some(Params {
            query,
            variables,
            operation_name,
        })
    }
}

/// `Some(None)` for an absent or null entry, `Some(Some(dict))` for an object, `None` else.
fn object_or_none<'py>(
    data: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
) -> Option<Option<Bound<'py, PyAny>>> {
    match data.get_item(key).ok()? {
        None => Some(None),
        Some(value) if value.is_none() => Some(None),
        Some(value) if value.cast::<PyDict>().is_ok() => Some(Some(value)),
        Some(_) => None,
    }
}

impl HttpPost {
    fn media_type(
        &self,
        py: Python<'_>,
        accept: Option<String>,
        content_type: String,
    ) -> PyResult<Option<MediaType>> {
        let cacheable = accept
            .as_ref()
            .is_none_or(|a| a.len() <= LONGEST_CACHED_ACCEPT);
        let key = (accept, content_type);
        if cacheable {
            if let Some(found) = self.media.lock().ok().and_then(|m| m.get(&key).copied()) {
                return Ok(found);
            }
        }
        let answer = self
            .classify
            .bind(py)
            .call1((key.0.as_deref(), key.1.as_str()))?;
        let found = if answer.is_none() {
            None
        } else {
            match answer.cast::<PyString>()?.to_str()? {
                JSON => Some(MediaType::Json),
                GRAPHQL_RESPONSE_JSON => Some(MediaType::GraphQLResponse),
                _ => None,
            }
        };
        if cacheable {
            if let Ok(mut cache) = self.media.lock() {
                if cache.len() >= CACHED_PAIRS {
                    cache.clear();
                }
                cache.insert(key, found);
            }
        }
        Ok(found)
    }

    /// `(status, headers, body, media type)` of an execution that finished, or `None` when
    /// its result does not encode (the Python path then logs it and answers 500).
    fn encoded<'py>(
        &self,
        py: Python<'py>,
        result: &Bound<'py, PyAny>,
        media: MediaType,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let executed = result.getattr(intern!(py, "_executed"))?.is_truthy()?;
        let errors = result.getattr(intern!(py, "errors"))?;
        let extensions = result.getattr(intern!(py, "extensions"))?;
        let mut body = Vec::with_capacity(1024);
        let written = if executed
            && extensions.is_none()
            && errors.cast_exact::<PyList>().is_ok_and(|e| e.is_empty())
        {
            // ExecutionResult.to_dict() of a result with data only: {"data": data}.
            body.extend_from_slice(b"{\"data\":");
            let written = write_value(&mut body, &result.getattr(intern!(py, "data"))?, 0);
            body.push(b'}');
            written
        } else {
            write_value(&mut body, &result.call_method0(intern!(py, "to_dict"))?, 0)
        };
        if written.is_err() {
            return Ok(None);
        }
        let status: u16 = if executed || media == MediaType::Json {
            200
        } else {
            400
        };
        let (content_type, media_name) = match media {
            MediaType::Json => (&self.json_content_type, &self.json),
            MediaType::GraphQLResponse => {
                (&self.graphql_response_content_type, &self.graphql_response)
            }
        };
        let length = body.len().to_string();
        let headers = PyList::new(
            py,
            [
                (
                    PyBytes::new(py, b"content-type"),
                    content_type.bind(py).clone(),
                ),
                (
                    PyBytes::new(py, b"content-length"),
                    PyBytes::new(py, length.as_bytes()),
                ),
            ],
        )?;
        let tuple = (
            status,
            headers,
            PyBytes::new(py, &body),
            media_name.bind(py),
        )
            .into_pyobject(py)?;
        Ok(Some(tuple))
    }
}

#[pymethods]
impl HttpPost {
    #[new]
    #[pyo3(signature = (schema, *, root, max_body, classify, declined))]
    fn new(
        py: Python<'_>,
        schema: Py<CoreSchema>,
        root: Option<Py<PyAny>>,
        max_body: Option<usize>,
        classify: Py<PyAny>,
        declined: Py<PyAny>,
    ) -> Self {
        let content_type =
            |media: &str| PyBytes::new(py, format!("{media}; charset=utf-8").as_bytes()).unbind();
        HttpPost {
            schema,
            root,
            max_body,
            classify,
            declined,
            json: PyString::new(py, JSON).unbind(),
            graphql_response: PyString::new(py, GRAPHQL_RESPONSE_JSON).unbind(),
            json_content_type: content_type(JSON),
            graphql_response_content_type: content_type(GRAPHQL_RESPONSE_JSON),
            media: Mutex::new(HashMap::new()),
        }
    }

    /// The media type to answer a POST with these ASGI `headers` with, or `None` when the
    /// Python path must answer it (before its body is read: a body declared over the limit
    /// is refused unread).
    fn accepts<'py>(
        &self,
        py: Python<'py>,
        headers: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyString>>> {
        let Some(head) = Head::read(headers) else {
            return Ok(None);
        };
        if let Some(limit) = self.max_body {
            if over_limit(&head.content_length, limit) {
                return Ok(None);
            }
        }
        Ok(match self.media_type(py, head.accept, head.content_type)? {
            None => None,
            Some(MediaType::Json) => Some(self.json.bind(py).clone()),
            Some(MediaType::GraphQLResponse) => Some(self.graphql_response.bind(py).clone()),
        })
    }

    /// The answer to a POST whose headers [`HttpPost::accepts`] gave `media`, with this whole
    /// `body` and `context` (the request object): `declined`, or `(status, headers, body,
    /// media)` ready to send, or `(0, execution, None, media)` when resolvers suspended (or
    /// the result does not encode): the caller awaits the execution and answers as the
    /// Python path does.
    fn __call__<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        context: &Bound<'py, PyAny>,
        media: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let declined = || Ok(self.declined.bind(py).clone());
        let Ok(body) = body.cast_exact::<PyBytes>() else {
            return declined();
        };
        let body = body.as_bytes();
        if self.max_body.is_some_and(|limit| body.len() > limit) {
            return declined();
        }
        let media = if media.is(self.graphql_response.bind(py)) {
            MediaType::GraphQLResponse
        } else {
            MediaType::Json
        };
        let Some(data) = decode_bytes(py, body) else {
            return declined();
        };
        let Some(params) = Params::of(&data) else {
            return declined();
        };
        let schema = self.schema.bind(py);
        let kind =
            schema
                .get()
                .operation_type(py, &params.query, params.operation_name.as_ref())?;
        if kind == Some("subscription") {
            return declined();
        }
        // The response is encoded by `json.rs` and seen by nothing else: lists may be
        // completed as their JSON text.
        let execution = with_direct(|| {
            CoreSchema::execute(
                schema,
                &params.query,
                params.variables,
                Some(context.clone()),
                self.root.as_ref().map(|r| r.bind(py).clone()),
                params.operation_name.as_ref(),
                true,
            )
        })?;
        let execution = Bound::new(py, execution)?;
        let media_name = match media {
            MediaType::Json => self.json.bind(py),
            MediaType::GraphQLResponse => self.graphql_response.bind(py),
        };
        if execution.getattr(intern!(py, "done"))?.is_truthy()? {
            let result = execution.call_method0(intern!(py, "result"))?;
            if let Some(answer) = self.encoded(py, &result, media)? {
                return Ok(answer.into_any());
            }
        }
        Ok((0u16, execution, py.None(), media_name)
            .into_pyobject(py)?
            .into_any())
    }
}
