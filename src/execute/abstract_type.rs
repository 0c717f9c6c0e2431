//! ResolveAbstractType (spec §6.4.3) and DoesFragmentTypeApply (§6.3.2): which object type a
//! value of an interface or union is, and whether a fragment applies to an object type.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Name;
use pyo3::prelude::*;

use super::collect::CollectedField;
use super::engine::Pass;
use super::read::typename_of;
use crate::plan::SchemaPlan;
use crate::serialize::LeafError;

impl<'py> Pass<'_, 'py> {
    /// ResolveAbstractType: the value's class (or a base class) as the bundle binds it, else
    /// the `__typename` it declares; the type must be a possible type of `abstract_type`.
    /// <https://spec.graphql.org/October2021/#ResolveAbstractType()>
    pub(super) fn resolve_abstract_type(
        &self,
        py: Python<'py>,
        abstract_type: &Name,
        value: &Bound<'py, PyAny>,
        cf: &CollectedField,
    ) -> Result<Name, LeafError> {
        let cls = value.get_type();
        let mut found = self.plan.classes.type_of(&cls);
        if found.is_none() {
            found = typename_of(value).map_err(LeafError::Raised)?;
        }
        let field = cf.binding.coordinate(py);
        let Some(type_name) = found.and_then(|n| n.extract::<String>().ok()) else {
            let class_name = cls.name().map(|n| n.to_string()).unwrap_or_default();
            return Err(LeafError::Message(format!(
                "Abstract type \"{abstract_type}\" must resolve to an Object type at runtime for field \"{field}\". \
                 Python class \"{class_name}\" is not bound to a GraphQL type and has no __typename."
            )));
        };
        match self.plan.schema.types.get_key_value(type_name.as_str()) {
            Some((n, ExtendedType::Object(_))) if self.plan.is_possible_type(abstract_type, n) => {
                Ok(n.clone())
            }
            Some((n, ExtendedType::Object(_))) => Err(LeafError::Message(format!(
                "Runtime Object type \"{n}\" is not a possible type for \"{abstract_type}\"."
            ))),
            _ => Err(LeafError::Message(format!(
                "Abstract type \"{abstract_type}\" must resolve to an Object type at runtime for field \"{field}\". Received \"{type_name}\"."
            ))),
        }
    }
}

/// DoesFragmentTypeApply: the object type is the condition, or one of its possible types.
/// <https://spec.graphql.org/October2021/#DoesFragmentTypeApply()>
pub fn does_fragment_type_apply(plan: &SchemaPlan, object_type: &Name, condition: &Name) -> bool {
    object_type == condition
        || matches!(
            plan.schema.types.get(condition),
            Some(ExtendedType::Interface(_) | ExtendedType::Union(_))
        ) && plan.is_possible_type(condition, object_type)
}
