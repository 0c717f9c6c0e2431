# ruff: noqa: E501
"""An SDL that exercises every corner of the generator (names, layout, escapes, defaults)."""

RICH_SDL = '''\
"""
The entry point.
  Indented "quoted" text, a backslash: C:\\\\path, and a block quote: \\"""
"""
type Query {
  """Find one thing by its id; a rather long description line that goes on and on and on and on."""
  node(id: ID!): Node
  search(text: String! = "say \\"hi\\"", kinds: [Kind!] = [USER], first: Int = 10, scale: Float = 1, exact: Boolean = false, filter: Filter): [SearchResult!]!
  everything(aVeryLongArgumentNameNumberOne: String, aVeryLongArgumentNameNumberTwo: [[Int]!], when: Timestamp, blob: JSON = {a: 1}): [[Thing]]
  class(from: Int, self: Int, info: Int, parent: Int): Kind!
  viewer: Viewer
  root: Query
}

type Mutation {
  save(input: SaveInput!, pick: OneOf): Thing @deprecated(reason: "Use `store`.")
  store(input: SaveInput!): Thing!
}

type Subscription {
  ticks(every: Int! = 1): Int!
  things: Thing
}

"""A point in time."""
scalar Timestamp

scalar JSON

scalar URL @specifiedBy(url: "https://url.spec.whatwg.org/")

interface Node {
  id: ID!
}

interface Named implements Node {
  id: ID!
  name: String!
}

enum Kind {
  USER
  THING @deprecated
  "a keyword"
  None
  lower_case
}

type Thing implements Named & Node {
  id: ID!
  name: String!
  kind: Kind
  url: URL
  createdAt: Timestamp!
  tags: [String!]!
  matrix: [[Float!]]
  owner: Viewer @deprecated(reason: "Ask \\"node\\".")
  computed: Int
}

type Viewer implements Node {
  id: ID!
  login: String!
  things(first: Int = 3): [Thing!]!
  HTMLProfile: String
  userID: ID
}

union SearchResult = Thing | Viewer

"""What to save."""
input SaveInput {
  name: String!
  "Optional, may be null."
  note: String
  kind: Kind = USER
  count: Int! = 0
  tags: [String!] = ["a", "b"]
  nested: SaveInput
  at: Timestamp
}

input Filter {
  kinds: [Kind!]
  text: String = null
}

directive @oneOf on INPUT_OBJECT

input OneOf @oneOf {
  byId: ID
  byName: String
}
'''

RICH_PYPROJECT = """\
[tool.grommet-codegen]
schema = ["schema"]
output = "app/generated"
resolvers = "app/resolvers.py"
resolver-fields = ["Thing.computed"]

[tool.grommet-codegen.scalars]
URL = "builtins:str"

[tool.grommet-codegen.scalars.Timestamp]
type = "datetime:datetime"
serialize = "datetime:datetime.isoformat"
parse = "datetime:datetime.fromisoformat"
"""
