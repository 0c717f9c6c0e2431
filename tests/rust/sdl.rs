use pyo3::prelude::*;

use crate::support::{init, run};

#[test]
fn parse_schema_merges_extensions_and_reports_file_line_col() {
    init();
    Python::attach(|py| {
        run(
            py,
            r#"
import _core
out = _core.parse_schema([("a.graphql", "type Query { a: Int }\n"), ("b.graphql", "extend type Query { b(x: Int = 3): String @deprecated }\n")])
assert out["query"] == "Query"
q = out["types"][0]
assert [f["name"] for f in q["fields"]] == ["a", "b"]
assert q["fields"][1]["args"][0]["default"] == "3"
assert q["fields"][1]["deprecation"] == "No longer supported"
assert "extend" not in out["sdl"], out["sdl"]
try:
    _core.parse_schema([("bad.graphql", "type Query {\n  a: Nope\n}\n")])
except _core.SchemaError as e:
    assert e.diagnostics[0][:3] == ("bad.graphql", 2, 6), e.diagnostics
    assert str(e).startswith("bad.graphql:2:6: "), str(e)
else:
    raise AssertionError("no error")
"#,
        );
    });
}

#[test]
fn line_columns_count_characters() {
    assert_eq!(_core::errors::line_column("ab\ncé d", 7), (2, 4));
    assert_eq!(_core::errors::line_column("a\r\nb", 3), (2, 1));
}

/// Many definitions, with descriptions and comments that hold definition keywords, brackets
/// and escaped quotes at the start of a line (where a careless cut would split a definition).
fn large_sdl(count: usize) -> String {
    let mut sdl = String::from("type type { a: Int }\n");
    for n in 0..count {
        sdl += &format!(
            "\"\"\"\ntype Fake{n} {{\n}}\n\\\"\"\" ( [\n\"\"\"\ntype T{n} {{\n  # }}\ntype: Int\n  s(a: String = \"}}\\\"\"): Int\n}}\n# type Commented {{\n\"{{\"\nenum E{n} {{\ntype\n}}\n\n"
        );
    }
    sdl
}

fn printed(definitions: &[apollo_compiler::ast::Definition]) -> Vec<String> {
    definitions.iter().map(|d| d.to_string()).collect()
}

#[test]
fn a_large_sdl_is_parsed_in_two_halves_cut_between_definitions() {
    use apollo_compiler::ast::Document;
    let sdl = large_sdl(2000);
    let (head, tail) = _core::sdl_parallel::parse_halves("s.graphql", &sdl).expect("a cut");
    let whole = Document::parse(sdl.as_str(), "s.graphql").expect("valid");
    let mut halves = printed(&head.definitions);
    halves.extend(printed(&tail.definitions));
    assert_eq!(halves, printed(&whole.definitions));
    // Near the middle: each half holds about half of the 4001 definitions.
    assert!(
        (1800..2200).contains(&head.definitions.len()),
        "{}",
        head.definitions.len()
    );
}

#[test]
fn a_cut_inside_a_definition_is_refused() {
    // The first line after the middle that starts with a keyword is a union's member `type`.
    let head = large_sdl(1000) + "union Trap =\n";
    let tail = "type\n| T0\n";
    let padding = 2 * (head.len() - 2) - head.len() - tail.len();
    let sdl = format!("{head}{tail}{}\n", "#".repeat(padding - 1));
    assert_eq!(sdl.len() / 2, head.len() - 2);
    assert!(_core::sdl_parallel::parse_halves("s.graphql", &sdl).is_none());
}
