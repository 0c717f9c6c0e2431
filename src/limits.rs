//! Static measures of an operation (depth, complexity, aliases, directives) checked against a
//! schema's limits before execution. The walk is linear in the document: each named fragment is
//! measured once and its figures reused at every spread, so a fragment "bomb" whose expansion is
//! exponential costs no more than its text (the figures saturate instead of overflowing).

use std::collections::HashMap;

use apollo_compiler::executable::{ExecutableDocument, Operation, Selection, SelectionSet};

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
        if let Some(max) = self.max_depth.filter(|max| m.depth > *max) {
            return Some(format!(
                "Query depth {} exceeds the maximum allowed depth of {max}.",
                m.depth
            ));
        }
        if let Some(max) = self.max_complexity.filter(|max| m.complexity > *max) {
            return Some(format!(
                "Query complexity {} exceeds the maximum allowed complexity of {max}.",
                m.complexity
            ));
        }
        if let Some(max) = self.max_aliases.filter(|max| m.aliases > *max) {
            return Some(format!(
                "Query uses {} aliases, more than the maximum allowed of {max}.",
                m.aliases
            ));
        }
        if let Some(max) = self.max_directives.filter(|max| m.directives > *max) {
            return Some(format!(
                "A selection has {} directives, more than the maximum allowed of {max}.",
                m.directives
            ));
        }
        None
    }
}

/// The measures of every operation of a document, computed once per validated document.
pub struct DocumentMeasures {
    anonymous: Option<Measure>,
    named: HashMap<String, Measure>,
}

impl DocumentMeasures {
    /// Measures every operation. `__typename` is not counted; the other meta-fields and what
    /// they select are. The document is valid, so its fragments have no cycles.
    pub fn new(doc: &ExecutableDocument) -> Self {
        let mut walker = Walker {
            doc,
            fragments: HashMap::new(),
        };
        DocumentMeasures {
            anonymous: doc
                .operations
                .anonymous
                .as_ref()
                .map(|op| walker.selection_set(&op.selection_set)),
            named: doc
                .operations
                .named
                .iter()
                .map(|(name, op)| (name.to_string(), walker.selection_set(&op.selection_set)))
                .collect(),
        }
    }

    pub fn of(&self, op: &Operation) -> Measure {
        match &op.name {
            None => self.anonymous.unwrap_or_default(),
            Some(name) => self.named.get(name.as_str()).copied().unwrap_or_default(),
        }
    }
}

struct Walker<'a> {
    doc: &'a ExecutableDocument,
    fragments: HashMap<&'a str, Measure>,
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Measure {
        let mut total = Measure::default();
        for sel in &set.selections {
            let own_directives = sel.directives().len();
            let mut m = match sel {
                Selection::Field(f) => {
                    if f.name == "__typename" {
                        Measure {
                            directives: own_directives,
                            ..Measure::default()
                        }
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
            m.directives = m.directives.max(own_directives);
            total.add(m);
        }
        total
    }

    fn fragment(&mut self, name: &'a str) -> Measure {
        if let Some(m) = self.fragments.get(name) {
            return *m;
        }
        // Marked before the walk: a cycle (impossible in a valid document) stops here.
        self.fragments.insert(name, Measure::default());
        let m = match self.doc.fragments.get(name) {
            Some(frag) => self.selection_set(&frag.selection_set),
            None => Measure::default(),
        };
        self.fragments.insert(name, m);
        m
    }
}
