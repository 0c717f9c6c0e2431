//! The one catalogue of "X cannot represent Y" messages, shared by input coercion
//! (`coerce/`) and output serialization (`serialize.rs`). The wording is graphql-core's, which
//! words some input and output cases differently (noted per variant).

use apollo_compiler::Name;
use pyo3::prelude::*;

use crate::py_util::inspect;

/// Why a value is not one of a type's values.
pub enum CannotRepresent<'a> {
    IntNonInteger,
    IntOutOfRange,
    FloatNonNumeric,
    /// An int beyond any float.
    FloatTooLarge,
    /// An int above 2^53 that no float holds exactly.
    FloatLosesPrecision,
    /// Input: a value that is not a string.
    StringNonString,
    /// Output: a value with no string form (a builtin container, an infinite float).
    String,
    BooleanNonBoolean,
    Id,
    /// Input: an enum value given as something other than its name.
    EnumNonString(&'a Name),
    /// Output: a value that is no member of the enum.
    Enum(&'a Name),
    /// Any other named type (a type the schema does not define as an input).
    Type(&'a str),
    /// A custom scalar whose `parse` raised: its type name and the exception's text.
    Parse(&'a Name, String),
}

impl CannotRepresent<'_> {
    /// The message for `value`.
    pub fn message(&self, value: &Bound<'_, PyAny>) -> String {
        let v = inspect(value);
        match self {
            Self::IntNonInteger => format!("Int cannot represent non-integer value: {v}"),
            Self::IntOutOfRange => {
                format!("Int cannot represent non 32-bit signed integer value: {v}")
            }
            Self::FloatNonNumeric => format!("Float cannot represent non numeric value: {v}"),
            Self::FloatTooLarge => {
                format!("Float cannot represent non numeric value: {v} (value is too large)")
            }
            Self::FloatLosesPrecision => format!(
                "Float cannot represent non numeric value: {v} (value would lose precision)"
            ),
            Self::StringNonString => format!("String cannot represent a non string value: {v}"),
            Self::String => format!("String cannot represent value: {v}"),
            Self::BooleanNonBoolean => {
                format!("Boolean cannot represent a non boolean value: {v}")
            }
            Self::Id => format!("ID cannot represent value: {v}"),
            Self::EnumNonString(name) => {
                format!("Enum \"{name}\" cannot represent non-string value: {v}.")
            }
            Self::Enum(name) => format!("Enum \"{name}\" cannot represent value: {v}"),
            Self::Type(name) => format!("{name} cannot represent value: {v}"),
            Self::Parse(name, error) => format!("{name} cannot represent value {v}: {error}"),
        }
    }
}
