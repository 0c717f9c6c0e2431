//! `sdl_fast` against apollo-parser: for any text it either declines or gives exactly the
//! definitions `Document::parse` gives (nodes compare without their locations). Checked on the
//! shared production schemas (when present beside the clone), every `.graphql` file and every
//! triple-quoted string of the repository's tests, benchmarks and examples, a corpus of
//! grammar corners, and bounded loops of random edits of all of them.

use std::path::{Path, PathBuf};

use apollo_compiler::ast::Document;
use apollo_compiler::Schema;

use _core::sdl_fast;

#[derive(Debug, PartialEq)]
enum Outcome {
    Equal,
    Declined,
}

/// Panics when `sdl_fast` panics, accepts what apollo-parser rejects or differs from it.
fn check(text: &str) -> Outcome {
    let ours = std::panic::catch_unwind(|| sdl_fast::parse(text))
        .unwrap_or_else(|_| panic!("sdl_fast panicked on {text:?}"));
    let Some(ours) = ours else {
        return Outcome::Declined;
    };
    let theirs = match Document::parse(text, "t.graphql") {
        Ok(doc) => doc,
        Err(e) => panic!(
            "sdl_fast accepted {text:?}, which apollo-parser rejects: {}",
            e.errors
        ),
    };
    if ours.definitions != theirs.definitions {
        let pairs = ours.definitions.iter().zip(&theirs.definitions);
        let first = pairs.clone().find(|(a, b)| a != b);
        panic!(
            "different documents for {text:?} ({} vs {} definitions); first difference:\n{:?}",
            ours.definitions.len(),
            theirs.definitions.len(),
            first.map(|(a, b)| (a.to_string(), b.to_string())),
        );
    }
    Outcome::Equal
}

/// Valid SDL that the fast parser must take.
const CORNERS: &[&str] = &[
    "type Query { a: Int }",
    "\u{feff}type Query { a: Int }",
    "type Query {\r\n  a: Int\r\n}\r\n",
    "type Query {\r  a: Int,,, b: [Int!]! c: [[String]!] }",
    "# only\n# comments then\ntype Query { a: Int } # trailing",
    "\"d\" type A @a @b(x: 1) { \"f\" f(\"a\" a: Int = 1 @d(x: [1, 2.5, -0, 1e10, -1.5E-3]), b: E = V): [[Int!]!] @deprecated(reason: \"no\") }",
    r#"type A { f(s: String = "q\"b\\s\/b\bf\fn\nr\rt\tu\u00e9\u{1F600}\uD83D\uDE00\u{000041}"): Int }"#,
    "type A { f(s: String = \"tab\tand \u{1} control\"): Int }",
    "\"\"\"\n  block\n    indented\n\n  \\\"\"\"escaped\\\"\"\" twice\n   \n\"\"\"\ntype A { a: Int }",
    "\"\"\"   first line kept   \"\"\" type A { a: Int }",
    "\"\"\"\r\n\t\r\n  crlf\r\n\t tab\r\n  \r\n\"\"\" type A { a: Int }",
    "\"\"\"\r  lone cr\r    more\r\"\"\" type A { a: Int }",
    "\"\"\"   \n   \n\"\"\" type A { a: Int }",
    "\"\"\"\"\"\" type A { a: Int }",
    "\"\" type A { a: Int }",
    "\"\"\"x \\\\\\\"\"\" y\"\"\" type A { a: Int }",
    "\"\"\"quote\" \"\" \\\"\" in block\"\"\" type A { a: Int }",
    "\"\"\" é ü \u{feff} \"\"\" type A { \"ü\" a: Int }",
    "schema @a { query: Q mutation: M subscription: S }",
    "\"described\" schema { query: Q }",
    "extend schema @b",
    "extend schema { query: Q }",
    "extend schema @b { mutation: M }",
    "scalar S @specifiedBy(url: \"x\")",
    "extend scalar S @d",
    "interface I implements & J & K @d { a: Int }",
    "interface I implements J { a: Int }",
    "interface I",
    "extend interface I @d",
    "extend interface I implements L",
    "extend interface I { b: Int }",
    "type T implements I & J { a: Int }",
    "type T",
    "type T @d",
    "extend type T { b: Int }",
    "extend type T implements I",
    "extend type T @d",
    "union U = | A | B",
    "union U = A|B|C",
    "union U2 @d = A",
    "union U3",
    "union U4 @d",
    "extend union U = C",
    "extend union U @d",
    "enum E { A \"d\" B @d, C }",
    "enum E { on type input query null_ true_ }",
    "enum E",
    "extend enum E { D }",
    "extend enum E @d",
    "input In { a: Int = 1, b: In2 = {x: 1, y: [true, false, null, ENUM, \"s\", []], z: {}} }",
    "input In { a: [[Int]] = [[1], [], [2, 3]] }",
    "input In",
    "extend input In { c: Int }",
    "extend input In @d",
    "directive @d(x: Int) repeatable on | FIELD_DEFINITION | OBJECT",
    "directive @d on FIELD",
    "\"dd\" directive @d(\"a\" a: Int = 2 @x) on FIELD",
    "directive @e on QUERY|MUTATION|SUBSCRIPTION|FIELD|FRAGMENT_DEFINITION|FRAGMENT_SPREAD|INLINE_FRAGMENT|VARIABLE_DEFINITION|SCHEMA|SCALAR|OBJECT|FIELD_DEFINITION|ARGUMENT_DEFINITION|INTERFACE|UNION|ENUM|ENUM_VALUE|INPUT_OBJECT|INPUT_FIELD_DEFINITION",
    "directive @repeatable on FIELD",
    "directive @on(on: on = on) repeatable on FIELD",
    "type type { type: type, input: input, enum(enum: enum): enum, query: query, true: Boolean, null: N, on: On, extend: extend, schema: schema, implements: implements }",
    "type implements implements I { a: Int }",
    "type _A__b9 { __c: Int }",
    "type A { a(x: Int = -1, y: Float = 0.0, z: Float = 0e0, w: Float = 1E+2, v: Int = 123456789012345678901234567890): Int }",
    "type A { a: Int @ d ( x : 1 ) }",
    "type A{a:Int@d(x:1)b:[Int]}",
];

/// Whatever the outcome (most are syntax errors), never a different document.
const OTHERS: &[&str] = &[
    "\"\"\"a\"\"\"\" type A { a: Int }",
    "\"\"\"x \\\\\\\"\"\" y \\\\\"\"\" type A { a: Int }",
    r#"type A { f(s: String = "\u{0000041}"): Int }"#,
    "",
    "   # nothing\n",
    "type A {}",
    "type A { a(): Int }",
    "directive @d() on FIELD",
    "enum E {}",
    "enum E { true }",
    "enum E { null }",
    "input I {}",
    "schema {}",
    "extend schema",
    "extend type T",
    "extend scalar S",
    "\"d\" extend type A @d",
    "union U =",
    "union U = |",
    "interface I implements",
    "type A implements B C { a: Int }",
    "type A implements B, C { a: Int }",
    "directive @d on",
    "directive @d on NOPE",
    "directive @d FIELD",
    "query { a }",
    "{ a }",
    "fragment F on T { a }",
    "type A { a: Int = 1 }",
    "type A { a(x: Int = $v): Int }",
    "type A { a(x: Int = 1a): Int }",
    "type A { a(x: Int = 01): Int }",
    "type A { a(x: Int = 1.): Int }",
    "type A { a(x: Int = .5): Int }",
    "type A { a(x: Int = -): Int }",
    "type A { a(x: Int = 1e): Int }",
    "type A { a(x: Int = 1.5.5): Int }",
    "type A { a(x: Int = 0x1): Int }",
    "type A { a(x: String = \"unterminated): Int }",
    "type A { a(x: String = \"line\nbreak\"): Int }",
    "type A { a(x: String = \"\\q\"): Int }",
    "type A { a(x: String = \"\\u12\"): Int }",
    "type A { a(x: String = \"\\uD800\"): Int }",
    "type A { a(x: String = \"\\uD800\\u0041\"): Int }",
    "type A { a(x: String = \"\\uDC00\"): Int }",
    "type A { a(x: String = \"\\u{}\"): Int }",
    "type A { a(x: String = \"\\u{110000}\"): Int }",
    "type A { a(x: String = \"\\u{D800}\"): Int }",
    "type A { a(x: String = \"\\u{12345678}\"): Int }",
    "type A { a(x: String = \"\\uD83D\\u{DE00}\"): Int }",
    "\"\"\"unterminated block type A { a: Int }",
    "type A { a: [Int }",
    "type A { a: Int! ! }",
    "type A { a: Int } }",
    "type A { a: é }",
    "type A { a: Int \u{1} }",
    "type A @d() { a: Int }",
    "type A { a(x: I = {a: 1, a: 2}): Int }",
    "type A { a(x: I = [1, {b: [2]}]): Int } extend type A @x",
    "\"d\", type A { a: Int }",
    "extend, type A @d",
    "type A { \"d\", a: Int }",
    "enum E { \"d\", A }",
    "input I { \"d\", a: Int }",
    "type A { a(\"d\", x: Int): Int }",
];

/// Nesting around apollo-parser's recursion limit and `sdl_fast`'s own.
fn deep() -> Vec<String> {
    [10, 63, 64, 65, 200, 499, 500, 501, 700]
        .iter()
        .flat_map(|&n| {
            [
                format!("type A {{ a: {}Int{} }}", "[".repeat(n), "]".repeat(n)),
                format!(
                    "type A {{ a(x: I = {}1{}): Int }}",
                    "[".repeat(n),
                    "]".repeat(n)
                ),
                format!(
                    "type A {{ a(x: I = {}1{}): Int }}",
                    "{a: ".repeat(n),
                    "}".repeat(n)
                ),
            ]
        })
        .collect()
}

#[test]
fn corners_are_equal_or_declined() {
    let declined: Vec<&str> = CORNERS
        .iter()
        .copied()
        .filter(|text| check(text) == Outcome::Declined)
        .collect();
    assert!(declined.is_empty(), "declined valid SDL: {declined:#?}");
    for text in OTHERS {
        check(text);
    }
    for text in deep() {
        check(&text);
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The text between each pair of `"""` or `'''` in Python source (SDL or not: any text is
/// a test of declining).
fn triple_quoted(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ["\"\"\"", "'''"] {
        let mut parts = source.split(quote);
        parts.next();
        while let (Some(inside), _) = (parts.next(), parts.next()) {
            out.push(inside.to_owned());
        }
    }
    out
}

fn repository_sdl() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in ["tests", "benchmarks", "examples"] {
        files(&repo().join(dir), "graphql", &mut paths);
    }
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    let mut py = Vec::new();
    for dir in ["tests", "benchmarks", "examples"] {
        files(&repo().join(dir), "py", &mut py);
    }
    for path in py {
        texts.extend(triple_quoted(
            &std::fs::read_to_string(path).expect("readable"),
        ));
    }
    texts
}

#[test]
fn repository_sdl_is_equal_or_declined() {
    let texts = repository_sdl();
    assert!(texts.len() > 100, "found {} texts", texts.len());
    let equal = texts.iter().filter(|t| check(t) == Outcome::Equal).count();
    // Every .graphql file of the repository is valid SDL that the fast parser takes.
    let mut graphql = Vec::new();
    files(&repo().join("tests"), "graphql", &mut graphql);
    files(&repo().join("benchmarks"), "graphql", &mut graphql);
    for path in &graphql {
        let text = std::fs::read_to_string(path).expect("readable");
        assert_eq!(check(&text), Outcome::Equal, "{}", path.display());
    }
    assert!(equal > graphql.len());
}

/// The shared production schemas sit beside the clone (absent in CI's clean clone).
fn shared_schemas() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files(&repo().join("../shared/schemas"), "graphql", &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect()
}

#[test]
fn shared_schemas_and_their_printed_sdl_are_equal() {
    for (path, text) in shared_schemas() {
        assert_eq!(check(&text), Outcome::Equal, "{}", path.display());
        // Generated code carries the schema as apollo-compiler prints it.
        let printed = Schema::parse(text.as_str(), "s.graphql")
            .expect("valid")
            .to_string();
        assert_eq!(
            check(&printed),
            Outcome::Equal,
            "printed {}",
            path.display()
        );
    }
}

#[test]
fn build_gives_the_schema_apollo_parser_gives() {
    let mut texts: Vec<(String, String)> = shared_schemas()
        .into_iter()
        .map(|(p, t)| (p.display().to_string(), t))
        .collect();
    let mut paths = Vec::new();
    files(&repo().join("benchmarks"), "graphql", &mut paths);
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("readable");
        texts.push((p.display().to_string(), text));
    }
    for (path, text) in texts {
        let built = _core::sdl::build(vec![(path.clone(), text.clone())]).expect("valid");
        let reference = _core::sdl::build_located(vec![(path.clone(), text)]).expect("valid");
        assert_eq!(built.to_string(), reference.to_string(), "{path}");
        assert!(built.types == reference.types, "{path}");
        assert!(
            built.directive_definitions == reference.directive_definitions,
            "{path}"
        );
        assert!(
            built.schema_definition == reference.schema_definition,
            "{path}"
        );
    }
}

/// xorshift: a fixed sequence, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    "!",
    "=",
    "|",
    "&",
    "@d",
    "@",
    "$",
    ",",
    "#",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "\"",
    "\"\"\"",
    "\\",
    "\\\"\"\"",
    "\\u",
    "\\u{1F600}",
    "\\uD83D",
    "1",
    "0",
    "-",
    ".",
    "e",
    "1.5",
    "é",
    "\u{feff}",
    "\u{0}",
    "extend ",
    "type ",
    "schema ",
    "input ",
    "enum ",
    "on ",
    "repeatable ",
    "implements ",
    "query",
    "true",
    "null",
    "A",
    "_",
];

/// `text` with one random edit at character boundaries: a deletion, a duplication or an
/// inserted piece of syntax.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let a = bounds[rng.below(bounds.len())];
    let b = bounds[rng.below(bounds.len())];
    let (a, b) = (a.min(b), a.max(b));
    let b = a + (b - a).min(1 + rng.below(12));
    let b = (b..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    match rng.below(3) {
        0 => format!("{}{}", &text[..a], &text[b..]),
        1 => format!("{}{}", &text[..b], &text[a..]),
        _ => format!(
            "{}{}{}",
            &text[..a],
            PIECES[rng.below(PIECES.len())],
            &text[a..]
        ),
    }
}

#[test]
fn random_edits_are_equal_or_declined() {
    let mut seeds: Vec<String> = CORNERS
        .iter()
        .chain(OTHERS)
        .map(|s| (*s).to_owned())
        .collect();
    seeds.extend(
        repository_sdl()
            .into_iter()
            .filter(|t| t.len() < 4000 && check(t) == Outcome::Equal),
    );
    // Windows of the production schemas (when present), cut between blank-line-separated
    // definitions: real descriptions, arguments and directives.
    for (_, text) in shared_schemas() {
        let starts: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i + 2).collect();
        for pair in starts.windows(2).step_by(starts.len() / 150 + 1) {
            let end = (pair[0] + 1500).min(text.len());
            let end = starts
                .iter()
                .copied()
                .find(|&s| s >= end)
                .unwrap_or(text.len());
            let window = &text[pair[0]..end];
            // A blank line inside a description starts no definition: such windows are left out.
            if check(window) == Outcome::Equal {
                seeds.push(window.to_owned());
            }
        }
    }
    // A longer run: SDL_FAST_EDIT_ROUNDS=1000000 SDL_FAST_EDIT_SEED=7 cargo test ... random_edits
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ env("SDL_FAST_EDIT_SEED", 0));
    let (mut equal, mut declined) = (0, 0);
    for round in 0..env("SDL_FAST_EDIT_ROUNDS", 24_000) as usize {
        let seed = &seeds[round % seeds.len()];
        let mut text = mutate(&mut rng, seed);
        for _ in 0..rng.below(3) {
            text = mutate(&mut rng, &text);
        }
        match check(&text) {
            Outcome::Equal => equal += 1,
            Outcome::Declined => declined += 1,
        }
    }
    // Both outcomes are common: the edits exercise acceptance, not only rejection.
    assert!(
        equal > 2_000 && declined > 2_000,
        "{equal} equal, {declined} declined"
    );
}

#[test]
fn halves_on_two_threads_give_the_whole_document() {
    let mut texts: Vec<String> = shared_schemas().into_iter().map(|(_, t)| t).collect();
    texts.push(
        (0..5000)
            .map(|n| format!("\"\"\"\n d{n}\n\"\"\"\ntype T{n} {{ a(x: Int = {n}): [T{n}!] }}\n"))
            .collect(),
    );
    // The repros are small: only a large source is cut.
    texts.retain(|t| t.len() >= _core::sdl_parallel::PARALLEL_BYTES);
    assert!(!texts.is_empty());
    for text in texts {
        let whole = sdl_fast::parse(&text).expect("taken");
        let (head, tail) =
            _core::sdl_parallel::parse_halves_with(&text, sdl_fast::parse).expect("a cut");
        assert!(!head.definitions.is_empty() && !tail.definitions.is_empty());
        let joined: Vec<_> = head
            .definitions
            .into_iter()
            .chain(tail.definitions)
            .collect();
        assert!(joined == whole.definitions);
    }
}
