//! Build step: a schema bundle (SDL + binding tables) → a validated schema and per-field bindings.
//! Runs once per schema; the execution path only reads what this builds.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use lru::LruCache;

use apollo_compiler::schema::{ExtendedType, FieldDefinition, Implementers};
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Node, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::errors::schema_error;

/// How a resolver wants its `Info`.
pub enum InfoMode {
    Omit,
    Positional,
    Keyword(Py<PyString>),
}

/// How a field gets its value from its parent.
pub enum Resolver {
    /// `parent[key]` for a dict parent, else `getattr(parent, name)`.
    Attr(Py<PyString>),
    /// `func(parent, [info], **args)`; `args` pairs GraphQL argument names with Python keywords.
    Call {
        func: Py<PyAny>,
        info: InfoMode,
        args: Vec<(Name, Py<PyString>)>,
        /// A batch resolver: called once with the list of parents (`execute::batch`).
        batch: bool,
    },
    /// The `__typename` meta-field.
    Typename,
    /// `__schema` / `__type`, answered by apollo-compiler's introspection.
    Introspection,
}

/// What completing a value of a field's named type involves, decided at build time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OutputKind {
    String,
    Int,
    Float,
    Boolean,
    Id,
    Enum,
    CustomScalar,
    Object,
    Abstract,
}

impl OutputKind {
    pub fn of(schema: &Schema, type_name: &str) -> Self {
        match type_name {
            "String" => OutputKind::String,
            "Int" => OutputKind::Int,
            "Float" => OutputKind::Float,
            "Boolean" => OutputKind::Boolean,
            "ID" => OutputKind::Id,
            _ => match schema.types.get(type_name) {
                Some(ExtendedType::Enum(_)) => OutputKind::Enum,
                Some(ExtendedType::Object(_)) => OutputKind::Object,
                Some(ExtendedType::Interface(_) | ExtendedType::Union(_)) => OutputKind::Abstract,
                _ => OutputKind::CustomScalar,
            },
        }
    }
}

/// Everything the executor needs about one field of one object type, resolved once.
pub struct FieldBinding {
    pub resolver: Resolver,
    pub output: OutputKind,
    pub definition: Node<FieldDefinition>,
    pub field_name: Py<PyString>,
    pub parent_type: Py<PyString>,
}

pub struct TypePlan {
    pub name: Py<PyString>,
    pub fields: HashMap<Name, Arc<FieldBinding>>,
}

pub struct InputPlan {
    pub factory: Py<PyAny>,
    pub fields: HashMap<Name, Py<PyString>>,
}

pub struct EnumPlan {
    /// Value name → the Python value resolvers receive.
    pub to_py: HashMap<Name, Py<PyAny>>,
    /// Python value → value name (a dict, so lookups hash the Python value).
    pub from_py: Py<PyDict>,
    /// Value name → interned name, the serialized output.
    pub names: HashMap<Name, Py<PyString>>,
}

pub struct ScalarPlan {
    pub serialize: Option<Py<PyAny>>,
    pub parse: Option<Py<PyAny>>,
}

/// The built schema: immutable after construction and shared by every execution.
pub struct SchemaPlan {
    pub schema: Arc<Valid<Schema>>,
    pub implementers: Arc<Implementers_>,
    pub types: HashMap<Name, TypePlan>,
    pub inputs: HashMap<Name, InputPlan>,
    pub enums: HashMap<Name, EnumPlan>,
    pub scalars: HashMap<Name, ScalarPlan>,
    /// Python class → GraphQL object type name (`PyString`); grows with subclasses seen.
    pub class_map: Py<PyDict>,
    pub sdl: Arc<str>,
}

type Implementers_ = apollo_compiler::collections::HashMap<Name, Implementers>;

/// A validated schema with what is derived from it alone; shared by every build of one SDL.
struct ParsedSdl {
    schema: Arc<Valid<Schema>>,
    implementers: Arc<Implementers_>,
    printed: Arc<str>,
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
        printed: schema.to_string().into(),
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
    let sources = vec![(path.to_owned(), sdl.to_owned())];
    py.detach(move || crate::sdl::build(sources))
        .map_err(|errors| schema_error(py, &errors))
}

fn bind_field(
    py: Python<'_>,
    schema: &Schema,
    type_name: &Name,
    def: &Node<FieldDefinition>,
    spec: Option<Bound<'_, PyAny>>,
) -> PyResult<FieldBinding> {
    let field_name = PyString::intern(py, def.name.as_str()).unbind();
    let parent_type = PyString::intern(py, type_name.as_str()).unbind();
    let resolver = match spec {
        None => Resolver::Attr(field_name.clone_ref(py)),
        Some(spec) => parse_field_spec(py, type_name, def, &spec)?,
    };
    let output = OutputKind::of(schema, def.ty.inner_named_type());
    Ok(FieldBinding {
        resolver,
        output,
        definition: def.clone(),
        field_name,
        parent_type,
    })
}

fn parse_field_spec(
    py: Python<'_>,
    type_name: &Name,
    def: &Node<FieldDefinition>,
    spec: &Bound<'_, PyAny>,
) -> PyResult<Resolver> {
    let where_ = format!("{}.{}", type_name, def.name);
    let tuple = spec
        .cast::<PyTuple>()
        .map_err(|_| PyTypeError::new_err(format!("field spec of {where_} must be a tuple")))?;
    let kind: String = tuple.get_item(0)?.extract()?;
    match kind.as_str() {
        "attr" => {
            let name: String = tuple.get_item(1)?.extract()?;
            Ok(Resolver::Attr(PyString::intern(py, &name).unbind()))
        }
        kind @ ("call" | "batch") => {
            let func = tuple.get_item(1)?;
            if !func.is_callable() {
                return Err(PyTypeError::new_err(format!(
                    "resolver of {where_} is not callable"
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
                    Some(v) => v.extract::<String>()?,
                    None => arg.name.to_string(),
                };
                args.push((arg.name.clone(), PyString::intern(py, &py_name).unbind()));
            }
            for key in arg_map.keys() {
                let key: String = key.extract()?;
                if !def.arguments.iter().any(|a| a.name == key.as_str()) {
                    return Err(PyValueError::new_err(format!(
                        "{where_} has no argument {key:?} in the SDL"
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
            "unknown field spec kind {other:?} for {where_}"
        ))),
    }
}

impl SchemaPlan {
    pub fn build(py: Python<'_>, bundle: &Bound<'_, PyDict>) -> PyResult<Self> {
        let sdl: String = get_item(bundle, "sdl")?
            .ok_or_else(|| PyValueError::new_err("bundle has no \"sdl\""))?
            .extract()?;
        let parsed = parse_cached(py, &sdl)?;
        let schema = &parsed.schema;
        let type_specs = dict_of(bundle, "types")?;
        let class_map = PyDict::new(py);
        let mut types = HashMap::new();
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
            let mut bound = HashMap::with_capacity(fields.len());
            for (fname, def) in fields {
                let fspec = field_specs.get_item(fname.as_str())?;
                bound.insert(
                    fname.clone(),
                    Arc::new(bind_field(py, schema, name, def, fspec)?),
                );
            }
            for key in field_specs.keys() {
                let key: String = key.extract()?;
                if !fields.contains_key(key.as_str()) {
                    return Err(PyValueError::new_err(format!(
                        "bundle binds {name}.{key}, which the SDL does not define"
                    )));
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

        let mut inputs = HashMap::new();
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
            let mut fields = HashMap::new();
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
        let mut enums = HashMap::new();
        for (name, ty) in &schema.types {
            let ExtendedType::Enum(def) = ty else {
                continue;
            };
            let spec = match enum_specs.get_item(name.as_str())? {
                Some(s) => Some(s.cast_into::<PyDict>()?),
                None => None,
            };
            let from_py = PyDict::new(py);
            let mut to_py = HashMap::new();
            let mut names = HashMap::new();
            for value in def.values.keys() {
                let name_py = PyString::intern(py, value.as_str());
                let py_value = match spec
                    .as_ref()
                    .map(|s| s.get_item(value.as_str()))
                    .transpose()?
                    .flatten()
                {
                    Some(v) => v,
                    None => name_py.clone().into_any(),
                };
                if py_value.hash().is_ok() {
                    from_py.set_item(&py_value, &name_py)?;
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

        let mut scalars = HashMap::new();
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
            class_map: class_map.unbind(),
            sdl: parsed.printed.clone(),
        })
    }

    /// The binding of `field` on the object type `type_name` (`__typename` included).
    pub fn field(&self, type_name: &str, field: &str) -> Option<&Arc<FieldBinding>> {
        self.types.get(type_name)?.fields.get(field)
    }

    pub fn is_possible_type(&self, abstract_type: &str, object: &str) -> bool {
        match self.schema.types.get(abstract_type) {
            Some(ExtendedType::Union(u)) => u.members.contains(object),
            Some(ExtendedType::Interface(_)) => self
                .implementers
                .get(abstract_type)
                .is_some_and(|i| i.objects.contains(object)),
            Some(ExtendedType::Object(_)) => abstract_type == object,
            _ => false,
        }
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
                let binding = bind_field(py, schema, name, def, Some(spec))?;
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

/// The `__typename` binding, shared by every type.
pub fn typename_binding(
    py: Python<'_>,
    schema: &Valid<Schema>,
    type_name: &str,
) -> Option<Arc<FieldBinding>> {
    let def = schema.type_field(type_name, "__typename").ok()?;
    Some(Arc::new(FieldBinding {
        resolver: Resolver::Typename,
        output: OutputKind::String,
        definition: def.node.clone(),
        field_name: PyString::intern(py, "__typename").unbind(),
        parent_type: PyString::intern(py, type_name).unbind(),
    }))
}
