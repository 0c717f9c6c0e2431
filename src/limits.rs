//! Static measures of an operation (depth, complexity, aliases, directives) checked against a
//! schema's limits before the document is validated. The walk is linear in the document: each
//! named fragment is measured once and its figures reused at every spread, so a fragment "bomb"
//! whose expansion is exponential costs no more than its text (figures saturate).

use std::collections::HashMap;

use apollo_compiler::ast::{Definition, Document, Selection};

/// What the limits look at, for one operation with its fragments expanded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    /// The deepest field nesting; root fields are depth 1.
    pub depth: usize,
    /// The number of field selections once fragments are expanded.
    pub complexity: usize,
    /// The number of aliased field selections once fragments are expanded.
    pub aliases: usize,
    /// The most directives on one selection (field, fragment spread or inline fragment).
    pub directives: usize,
}

impl Measure {
    fn add(&mut self, other: Measure) {
        self.depth = self.depth.max(other.depth);
        self.complexity = self.complexity.saturating_add(other.complexity);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.max(other.directives);
    }
}

/// The message of an exceeded limit, from the measured figure and the limit.
type LimitMessage = fn(usize, usize) -> String;

/// The limits a schema enforces; `None` turns one off.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub max_depth: Option<usize>,
    pub max_complexity: Option<usize>,
    pub max_aliases: Option<usize>,
    pub max_directives: Option<usize>,
}

impl Limits {
    pub fn any(&self) -> bool {
        self.max_depth.is_some()
            || self.max_complexity.is_some()
            || self.max_aliases.is_some()
            || self.max_directives.is_some()
    }

    /// The message of the first limit `m` exceeds, if any.
    pub fn check(&self, m: &Measure) -> Option<String> {
        let checks: [(Option<usize>, usize, LimitMessage); 4] = [
            (self.max_depth, m.depth, |n, max| {
                format!("Query depth {n} exceeds the maximum allowed depth of {max}.")
            }),
            (self.max_complexity, m.complexity, |n, max| {
                format!("Query complexity {n} exceeds the maximum allowed complexity of {max}.")
            }),
            (self.max_aliases, m.aliases, |n, max| {
                format!("Query uses {n} aliases, more than the maximum allowed of {max}.")
            }),
            (self.max_directives, m.directives, |n, max| {
                format!("A selection has {n} directives, more than the maximum allowed of {max}.")
            }),
        ];
        checks
            .into_iter()
            .find_map(|(limit, n, message)| limit.filter(|max| n > *max).map(|max| message(n, max)))
    }
}

/// The first limit an operation or fragment of `doc` exceeds, with the operation's location:
/// checked on the parsed document before validation, whose cost some shapes (thousands of
/// fields under one response key) make quadratic. Operations are measured with their fragments
/// expanded; each fragment is measured once.
pub fn check_document(doc: &Document, limits: &Limits) -> Option<(String, Option<usize>)> {
    let fragments = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            Definition::FragmentDefinition(f) => Some((f.name.as_str(), &f.selection_set)),
            _ => None,
        })
        .collect();
    let mut walker = Walker {
        fragments,
        measured: HashMap::new(),
    };
    doc.definitions.iter().find_map(|d| match d {
        Definition::OperationDefinition(op) => {
            let m = walker.selection_set(&op.selection_set);
            limits
                .check(&m)
                .map(|message| (message, op.location().map(|l| l.offset())))
        }
        _ => None,
    })
}

struct Walker<'a> {
    fragments: HashMap<&'a str, &'a Vec<Selection>>,
    measured: HashMap<&'a str, Measure>,
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a [Selection]) -> Measure {
        let mut total = Measure::default();
        for sel in set {
            let mut m = match sel {
                Selection::Field(f) => {
                    if f.name == "__typename" {
                        Measure::default()
                    } else {
                        let sub = self.selection_set(&f.selection_set);
                        Measure {
                            depth: sub.depth + 1,
                            complexity: sub.complexity.saturating_add(1),
                            aliases: sub.aliases.saturating_add(usize::from(f.alias.is_some())),
                            directives: sub.directives,
                        }
                    }
                }
                Selection::InlineFragment(i) => self.selection_set(&i.selection_set),
                Selection::FragmentSpread(s) => self.fragment(s.fragment_name.as_str()),
            };
            let own = match sel {
                Selection::Field(f) => f.directives.len(),
                Selection::InlineFragment(i) => i.directives.len(),
                Selection::FragmentSpread(s) => s.directives.len(),
            };
            m.directives = m.directives.max(own);
            total.add(m);
        }
        total
    }

    fn fragment(&mut self, name: &'a str) -> Measure {
        if let Some(m) = self.measured.get(name) {
            return *m;
        }
        // Marked before the walk: a spread closing a cycle (a validation error) adds nothing.
        self.measured.insert(name, Measure::default());
        let m = match self.fragments.get(name) {
            Some(set) => self.selection_set(set),
            None => Measure::default(),
        };
        self.measured.insert(name, m);
        m
    }
}
