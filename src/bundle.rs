//! Build step: a schema bundle (SDL + binding tables) → a `SchemaPlan` (`plan.rs`). Runs once
//! per schema; the execution path imports `plan`, never this file.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, OnceLock};

use lru::LruCache;

use apollo_compiler::schema::{ExtendedType, FieldDefinition};
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Node, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::errors::schema_error;
use crate::plan::{
    ClassTypes, EnumPlan, FieldBinding, HashMap, ImplementersMap, InfoMode, InputPlan, OutputKind,
    Resolver, ScalarPlan, SchemaPlan, TypePlan,
};

/// A validated schema with what is derived from it alone; shared by every build of one SDL.
struct ParsedSdl {
    schema: Arc<Valid<Schema>>,
    implementers: Arc<ImplementersMap>,
    printed: Arc<OnceLock<Box<str>>>,
}

/// SDL text → its validated schema. Builds from generated code (or the same classes) pass the
/// same SDL every time; they reuse its parse and validation, which dominate a build.
static PARSED: Mutex<Option<LruCache<Arc<str>, Arc<ParsedSdl>>>> = Mutex::new(None);
const PARSED_CAPACITY: usize = 32;

fn parse_cached(py: Python<'_>, sdl: &str) -> PyResult<Arc<ParsedSdl>> {
    let lookup = |sdl: &str| {
        let mut guard = PARSED.lock().unwrap_or_else(|e| e.into_inner());
        guard.as_mut().and_then(|c| c.get(sdl).cloned())
    };
    if let Some(hit) = lookup(sdl) {
        return Ok(hit);
    }
    let schema = parse_sdl(py, sdl, "schema.graphql")?;
    let parsed = Arc::new(ParsedSdl {
        implementers: Arc::new(schema.implementers_map()),
        printed: Arc::default(),
        schema: Arc::new(schema),
    });
    let mut guard = PARSED.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(|| {
        LruCache::new(NonZeroUsize::new(PARSED_CAPACITY).expect("non-zero capacity"))
    });
    cache.put(sdl.into(), parsed.clone());
    Ok(parsed)
}

fn get_item<'py>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    match d.get_item(key)? {
        Some(v) if !v.is_none() => Ok(Some(v)),
        _ => Ok(None),
    }
}

fn dict_of<'py>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyDict>> {
    match get_item(d, key)? {
        Some(v) => Ok(v
            .cast_into::<PyDict>()
            .map_err(|_| PyTypeError::new_err(format!("bundle[{key:?}] must be a dict")))?),
        None => Ok(PyDict::new(d.py())),
    }
}

/// Parses and validates SDL, mapping diagnostics to `SchemaError`.
pub fn parse_sdl(py: Python<'_>, sdl: &str, path: &str) -> PyResult<Valid<Schema>> {
    py.detach(|| crate::sdl::build_one(path, sdl))
        .map_err(|errors| schema_error(py, &errors))
}

/// The names a field's binding is built with, interned once (a type's name serves every field).
struct FieldNames<'a, 'py> {
    type_name: &'a Name,
    parent_type: &'a Bound<'py, PyString>,
    field_name: Bound<'py, PyString>,
}

fn bind_field(
    py: Python<'_>,
    schema: &Schema,
    names: FieldNames<'_, '_>,
    def: &Node<FieldDefinition>,
    spec: Option<Bound<'_, PyAny>>,
) -> PyResult<FieldBinding> {
    let resolver = match spec {
        None => Resolver::Attr(names.field_name.clone().unbind()),
        Some(spec) => parse_field_spec(py, names.type_name, def, &spec)?,
    };
    let subscription = apollo_compiler::ast::OperationType::Subscription;
    if matches!(resolver, Resolver::Call { batch: true, .. })
        && schema.root_operation(subscription) == Some(names.type_name)
    {
        return Err(crate::errors::SchemaError::new_err(format!(
            "{}.{}: a subscription root field cannot be a batch resolver \
             (its resolver returns the event stream)",
            names.type_name, def.name
        )));
    }
    let output = OutputKind::of(schema, def.ty.inner_named_type());
    Ok(FieldBinding {
        resolver,
        output,
        definition: def.clone(),
        field_name: names.field_name.unbind(),
        parent_type: names.parent_type.clone().unbind(),
    })
}

/// The bindings of a type's `fields` made from the keys of its bundle table `specs`, which
/// are the fields' names as `str` objects already (generated code and the builder write them
/// as literals): no new string per field. `None` when that does not apply (a key that is not
/// an exact `str` or not a field's name) or a binding fails: the caller then binds field by
/// field in the SDL's order, which reports the first problem.
fn bind_by_keys(
    py: Python<'_>,
    schema: &Schema,
    type_name: &Name,
    parent_type: &Bound<'_, PyString>,
    fields: &apollo_compiler::collections::IndexMap<
        Name,
        apollo_compiler::schema::Component<FieldDefinition>,
    >,
    specs: &Bound<'_, PyDict>,
) -> PyResult<Option<HashMap<Name, Arc<FieldBinding>>>> {
    let mut bound = HashMap::with_capacity_and_hasher(fields.len(), Default::default());
    for (key, spec) in specs.iter() {
        let Ok(key) = key.cast_into_exact::<PyString>() else {
            return Ok(None);
        };
        let Some((fname, def)) = key.to_str().ok().and_then(|k| fields.get_key_value(k)) else {
            return Ok(None);
        };
        let names = FieldNames {
            type_name,
            parent_type,
            field_name: interned_in_place(key),
        };
        let Ok(binding) = bind_field(py, schema, names, def, Some(spec)) else {
            return Ok(None);
        };
        bound.insert(fname.clone(), Arc::new(binding));
    }
    for (fname, def) in fields {
        if bound.contains_key(fname) {
            continue;
        }
        let names = FieldNames {
            type_name,
            parent_type,
            field_name: PyString::intern(py, fname.as_str()),
        };
        let Ok(binding) = bind_field(py, schema, names, def, None) else {
            return Ok(None);
        };
        bound.insert(fname.clone(), Arc::new(binding));
    }
    Ok(Some(bound))
}

/// `text` interned (the interned `str` equal to it), as `PyString::intern` of its content.
fn interned_in_place(text: Bound<'_, PyString>) -> Bound<'_, PyString> {
    let py = text.py();
    let mut ptr = text.into_ptr();
    // SAFETY: `ptr` is an owned reference to an exact `str`; `PyUnicode_InternInPlace` keeps
    // one owned reference in it, to the interned string.
    unsafe {
        pyo3::ffi::PyUnicode_InternInPlace(&mut ptr);
        Bound::from_owned_ptr(py, ptr).cast_into_unchecked()
    }
}

/// The interned text of a `str` item of a field spec (an exact `str` interned in place, not
/// copied into a new string first).
fn interned<'py>(py: Python<'py>, item: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let text = item.cast::<PyString>()?;
    // `to_str` first, for its error on a `str` that UTF-8 cannot encode.
    let content = text.to_str()?;
    if text.is_exact_instance_of::<PyString>() {
        return Ok(interned_in_place(text.clone()));
    }
    Ok(PyString::intern(py, content))
}

fn parse_field_spec(
    py: Python<'_>,
    type_name: &Name,
    def: &Node<FieldDefinition>,
    spec: &Bound<'_, PyAny>,
) -> PyResult<Resolver> {
    // Only an error names the field: thousands of specs are read per build.
    let where_ = || format!("{}.{}", type_name, def.name);
    let tuple = spec
        .cast::<PyTuple>()
        .map_err(|_| PyTypeError::new_err(format!("field spec of {} must be a tuple", where_())))?;
    let kind = tuple.get_item(0)?;
    let kind = kind.cast::<PyString>()?.to_str()?;
    match kind {
        "attr" => Ok(Resolver::Attr(interned(py, &tuple.get_item(1)?)?.unbind())),
        kind @ ("call" | "batch") => {
            let func = tuple.get_item(1)?;
            if !func.is_callable() {
                return Err(PyTypeError::new_err(format!(
                    "resolver of {} is not callable",
                    where_()
                )));
            }
            let info = match tuple.get_item(2)? {
                v if v.is_none() => InfoMode::Omit,
                v => {
                    let s: String = v.extract()?;
                    if s.is_empty() {
                        InfoMode::Positional
                    } else {
                        InfoMode::Keyword(PyString::intern(py, &s).unbind())
                    }
                }
            };
            let arg_map = tuple.get_item(3)?;
            let arg_map = arg_map.cast::<PyDict>()?;
            let mut args = Vec::with_capacity(def.arguments.len());
            for arg in &def.arguments {
                let py_name = match arg_map.get_item(arg.name.as_str())? {
                    Some(v) => match v.cast_exact::<PyString>() {
                        Ok(text) if text.to_str().is_ok() => interned_in_place(text.clone()),
                        _ => PyString::intern(py, &v.extract::<String>()?),
                    },
                    None => PyString::intern(py, arg.name.as_str()),
                };
                args.push((arg.name.clone(), py_name.unbind()));
            }
            for key in arg_map.keys() {
                let key: String = key.extract()?;
                if !def.arguments.iter().any(|a| a.name == key.as_str()) {
                    return Err(PyValueError::new_err(format!(
                        "{} has no argument {key:?} in the SDL",
                        where_()
                    )));
                }
            }
            Ok(Resolver::Call {
                func: func.unbind(),
                info,
                args,
                batch: kind == "batch",
            })
        }
        other => Err(PyValueError::new_err(format!(
            "unknown field spec kind {other:?} for {}",
            where_()
        ))),
    }
}

impl SchemaPlan {
    pub fn build(py: Python<'_>, bundle: &Bound<'_, PyDict>) -> PyResult<Self> {
        let sdl = get_item(bundle, "sdl")?
            .ok_or_else(|| PyValueError::new_err("bundle has no \"sdl\""))?;
        let sdl = crate::py_text::utf8(&sdl)?;
        let parsed = parse_cached(py, &sdl)?;
        let schema = &parsed.schema;
        let type_specs = dict_of(bundle, "types")?;
        let class_map = PyDict::new(py);
        let mut types = HashMap::with_capacity_and_hasher(schema.types.len(), Default::default());
        for (name, ty) in &schema.types {
            let fields = match ty {
                ExtendedType::Object(o) => &o.fields,
                ExtendedType::Interface(i) => &i.fields,
                _ => continue,
            };
            if ty.is_built_in() {
                continue;
            }
            let spec = match type_specs.get_item(name.as_str())? {
                Some(s) => Some(s.cast_into::<PyDict>()?),
                None => None,
            };
            let field_specs = match &spec {
                Some(s) => dict_of(s, "fields")?,
                None => PyDict::new(py),
            };
            let name_py = PyString::intern(py, name.as_str());
            if let (Some(s), true) = (&spec, ty.is_object()) {
                if let Some(classes) = get_item(s, "classes")? {
                    for cls in classes.try_iter()? {
                        class_map.set_item(cls?, &name_py)?;
                    }
                }
            }
            if let Some(bound) = bind_by_keys(py, schema, name, &name_py, fields, &field_specs)? {
                types.insert(
                    name.clone(),
                    TypePlan {
                        name: name_py.unbind(),
                        fields: bound,
                    },
                );
                continue;
            }
            let mut bound = HashMap::with_capacity_and_hasher(fields.len(), Default::default());
            let mut specified = 0;
            for (fname, def) in fields {
                let field_name = PyString::intern(py, fname.as_str());
                let fspec = field_specs.get_item(&field_name)?;
                specified += usize::from(fspec.is_some());
                let names = FieldNames {
                    type_name: name,
                    parent_type: &name_py,
                    field_name,
                };
                bound.insert(
                    fname.clone(),
                    Arc::new(bind_field(py, schema, names, def, fspec)?),
                );
            }
            // Every key matched a field unless there are more keys than matches.
            if specified != field_specs.len() {
                for key in field_specs.keys() {
                    let key: String = key.extract()?;
                    if !fields.contains_key(key.as_str()) {
                        return Err(PyValueError::new_err(format!(
                            "bundle binds {name}.{key}, which the SDL does not define"
                        )));
                    }
                }
            }
            types.insert(
                name.clone(),
                TypePlan {
                    name: name_py.unbind(),
                    fields: bound,
                },
            );
        }
        inherit_interface_bindings(py, schema, &type_specs, &mut types)?;

        let mut inputs = HashMap::default();
        for (name, spec) in dict_of(bundle, "inputs")? {
            let name: String = name.extract()?;
            let Some(def) = schema.get_input_object(&name) else {
                return Err(PyValueError::new_err(format!(
                    "bundle input {name:?} is not an input type"
                )));
            };
            let spec = spec.cast_into::<PyTuple>()?;
            let factory = spec.get_item(0)?.unbind();
            let map = spec.get_item(1)?;
            let map = map.cast::<PyDict>()?;
            let mut fields = HashMap::default();
            for fname in def.fields.keys() {
                let py_name = match map.get_item(fname.as_str())? {
                    Some(v) => v.extract::<String>()?,
                    None => fname.to_string(),
                };
                fields.insert(fname.clone(), PyString::intern(py, &py_name).unbind());
            }
            inputs.insert(def.name.clone(), InputPlan { factory, fields });
        }

        let enum_specs = dict_of(bundle, "enums")?;
        let mut enums = HashMap::with_capacity_and_hasher(enum_specs.len(), Default::default());
        for (name, ty) in &schema.types {
            let ExtendedType::Enum(def) = ty else {
                continue;
            };
            let spec = match enum_specs.get_item(name.as_str())? {
                Some(s) => Some(s.cast_into::<PyDict>()?),
                None => None,
            };
            let from_py = PyDict::new(py);
            let mut to_py = HashMap::default();
            let mut names = HashMap::default();
            for value in def.values.keys() {
                let name_py = PyString::intern(py, value.as_str());
                let py_value = match spec
                    .as_ref()
                    .map(|s| s.get_item(&name_py))
                    .transpose()?
                    .flatten()
                {
                    Some(v) => v,
                    None => name_py.clone().into_any(),
                };
                // An unhashable value is only ever output (one hash per value: an enum
                // member's `__hash__` is Python code).
                if let Err(e) = from_py.set_item(&py_value, &name_py) {
                    if py_value.hash().is_ok() {
                        return Err(e);
                    }
                }
                to_py.insert(value.clone(), py_value.unbind());
                names.insert(value.clone(), name_py.unbind());
            }
            enums.insert(
                name.clone(),
                EnumPlan {
                    to_py,
                    from_py: from_py.unbind(),
                    names,
                },
            );
        }

        let mut scalars = HashMap::default();
        for (name, spec) in dict_of(bundle, "scalars")? {
            let name: String = name.extract()?;
            let Some(def) = schema.get_scalar(&name) else {
                return Err(PyValueError::new_err(format!(
                    "bundle scalar {name:?} is not a scalar type"
                )));
            };
            let spec = spec.cast_into::<PyTuple>()?;
            let opt = |i: usize| -> PyResult<Option<Py<PyAny>>> {
                let v = spec.get_item(i)?;
                Ok((!v.is_none()).then(|| v.unbind()))
            };
            scalars.insert(
                def.name.clone(),
                ScalarPlan {
                    serialize: opt(0)?,
                    parse: opt(1)?,
                },
            );
        }

        Ok(SchemaPlan {
            schema: parsed.schema.clone(),
            implementers: parsed.implementers.clone(),
            types,
            inputs,
            enums,
            scalars,
            classes: ClassTypes::new(class_map),
            printed: parsed.printed.clone(),
        })
    }
}

/// An object field the bundle leaves unbound takes the binding its interface declares.
fn inherit_interface_bindings(
    py: Python<'_>,
    schema: &Valid<Schema>,
    type_specs: &Bound<'_, PyDict>,
    types: &mut HashMap<Name, TypePlan>,
) -> PyResult<()> {
    for (name, ty) in &schema.types {
        let ExtendedType::Object(obj) = ty else {
            continue;
        };
        let explicit = field_specs(type_specs, name)?;
        for iface in &obj.implements_interfaces {
            for (fname, spec) in field_specs(type_specs, &iface.name)? {
                let fname: String = fname.extract()?;
                if explicit.contains(&fname)? {
                    continue;
                }
                let (Some((fname, def)), Some(plan)) = (
                    obj.fields.get_key_value(fname.as_str()),
                    types.get_mut(name),
                ) else {
                    continue;
                };
                let parent_type = PyString::intern(py, name.as_str());
                let names = FieldNames {
                    type_name: name,
                    parent_type: &parent_type,
                    field_name: PyString::intern(py, fname.as_str()),
                };
                let binding = bind_field(py, schema, names, def, Some(spec))?;
                plan.fields.insert(fname.clone(), Arc::new(binding));
            }
        }
    }
    Ok(())
}

/// The `"fields"` table the bundle gives `type_name` (empty when it gives none).
fn field_specs<'py>(
    type_specs: &Bound<'py, PyDict>,
    type_name: &str,
) -> PyResult<Bound<'py, PyDict>> {
    match type_specs.get_item(type_name)? {
        Some(spec) => dict_of(&spec.cast_into::<PyDict>()?, "fields"),
        None => Ok(PyDict::new(type_specs.py())),
    }
}
