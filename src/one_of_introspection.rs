//! `__Type.isOneOf`, which apollo-compiler 1.x does not know: the field is declared on the
//! built-in `__Type` (so documents asking for it validate, as `get_introspection_query(
//! one_of=True)` does), and for introspection each `isOneOf` selection runs as `name` under a
//! marked alias, turned back into the boolean afterwards (null for types that are not input
//! objects, as graphql-core answers).

use apollo_compiler::ast::{FieldDefinition, Type};
use apollo_compiler::executable::{ExecutableDocument, Selection, SelectionSet};
use apollo_compiler::response::serde_json_bytes::{ByteString, Value as Json};
use apollo_compiler::response::JsonMap;
use apollo_compiler::schema::{Component, ExtendedType, Schema};
use apollo_compiler::{name, Name, Node};

const MARK: &str = "__grommet_isOneOf__";

/// Declares `isOneOf: Boolean` on `__Type` (before the schema is validated).
pub fn declare(schema: &mut Schema) {
    if let Some(ExtendedType::Object(ty)) = schema.types.get_mut("__Type") {
        let ty = ty.make_mut();
        ty.fields.entry(name!("isOneOf")).or_insert_with(|| {
            Component::new(FieldDefinition {
                description: None,
                name: name!("isOneOf"),
                arguments: Vec::new(),
                ty: Type::Named(name!("Boolean")),
                directives: Default::default(),
            })
        });
    }
}

/// Whether `source` may select `isOneOf` (a cheap test before any rewriting).
pub fn mentioned(source: &str) -> bool {
    source.contains("isOneOf")
}

/// A copy of `doc` whose `__Type.isOneOf` selections select `name` under a marked alias.
pub fn rewrite(schema: &Schema, doc: &ExecutableDocument) -> ExecutableDocument {
    let mut out = doc.clone();
    let Ok(name_def) = schema.type_field("__Type", "name") else {
        return out;
    };
    let name_def = name_def.node.clone();
    if let Some(op) = out.operations.anonymous.as_mut() {
        rewrite_in(&mut op.make_mut().selection_set, &name_def);
    }
    for op in out.operations.named.values_mut() {
        rewrite_in(&mut op.make_mut().selection_set, &name_def);
    }
    for fragment in out.fragments.values_mut() {
        rewrite_in(&mut fragment.make_mut().selection_set, &name_def);
    }
    out
}

/// Rewrites one selection set (an operation's, outside any document) as `rewrite` does.
pub fn rewrite_set(schema: &Schema, set: &mut SelectionSet) {
    if let Ok(name_def) = schema.type_field("__Type", "name") {
        rewrite_in(set, &name_def.node.clone());
    }
}

fn rewrite_in(set: &mut SelectionSet, name_def: &Node<FieldDefinition>) {
    let on_type = set.ty == "__Type";
    for selection in &mut set.selections {
        match selection {
            Selection::Field(field) => {
                let field = field.make_mut();
                if on_type && field.name == "isOneOf" {
                    let key = field.alias.clone().unwrap_or_else(|| field.name.clone());
                    if let Ok(alias) = Name::new(&format!("{MARK}{key}")) {
                        field.alias = Some(alias);
                        field.name = name!("name");
                        field.definition = name_def.clone();
                    }
                }
                rewrite_in(&mut field.selection_set, name_def);
            }
            Selection::InlineFragment(inline) => {
                rewrite_in(&mut inline.make_mut().selection_set, name_def);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// Turns the marked `name` answers of `data` back into `isOneOf` booleans, in place.
pub fn restore(schema: &Schema, data: &mut JsonMap) {
    let entries: Vec<(ByteString, Json)> = std::mem::take(data).into_iter().collect();
    for (key, mut value) in entries {
        match key.as_str().strip_prefix(MARK) {
            Some(original) => {
                let answer = match &value {
                    Json::String(type_name) => match schema.types.get(type_name.as_str()) {
                        Some(ExtendedType::InputObject(def)) => {
                            Json::Bool(def.directives.get("oneOf").is_some())
                        }
                        _ => Json::Null,
                    },
                    _ => Json::Null,
                };
                data.insert(ByteString::from(original.to_owned()), answer);
            }
            None => {
                restore_value(schema, &mut value);
                data.insert(key, value);
            }
        }
    }
}

fn restore_value(schema: &Schema, value: &mut Json) {
    match value {
        Json::Object(map) => restore(schema, map),
        Json::Array(items) => items.iter_mut().for_each(|x| restore_value(schema, x)),
        _ => {}
    }
}
