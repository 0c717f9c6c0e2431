use pyo3::prelude::*;

use crate::support::{init, run, PRELUDE};

fn check(code: &str) {
    init();
    Python::attach(|py| {
        run(py, &format!("{PRELUDE}\n{code}"));
    });
}

#[test]
fn attributes_lists_and_nested_objects_complete_synchronously() {
    check(
        r#"
class Cell:
    def __init__(self, v): self.value = v
class Row:
    def __init__(self, i): self.a = i; self.cells = [Cell(f"c{i}{j}") for j in range(2)]
s = make("type Query { rows: [Row!]! } type Row { a: Int! cells: [Cell!]! } type Cell { value: String! }",
         {"Query": {"fields": {"rows": ("call", lambda p: [Row(0), Row(1)], None, {})}}})
got = run_sync(s, "{ rows { a cells { value } } }")
assert got == {"data": {"rows": [
    {"a": 0, "cells": [{"value": "c00"}, {"value": "c01"}]},
    {"a": 1, "cells": [{"value": "c10"}, {"value": "c11"}]}]}}, got
"#,
    );
}

#[test]
fn null_propagates_to_the_nearest_nullable_ancestor() {
    check(
        r#"
s = make("type Query { a: A } type A { b: B! } type B { c: String! }",
         {"Query": {"fields": {"a": ("call", lambda p: {"b": {"c": None}}, None, {})}}})
got = run_sync(s, "{ a { b { c } } }")
assert got == {"data": {"a": None}, "errors": [
    {"message": "Cannot return null for non-nullable field B.c.", "locations": [{"line": 1, "column": 11}], "path": ["a", "b", "c"]}]}, got
"#,
    );
}

#[test]
fn resolver_errors_keep_path_locations_and_extensions() {
    check(
        r#"
def boom(p):
    raise GQLError("denied", extensions={"code": "FORBIDDEN"})
def crash(p):
    raise KeyError("x")
s = make("type Query { items: [Int] secret: String other: String }",
         {"Query": {"fields": {"secret": ("call", boom, None, {}), "other": ("call", crash, None, {}),
                               "items": ("call", lambda p: [1, "x", 3], None, {})}}})
got = run_sync(s, "{ items\n  secret other }")
assert got == {"data": {"items": [1, None, 3], "secret": None, "other": None}, "errors": [
    {"message": 'Int cannot represent non-integer value: "x"', "locations": [{"line": 1, "column": 3}], "path": ["items", 1]},
    {"message": "denied", "locations": [{"line": 2, "column": 3}], "path": ["secret"], "extensions": {"code": "FORBIDDEN"}},
    {"message": "'x'", "locations": [{"line": 2, "column": 10}], "path": ["other"]}]}, got
masked = make("type Query { other: String }", {"Query": {"fields": {"other": ("call", crash, None, {})}}}, mask_errors=True)
assert run_sync(masked, "{ other }")["errors"][0]["message"] == "Internal server error"
"#,
    );
}

#[test]
fn arguments_variables_and_omitted_values() {
    check(
        r#"
UNSET = object()
def echo(p, text=UNSET, n=0):
    return "omitted" if text is UNSET else f"{text!r}:{n}"
s = make("type Query { echo(text: String, n: Int = 7): String! }",
         {"Query": {"fields": {"echo": ("call", echo, None, {"text": "text", "n": "n"})}}})
assert run_sync(s, "{ echo }") == {"data": {"echo": "omitted"}}
assert run_sync(s, "{ echo(text: null) }") == {"data": {"echo": "None:7"}}
assert run_sync(s, 'query($t: String) { echo(text: $t) }') == {"data": {"echo": "omitted"}}
assert run_sync(s, 'query($t: String) { echo(text: $t, n: 2) }', {"t": "hi"}) == {"data": {"echo": "'hi':2"}}
bad = run_sync(s, 'query($n: Int) { echo(n: $n) }', {"n": 2**40})
assert bad == {"errors": [{"message": 'Variable "$n" got invalid value 1099511627776; Int cannot represent non 32-bit signed integer value: 1099511627776',
                           "locations": [{"line": 1, "column": 7}]}]}, bad
"#,
    );
}

#[test]
fn abstract_types_resolve_by_class_then_typename() {
    check(
        r#"
class Dog:
    name = "rex"
class Puppy(Dog):
    pass
s = make("interface Pet { name: String! } type Dog implements Pet { name: String! } type Cat implements Pet { name: String! } type Query { pets: [Pet!]! }",
         {"Dog": {"classes": (Dog,)},
          "Query": {"fields": {"pets": ("call", lambda p: [Dog(), Puppy(), {"__typename": "Cat", "name": "tom"}], None, {})}}})
got = run_sync(s, "{ pets { __typename name } }")
assert got == {"data": {"pets": [{"__typename": "Dog", "name": "rex"}, {"__typename": "Dog", "name": "rex"},
                                 {"__typename": "Cat", "name": "tom"}]}}, got
"#,
    );
}

#[test]
fn validation_errors_are_request_errors_and_the_schema_keeps_serving() {
    check(
        r#"
s = make("type Query { a: Int }", {"Query": {"fields": {"a": ("call", lambda p: 1, None, {})}}})
assert run_sync(s, "{ a ") == {"errors": [{"message": "syntax error: expected R_CURLY, got EOF", "locations": [{"line": 1, "column": 5}]}]}, run_sync(s, "{ a ")
assert run_sync(s, "{ b }")["errors"][0]["message"] == "type `Query` does not have a field `b`"
assert run_sync(s, "{ a }") == {"data": {"a": 1}}
"#,
    );
}

#[test]
fn depth_and_complexity_limits_reject_before_execution() {
    check(
        r#"
s = make("type Query { me: User } type User { friend: User name: String }", max_depth=2, max_complexity=3)
assert run_sync(s, "{ me { friend { name } } }") == {"errors": [
    {"message": "Query depth 3 exceeds the maximum allowed depth of 2.", "locations": [{"line": 1, "column": 1}]}]}
assert run_sync(s, "{ me { name a: name b: name } }")["errors"][0]["message"] == "Query complexity 4 exceeds the maximum allowed complexity of 3."
"#,
    );
}

#[test]
fn sibling_awaitables_run_concurrently_and_mutations_serially() {
    check(
        r#"
import time
order = []
async def slow(p, ms):
    await asyncio.sleep(ms / 1000)
    order.append(ms)
    return ms
s = make("type Query { slow(ms: Int!): Int! } type Mutation { slow(ms: Int!): Int! }",
         {"Query": {"fields": {"slow": ("call", slow, None, {"ms": "ms"})}},
          "Mutation": {"fields": {"slow": ("call", slow, None, {"ms": "ms"})}}})
fields = " ".join(f"f{i}: slow(ms: 50)" for i in range(20))
t = time.perf_counter()
got = run_async(s, "{ " + fields + " }")
assert time.perf_counter() - t < 0.5
assert got == {"data": {f"f{i}": 50 for i in range(20)}}
order.clear()
got = run_async(s, "mutation { a: slow(ms: 30) b: slow(ms: 1) c: slow(ms: 10) }")
assert got == {"data": {"a": 30, "b": 1, "c": 10}}
assert order == [30, 1, 10], order
"#,
    );
}

#[test]
fn async_errors_propagate_nulls_through_owned_paths() {
    check(
        r#"
async def fail(p):
    await asyncio.sleep(0)
    raise ValueError("late")
class Row:
    pass
s = make("type Query { rows: [Row] } type Row { v: String! }",
         {"Query": {"fields": {"rows": ("call", lambda p: [Row(), Row()], None, {})}},
          "Row": {"fields": {"v": ("call", fail, None, {})}}})
got = run_async(s, "{ rows { v } }")
assert got == {"data": {"rows": [None, None]}, "errors": [
    {"message": "late", "locations": [{"line": 1, "column": 10}], "path": ["rows", 0, "v"]},
    {"message": "late", "locations": [{"line": 1, "column": 10}], "path": ["rows", 1, "v"]}]}, got
"#,
    );
}

#[test]
fn cancellation_cancels_suspended_resolvers() {
    check(
        r#"
cancelled = []
async def forever(p):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        cancelled.append(True)
        raise
s = make("type Query { f: Int }", {"Query": {"fields": {"f": ("call", forever, None, {})}}})
async def go():
    task = asyncio.ensure_future(s.execute("{ f }"))
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return "cancelled"
assert asyncio.run(go()) == "cancelled"
assert cancelled == [True], cancelled
"#,
    );
}

#[test]
fn contextvars_and_info_reach_resolvers() {
    check(
        r#"
import contextvars
var = contextvars.ContextVar("v")
async def who(p, info):
    await asyncio.sleep(0)
    return f"{var.get()}:{info.context['user']}:{info.path}:{info.parent_type}.{info.field_name}"
s = make("type Query { who: String }", {"Query": {"fields": {"who": ("call", who, "", {})}}})
async def go():
    var.set("ctx")
    return await s.execute("{ who }", None, {"user": "ann"})
assert asyncio.run(go()) == {"data": {"who": "ctx:ann:['who']:Query.who"}}
"#,
    );
}

#[test]
fn one_of_inputs_need_exactly_one_non_null_field() {
    check(
        r#"
s = make("input By @oneOf { id: ID name: String } type Query { find(by: By!): String }",
         {"Query": {"fields": {"find": ("call", lambda p, by: repr(sorted(by.items())), None, {"by": "by"})}}})
assert run_sync(s, '{ find(by: {id: 1}) }') == {"data": {"find": "[('id', '1')]"}}
msg = 'Argument "by" has invalid value: OneOf Input Object "By" must specify exactly one key, and its value must not be null.'
got = run_sync(s, '{ find(by: {id: 1, name: "x"}) }')
assert got["errors"][0]["message"] == msg, got
got = run_sync(s, 'query($b: By!) { find(by: $b) }', {"b": {"id": None}})
assert got["errors"][0]["message"].endswith('must specify exactly one key, and its value must not be null.'), got
"#,
    );
}

#[test]
fn dropping_an_unawaited_execution_closes_its_coroutines() {
    check(
        r#"
import gc, warnings
async def never(p):
    return 1
s = make("type Query { f: Int }", {"Query": {"fields": {"f": ("call", never, None, {})}}})
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    control = never(None)
    del control
    gc.collect()
    assert len(caught) == 1, caught  # a coroutine dropped unstarted warns
    ex = s.execute("{ f }")
    assert not ex.done
    del ex
    gc.collect()
    assert len(caught) == 1, [str(w.message) for w in caught]
"#,
    );
}

#[test]
fn response_containers_are_left_out_of_the_cyclic_gc() {
    check(
        r#"
import gc
s = make("type Query { rows: [Row!]! } type Row { cells: [Int!]! }",
         {"Query": {"fields": {"rows": ("call", lambda p: [{"cells": [1, 2]}], None, {})}}})
data = run_sync(s, "{ rows { cells } }")["data"]
assert data == {"rows": [{"cells": [1, 2]}]}
assert not gc.is_tracked(data["rows"]) and not gc.is_tracked(data["rows"][0])
assert not gc.is_tracked(data["rows"][0]["cells"])
# The pause during the synchronous pass is over; other tests' threads may hold one of their
# own for a moment (the pause is process-wide), so wait for them, boundedly.
import time
for _ in range(2000):
    if gc.isenabled():
        break
    time.sleep(0.001)
assert gc.isenabled()
"#,
    );
}

#[test]
fn variables_may_be_any_mapping_but_nothing_else() {
    check(
        r#"
import types
s = make("type Query { echo(n: Int): Int }", {"Query": {"fields": {"echo": ("call", lambda p, n=None: n, None, {"n": "n"})}}})
q = "query($n: Int) { echo(n: $n) }"
assert run_sync(s, q, types.MappingProxyType({"n": 3})) == {"data": {"echo": 3}}
assert run_sync(s, q, [("n", 3)]) == {"errors": [{"message": "Variables must be provided as a JSON object (a mapping of names to values)."}]}
"#,
    );
}

#[test]
fn base_exceptions_end_the_execution_instead_of_becoming_field_errors() {
    check(
        r#"
calls = []
def interrupt(p):
    raise KeyboardInterrupt
def later(p):
    calls.append("later")
    return 1
closed = []
async def waits(p):
    try:
        await asyncio.sleep(10)
    finally:
        closed.append(True)
async def stop(p):
    await asyncio.sleep(0)
    raise SystemExit(3)
s = make("type Query { a: Int b: Int w: Int x: Int }",
         {"Query": {"fields": {"a": ("call", interrupt, None, {}), "b": ("call", later, None, {}),
                               "w": ("call", waits, None, {}), "x": ("call", stop, None, {})}}})
try:
    s.execute("{ a b }")
except KeyboardInterrupt:
    pass
else:
    raise AssertionError("KeyboardInterrupt was swallowed")
assert calls == [], calls
assert run_sync(s, "{ b }") == {"data": {"b": 1}}
try:
    run_async(s, "{ w x }")
except SystemExit as e:
    assert e.code == 3
else:
    raise AssertionError("SystemExit was swallowed")
assert closed == [True], closed
"#,
    );
}
