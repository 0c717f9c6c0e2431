//! Schema introspection (`__schema`, `__type`) through apollo-compiler, merged into our response.

use std::collections::{HashMap, HashSet};

use apollo_compiler::ast::Value;
use apollo_compiler::executable::{
    DirectiveList, ExecutableDocument, Field, Operation, Selection, SelectionSet,
};
use apollo_compiler::introspection::{check_max_depth, partial_execute};
use apollo_compiler::request::coerce_variable_values;
use apollo_compiler::response::serde_json_bytes::{ByteString, Value as Json};
use apollo_compiler::response::{JsonMap, ResponseDataPathSegment};
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::document::PreparedDocument;
use crate::errors::{GqlError, PathSeg};
use crate::one_of_introspection;
use crate::plan::SchemaPlan;
use apollo_compiler::validation::Valid;

/// Runs the introspection root fields `meta` (the collected `__schema` / `__type` selections of
/// `op`); their values keyed by response key, plus their errors. apollo-compiler sees an
/// operation made of those fields alone and only the variables they use, so the rest of the
/// request (other root fields, large variables) costs it nothing.
pub fn execute<'py>(
    py: Python<'py>,
    plan: &SchemaPlan,
    doc: &PreparedDocument,
    op: &Operation,
    meta: Vec<Node<Field>>,
    raw_vars: Option<&Bound<'py, PyDict>>,
) -> Result<(Bound<'py, PyDict>, Vec<GqlError>), Vec<GqlError>> {
    let request_error = |e: apollo_compiler::request::RequestError| {
        let mut err = GqlError::new(e.message().to_string());
        if let Some(span) = e.location() {
            err.locations.push(doc.location(span.offset()));
        }
        vec![err]
    };
    let mut used = HashSet::new();
    let mut visited = HashSet::new();
    for field in &meta {
        variables_in_field(&doc.doc, field, &mut used, &mut visited);
    }
    let mut json_vars = JsonMap::new();
    if let Some(raw) = raw_vars {
        for name in &used {
            if let Ok(Some(v)) = raw.get_item(name.as_str()) {
                json_vars.insert(ByteString::from(name.as_str()), to_json(&v));
            }
        }
    }
    let op = Operation {
        operation_type: op.operation_type,
        name: op.name.clone(),
        variables: op
            .variables
            .iter()
            .filter(|v| used.contains(&v.name))
            .cloned()
            .collect(),
        directives: op.directives.clone(),
        selection_set: SelectionSet {
            ty: op.selection_set.ty.clone(),
            selections: meta.into_iter().map(Selection::Field).collect(),
        },
    };
    check_max_depth(&doc.doc, &op).map_err(request_error)?;
    let mut measured = HashMap::new();
    if lists_depth(&doc.doc, &op.selection_set, &mut measured) >= MAX_LISTS_DEPTH {
        let mut err = GqlError::new("Maximum introspection depth exceeded");
        if let Some(Selection::Field(f)) = op.selection_set.selections.first() {
            err.locations.extend(doc.span_location(f.location()));
        }
        return Err(vec![err]);
    }
    let coerced = coerce_variable_values(&plan.schema, &op, &json_vars).map_err(request_error)?;
    let response = if one_of_introspection::mentioned(doc.source()) {
        let rewritten = Valid::assume_valid(one_of_introspection::rewrite(&plan.schema, &doc.doc));
        let mut op = op;
        one_of_introspection::rewrite_set(&plan.schema, &mut op.selection_set);
        let mut response = py
            .detach(|| partial_execute(&plan.schema, &plan.implementers, &rewritten, &op, &coerced))
            .map_err(request_error)?;
        if let Some(map) = response.data.as_mut() {
            one_of_introspection::restore(&plan.schema, map);
        }
        response
    } else {
        py.detach(|| partial_execute(&plan.schema, &plan.implementers, &doc.doc, &op, &coerced))
            .map_err(request_error)?
    };
    let data = PyDict::new(py);
    if let Some(map) = response.data {
        for (k, v) in map {
            let _ = data.set_item(k.as_str(), to_py(py, &v));
        }
    }
    let errors = response
        .errors
        .into_iter()
        .map(|e| GqlError {
            message: e.message,
            locations: e.locations.iter().map(|l| (l.line, l.column)).collect(),
            path: Some(
                e.path
                    .iter()
                    .map(|s| match s {
                        ResponseDataPathSegment::Field(n) => {
                            PathSeg::Key(PyString::intern(py, n.as_str()).unbind())
                        }
                        ResponseDataPathSegment::ListIndex(i) => PathSeg::Index(*i),
                    })
                    .collect(),
            ),
            extensions: None,
        })
        .collect();
    Ok((data, errors))
}

pub fn to_py<'py>(py: Python<'py>, v: &Json) -> Bound<'py, PyAny> {
    match v {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Number(n) => match n.as_i64() {
            Some(i) => i
                .into_pyobject(py)
                .map(|x| x.into_any())
                .unwrap_or_else(|_| py.None().into_bound(py)),
            None => PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any(),
        },
        Json::String(s) => PyString::new(py, s.as_str()).into_any(),
        Json::Array(items) => PyList::new(py, items.iter().map(|x| to_py(py, x)))
            .map(|l| l.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py)),
        Json::Object(map) => {
            let d = PyDict::new(py);
            for (k, x) in map {
                let _ = d.set_item(k.as_str(), to_py(py, x));
            }
            d.into_any()
        }
    }
}

/// How deeply the list fields of `__Type` (and `__Schema.types`' items) may nest, as
/// graphql-core's MaxIntrospectionDepthRule counts them.
const MAX_LISTS_DEPTH: usize = 3;
const LIST_FIELDS: [&str; 4] = ["fields", "interfaces", "possibleTypes", "inputFields"];

/// The deepest nesting of introspection list fields below `set`. Each fragment is measured once
/// for its own deepest nesting, which then counts wherever it is spread (apollo-compiler's
/// check visits a fragment once, at its first spread, which a shallow first spread bypasses).
fn lists_depth<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    measured: &mut HashMap<&'a Name, usize>,
) -> usize {
    set.selections
        .iter()
        .map(|sel| match sel {
            Selection::Field(f) => {
                usize::from(LIST_FIELDS.contains(&f.name.as_str()))
                    + lists_depth(doc, &f.selection_set, measured)
            }
            Selection::InlineFragment(i) => lists_depth(doc, &i.selection_set, measured),
            Selection::FragmentSpread(s) => {
                if let Some(d) = measured.get(&s.fragment_name) {
                    return *d;
                }
                measured.insert(&s.fragment_name, 0); // a cycle (invalid anyway) adds nothing
                let d = doc
                    .fragments
                    .get(&s.fragment_name)
                    .map_or(0, |f| lists_depth(doc, &f.selection_set, measured));
                measured.insert(&s.fragment_name, d);
                d
            }
        })
        .max()
        .unwrap_or(0)
}

/// The variables a field's arguments, directives and sub-selections refer to.
fn variables_in_field(
    doc: &ExecutableDocument,
    field: &Field,
    used: &mut HashSet<Name>,
    visited: &mut HashSet<Name>,
) {
    for arg in &field.arguments {
        variables_in_value(&arg.value, used);
    }
    variables_in_directives(&field.directives, used);
    variables_in_set(doc, &field.selection_set, used, visited);
}

fn variables_in_set(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    used: &mut HashSet<Name>,
    visited: &mut HashSet<Name>,
) {
    for sel in &set.selections {
        match sel {
            Selection::Field(f) => variables_in_field(doc, f, used, visited),
            Selection::InlineFragment(i) => {
                variables_in_directives(&i.directives, used);
                variables_in_set(doc, &i.selection_set, used, visited);
            }
            Selection::FragmentSpread(s) => {
                variables_in_directives(&s.directives, used);
                if visited.insert(s.fragment_name.clone()) {
                    if let Some(frag) = doc.fragments.get(&s.fragment_name) {
                        variables_in_directives(&frag.directives, used);
                        variables_in_set(doc, &frag.selection_set, used, visited);
                    }
                }
            }
        }
    }
}

fn variables_in_directives(directives: &DirectiveList, used: &mut HashSet<Name>) {
    for d in directives.iter() {
        for arg in &d.arguments {
            variables_in_value(&arg.value, used);
        }
    }
}

fn variables_in_value(value: &Value, used: &mut HashSet<Name>) {
    match value {
        Value::Variable(name) => {
            used.insert(name.clone());
        }
        Value::List(items) => items.iter().for_each(|v| variables_in_value(v, used)),
        Value::Object(fields) => fields.iter().for_each(|(_, v)| variables_in_value(v, used)),
        _ => {}
    }
}

/// Plain Python data as JSON (for apollo-compiler's variable coercion). The values passed
/// our own coercion first, so their nesting is bounded.
pub fn to_json(v: &Bound<'_, PyAny>) -> Json {
    if v.is_none() {
        Json::Null
    } else if let Ok(b) = v.cast::<PyBool>() {
        Json::Bool(b.is_true())
    } else if v.cast::<PyInt>().is_ok() {
        match v.extract::<i64>() {
            Ok(i) => Json::Number(i.into()),
            Err(_) => Json::String(ByteString::from(v.to_string())),
        }
    } else if let Ok(f) = v.cast::<PyFloat>() {
        serde_json::Number::from_f64(f.value())
            .map(Json::Number)
            .unwrap_or(Json::Null)
    } else if let Ok(s) = v.cast::<PyString>() {
        Json::String(ByteString::from(s.to_string_lossy().into_owned()))
    } else if let Ok(d) = v.cast::<PyDict>() {
        let mut map = JsonMap::new();
        for (k, x) in d.iter() {
            map.insert(ByteString::from(k.to_string()), to_json(&x));
        }
        Json::Object(map)
    } else if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        Json::Array(
            v.try_iter()
                .map(|it| it.filter_map(|x| x.ok()).map(|x| to_json(&x)).collect())
                .unwrap_or_default(),
        )
    } else {
        Json::String(ByteString::from(v.to_string()))
    }
}
