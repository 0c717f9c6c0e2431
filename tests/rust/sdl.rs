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
