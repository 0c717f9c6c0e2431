//! Run-time types: the plan a bundle is built into (`bundle.rs`) and every execution reads.
//! The plan is immutable once built, except for `ClassTypes`, a cache documented as such.

/// The plan's maps: keyed by schema names, hashed with foldhash (per-process keys).
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::sync::{Arc, OnceLock};

use apollo_compiler::schema::{ExtendedType, FieldDefinition, Implementers};
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Node, Schema};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

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

impl FieldBinding {
    /// `Parent.field`, as error messages name the field.
    pub fn coordinate(&self, py: Python<'_>) -> String {
        format!(
            "{}.{}",
            self.parent_type.bind(py).to_string_lossy(),
            self.definition.name
        )
    }
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

pub type ImplementersMap = apollo_compiler::collections::HashMap<Name, Implementers>;

/// The built schema: immutable after construction (but for `classes`, a cache) and shared by
/// every execution.
pub struct SchemaPlan {
    pub schema: Arc<Valid<Schema>>,
    pub implementers: Arc<ImplementersMap>,
    pub types: HashMap<Name, TypePlan>,
    pub inputs: HashMap<Name, InputPlan>,
    pub enums: HashMap<Name, EnumPlan>,
    pub scalars: HashMap<Name, ScalarPlan>,
    pub classes: ClassTypes,
    /// The schema printed as SDL, on first use (printing a large schema costs a few ms that a
    /// build of generated code should not pay for a property few read).
    pub printed: Arc<OnceLock<Box<str>>>,
}

impl SchemaPlan {
    /// The schema printed as SDL (`CoreSchema.sdl`), printed once and shared by every plan of
    /// the same SDL.
    pub fn sdl(&self) -> &str {
        self.printed
            .get_or_init(|| self.schema.to_string().into_boxed_str())
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

/// Python class → GraphQL object type name (`PyString`), the classes the bundle binds.
///
/// A cache written at run time: a subclass of a bound class is looked up through its MRO
/// the first time it is met, then remembered, so the next lookup is one dict probe. Lookups
/// and writes happen attached to Python, so the dict needs no lock of its own.
pub struct ClassTypes(Py<PyDict>);

impl ClassTypes {
    /// The classes the bundle binds (`class → type name`).
    pub fn new(bound: Bound<'_, PyDict>) -> Self {
        ClassTypes(bound.unbind())
    }

    /// The type name bound to `cls` or to its nearest bound base class.
    pub fn type_of<'py>(&self, cls: &Bound<'py, PyType>) -> Option<Bound<'py, PyAny>> {
        let map = self.0.bind(cls.py());
        if let Some(found) = map.get_item(cls).ok().flatten() {
            return Some(found);
        }
        let mro = cls.mro();
        let mro = mro.cast::<PyTuple>().ok()?;
        for base in mro.iter().skip(1) {
            if let Ok(Some(name)) = map.get_item(&base) {
                let _ = map.set_item(cls, &name);
                return Some(name);
            }
        }
        None
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
