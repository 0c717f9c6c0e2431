//! The nesting of selections through fragment spreads, checked on the parsed document before
//! validation. The parser bounds nesting within one definition (`NESTING_LIMIT`); a chain of
//! fragments, each within that bound, can still nest far deeper once spread into each other,
//! and validation and execution recurse along that nesting.

use std::collections::{HashMap, HashSet};

use apollo_compiler::ast::{Definition, Document, Selection};

use crate::document::NESTING_LIMIT;

pub const TOO_DEEP: &str = "Selections are nested too deeply through fragments.";

/// Whether some operation or fragment of `doc` nests selections deeper than `NESTING_LIMIT`
/// once its fragment spreads are followed. A spread closing a cycle adds nothing (validation
/// reports cycles).
pub fn too_deep(doc: &Document) -> bool {
    let mut fragments: HashMap<&str, Shape<'_>> = HashMap::new();
    let mut operations = Vec::new();
    for def in &doc.definitions {
        match def {
            Definition::FragmentDefinition(f) => {
                fragments.insert(f.name.as_str(), Shape::of(&f.selection_set));
            }
            Definition::OperationDefinition(o) => operations.push(Shape::of(&o.selection_set)),
            _ => {}
        }
    }
    let depths = fragment_depths(&fragments);
    let depth_of = |shape: &Shape<'_>| {
        shape.spreads.iter().fold(shape.depth, |d, (name, at)| {
            d.max(at.saturating_add(depths.get(name).copied().unwrap_or(0)))
        })
    };
    operations.iter().any(|s| depth_of(s) > NESTING_LIMIT)
        || fragments.values().any(|s| depth_of(s) > NESTING_LIMIT)
}

/// One definition's own nesting depth and the depth at which each of its spreads sits.
struct Shape<'a> {
    depth: usize,
    spreads: Vec<(&'a str, usize)>,
}

impl<'a> Shape<'a> {
    fn of(set: &'a [Selection]) -> Self {
        let mut shape = Shape {
            depth: 0,
            spreads: Vec::new(),
        };
        // Iterative: the parser bounds this nesting, but nothing here needs to recurse.
        let mut stack = vec![(set, 1usize)];
        while let Some((set, depth)) = stack.pop() {
            shape.depth = shape.depth.max(depth);
            for sel in set {
                match sel {
                    Selection::Field(f) if !f.selection_set.is_empty() => {
                        stack.push((&f.selection_set, depth + 1));
                    }
                    Selection::Field(_) => {}
                    Selection::InlineFragment(i) => stack.push((&i.selection_set, depth + 1)),
                    Selection::FragmentSpread(s) => {
                        shape.spreads.push((s.fragment_name.as_str(), depth));
                    }
                }
            }
        }
        shape
    }
}

/// The full depth of every fragment, by an iterative depth-first walk over the spreads.
fn fragment_depths<'a>(fragments: &HashMap<&'a str, Shape<'a>>) -> HashMap<&'a str, usize> {
    let mut depths: HashMap<&'a str, usize> = HashMap::new();
    let mut on_path: HashSet<&'a str> = HashSet::new();
    for &root in fragments.keys() {
        if depths.contains_key(root) {
            continue;
        }
        let mut path = vec![(root, 0usize)];
        on_path.insert(root);
        while let Some(&mut (name, ref mut next)) = path.last_mut() {
            let shape = &fragments[name];
            let child = shape.spreads[*next..].iter().position(|(s, _)| {
                fragments.contains_key(s) && !depths.contains_key(s) && !on_path.contains(s)
            });
            match child {
                Some(offset) => {
                    let (spread, _) = shape.spreads[*next + offset];
                    *next += offset + 1;
                    on_path.insert(spread);
                    path.push((spread, 0));
                }
                None => {
                    let depth = shape.spreads.iter().fold(shape.depth, |d, (s, at)| {
                        d.max(at.saturating_add(depths.get(s).copied().unwrap_or(0)))
                    });
                    depths.insert(name, depth);
                    on_path.remove(name);
                    path.pop();
                }
            }
        }
    }
    depths
}
