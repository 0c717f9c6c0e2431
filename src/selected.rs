//! `info.selected_fields`: look-ahead at the sub-selection of the field being resolved, with
//! fragments and `@skip`/`@include` applied and arguments coerced, as `grommet.SelectedField`
//! trees. Built from the document only when a resolver reads it.

use std::collections::HashSet;

use apollo_compiler::executable::{Field, Selection, SelectionSet};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::{Name, Node};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::coerce::coerce_literal;
use crate::execute::collect::{included, CollectedField};
use crate::info::ExecShared;
use crate::plan::SchemaPlan;

/// The sub-selection of `cf`, the collected field an `Info` was made for.
pub fn selected_fields<'py>(
    py: Python<'py>,
    shared: &ExecShared,
    cf: &CollectedField,
) -> PyResult<Bound<'py, PyList>> {
    let Some(plan) = shared.plan.get() else {
        return Ok(PyList::empty(py));
    };
    let class = py
        .import(intern!(py, "grommet.selected"))?
        .getattr(intern!(py, "SelectedField"))?;
    let sets: Vec<&SelectionSet> = cf.fields.iter().map(|f| &f.selection_set).collect();
    let vars = shared.variables.bind(py);
    let tree = Tree {
        shared,
        plan,
        class: &class,
        vars,
    };
    tree.build(cf.binding.definition.ty.inner_named_type(), &sets)
}

struct Tree<'a, 'py> {
    shared: &'a ExecShared,
    plan: &'a SchemaPlan,
    class: &'a Bound<'py, PyAny>,
    vars: &'a Bound<'py, PyDict>,
}

impl<'py> Tree<'_, 'py> {
    fn build(&self, type_name: &Name, sets: &[&SelectionSet]) -> PyResult<Bound<'py, PyList>> {
        let py = self.class.py();
        let mut groups: Vec<(Name, Vec<Node<Field>>)> = Vec::new();
        let mut visited = HashSet::new();
        for set in sets {
            self.collect(type_name, set, &mut groups, &mut visited);
        }
        let out = PyList::empty(py);
        for (_, fields) in groups {
            let first = &fields[0];
            let sub: Vec<&SelectionSet> = fields.iter().map(|f| &f.selection_set).collect();
            let selections = if sub.iter().all(|s| s.selections.is_empty()) {
                PyList::empty(py)
            } else {
                self.build(first.definition.ty.inner_named_type(), &sub)?
            };
            let item = self.class.call1((
                first.name.as_str(),
                first.alias.as_ref().map(|a| a.as_str()),
                self.arguments(first)?,
                selections,
            ))?;
            out.append(item)?;
        }
        Ok(out)
    }

    /// CollectFields without the executor's memo: grouped by response key, first seen first.
    fn collect(
        &self,
        type_name: &Name,
        set: &SelectionSet,
        groups: &mut Vec<(Name, Vec<Node<Field>>)>,
        visited: &mut HashSet<Name>,
    ) {
        let doc = &self.shared.doc.doc;
        for selection in &set.selections {
            if !included(selection.directives(), self.vars) {
                continue;
            }
            match selection {
                Selection::Field(f) => {
                    let key = f.response_key();
                    match groups.iter_mut().find(|(k, _)| k == key) {
                        Some((_, list)) => list.push(f.clone()),
                        None => groups.push((key.clone(), vec![f.clone()])),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if !visited.insert(spread.fragment_name.clone()) {
                        continue;
                    }
                    if let Some(frag) = doc.fragments.get(&spread.fragment_name) {
                        if self.applies(type_name, frag.type_condition()) {
                            self.collect(type_name, &frag.selection_set, groups, visited);
                        }
                    }
                }
                Selection::InlineFragment(inline) => {
                    let applies =
                        (inline.type_condition.as_ref()).is_none_or(|t| self.applies(type_name, t));
                    if applies {
                        self.collect(type_name, &inline.selection_set, groups, visited);
                    }
                }
            }
        }
    }

    /// DoesFragmentTypeApply for an object type; below an abstract type the concrete type is
    /// not known yet, so every fragment (each a possible type, by validation) is included.
    fn applies(&self, type_name: &Name, condition: &Name) -> bool {
        let plan = self.plan;
        match plan.schema.types.get(type_name) {
            Some(ExtendedType::Object(_)) => {
                type_name == condition || plan.is_possible_type(condition, type_name)
            }
            _ => true,
        }
    }

    /// The field's arguments by GraphQL name: given (literal or variable) or defaulted.
    fn arguments(&self, field: &Field) -> PyResult<Bound<'py, PyDict>> {
        let py = self.class.py();
        let plan = self.plan;
        let out = PyDict::new(py);
        for def in &field.definition.arguments {
            let given = field.arguments.iter().find(|a| a.name == def.name);
            let mut value = match given {
                Some(a) => coerce_literal(plan, &def.ty, &a.value, Some(self.vars), py)
                    .ok()
                    .flatten(),
                None => None,
            };
            if value.is_none() {
                if let Some(default) = &def.default_value {
                    value = coerce_literal(plan, &def.ty, default, None, py)
                        .ok()
                        .flatten();
                }
            }
            if let Some(v) = value {
                out.set_item(def.name.as_str(), v)?;
            }
        }
        Ok(out)
    }
}
