//! `parse_schema`: SDL files → a plain description of the type system, for the code generator.
//! The same parser and validator as execution, so SDL means the same thing in both places.

use apollo_compiler::ast;
use apollo_compiler::schema::{
    ComponentName, ComponentOrigin, DirectiveList, ExtendedType, InputValueDefinition,
    SchemaBuilder,
};
use apollo_compiler::validation::{DiagnosticList, Valid};
use apollo_compiler::{Node, Schema};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::schema_error;

fn deprecation(directives: &ast::DirectiveList) -> Option<String> {
    let d = directives.get("deprecated")?;
    Some(
        d.specified_argument_by_name("reason")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "No longer supported".to_owned()),
    )
}

fn description(d: &Option<Node<str>>) -> Option<String> {
    d.as_ref().map(|s| s.to_string())
}

fn input_value<'py>(py: Python<'py>, v: &InputValueDefinition) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", v.name.as_str())?;
    d.set_item("description", description(&v.description))?;
    d.set_item("type", v.ty.to_string())?;
    d.set_item("default", v.default_value.as_ref().map(|x| x.to_string()))?;
    d.set_item("deprecation", deprecation(&v.directives))?;
    Ok(d)
}

fn names<'a>(set: impl Iterator<Item = &'a ComponentName>) -> Vec<String> {
    set.map(|c| c.name.to_string()).collect()
}

fn has_directive(list: &DirectiveList, name: &str) -> bool {
    list.get(name).is_some()
}

/// Marks every component as part of its type's definition, so printing folds `extend` blocks in.
fn fold_extensions(schema: &mut Schema) {
    fn fold_names(set: &mut apollo_compiler::collections::IndexSet<ComponentName>) {
        *set = set
            .iter()
            .map(|c| ComponentName {
                origin: ComponentOrigin::Definition,
                name: c.name.clone(),
            })
            .collect();
    }
    fn fold_directives(list: &mut DirectiveList) {
        for d in list.iter_mut() {
            d.origin = ComponentOrigin::Definition;
        }
    }
    for ty in schema.types.values_mut() {
        match ty {
            ExtendedType::Object(o) => {
                let o = o.make_mut();
                fold_names(&mut o.implements_interfaces);
                fold_directives(&mut o.directives);
                o.fields
                    .values_mut()
                    .for_each(|f| f.origin = ComponentOrigin::Definition);
            }
            ExtendedType::Interface(i) => {
                let i = i.make_mut();
                fold_names(&mut i.implements_interfaces);
                fold_directives(&mut i.directives);
                i.fields
                    .values_mut()
                    .for_each(|f| f.origin = ComponentOrigin::Definition);
            }
            ExtendedType::Union(u) => {
                let u = u.make_mut();
                fold_names(&mut u.members);
                fold_directives(&mut u.directives);
            }
            ExtendedType::Enum(e) => {
                let e = e.make_mut();
                fold_directives(&mut e.directives);
                e.values
                    .values_mut()
                    .for_each(|v| v.origin = ComponentOrigin::Definition);
            }
            ExtendedType::InputObject(i) => {
                let i = i.make_mut();
                fold_directives(&mut i.directives);
                i.fields
                    .values_mut()
                    .for_each(|f| f.origin = ComponentOrigin::Definition);
            }
            ExtendedType::Scalar(s) => fold_directives(&mut s.make_mut().directives),
        }
    }
    let def = schema.schema_definition.make_mut();
    fold_directives(&mut def.directives);
    for root in [&mut def.query, &mut def.mutation, &mut def.subscription]
        .into_iter()
        .flatten()
    {
        root.origin = ComponentOrigin::Definition;
    }
}

/// `@oneOf` (spec'd after apollo-compiler 1.x) as a built-in: declared for SDL that uses it.
const ONE_OF: &str = "directive @oneOf on INPUT_OBJECT\n";

/// Builds and validates a schema from `(path, text)` sources, merged in order.
pub fn build(sources: Vec<(String, String)>) -> Result<Valid<Schema>, DiagnosticList> {
    let builder = builtins(sources.iter().map(|(_, t)| t.as_str()));
    if let Some(valid) = build_fast(&builder, sources.iter().map(|(_, t)| t.as_str())) {
        return Ok(valid);
    }
    build_located_from(builder, sources)
}

/// `build` of one source, copied only when the fast parser cannot take it (a large schema's
/// text is a megabyte).
pub fn build_one(path: &str, text: &str) -> Result<Valid<Schema>, DiagnosticList> {
    let builder = builtins(std::iter::once(text));
    if let Some(valid) = build_fast(&builder, std::iter::once(text)) {
        return Ok(valid);
    }
    build_located_from(builder, vec![(path.to_owned(), text.to_owned())])
}

/// `build` with apollo-parser alone, whose nodes carry their locations: what `build` falls
/// back to, so its diagnostics and those of `build` are the same.
pub fn build_located(sources: Vec<(String, String)>) -> Result<Valid<Schema>, DiagnosticList> {
    build_located_from(builtins(sources.iter().map(|(_, t)| t.as_str())), sources)
}

/// A builder holding what `sources` need before their own definitions.
fn builtins<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> SchemaBuilder {
    // memmem: a large schema's text is searched twice.
    let has = |needle: &str| {
        let finder = memchr::memmem::Finder::new(needle);
        texts.clone().any(|t| finder.find(t.as_bytes()).is_some())
    };
    let uses_one_of = has("@oneOf");
    let declares_one_of = uses_one_of && has("directive @oneOf");
    let builder = Schema::builder();
    if uses_one_of && !declares_one_of {
        return builder.parse(ONE_OF, "(built-in).graphql");
    }
    builder
}

fn build_located_from(
    mut builder: SchemaBuilder,
    sources: Vec<(String, String)>,
) -> Result<Valid<Schema>, DiagnosticList> {
    if let Some(valid) = build_in_halves(&builder, &sources) {
        return Ok(valid);
    }
    for (path, text) in sources {
        builder = builder.parse(text, path);
    }
    finish(builder)
}

fn finish(builder: SchemaBuilder) -> Result<Valid<Schema>, DiagnosticList> {
    match builder.build() {
        Ok(mut s) => {
            crate::one_of_introspection::declare(&mut s);
            s.validate().map_err(|e| e.errors)
        }
        Err(e) => Err(e.errors),
    }
}

/// The schema from `sdl_fast`'s documents (no apollo-parser syntax tree); `None` when it
/// declines a source or the schema has any error: the caller then builds it again with
/// apollo-parser, whose diagnostics locate every problem.
fn build_fast<'a>(
    builder: &SchemaBuilder,
    texts: impl Iterator<Item = &'a str>,
) -> Option<Valid<Schema>> {
    // One thread: finding where to cut a large source in two (`sdl_parallel`) costs about
    // what parsing half of it with `sdl_fast` does.
    let mut builder = builder.clone();
    for text in texts {
        builder = builder.add_ast(&crate::sdl_fast::parse(text)?);
    }
    finish(builder).ok()
}

/// The schema with its largest source parsed in two halves at once (`sdl_parallel`); `None`
/// when it is small, cannot be cut, or anything fails: the caller then builds it the usual
/// way, whose diagnostics point at the files as written.
fn build_in_halves(builder: &SchemaBuilder, sources: &[(String, String)]) -> Option<Valid<Schema>> {
    let (large, _) = sources
        .iter()
        .enumerate()
        .filter(|(_, (_, text))| text.len() >= crate::sdl_parallel::PARALLEL_BYTES)
        .max_by_key(|(_, (_, text))| text.len())?;
    let mut builder = builder.clone();
    for (i, (path, text)) in sources.iter().enumerate() {
        if i == large {
            let (head, tail) = crate::sdl_parallel::parse_halves(path, text)?;
            builder = builder.add_ast(&head).add_ast(&tail);
        } else {
            builder = builder.parse(text.as_str(), path);
        }
    }
    finish(builder).ok()
}

/// Parses and validates SDL `sources` (`(path, text)` pairs, merged so `extend type` works).
/// Raises `SchemaError` with `path:line:col: message` lines.
#[pyfunction]
pub fn parse_schema<'py>(
    py: Python<'py>,
    sources: Vec<(String, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let built = py.detach(move || build(sources));
    let mut schema = match built {
        Ok(s) => s.into_inner(),
        Err(errors) => return Err(schema_error(py, &errors)),
    };
    fold_extensions(&mut schema);
    let out = PyDict::new(py);
    let root = |n: &Option<ComponentName>| n.as_ref().map(|c| c.name.to_string());
    out.set_item("query", root(&schema.schema_definition.query))?;
    out.set_item("mutation", root(&schema.schema_definition.mutation))?;
    out.set_item("subscription", root(&schema.schema_definition.subscription))?;
    out.set_item("sdl", schema.to_string())?;
    let types = PyList::empty(py);
    for ty in schema.types.values() {
        if ty.is_built_in() {
            continue;
        }
        let d = PyDict::new(py);
        d.set_item("name", ty.name().as_str())?;
        d.set_item("description", ty.description().map(|s| s.to_string()))?;
        let (kind, interfaces, members): (&str, Vec<String>, Vec<String>) = match ty {
            ExtendedType::Object(o) => ("OBJECT", names(o.implements_interfaces.iter()), vec![]),
            ExtendedType::Interface(i) => {
                ("INTERFACE", names(i.implements_interfaces.iter()), vec![])
            }
            ExtendedType::Union(u) => ("UNION", vec![], names(u.members.iter())),
            ExtendedType::Enum(_) => ("ENUM", vec![], vec![]),
            ExtendedType::InputObject(_) => ("INPUT_OBJECT", vec![], vec![]),
            ExtendedType::Scalar(_) => ("SCALAR", vec![], vec![]),
        };
        d.set_item("kind", kind)?;
        d.set_item("interfaces", interfaces)?;
        d.set_item("members", members)?;
        let fields = PyList::empty(py);
        let field_map = match ty {
            ExtendedType::Object(o) => Some(&o.fields),
            ExtendedType::Interface(i) => Some(&i.fields),
            _ => None,
        };
        for f in field_map.into_iter().flat_map(|m| m.values()) {
            let fd = PyDict::new(py);
            fd.set_item("name", f.name.as_str())?;
            fd.set_item("description", description(&f.description))?;
            fd.set_item("type", f.ty.to_string())?;
            fd.set_item("deprecation", deprecation(&f.directives))?;
            let args = PyList::empty(py);
            for a in &f.arguments {
                args.append(input_value(py, a)?)?;
            }
            fd.set_item("args", args)?;
            fields.append(fd)?;
        }
        d.set_item("fields", fields)?;
        let input_fields = PyList::empty(py);
        if let ExtendedType::InputObject(i) = ty {
            for f in i.fields.values() {
                input_fields.append(input_value(py, f)?)?;
            }
        }
        d.set_item("input_fields", input_fields)?;
        let values = PyList::empty(py);
        if let ExtendedType::Enum(e) = ty {
            for v in e.values.values() {
                let vd = PyDict::new(py);
                vd.set_item("name", v.value.as_str())?;
                vd.set_item("description", description(&v.description))?;
                vd.set_item("deprecation", deprecation(&v.directives))?;
                values.append(vd)?;
            }
        }
        d.set_item("values", values)?;
        d.set_item(
            "one_of",
            matches!(ty, ExtendedType::InputObject(i) if has_directive(&i.directives, "oneOf")),
        )?;
        let specified_by = match ty {
            ExtendedType::Scalar(s) => s
                .directives
                .get("specifiedBy")
                .and_then(|d| d.specified_argument_by_name("url"))
                .and_then(|v| v.as_str().map(str::to_owned)),
            _ => None,
        };
        d.set_item("specified_by", specified_by)?;
        types.append(d)?;
    }
    out.set_item("types", types)?;
    Ok(out)
}
