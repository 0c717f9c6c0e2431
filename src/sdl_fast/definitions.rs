//! `sdl_fast`'s schema definitions and extensions, directive definitions and their locations.

use apollo_compiler::ast::{self, Definition, DirectiveLocation, OperationType};
use apollo_compiler::{Name, Node};

use super::Parser;

impl Parser<'_> {
    /// `extend …`: each form must extend something, as apollo-parser requires.
    pub(super) fn extension(&mut self) -> Option<Definition> {
        let keyword = self.name_str()?;
        let def = match keyword {
            "schema" => {
                let directives = self.directives()?;
                let root_operations = self.root_operations()?;
                if directives.is_empty() && root_operations.is_empty() {
                    return None;
                }
                Definition::SchemaExtension(Node::new(ast::SchemaExtension {
                    directives,
                    root_operations,
                }))
            }
            "scalar" => {
                let name = self.name()?;
                let directives = self.directives()?;
                if directives.is_empty() {
                    return None;
                }
                Definition::ScalarTypeExtension(Node::new(ast::ScalarTypeExtension {
                    name,
                    directives,
                }))
            }
            "type" | "interface" => {
                let name = self.name()?;
                let implements_interfaces = self.implements()?;
                let directives = self.directives()?;
                let fields = self.fields()?;
                if implements_interfaces.is_empty() && directives.is_empty() && fields.is_empty() {
                    return None;
                }
                if keyword == "type" {
                    Definition::ObjectTypeExtension(Node::new(ast::ObjectTypeExtension {
                        name,
                        implements_interfaces,
                        directives,
                        fields,
                    }))
                } else {
                    Definition::InterfaceTypeExtension(Node::new(ast::InterfaceTypeExtension {
                        name,
                        implements_interfaces,
                        directives,
                        fields,
                    }))
                }
            }
            "union" => {
                let name = self.name()?;
                let directives = self.directives()?;
                let members = self.union_members()?;
                if directives.is_empty() && members.is_empty() {
                    return None;
                }
                Definition::UnionTypeExtension(Node::new(ast::UnionTypeExtension {
                    name,
                    directives,
                    members,
                }))
            }
            "enum" => {
                let name = self.name()?;
                let directives = self.directives()?;
                let values = self.enum_values()?;
                if directives.is_empty() && values.is_empty() {
                    return None;
                }
                Definition::EnumTypeExtension(Node::new(ast::EnumTypeExtension {
                    name,
                    directives,
                    values,
                }))
            }
            "input" => {
                let name = self.name()?;
                let directives = self.directives()?;
                let fields = self.input_fields()?;
                if directives.is_empty() && fields.is_empty() {
                    return None;
                }
                Definition::InputObjectTypeExtension(Node::new(ast::InputObjectTypeExtension {
                    name,
                    directives,
                    fields,
                }))
            }
            _ => return None,
        };
        Some(def)
    }

    /// `{ query: Q mutation: M }` if present (empty when absent; `{}` is declined).
    pub(super) fn root_operations(&mut self) -> Option<Vec<Node<(OperationType, Name)>>> {
        let mut out = Vec::new();
        if !self.eat(b'{') {
            return Some(out);
        }
        while !self.eat(b'}') {
            let ty = match self.name_str()? {
                "query" => OperationType::Query,
                "mutation" => OperationType::Mutation,
                "subscription" => OperationType::Subscription,
                _ => return None,
            };
            self.expect(b':')?;
            out.push(Node::new((ty, self.name()?)));
        }
        (!out.is_empty()).then_some(out)
    }

    pub(super) fn directive_definition(
        &mut self,
        description: Option<Node<str>>,
    ) -> Option<Definition> {
        self.expect(b'@')?;
        let name = self.name()?;
        let arguments = self.arguments_definition()?;
        let repeatable = self.eat_keyword("repeatable");
        if !self.eat_keyword("on") {
            return None;
        }
        self.eat(b'|');
        let mut locations = vec![self.directive_location()?];
        while self.eat(b'|') {
            locations.push(self.directive_location()?);
        }
        Some(Definition::DirectiveDefinition(Node::new(
            ast::DirectiveDefinition {
                description,
                name,
                arguments,
                repeatable,
                locations,
            },
        )))
    }

    fn directive_location(&mut self) -> Option<DirectiveLocation> {
        use DirectiveLocation as L;
        Some(match self.name_str()? {
            "QUERY" => L::Query,
            "MUTATION" => L::Mutation,
            "SUBSCRIPTION" => L::Subscription,
            "FIELD" => L::Field,
            "FRAGMENT_DEFINITION" => L::FragmentDefinition,
            "FRAGMENT_SPREAD" => L::FragmentSpread,
            "INLINE_FRAGMENT" => L::InlineFragment,
            "VARIABLE_DEFINITION" => L::VariableDefinition,
            "SCHEMA" => L::Schema,
            "SCALAR" => L::Scalar,
            "OBJECT" => L::Object,
            "FIELD_DEFINITION" => L::FieldDefinition,
            "ARGUMENT_DEFINITION" => L::ArgumentDefinition,
            "INTERFACE" => L::Interface,
            "UNION" => L::Union,
            "ENUM" => L::Enum,
            "ENUM_VALUE" => L::EnumValue,
            "INPUT_OBJECT" => L::InputObject,
            "INPUT_FIELD_DEFINITION" => L::InputFieldDefinition,
            _ => return None,
        })
    }
}
