//! Input coercion (spec §6.4.1 CoerceVariableValues, §6.4.2 CoerceArgumentValues) straight into
//! the Python values resolvers receive: input objects built by their factory, enums mapped, custom
//! scalars parsed. apollo-compiler validated the document already; this checks what only runtime
//! values can break.

use apollo_compiler::ast::{Type, Value};
use apollo_compiler::executable::{Field, Operation};
use apollo_compiler::schema::{ExtendedType, FieldDefinition, InputValueDefinition};
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::plan::{Resolver, SchemaPlan};
use crate::document::PreparedDocument;
use crate::errors::GqlError;
use crate::py_util::inspect;

/// How deeply lists and input objects may nest in a variable's value (graphql-core's bound):
/// coercion recurses along that nesting and stays within a 256 KiB thread stack at this depth.
/// A schema's `max_input_depth` may only lower it.
pub const INPUT_NESTING_LIMIT: usize = 200;

const TOO_DEEP: &str = "Variable values are nested too deeply.";

/// Why a value could not be coerced; `path` locates it inside a list or input object.
pub struct CoerceError {
    pub message: String,
    pub path: Vec<String>,
    /// The `extensions` of a GraphQL error a custom scalar's `parse` raised.
    pub extensions: Option<Py<PyAny>>,
}

impl CoerceError {
    fn new(message: impl Into<String>) -> Self {
        CoerceError {
            message: message.into(),
            path: Vec::new(),
            extensions: None,
        }
    }
    fn too_deep() -> Self {
        CoerceError::new(TOO_DEEP)
    }
    fn is_too_deep(&self) -> bool {
        self.message == TOO_DEEP
    }
    fn within(mut self, seg: impl Into<String>) -> Self {
        self.path.insert(0, seg.into());
        self
    }
}

type Coerced<'py> = Result<Bound<'py, PyAny>, CoerceError>;

fn is_int(v: &Bound<'_, PyAny>) -> bool {
    v.cast::<PyInt>().is_ok() && v.cast::<PyBool>().is_err()
}

/// Marks a value that is not an integer at all (as opposed to one out of range).
pub struct NotInteger;

/// A Python int (or integral float) as i64; `Ok(None)` when it does not fit.
pub fn int_value(v: &Bound<'_, PyAny>) -> Result<Option<i64>, NotInteger> {
    if is_int(v) {
        return v.extract::<i64>().map(Some).or(Ok(None));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if x.fract() == 0.0 && x.is_finite() && x.abs() < 9.0e15 {
            return Ok(Some(x as i64));
        }
    }
    Err(NotInteger)
}

/// Coerces a raw variable value (JSON-like Python data) to `ty`; lists and input objects may
/// nest `depth` more levels.
pub fn coerce_input<'py>(
    plan: &SchemaPlan,
    ty: &Type,
    v: &Bound<'py, PyAny>,
    depth: usize,
) -> Coerced<'py> {
    let py = v.py();
    if v.is_none() {
        return if ty.is_non_null() {
            Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            )))
        } else {
            Ok(py.None().into_bound(py))
        };
    }
    match ty {
        Type::List(_) | Type::NonNullList(_) if depth == 0 => Err(CoerceError::too_deep()),
        Type::List(item) | Type::NonNullList(item) => {
            if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
                let mut out = Vec::new();
                for (i, x) in v
                    .try_iter()
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .enumerate()
                {
                    let x = x.map_err(|e| CoerceError::new(e.to_string()))?;
                    out.push(
                        coerce_input(plan, item, &x, depth - 1)
                            .map_err(|e| e.within(i.to_string()))?,
                    );
                }
                Ok(PyList::new(py, out)
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            } else {
                let one = coerce_input(plan, item, v, depth - 1)?;
                Ok(PyList::new(py, [one])
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            }
        }
        Type::Named(name) | Type::NonNullNamed(name) => coerce_named_input(plan, name, v, depth),
    }
}

fn coerce_named_input<'py>(
    plan: &SchemaPlan,
    name: &Name,
    v: &Bound<'py, PyAny>,
    depth: usize,
) -> Coerced<'py> {
    let py = v.py();
    let bad = |what: &str| {
        Err(CoerceError::new(format!(
            "{what} cannot represent value: {}",
            inspect(v)
        )))
    };
    match name.as_str() {
        "Int" => match int_value(v) {
            Ok(Some(n)) if i32::try_from(n).is_ok() => Ok(if is_int(v) {
                v.clone()
            } else {
                n.into_pyobject(py)
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any()
            }),
            Ok(_) => Err(CoerceError::new(format!(
                "Int cannot represent non 32-bit signed integer value: {}",
                inspect(v)
            ))),
            Err(NotInteger) if v.cast::<PyFloat>().is_ok() => Err(CoerceError::new(format!(
                "Int cannot represent non-integer value: {}",
                inspect(v)
            ))),
            Err(NotInteger) => Err(CoerceError::new(format!(
                "Int cannot represent non-integer value: {}",
                inspect(v)
            ))),
        },
        "Float" => {
            if let Ok(f) = v.cast::<PyFloat>() {
                if f.value().is_finite() {
                    Ok(v.clone())
                } else {
                    // NaN and the infinities have no GraphQL representation.
                    Err(CoerceError::new(format!(
                        "Float cannot represent non numeric value: {}",
                        inspect(v)
                    )))
                }
            } else if is_int(v) {
                // Refused when it does not fit a float or would lose precision (above 2^53).
                crate::serialize::float_from_int(v, v)
                    .map(|f| f.into_any())
                    .map_err(CoerceError::new)
            } else {
                Err(CoerceError::new(format!(
                    "Float cannot represent non numeric value: {}",
                    inspect(v)
                )))
            }
        }
        "String" => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else {
                Err(CoerceError::new(format!(
                    "String cannot represent a non string value: {}",
                    inspect(v)
                )))
            }
        }
        "Boolean" => {
            if v.cast::<PyBool>().is_ok() {
                Ok(v.clone())
            } else {
                Err(CoerceError::new(format!(
                    "Boolean cannot represent a non boolean value: {}",
                    inspect(v)
                )))
            }
        }
        "ID" => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else if is_int(v) {
                Ok(v.str()
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            } else {
                Err(CoerceError::new(format!(
                    "ID cannot represent value: {}",
                    inspect(v)
                )))
            }
        }
        _ => match plan.schema.types.get(name) {
            Some(ExtendedType::Enum(def)) => {
                let Ok(s) = v.cast::<PyString>() else {
                    return Err(CoerceError::new(format!(
                        "Enum \"{name}\" cannot represent non-string value: {}.",
                        inspect(v)
                    )));
                };
                let s = s.to_string_lossy();
                match def.values.get_key_value(s.as_ref()) {
                    Some((value, _)) => Ok(enum_to_py(plan, name, value, py)),
                    None => Err(CoerceError::new(format!(
                        "Value {} does not exist in \"{name}\" enum.",
                        inspect(v)
                    ))),
                }
            }
            Some(ExtendedType::Scalar(_)) => parse_scalar(plan, name, v.clone()),
            Some(ExtendedType::InputObject(_)) if depth == 0 => Err(CoerceError::too_deep()),
            Some(ExtendedType::InputObject(def)) => {
                let Ok(map) = v.cast::<PyDict>() else {
                    return Err(CoerceError::new(format!(
                        "Expected type \"{name}\" to be an object."
                    )));
                };
                for key in map.keys() {
                    let k = key.to_string();
                    if !def.fields.contains_key(k.as_str()) {
                        return Err(CoerceError::new(format!(
                            "Field \"{k}\" is not defined by type \"{name}\"."
                        )));
                    }
                }
                if def.directives.get("oneOf").is_some() {
                    let non_null = map.values().iter().filter(|v| !v.is_none()).count();
                    if map.len() != 1 || non_null != 1 {
                        return Err(CoerceError::new(one_of_message(name)));
                    }
                }
                let kwargs = PyDict::new(py);
                for (fname, fdef) in &def.fields {
                    let present = map
                        .get_item(fname.as_str())
                        .map_err(|e| CoerceError::new(e.to_string()))?;
                    let value = match present {
                        Some(x) => Some(
                            coerce_input(plan, &fdef.ty, &x, depth - 1)
                                .map_err(|e| e.within(fname.as_str()))?,
                        ),
                        None => default_or_missing(plan, name, fdef, py)?,
                    };
                    if let Some(value) = value {
                        set_input_field(plan, name, fname, &kwargs, value)?;
                    }
                }
                build_input(plan, name, kwargs)
            }
            _ => bad(name.as_str()),
        },
    }
}

fn one_of_message(name: &Name) -> String {
    format!("OneOf Input Object \"{name}\" must specify exactly one key, and its value must not be null.")
}

fn default_or_missing<'py>(
    plan: &SchemaPlan,
    type_name: &Name,
    fdef: &Node<InputValueDefinition>,
    py: Python<'py>,
) -> Result<Option<Bound<'py, PyAny>>, CoerceError> {
    if let Some(default) = &fdef.default_value {
        return coerce_literal(plan, &fdef.ty, default, None, py)
            .map_err(|e| e.within(fdef.name.as_str()));
    }
    if fdef.ty.is_non_null() {
        return Err(CoerceError::new(format!(
            "Field \"{type_name}.{}\" of required type \"{}\" was not provided.",
            fdef.name, fdef.ty
        )));
    }
    Ok(None)
}

fn set_input_field(
    plan: &SchemaPlan,
    type_name: &Name,
    field: &Name,
    kwargs: &Bound<'_, PyDict>,
    value: Bound<'_, PyAny>,
) -> Result<(), CoerceError> {
    let res = match plan.inputs.get(type_name).and_then(|p| p.fields.get(field)) {
        Some(py_name) => kwargs.set_item(py_name.bind(kwargs.py()), value),
        None => kwargs.set_item(field.as_str(), value),
    };
    res.map_err(|e| CoerceError::new(e.to_string()))
}

fn build_input<'py>(
    plan: &SchemaPlan,
    type_name: &Name,
    kwargs: Bound<'py, PyDict>,
) -> Coerced<'py> {
    match plan.inputs.get(type_name) {
        Some(input) => input
            .factory
            .bind(kwargs.py())
            .call((), Some(&kwargs))
            .map_err(|e| CoerceError::new(e.value(kwargs.py()).to_string())),
        None => Ok(kwargs.into_any()),
    }
}

fn enum_to_py<'py>(
    plan: &SchemaPlan,
    enum_name: &Name,
    value: &Name,
    py: Python<'py>,
) -> Bound<'py, PyAny> {
    plan.enums
        .get(enum_name)
        .and_then(|e| e.to_py.get(value))
        .map(|v| v.bind(py).clone())
        .unwrap_or_else(|| PyString::new(py, value.as_str()).into_any())
}

thread_local! {
    /// A `BaseException` that is not an `Exception` (KeyboardInterrupt, SystemExit) raised by
    /// a scalar's `parse`: it must end the request, so the coercion that met it stops and the
    /// caller raises it (`take_fatal`) instead of reporting an error.
    static FATAL: std::cell::RefCell<Option<PyErr>> = const { std::cell::RefCell::new(None) };
}

/// Records `e` when it must end the request; true when it did.
pub fn keep_if_fatal(py: Python<'_>, e: &PyErr) -> bool {
    if e.is_instance_of::<pyo3::exceptions::PyException>(py) {
        return false;
    }
    FATAL.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_none() {
            *f = Some(e.clone_ref(py));
        }
    });
    true
}

/// The request-ending exception a coercion met, if any (taken: reported once).
pub fn take_fatal() -> Option<PyErr> {
    FATAL.with(|f| f.borrow_mut().take())
}

fn parse_scalar<'py>(plan: &SchemaPlan, name: &Name, raw: Bound<'py, PyAny>) -> Coerced<'py> {
    match plan.scalars.get(name).and_then(|s| s.parse.as_ref()) {
        Some(parse) => parse.bind(raw.py()).call1((&raw,)).map_err(|e| {
            keep_if_fatal(raw.py(), &e);
            match crate::input_rules::graphql_error_parts(e.value(raw.py())) {
                // A GraphQL error is the scalar's own answer: its message and extensions.
                Some((message, extensions)) => CoerceError {
                    extensions,
                    ..CoerceError::new(message)
                },
                None => CoerceError::new(format!(
                    "{name} cannot represent value {}: {}",
                    inspect(&raw),
                    e.value(raw.py())
                )),
            }
        }),
        None => Ok(raw),
    }
}

/// A literal (possibly holding variables) coerced to `ty`; `Ok(None)` means "no value" (an
/// absent variable), which callers treat as not provided.
pub fn coerce_literal<'py>(
    plan: &SchemaPlan,
    ty: &Type,
    value: &Value,
    vars: Option<&Bound<'py, PyDict>>,
    py: Python<'py>,
) -> Result<Option<Bound<'py, PyAny>>, CoerceError> {
    if let Value::Variable(var) = value {
        let found = match vars {
            Some(v) => v
                .get_item(var.as_str())
                .map_err(|e| CoerceError::new(e.to_string()))?,
            None => None,
        };
        return match found {
            Some(x) if x.is_none() && ty.is_non_null() => Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            ))),
            other => Ok(other),
        };
    }
    if value.is_null() {
        return if ty.is_non_null() {
            Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            )))
        } else {
            Ok(Some(py.None().into_bound(py)))
        };
    }
    let conv = |e: PyErr| CoerceError::new(e.to_string());
    let out = match ty {
        Type::List(item) | Type::NonNullList(item) => match value {
            Value::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let c = coerce_literal(plan, item, x, vars, py)
                        .map_err(|e| e.within(i.to_string()))?;
                    out.push(c.unwrap_or_else(|| py.None().into_bound(py)));
                }
                PyList::new(py, out).map_err(conv)?.into_any()
            }
            single => match coerce_literal(plan, item, single, vars, py)? {
                Some(x) => PyList::new(py, [x]).map_err(conv)?.into_any(),
                None => return Ok(None),
            },
        },
        Type::Named(name) | Type::NonNullNamed(name) => {
            match (plan.schema.types.get(name), value) {
                (Some(ExtendedType::InputObject(def)), Value::Object(fields)) => {
                    if def.directives.get("oneOf").is_some()
                        && (fields.len() != 1 || fields[0].1.is_null())
                    {
                        return Err(CoerceError::new(one_of_message(name)));
                    }
                    let kwargs = PyDict::new(py);
                    for (fname, fdef) in &def.fields {
                        let given = fields.iter().find(|(n, _)| n == fname).map(|(_, v)| v);
                        let coerced = match given {
                            Some(v) => coerce_literal(plan, &fdef.ty, v, vars, py)
                                .map_err(|e| e.within(fname.as_str()))?,
                            None => None,
                        };
                        let coerced = match coerced {
                            Some(c) => Some(c),
                            None => default_or_missing(plan, name, fdef, py)?,
                        };
                        if let Some(c) = coerced {
                            set_input_field(plan, name, fname, &kwargs, c)?;
                        }
                    }
                    build_input(plan, name, kwargs)?
                }
                (Some(ExtendedType::Enum(def)), Value::Enum(v)) => {
                    match def.values.get_key_value(v.as_str()) {
                        Some((value, _)) => enum_to_py(plan, name, value, py),
                        None => {
                            return Err(CoerceError::new(format!(
                                "Value \"{v}\" does not exist in \"{name}\" enum."
                            )))
                        }
                    }
                }
                (Some(ExtendedType::Scalar(s)), _) if !s.is_built_in() => {
                    let raw = literal_to_py(value, vars, py).map_err(conv)?;
                    parse_scalar(plan, name, raw)?
                }
                (_, _) => {
                    let raw = literal_to_py(value, vars, py).map_err(conv)?;
                    coerce_named_input(plan, name, &raw, INPUT_NESTING_LIMIT)?
                }
            }
        }
    };
    Ok(Some(out))
}

/// A literal as plain Python data (for custom scalars and built-in scalar checks).
pub fn literal_to_py<'py>(
    value: &Value,
    vars: Option<&Bound<'py, PyDict>>,
    py: Python<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => match i.try_to_i32() {
            Ok(n) => n.into_pyobject(py)?.into_any(),
            Err(_) => py
                .import("builtins")?
                .getattr("int")?
                .call1((i.as_str(),))?,
        },
        Value::Float(f) => PyFloat::new(py, f.try_to_f64().unwrap_or(f64::NAN)).into_any(),
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Enum(e) => PyString::new(py, e).into_any(),
        Value::Variable(v) => match vars.map(|d| d.get_item(v.as_str())).transpose()?.flatten() {
            Some(x) => x,
            None => py.None().into_bound(py),
        },
        Value::List(items) => {
            let out = items
                .iter()
                .map(|x| literal_to_py(x, vars, py))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, out)?.into_any()
        }
        Value::Object(fields) => {
            let d = PyDict::new(py);
            for (k, v) in fields {
                d.set_item(k.as_str(), literal_to_py(v, vars, py)?)?;
            }
            d.into_any()
        }
    })
}

/// Spec CoerceVariableValues over the raw `variables` dict.
pub fn coerce_variables<'py>(
    plan: &SchemaPlan,
    op: &Operation,
    raw: Option<&Bound<'py, PyDict>>,
    max_depth: usize,
    doc: &PreparedDocument,
    py: Python<'py>,
) -> Result<Bound<'py, PyDict>, Vec<GqlError>> {
    let out = PyDict::new(py);
    let mut errors = Vec::new();
    for def in &op.variables {
        let loc = || doc.span_location(def.location());
        let given = raw.and_then(|r| r.get_item(def.name.as_str()).ok().flatten());
        let result = match given {
            None => match &def.default_value {
                Some(default) => {
                    coerce_literal(plan, &def.ty, default, None, py).map_err(|e| (None, e))
                }
                None if def.ty.is_non_null() => {
                    errors.push(
                        GqlError::new(format!(
                            "Variable \"${}\" of required type \"{}\" was not provided.",
                            def.name, def.ty
                        ))
                        .at(loc()),
                    );
                    continue;
                }
                None => continue,
            },
            Some(v) if v.is_none() && def.ty.is_non_null() => {
                errors.push(
                    GqlError::new(format!(
                        "Variable \"${}\" of non-null type \"{}\" must not be null.",
                        def.name, def.ty
                    ))
                    .at(loc()),
                );
                continue;
            }
            Some(v) => coerce_input(plan, &def.ty, &v, max_depth)
                .map(Some)
                .map_err(|e| (Some(v), e)),
        };
        match result {
            Ok(Some(v)) => {
                if let Err(e) = out.set_item(def.name.as_str(), v) {
                    errors.push(GqlError::new(e.to_string()).at(loc()));
                }
            }
            Ok(None) => {}
            // As graphql-core: one error for the request, with nothing echoed back.
            Err((_, e)) if e.is_too_deep() => return Err(vec![GqlError::new(TOO_DEEP)]),
            Err((given, e)) => {
                let shown = given
                    .map(|g| inspect(&g))
                    .unwrap_or_else(|| "(default)".to_owned());
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" at \"{}.{}\"", def.name, e.path.join("."))
                };
                let mut error = GqlError::new(format!(
                    "Variable \"${}\" got invalid value {shown}{at}; {}",
                    def.name, e.message
                ))
                .at(loc());
                error.extensions = e.extensions;
                errors.push(error);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Spec CoerceArgumentValues for a resolver call: the keyword arguments, or `None` when empty.
pub fn coerce_arguments<'py>(
    plan: &SchemaPlan,
    def: &FieldDefinition,
    field: &Field,
    resolver: &Resolver,
    vars: &Bound<'py, PyDict>,
) -> Result<Option<Bound<'py, PyDict>>, ArgError> {
    let Resolver::Call { args, .. } = resolver else {
        return Ok(None);
    };
    if args.is_empty() {
        return Ok(None);
    }
    let py = vars.py();
    let kwargs = PyDict::new(py);
    for (arg_def, (name, py_name)) in def.arguments.iter().zip(args.iter()) {
        debug_assert_eq!(&arg_def.name, name);
        let given = field
            .arguments
            .iter()
            .find(|a| a.name == *name)
            .map(|a| &a.value);
        let coerced = match given {
            Some(v) => coerce_literal(plan, &arg_def.ty, v, Some(vars), py).map_err(|e| {
                let at = locate(v, &e.path).location();
                let message = match v.as_ref() {
                    // Only a null variable fails as a whole variable (its type was validated).
                    Value::Variable(var) if e.path.is_empty() => format!(
                        "Argument \"{name}\" has invalid value: Expected variable \"${var}\" provided to non-null type \"{}\" not to be None.",
                        arg_def.ty
                    ),
                    _ => arg_error(name, e),
                };
                (message, at)
            })?,
            None => None,
        };
        let coerced = match coerced {
            Some(c) => Some(c),
            None => match &arg_def.default_value {
                Some(d) => coerce_literal(plan, &arg_def.ty, d, None, py)
                    .map_err(|e| (arg_error(name, e), None))?,
                None if arg_def.ty.is_non_null() => {
                    return Err((
                        format!(
                            "Argument \"{name}\" of required type \"{}\" was not provided.",
                            arg_def.ty
                        ),
                        None,
                    ));
                }
                None => None,
            },
        };
        if let Some(c) = coerced {
            kwargs
                .set_item(py_name.bind(py), c)
                .map_err(|e| (e.to_string(), None))?;
        }
    }
    Ok(Some(kwargs))
}

/// Why an argument could not be coerced, and where in the document (the offending value).
pub type ArgError = (String, Option<apollo_compiler::parser::SourceSpan>);

/// The value at `path` (list indices and input field names) inside a literal, or the deepest
/// one the path reaches.
fn locate<'v>(value: &'v Node<Value>, path: &[String]) -> &'v Node<Value> {
    let Some((first, rest)) = path.split_first() else {
        return value;
    };
    let inner = match value.as_ref() {
        Value::List(items) => first.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(fields) => fields
            .iter()
            .find(|(n, _)| n.as_str() == first)
            .map(|(_, v)| v),
        _ => None,
    };
    match inner {
        Some(v) => locate(v, rest),
        None => value,
    }
}

fn arg_error(name: &Name, e: CoerceError) -> String {
    if e.path.is_empty() {
        format!("Argument \"{name}\" has invalid value: {}", e.message)
    } else {
        format!(
            "Argument \"{name}\" has invalid value at \"{}\": {}",
            e.path.join("."),
            e.message
        )
    }
}
