//! Query depth and complexity, computed on the validated operation before execution.

use std::collections::HashSet;

use apollo_compiler::executable::{ExecutableDocument, Selection, SelectionSet};

/// (depth, complexity): the deepest field nesting (root fields are depth 1) and the number of
/// field selections once fragments are expanded. Meta-fields (`__typename`, …) are not counted.
pub fn measure(doc: &ExecutableDocument, set: &SelectionSet) -> (usize, usize) {
    let mut visiting = HashSet::new();
    walk(doc, set, &mut visiting)
}

fn walk<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    visiting: &mut HashSet<&'a str>,
) -> (usize, usize) {
    let (mut depth, mut count) = (0, 0);
    for sel in &set.selections {
        let (d, c) = match sel {
            Selection::Field(f) => {
                if f.name.starts_with("__") {
                    continue;
                }
                let (d, c) = walk(doc, &f.selection_set, visiting);
                (d + 1, c + 1)
            }
            Selection::InlineFragment(i) => walk(doc, &i.selection_set, visiting),
            Selection::FragmentSpread(s) => {
                let Some(frag) = doc.fragments.get(&s.fragment_name) else {
                    continue;
                };
                if !visiting.insert(s.fragment_name.as_str()) {
                    continue;
                }
                let r = walk(doc, &frag.selection_set, visiting);
                visiting.remove(s.fragment_name.as_str());
                r
            }
        };
        depth = depth.max(d);
        count += c;
    }
    (depth, count)
}
