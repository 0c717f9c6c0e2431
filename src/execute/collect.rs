//! Spec CollectFields, memoised per execution: each field group keeps the collected
//! sub-selection for every concrete type it meets, so a list of 20,000 rows collects once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use apollo_compiler::executable::{
    DirectiveList, ExecutableDocument, Field, Selection, SelectionSet,
};
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use super::abstract_type::does_fragment_type_apply;
use super::slot_attr::SlotCache;
use crate::document::PreparedDocument;
use crate::plan::{typename_binding, FieldBinding, OutputKind, Resolver, SchemaPlan};

/// One response key of a selection set on one object type, with everything resolved up front.
pub struct CollectedField {
    pub response_key: Py<PyString>,
    pub fields: Vec<Node<Field>>,
    pub binding: Arc<FieldBinding>,
    /// Coerced arguments: variables are fixed for an execution, so this is computed once.
    pub args: OnceLock<Result<Option<Py<PyDict>>, crate::coerce::ArgError>>,
    sub_object: OnceLock<Arc<Collected>>,
    sub_abstract: Mutex<Vec<(Name, Arc<Collected>)>>,
    /// How the parents' class keeps a data field (`read_attr`).
    pub slot: SlotCache,
}

impl CollectedField {
    /// Where the field's selections stand in the query text; computed only for an error.
    pub fn locations(&self, doc: &PreparedDocument) -> Vec<(usize, usize)> {
        self.fields
            .iter()
            .filter_map(|f| doc.span_location(f.location()))
            .collect()
    }
}

pub type Collected = Vec<CollectedField>;

/// Fields grouped by response key in first-seen order: a scan while there are few keys, a
/// hash index past that, so a selection of thousands of aliases groups in linear time.
#[derive(Default)]
struct Groups {
    list: Vec<(Name, Vec<Node<Field>>)>,
    index: HashMap<Name, usize>,
}

impl Groups {
    const SCAN: usize = 16;

    fn add(&mut self, field: &Node<Field>) {
        let key = field.response_key();
        let found = if self.list.len() <= Self::SCAN {
            self.list.iter().position(|(k, _)| k == key)
        } else {
            if self.index.is_empty() {
                self.index = (self.list.iter().enumerate())
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect();
            }
            self.index.get(key).copied()
        };
        match found {
            Some(i) => self.list[i].1.push(field.clone()),
            None => {
                if !self.index.is_empty() {
                    self.index.insert(key.clone(), self.list.len());
                }
                self.list.push((key.clone(), vec![field.clone()]));
            }
        }
    }
}

pub struct Collector<'a> {
    pub plan: &'a SchemaPlan,
    pub doc: &'a ExecutableDocument,
    /// The query text and its line index, for error locations.
    pub source: &'a PreparedDocument,
}

impl Collector<'_> {
    /// CollectFields: `sets` (the selection sets of one field group) for `object_type`.
    /// <https://spec.graphql.org/October2021/#sec-Field-Collection>
    pub fn collect_fields<'s>(
        &self,
        py: Python<'_>,
        object_type: &Name,
        sets: impl Iterator<Item = &'s SelectionSet>,
        vars: &Bound<'_, PyDict>,
    ) -> Collected {
        let mut groups = Groups::default();
        let mut visited = HashSet::new();
        for set in sets {
            self.collect_into(object_type, set, vars, &mut groups, &mut visited);
        }
        groups
            .list
            .into_iter()
            .filter_map(|(key, fields)| {
                let first = &fields[0];
                let binding = match first.name.as_str() {
                    "__typename" => typename_binding(py, &self.plan.schema, object_type)?,
                    "__schema" | "__type" => introspection_binding(py, first, object_type),
                    name => self.plan.field(object_type, name)?.clone(),
                };
                Some(CollectedField {
                    response_key: PyString::intern(py, key.as_str()).unbind(),
                    fields,
                    binding,
                    args: OnceLock::new(),
                    sub_object: OnceLock::new(),
                    sub_abstract: Mutex::new(Vec::new()),
                    slot: SlotCache::new(),
                })
            })
            .collect()
    }

    fn collect_into(
        &self,
        object_type: &Name,
        set: &SelectionSet,
        vars: &Bound<'_, PyDict>,
        groups: &mut Groups,
        visited: &mut HashSet<Name>,
    ) {
        for selection in &set.selections {
            if !included(selection.directives(), vars) {
                continue;
            }
            match selection {
                Selection::Field(f) => groups.add(f),
                Selection::FragmentSpread(spread) => {
                    if !visited.insert(spread.fragment_name.clone()) {
                        continue;
                    }
                    let Some(frag) = self.doc.fragments.get(&spread.fragment_name) else {
                        continue;
                    };
                    if does_fragment_type_apply(self.plan, object_type, frag.type_condition()) {
                        self.collect_into(object_type, &frag.selection_set, vars, groups, visited);
                    }
                }
                Selection::InlineFragment(inline) => {
                    if inline
                        .type_condition
                        .as_ref()
                        .is_none_or(|t| does_fragment_type_apply(self.plan, object_type, t))
                    {
                        self.collect_into(
                            object_type,
                            &inline.selection_set,
                            vars,
                            groups,
                            visited,
                        );
                    }
                }
            }
        }
    }

    /// The sub-selection of `cf` for the concrete `object_type`, collected at most once.
    /// An object type's is borrowed from `cf` (no reference count to touch per object).
    pub fn sub_fields<'c>(
        &self,
        py: Python<'_>,
        cf: &'c CollectedField,
        object_type: &Name,
        is_abstract: bool,
        vars: &Bound<'_, PyDict>,
    ) -> SubFields<'c> {
        let sets = || cf.fields.iter().map(|f| &f.selection_set);
        if !is_abstract {
            return SubFields::Object(
                cf.sub_object
                    .get_or_init(|| Arc::new(self.collect_fields(py, object_type, sets(), vars))),
            );
        }
        let mut subs = cf.sub_abstract.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, c)) = subs.iter().find(|(n, _)| n == object_type) {
            return SubFields::Abstract(c.clone());
        }
        let c = Arc::new(self.collect_fields(py, object_type, sets(), vars));
        subs.push((object_type.clone(), c.clone()));
        SubFields::Abstract(c)
    }
}

/// A collected sub-selection: an object type's, held by its field; a concrete type's of an
/// abstract field, shared out of the field's lock.
pub enum SubFields<'c> {
    Object(&'c Arc<Collected>),
    Abstract(Arc<Collected>),
}

impl std::ops::Deref for SubFields<'_> {
    type Target = Arc<Collected>;

    fn deref(&self) -> &Arc<Collected> {
        match self {
            SubFields::Object(c) => c,
            SubFields::Abstract(c) => c,
        }
    }
}

fn introspection_binding(
    py: Python<'_>,
    field: &Node<Field>,
    object_type: &Name,
) -> Arc<FieldBinding> {
    Arc::new(FieldBinding {
        resolver: Resolver::Introspection,
        output: OutputKind::Object,
        definition: field.definition.clone(),
        field_name: PyString::intern(py, field.name.as_str()).unbind(),
        parent_type: PyString::intern(py, object_type.as_str()).unbind(),
    })
}

/// `@skip` / `@include` (spec §3.13), with `if:` a literal or a coerced variable.
pub fn included(directives: &DirectiveList, vars: &Bound<'_, PyDict>) -> bool {
    let truth = |name: &str| -> Option<bool> {
        let d = directives.get(name)?;
        let v = d.specified_argument_by_name("if")?;
        if let Some(b) = v.to_bool() {
            return Some(b);
        }
        let var = v.as_variable()?;
        let found = vars.get_item(var.as_str()).ok().flatten()?;
        Some(found.cast::<PyBool>().map(|b| b.is_true()).unwrap_or(false))
    };
    truth("skip") != Some(true) && truth("include") != Some(false)
}

/// Whether the root selection `set` holds `__schema` or `__type` (through fragments, each
/// looked at once), so the operation needs apollo-compiler's introspection.
pub fn has_schema_introspection(doc: &ExecutableDocument, set: &SelectionSet) -> bool {
    fn walk<'a>(
        doc: &'a ExecutableDocument,
        set: &'a SelectionSet,
        seen: &mut HashSet<&'a Name>,
    ) -> bool {
        set.selections.iter().any(|s| match s {
            Selection::Field(f) => f.name == "__schema" || f.name == "__type",
            Selection::InlineFragment(i) => walk(doc, &i.selection_set, seen),
            Selection::FragmentSpread(sp) => {
                if !seen.insert(&sp.fragment_name) {
                    return false;
                }
                doc.fragments
                    .get(&sp.fragment_name)
                    .is_some_and(|f| walk(doc, &f.selection_set, seen))
            }
        })
    }
    walk(doc, set, &mut HashSet::new())
}
