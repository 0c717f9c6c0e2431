//! The common GraphQL-over-HTTP request, served whole by the engine: a POST with a JSON body,
//! to an app whose settings add nothing to it (no context getter, no persisted documents, no
//! batching, no operation hooks). [`HttpPost::serve`] reads the three headers it needs and
//! returns an awaitable ([`Serving`]) that awaits the server's `receive`, decodes the body,
//! checks the parameters, executes and, when every resolver finished synchronously, writes
//! the response body straight to bytes and awaits the two `send`s: no Python frame of
//! `grommet.asgi` runs for it.
//!
//! Anything else goes back to the Python path before anything ran (with the message already
//! received, to replay): an unusual header, a body in parts, a body the fast JSON parser
//! declines, a parameter of the wrong type, a subscription, a body over the limit. Resolvers
//! that suspended or set the request's `response` leave the rest of the answer to Python. So
//! every answer of this path is the one the Python path would give;
//! `tests/python/asgi/test_fast_post.py` compares them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use pyo3::exceptions::{PyException, PyRuntimeError, PyStopIteration, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyList, PySendResult, PyString, PyTuple};
use pyo3::{PyTraverseError, PyVisit};

use crate::errors::{GqlError, PathSeg};
use crate::execute::direct::with_direct;
use crate::guard;
use crate::json::{write_text, write_value};
use crate::json_decode::decode_bytes;
use crate::py_util::{coroutine_type, is_awaitable, str_item_is, thrown};
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
    /// `Request.from_scope`: the context of an operation.
    request_of: Py<PyAny>,
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

    /// The response to an execution that finished, or `None` when its result does not
    /// encode (the Python path then logs it and answers 500).
    fn encoded<'py>(
        &self,
        py: Python<'py>,
        result: &Bound<'py, PyAny>,
        media: MediaType,
    ) -> PyResult<Option<Ready<'py>>> {
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
        Ok(Some(self.ready(py, body, executed, media)?))
    }

    /// The response with this `body`, of a request that `executed` or not.
    fn ready<'py>(
        &self,
        py: Python<'py>,
        body: Vec<u8>,
        executed: bool,
        media: MediaType,
    ) -> PyResult<Ready<'py>> {
        let status: u16 = if executed || media == MediaType::Json {
            200
        } else {
            400
        };
        let content_type = match media {
            MediaType::Json => &self.json_content_type,
            MediaType::GraphQLResponse => &self.graphql_response_content_type,
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
        Ok(Ready {
            status,
            headers,
            body: PyBytes::new(py, &body),
        })
    }

    fn media_name<'py>(&self, py: Python<'py>, media: MediaType) -> &Bound<'py, PyString> {
        match media {
            MediaType::Json => self.json.bind(py),
            MediaType::GraphQLResponse => self.graphql_response.bind(py),
        }
    }

    /// The media type to answer a POST request of this ASGI `scope` with, or `None` when the
    /// Python path must answer it (before its body is read: a body declared over the limit
    /// is refused unread).
    fn accepts(&self, py: Python<'_>, scope: &Bound<'_, PyAny>) -> PyResult<Option<MediaType>> {
        let Ok(scope) = scope.cast_exact::<PyDict>() else {
            return Ok(None);
        };
        if !str_item_is(scope, intern!(py, "method"), "POST")? {
            return Ok(None);
        }
        let head = match scope.get_item(intern!(py, "headers"))? {
            Some(headers) => Head::read(&headers),
            None => Some(Head::default()),
        };
        let Some(head) = head else {
            return Ok(None);
        };
        if let Some(limit) = self.max_body {
            if over_limit(&head.content_length, limit) {
                return Ok(None);
            }
        }
        self.media_type(py, head.accept, head.content_type)
    }

    /// The answer to a POST whose headers [`HttpPost::accepts`] gave `media`, with this whole
    /// `body` and `context` (the operation's, a [`LazyContext`]).
    fn answer<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        context: &Bound<'py, PyAny>,
        media: MediaType,
    ) -> PyResult<Answer<'py>> {
        let Ok(body) = body.cast_exact::<PyBytes>() else {
            return Ok(Answer::Declined);
        };
        let body = body.as_bytes();
        if self.max_body.is_some_and(|limit| body.len() > limit) {
            return Ok(Answer::Declined);
        }
        let Some(data) = decode_bytes(py, body) else {
            return Ok(Answer::Declined);
        };
        let Some(params) = Params::of(&data) else {
            return Ok(Answer::Declined);
        };
        let schema = self.schema.bind(py);
        let kind =
            schema
                .get()
                .operation_type(py, &params.query, params.operation_name.as_ref())?;
        if kind == Some("subscription") {
            return Ok(Answer::Declined);
        }
        // The response is encoded by `json.rs` and seen by nothing else: lists may be
        // completed as their JSON text.
        let (execution, refused) = with_direct(|| {
            CoreSchema::execute(
                schema,
                &params.query,
                params.variables,
                Some(context.clone()),
                self.root.as_ref().map(|r| r.bind(py).clone()),
                params.operation_name.as_ref(),
                true,
            )
        });
        let mut execution = Bound::new(py, execution?)?;
        if let Some(errors) = refused {
            let mut body = Vec::with_capacity(256);
            if write_refusal(py, &mut body, &errors).is_ok() {
                return Ok(Answer::Ready(self.ready(py, body, false, media)?));
            }
            // Extensions the writer leaves to Python: the Python result, encoded there.
            execution = Bound::new(py, schema.get().refusal(py, errors)?)?;
        } else if let Some(result) = execution.get().finished(py) {
            if let Some(ready) = self.encoded(py, result.bind(py), media)? {
                return Ok(Answer::Ready(ready));
            }
        }
        Ok(Answer::Later(execution.into_any()))
    }
}

/// The context of a fast POST's operation: the request object, made (by `Request.from_scope`)
/// the first time a resolver reads `info.context`; most requests never do.
#[pyclass(frozen, module = "grommet._core")]
pub struct LazyContext {
    make: Py<PyAny>,
    scope: Py<PyAny>,
    made: OnceLock<Py<PyAny>>,
}

impl LazyContext {
    /// The request object, made now if nothing asked for it before.
    pub fn get<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(made) = self.made.get() {
            return Ok(made.bind(py).clone());
        }
        let made = self.make.bind(py).call1((self.scope.bind(py),))?;
        // Two threads racing here (free-threaded builds): the first one's object stays.
        Ok(match self.made.set(made.clone().unbind()) {
            Ok(()) => made,
            Err(_) => self.made.get().map_or(made, |m| m.bind(py).clone()),
        })
    }
}

#[pymethods]
impl LazyContext {
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.make)?;
        visit.call(&self.scope)?;
        if let Some(made) = self.made.get() {
            visit.call(made)?;
        }
        Ok(())
    }
}

/// `ExecutionResult.to_dict()` of a request refused with `errors`, as JSON: each error as
/// `GraphQLError.to_dict()` gives it (`locations` when there are any, `path` when set,
/// `extensions` when not empty). `Err` for extensions that are not a plain `dict`.
fn write_refusal(py: Python<'_>, out: &mut Vec<u8>, errors: &[GqlError]) -> PyResult<()> {
    if errors.is_empty() {
        out.extend_from_slice(b"{}");
        return Ok(());
    }
    out.extend_from_slice(b"{\"errors\":[");
    for (i, error) in errors.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"message\":");
        write_text(out, error.message.as_bytes());
        if !error.locations.is_empty() {
            out.extend_from_slice(b",\"locations\":[");
            for (j, (line, column)) in error.locations.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(
                    format!("{{\"line\":{line},\"column\":{column}}}").as_bytes(),
                );
            }
            out.push(b']');
        }
        if let Some(path) = &error.path {
            out.extend_from_slice(b",\"path\":[");
            for (j, segment) in path.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                match segment {
                    PathSeg::Key(key) => write_value(out, key.bind(py).as_any(), 0)?,
                    PathSeg::Index(index) => out.extend_from_slice(index.to_string().as_bytes()),
                }
            }
            out.push(b']');
        }
        if let Some(extensions) = &error.extensions {
            let extensions = extensions.bind(py);
            let Ok(extensions) = extensions.cast_exact::<PyDict>() else {
                return Err(PyTypeError::new_err("extensions left to Python"));
            };
            if !extensions.is_empty() {
                out.extend_from_slice(b",\"extensions\":");
                write_value(out, extensions.as_any(), 0)?;
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// A response ready to send.
struct Ready<'py> {
    status: u16,
    headers: Bound<'py, PyList>,
    body: Bound<'py, PyBytes>,
}

enum Answer<'py> {
    /// The Python path answers this request.
    Declined,
    Ready(Ready<'py>),
    /// Resolvers suspended (or the result does not encode): the execution, to await.
    Later(Bound<'py, PyAny>),
}

/// What [`Serving`] leaves to `grommet.asgi` (the first item of its result tuple).
const LEFT_REPLAY: u8 = 0;
const LEFT_FAILED: u8 = 1;
const LEFT_ANSWER: u8 = 2;

#[pymethods]
impl HttpPost {
    #[new]
    #[pyo3(signature = (schema, *, root, max_body, classify, request_of))]
    fn new(
        py: Python<'_>,
        schema: Py<CoreSchema>,
        root: Option<Py<PyAny>>,
        max_body: Option<usize>,
        classify: Py<PyAny>,
        request_of: Py<PyAny>,
    ) -> Self {
        let content_type =
            |media: &str| PyBytes::new(py, format!("{media}; charset=utf-8").as_bytes()).unbind();
        HttpPost {
            schema,
            root,
            max_body,
            classify,
            request_of,
            json: PyString::new(py, JSON).unbind(),
            graphql_response: PyString::new(py, GRAPHQL_RESPONSE_JSON).unbind(),
            json_content_type: content_type(JSON),
            graphql_response_content_type: content_type(GRAPHQL_RESPONSE_JSON),
            media: Mutex::new(HashMap::new()),
        }
    }

    /// `None` when the Python path answers this ASGI request (nothing was received), else
    /// an awaitable that serves it. Awaited, it gives `None` when it sent the response, or
    /// what is left to `grommet.asgi`:
    ///
    /// - `(0, message)`: the Python path answers it, with this message received first;
    /// - `(1, exception, media)`: receiving or executing failed (the Python path logs it and
    ///   answers 500);
    /// - `(2, request, (status, headers, body, media))`: an answer to finish and send in
    ///   Python (status 0: `headers` is the execution to await), because resolvers
    ///   suspended or set the request's `response`.
    fn serve(
        slf: &Bound<'_, Self>,
        scope: &Bound<'_, PyAny>,
        receive: &Bound<'_, PyAny>,
        send: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Serving>> {
        let py = slf.py();
        let Some(media) = slf.get().accepts(py, scope)? else {
            return Ok(None);
        };
        Ok(Some(Serving {
            post: slf.clone().unbind(),
            scope: scope.clone().unbind(),
            receive: receive.clone().unbind(),
            send: send.clone().unbind(),
            media,
            stage: Stage::Start,
        }))
    }
}

enum Stage {
    /// `receive` is called next.
    Start,
    /// Awaiting `receive()`.
    Receiving(Py<PyAny>),
    /// Awaiting `send(http.response.start)`; the body is sent next.
    SendingStart(Py<PyAny>, Py<PyBytes>),
    /// Awaiting `send(http.response.body)`.
    SendingBody(Py<PyAny>),
    Finished,
}

/// What one step of a [`Serving`] came to.
enum Poll<'py> {
    /// The awaitable it awaits yielded this (to the event loop).
    Yield(Bound<'py, PyAny>),
    /// Served: this is the result.
    Done(Bound<'py, PyAny>),
}

/// One POST served by [`HttpPost::serve`]: the ASGI exchange (receive the body, send the
/// response start and body) driven from Rust, with no Python frame of its own.
#[pyclass(module = "grommet._core")]
pub struct Serving {
    post: Py<HttpPost>,
    scope: Py<PyAny>,
    receive: Py<PyAny>,
    send: Py<PyAny>,
    media: MediaType,
    stage: Stage,
}

/// The iterator that awaiting `awaitable` runs (a coroutine is its own).
fn await_iter<'py>(awaitable: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = awaitable.py();
    if awaitable.is_exact_instance(coroutine_type(py)?) {
        return Ok(awaitable);
    }
    if !is_awaitable(&awaitable) {
        return Err(PyTypeError::new_err(format!(
            "object {} can't be used in 'await' expression",
            awaitable.get_type().name()?
        )));
    }
    awaitable.call_method0(intern!(py, "__await__"))
}

/// What resuming `iter` with `value` (or throwing `thrown` into it) came to.
fn resume<'py>(
    iter: &Bound<'py, PyAny>,
    sent: Option<Bound<'py, PyAny>>,
    thrown: Option<PyErr>,
) -> PyResult<PySendResult<'py>> {
    let py = iter.py();
    let Some(error) = thrown else {
        let sent = sent.unwrap_or_else(|| py.None().into_bound(py));
        // SAFETY: `iter` is a coroutine or the iterator an `__await__` returned.
        return unsafe { iter.cast_unchecked::<PyIterator>() }.send(&sent);
    };
    let Ok(throw) = iter.getattr(intern!(py, "throw")) else {
        return Err(error);
    };
    match throw.call1((error.into_value(py),)) {
        Ok(yielded) => Ok(PySendResult::Next(yielded)),
        Err(stop) if stop.is_instance_of::<PyStopIteration>(py) => Ok(PySendResult::Return(
            stop.value(py).getattr(intern!(py, "value"))?,
        )),
        Err(error) => Err(error),
    }
}

impl Serving {
    /// Resumes what it awaits with `sent` (or throws `thrown` into it) and goes on until it
    /// awaits something that suspends, or is done.
    fn step<'py>(
        &mut self,
        py: Python<'py>,
        mut sent: Option<Bound<'py, PyAny>>,
        mut thrown: Option<PyErr>,
    ) -> PyResult<Poll<'py>> {
        loop {
            let iter = match &self.stage {
                Stage::Start => {
                    match self.receive.bind(py).call0().and_then(await_iter) {
                        Ok(iter) => self.stage = Stage::Receiving(iter.unbind()),
                        Err(error) => return self.receive_failed(py, error),
                    }
                    continue;
                }
                Stage::Receiving(iter)
                | Stage::SendingStart(iter, _)
                | Stage::SendingBody(iter) => iter.bind(py).clone(),
                Stage::Finished => {
                    return Err(PyRuntimeError::new_err(
                        "cannot reuse an already awaited request",
                    ))
                }
            };
            let value = match resume(&iter, sent.take(), thrown.take()) {
                Ok(PySendResult::Next(yielded)) => return Ok(Poll::Yield(yielded)),
                Ok(PySendResult::Return(value)) => value,
                Err(error) if matches!(self.stage, Stage::Receiving(_)) => {
                    return self.receive_failed(py, error);
                }
                Err(error) => {
                    self.stage = Stage::Finished;
                    return Err(error);
                }
            };
            match std::mem::replace(&mut self.stage, Stage::Finished) {
                Stage::Receiving(_) => {
                    if let Some(done) = self.received(py, value)? {
                        return Ok(Poll::Done(done));
                    }
                }
                Stage::SendingStart(_, body) => {
                    let message = PyDict::new(py);
                    message.set_item(intern!(py, "type"), intern!(py, "http.response.body"))?;
                    message.set_item(intern!(py, "body"), body)?;
                    let sent = self.send.bind(py).call1((message,))?;
                    self.stage = Stage::SendingBody(await_iter(sent)?.unbind());
                }
                _ => return Ok(Poll::Done(py.None().into_bound(py))),
            }
        }
    }

    /// Receiving failed: as the Python path does, an `Exception` is logged and answered with
    /// a 500 (anything else, a cancellation among them, goes on to the server).
    fn receive_failed<'py>(&mut self, py: Python<'py>, error: PyErr) -> PyResult<Poll<'py>> {
        self.stage = Stage::Finished;
        Ok(Poll::Done(self.failed(py, error)?))
    }

    fn failed<'py>(&self, py: Python<'py>, error: PyErr) -> PyResult<Bound<'py, PyAny>> {
        if !error.is_instance_of::<PyException>(py) {
            return Err(error);
        }
        let media = self.post.bind(py).get().media_name(py, self.media);
        Ok((LEFT_FAILED, error.into_value(py), media)
            .into_pyobject(py)?
            .into_any())
    }

    /// Answers the received `message`: `Some(result)` when what is left goes back to
    /// Python, `None` when sending the response has begun.
    fn received<'py>(
        &mut self,
        py: Python<'py>,
        message: Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let replay = |message: Bound<'py, PyAny>| -> PyResult<Option<Bound<'py, PyAny>>> {
            Ok(Some((LEFT_REPLAY, message).into_pyobject(py)?.into_any()))
        };
        let Some(body) = whole_body(py, &message)? else {
            return replay(message);
        };
        let post = self.post.bind(py).get();
        let context = Bound::new(
            py,
            LazyContext {
                make: post.request_of.clone_ref(py),
                scope: self.scope.clone_ref(py),
                made: OnceLock::new(),
            },
        )?;
        let answer = match post.answer(py, &body, context.as_any(), self.media) {
            Ok(answer) => answer,
            Err(error) => return Ok(Some(self.failed(py, error)?)),
        };
        let media = post.media_name(py, self.media);
        let left = |outcome: Bound<'py, PyTuple>| -> PyResult<Option<Bound<'py, PyAny>>> {
            // Resolvers still running read the same request object.
            let request = context.get().get(py)?;
            Ok(Some(
                (LEFT_ANSWER, request, outcome)
                    .into_pyobject(py)?
                    .into_any(),
            ))
        };
        match answer {
            Answer::Declined => replay(message),
            Answer::Later(execution) => {
                left((0u16, execution, py.None(), media).into_pyobject(py)?)
            }
            Answer::Ready(ready) => {
                let shaped = match context.get().made.get() {
                    Some(request) => !request.getattr(py, intern!(py, "_response"))?.is_none(py),
                    None => false,
                };
                if shaped {
                    // A resolver set the response's status or headers.
                    return left(
                        (ready.status, ready.headers, ready.body, media).into_pyobject(py)?,
                    );
                }
                let start = PyDict::new(py);
                start.set_item(intern!(py, "type"), intern!(py, "http.response.start"))?;
                start.set_item(intern!(py, "status"), ready.status)?;
                start.set_item(intern!(py, "headers"), ready.headers)?;
                let sent = self.send.bind(py).call1((start,))?;
                self.stage = Stage::SendingStart(await_iter(sent)?.unbind(), ready.body.unbind());
                Ok(None)
            }
        }
    }

    fn poll<'py>(
        &mut self,
        py: Python<'py>,
        sent: Option<Bound<'py, PyAny>>,
        thrown: Option<PyErr>,
    ) -> PyResult<Py<PyAny>> {
        let poll = guard::catch(
            py,
            || self.step(py, sent, thrown),
            || Err(PyRuntimeError::new_err(guard::INTERNAL_ERROR)),
        );
        match poll {
            Ok(Poll::Yield(yielded)) => Ok(yielded.unbind()),
            Ok(Poll::Done(result)) => {
                self.stage = Stage::Finished;
                Err(PyStopIteration::new_err((result.unbind(),)))
            }
            Err(error) => {
                self.stage = Stage::Finished;
                Err(error)
            }
        }
    }
}

/// The body of `message` when it is the whole body of an HTTP request (one `http.request`
/// message), else `None`.
fn whole_body<'py>(
    py: Python<'py>,
    message: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Ok(message) = message.cast_exact::<PyDict>() else {
        return Ok(None);
    };
    if !str_item_is(message, intern!(py, "type"), "http.request")? {
        return Ok(None);
    }
    if let Some(more) = message.get_item(intern!(py, "more_body"))? {
        if more.is_truthy()? {
            return Ok(None);
        }
    }
    Ok(Some(match message.get_item(intern!(py, "body"))? {
        Some(body) => body,
        None => PyBytes::new(py, b"").into_any(),
    }))
}

#[pymethods]
impl Serving {
    /// What it holds, for the cyclic GC: a `receive` or `send` that refers back to the task
    /// awaiting this would otherwise make a cycle nothing collects.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.post)?;
        visit.call(&self.scope)?;
        visit.call(&self.receive)?;
        visit.call(&self.send)?;
        match &self.stage {
            Stage::Receiving(iter) | Stage::SendingBody(iter) => visit.call(iter),
            Stage::SendingStart(iter, body) => {
                visit.call(iter)?;
                visit.call(body)
            }
            Stage::Start | Stage::Finished => Ok(()),
        }
    }

    fn __clear__(&mut self) {
        self.stage = Stage::Finished;
    }

    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.poll(py, None, None)
    }

    /// Resumes with `value` what it awaits (event loops other than asyncio's send values).
    fn send(&mut self, py: Python<'_>, value: Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.poll(py, Some(value), None)
    }

    #[pyo3(signature = (typ, val=None, _tb=None))]
    fn throw(
        &mut self,
        py: Python<'_>,
        typ: Bound<'_, PyAny>,
        val: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let exc = thrown(typ, val)?;
        let error = PyErr::from_value(exc);
        if matches!(self.stage, Stage::Start | Stage::Finished) {
            self.stage = Stage::Finished;
            return Err(error);
        }
        self.poll(py, None, Some(error))
    }

    fn close(&mut self, py: Python<'_>) -> PyResult<()> {
        let stage = std::mem::replace(&mut self.stage, Stage::Finished);
        match stage {
            Stage::Receiving(iter) | Stage::SendingStart(iter, _) | Stage::SendingBody(iter) => {
                let iter = iter.bind(py);
                if let Ok(close) = iter.getattr(intern!(py, "close")) {
                    close.call0()?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
