"""The users every server of the HTTP benchmark serves (the Rust floor builds the same)."""

from __future__ import annotations

from dataclasses import dataclass

SDL = """
type Query {
  user(id: ID!): User
  users(first: Int!): [User!]!
}

type User {
  id: ID!
  name: String!
  email: String!
  age: Int!
}
"""


@dataclass(frozen=True, slots=True)
class UserRow:
    id: str
    name: str
    email: str
    age: int


USERS = [UserRow(str(i), f"User {i}", f"user{i}@example.com", 20 + i % 50) for i in range(1000)]


def find_user(id: str) -> UserRow | None:
    return USERS[int(id)] if id.isdigit() and int(id) < len(USERS) else None


def first_users(first: int) -> list[UserRow]:
    return USERS[: max(0, first)]
