//! A type-system SDL parser that builds `apollo_compiler::ast` directly, for `build_schema`.
//!
//! apollo-parser builds a lossless syntax tree (rowan) and apollo-compiler lowers it to the AST;
//! on GitHub's 1.2 MB schema that is ~50 ms of a ~60 ms build. This parser reads the text once
//! and makes the same AST nodes, without locations (`SourceSpan` has no public constructor).
//!
//! It accepts only the strict grammar of type-system documents and returns `None` ("declines")
//! on anything else: executable definitions, a syntax error, an escape or number it does not
//! handle, nesting deeper than `MAX_DEPTH`. A decline, and any build or validation error of
//! what it made, sends the caller to apollo-parser, so every diagnostic keeps its
//! `file:line:col`. What it accepts must give exactly the definitions `Document::parse` gives
//! (nodes compare without locations); tests/rust/sdl_fast.rs checks that differentially.

use apollo_compiler::ast::{
    self, Definition, Directive, DirectiveList, EnumValueDefinition, FieldDefinition,
    InputValueDefinition, Type, Value,
};
use apollo_compiler::{Name, Node};
use std::borrow::Cow;

mod definitions;

/// Nesting of list types and of list/object values beyond this is declined (apollo-parser
/// stops at 500 levels; a real schema nests a few).
const MAX_DEPTH: usize = 64;

/// The definitions of `text` as `ast::Document::parse` makes them, or `None`.
pub fn parse(text: &str) -> Option<ast::Document> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        comma: false,
    };
    p.skip_ignored();
    let mut doc = ast::Document::new();
    while p.pos < p.bytes.len() {
        doc.definitions.push(p.definition()?);
    }
    // An empty document is a syntax error for apollo-parser.
    (!doc.definitions.is_empty()).then_some(doc)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Always at the start of a token (or the end): every token read skips what follows it.
    pos: usize,
    depth: usize,
    /// Whether the ignored tokens last skipped hold a comma: apollo-parser's two-token
    /// lookahead (after a definition's description, after `extend`) sees commas.
    comma: bool,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// `[_0-9A-Za-z]`, by table: names are most of the tokens.
const NAME_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    table
};

fn is_name_continue(b: u8) -> bool {
    NAME_CONTINUE[b as usize]
}

impl<'a> Parser<'a> {
    /// Skips whitespace, line terminators, commas, comments and byte order marks.
    fn skip_ignored(&mut self) {
        let b = self.bytes;
        self.comma = false;
        while let Some(&c) = b.get(self.pos) {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b',' => {
                    self.comma = true;
                    self.pos += 1;
                }
                b'#' => {
                    while let Some(&c) = b.get(self.pos) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                0xEF if b[self.pos..].starts_with(&[0xEF, 0xBB, 0xBF]) => self.pos += 3,
                _ => break,
            }
        }
    }

    fn peek(&self) -> u8 {
        self.bytes.get(self.pos).copied().unwrap_or(0)
    }

    /// Consumes the punctuator `c` if it is next.
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == c {
            self.pos += 1;
            self.skip_ignored();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }

    /// The name token at the current position, not consumed.
    fn peek_name(&self) -> Option<&'a str> {
        let b = self.bytes;
        if !is_name_start(self.peek()) {
            return None;
        }
        let mut end = self.pos + 1;
        while end < b.len() && is_name_continue(b[end]) {
            end += 1;
        }
        Some(&self.text[self.pos..end])
    }

    fn name_str(&mut self) -> Option<&'a str> {
        let s = self.peek_name()?;
        self.pos += s.len();
        self.skip_ignored();
        Some(s)
    }

    fn name(&mut self) -> Option<Name> {
        self.name_str().map(Name::new_unchecked)
    }

    /// Consumes the keyword `k` if it is the next name.
    fn eat_keyword(&mut self, k: &str) -> bool {
        if self.peek_name() == Some(k) {
            self.pos += k.len();
            self.skip_ignored();
            true
        } else {
            false
        }
    }

    fn definition(&mut self) -> Option<Definition> {
        let description = self.description()?;
        if description.is_some() && self.comma {
            return None;
        }
        let keyword = self.name_str()?;
        if keyword == "extend" && (description.is_some() || self.comma) {
            return None;
        }
        Some(match keyword {
            "schema" => {
                let directives = self.directives()?;
                let root_operations = self.root_operations()?;
                if root_operations.is_empty() {
                    return None;
                }
                Definition::SchemaDefinition(Node::new(ast::SchemaDefinition {
                    description,
                    directives,
                    root_operations,
                }))
            }
            "scalar" => Definition::ScalarTypeDefinition(Node::new(ast::ScalarTypeDefinition {
                description,
                name: self.name()?,
                directives: self.directives()?,
            })),
            "type" => Definition::ObjectTypeDefinition(Node::new(ast::ObjectTypeDefinition {
                description,
                name: self.name()?,
                implements_interfaces: self.implements()?,
                directives: self.directives()?,
                fields: self.fields()?,
            })),
            "interface" => {
                Definition::InterfaceTypeDefinition(Node::new(ast::InterfaceTypeDefinition {
                    description,
                    name: self.name()?,
                    implements_interfaces: self.implements()?,
                    directives: self.directives()?,
                    fields: self.fields()?,
                }))
            }
            "union" => Definition::UnionTypeDefinition(Node::new(ast::UnionTypeDefinition {
                description,
                name: self.name()?,
                directives: self.directives()?,
                members: self.union_members()?,
            })),
            "enum" => Definition::EnumTypeDefinition(Node::new(ast::EnumTypeDefinition {
                description,
                name: self.name()?,
                directives: self.directives()?,
                values: self.enum_values()?,
            })),
            "input" => {
                Definition::InputObjectTypeDefinition(Node::new(ast::InputObjectTypeDefinition {
                    description,
                    name: self.name()?,
                    directives: self.directives()?,
                    fields: self.input_fields()?,
                }))
            }
            "directive" => self.directive_definition(description)?,
            "extend" => self.extension()?,
            _ => return None,
        })
    }

    /// `implements A & B` (a leading `&` allowed); empty when absent.
    fn implements(&mut self) -> Option<Vec<Name>> {
        let mut out = Vec::new();
        if !self.eat_keyword("implements") {
            return Some(out);
        }
        self.eat(b'&');
        out.push(self.name()?);
        while self.eat(b'&') {
            out.push(self.name()?);
        }
        Some(out)
    }

    /// `= A | B` (a leading `|` allowed); empty when absent.
    fn union_members(&mut self) -> Option<Vec<Name>> {
        let mut out = Vec::new();
        if !self.eat(b'=') {
            return Some(out);
        }
        self.eat(b'|');
        out.push(self.name()?);
        while self.eat(b'|') {
            out.push(self.name()?);
        }
        Some(out)
    }

    /// `{ field… }` of an object or interface; empty when absent, `{}` declined.
    fn fields(&mut self) -> Option<Vec<Node<FieldDefinition>>> {
        let mut out = Vec::new();
        if !self.eat(b'{') {
            return Some(out);
        }
        while !self.eat(b'}') {
            let description = self.description()?;
            let name = self.name()?;
            let arguments = self.arguments_definition()?;
            self.expect(b':')?;
            let ty = self.ty()?;
            let directives = self.directives()?;
            out.push(Node::new(FieldDefinition {
                description,
                name,
                arguments,
                ty,
                directives,
            }));
        }
        (!out.is_empty()).then_some(out)
    }

    /// `( input value… )`; empty when absent, `()` declined.
    fn arguments_definition(&mut self) -> Option<Vec<Node<InputValueDefinition>>> {
        if self.peek() != b'(' {
            return Some(Vec::new());
        }
        self.input_values(b'(', b')')
    }

    fn input_fields(&mut self) -> Option<Vec<Node<InputValueDefinition>>> {
        if self.peek() != b'{' {
            return Some(Vec::new());
        }
        self.input_values(b'{', b'}')
    }

    fn input_values(&mut self, open: u8, close: u8) -> Option<Vec<Node<InputValueDefinition>>> {
        self.expect(open)?;
        let mut out = Vec::new();
        while !self.eat(close) {
            let description = self.description()?;
            let name = self.name()?;
            self.expect(b':')?;
            let ty = Node::new(self.ty()?);
            let default_value = if self.eat(b'=') {
                Some(Node::new(self.value()?))
            } else {
                None
            };
            let directives = self.directives()?;
            out.push(Node::new(InputValueDefinition {
                description,
                name,
                ty,
                default_value,
                directives,
            }));
        }
        (!out.is_empty()).then_some(out)
    }

    fn enum_values(&mut self) -> Option<Vec<Node<EnumValueDefinition>>> {
        let mut out = Vec::new();
        if !self.eat(b'{') {
            return Some(out);
        }
        while !self.eat(b'}') {
            let description = self.description()?;
            let value = self.name_str()?;
            if matches!(value, "true" | "false" | "null") {
                return None;
            }
            out.push(Node::new(EnumValueDefinition {
                description,
                value: Name::new_unchecked(value),
                directives: self.directives()?,
            }));
        }
        (!out.is_empty()).then_some(out)
    }

    fn directives(&mut self) -> Option<DirectiveList> {
        let mut out = Vec::new();
        while self.eat(b'@') {
            let name = self.name()?;
            let mut arguments = Vec::new();
            if self.eat(b'(') {
                while !self.eat(b')') {
                    let name = self.name()?;
                    self.expect(b':')?;
                    let value = Node::new(self.value()?);
                    arguments.push(Node::new(ast::Argument { name, value }));
                }
                if arguments.is_empty() {
                    return None;
                }
            }
            out.push(Node::new(Directive { name, arguments }));
        }
        Some(DirectiveList(out))
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn ty(&mut self) -> Option<Type> {
        if self.eat(b'[') {
            let inner = self.nested(Self::ty)?;
            self.expect(b']')?;
            Some(if self.eat(b'!') {
                Type::NonNullList(Box::new(inner))
            } else {
                Type::List(Box::new(inner))
            })
        } else {
            let name = self.name()?;
            Some(if self.eat(b'!') {
                Type::NonNullNamed(name)
            } else {
                Type::Named(name)
            })
        }
    }

    /// A constant value (no variables).
    fn value(&mut self) -> Option<Value> {
        match self.peek() {
            b'"' => Some(Value::String(self.string()?.into_owned())),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => self.nested(|p| {
                p.eat(b'[');
                let mut items = Vec::new();
                while !p.eat(b']') {
                    items.push(Node::new(p.value()?));
                }
                Some(Value::List(items))
            }),
            b'{' => self.nested(|p| {
                p.eat(b'{');
                let mut fields = Vec::new();
                while !p.eat(b'}') {
                    let name = p.name()?;
                    p.expect(b':')?;
                    fields.push((name, Node::new(p.value()?)));
                }
                Some(Value::Object(fields))
            }),
            _ => Some(match self.name_str()? {
                "true" => Value::Boolean(true),
                "false" => Value::Boolean(false),
                "null" => Value::Null,
                name => Value::Enum(Name::new_unchecked(name)),
            }),
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, its text kept as written; declined
    /// when a digit, `.` or name character follows (apollo-parser's lexer errors there).
    fn number(&mut self) -> Option<Value> {
        let b = self.bytes;
        let start = self.pos;
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let digits = |mut i: usize| {
            let from = i;
            while at(i).is_ascii_digit() {
                i += 1;
            }
            (i > from).then_some(i)
        };
        let mut i = start;
        if at(i) == b'-' {
            i += 1;
        }
        i = if at(i) == b'0' { i + 1 } else { digits(i)? };
        let mut float = false;
        if at(i) == b'.' {
            float = true;
            i = digits(i + 1)?;
        }
        if matches!(at(i), b'e' | b'E') {
            float = true;
            i += 1;
            if matches!(at(i), b'+' | b'-') {
                i += 1;
            }
            i = digits(i)?;
        }
        if is_name_continue(at(i)) || at(i) == b'.' {
            return None;
        }
        let text = &self.text[start..i];
        self.pos = i;
        self.skip_ignored();
        Some(if float {
            Value::Float(ast::FloatValue::new_parsed(text))
        } else {
            Value::Int(ast::IntValue::new_parsed(text))
        })
    }

    fn description(&mut self) -> Option<Option<Node<str>>> {
        if self.peek() != b'"' {
            return Some(None);
        }
        Some(Some(Node::new_str(&self.string()?)))
    }

    /// A string or block string token's value.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let b = self.bytes;
        let start = self.pos;
        let value = if b[start..].starts_with(b"\"\"\"") {
            let (raw, end, backslash) = block_string_raw(self.text, start + 3)?;
            self.pos = end;
            crate::sdl_fast_strings::block_string_value(raw, backslash)
        } else {
            let (value, end) = crate::sdl_fast_strings::string_value(self.text, start + 1)?;
            self.pos = end;
            value
        };
        self.skip_ignored();
        Some(value)
    }
}

/// The raw text of a block string whose content starts at `i`, the offset past its closing
/// quotes and whether it holds a backslash. As apollo-parser's lexer: a backslash run followed by up to three quotes
/// does not close it (`\"""` is an escaped triple quote).
fn block_string_raw(text: &str, start: usize) -> Option<(&str, usize, bool)> {
    let b = text.as_bytes();
    let mut i = start;
    let mut backslash = false;
    loop {
        i += memchr::memchr2(b'"', b'\\', &b[i..])?;
        if b[i] == b'\\' {
            backslash = true;
            while b.get(i) == Some(&b'\\') {
                i += 1;
            }
            for _ in 0..3 {
                if b.get(i) != Some(&b'"') {
                    break;
                }
                i += 1;
            }
        } else if b[i..].starts_with(b"\"\"\"") {
            return Some((&text[start..i], i + 3, backslash));
        } else {
            i += 1;
        }
    }
}
