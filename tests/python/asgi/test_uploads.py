"""File uploads (the GraphQL multipart request spec) against a real uvicorn server, with
httpx's multipart encoder, the gql client, and raw sockets for the hostile cases."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gql import Client, FileVar, GraphQLRequest
from gql.transport.httpx import HTTPXAsyncTransport

from grommet.asgi import GraphQL

from .live import serve
from .transport_schema import TRANSPORT_SCHEMA

CSRF = {"apollo-require-preflight": "true"}
MAX_FILE = 64 * 1024
SINGLE = "mutation($file: Upload!) { singleUpload(file: $file) { name contentType size sha256 } }"


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def info(name: str, content_type: str, content: bytes) -> dict[str, Any]:
    return {
        "name": name,
        "contentType": content_type,
        "size": len(content),
        "sha256": digest(content),
    }


@pytest.fixture(scope="module")
def spool_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def upload_address(spool_dir: Path) -> Iterator[str]:
    app = GraphQL(
        TRANSPORT_SCHEMA,
        multipart_uploads=True,
        max_file_bytes=MAX_FILE,
        max_files=3,
        upload_spool_bytes=1024,
        upload_dir=str(spool_dir),
    )
    with serve(app) as address:
        yield address


@pytest.fixture
def client(upload_address: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{upload_address}", timeout=5.0) as http:
        yield http


def multipart(
    client: httpx.Client,
    operations: Any,
    file_map: Any,
    files: dict[str, tuple[str, bytes, str]],
    headers: dict[str, str] = CSRF,
) -> httpx.Response:
    data = {"operations": json.dumps(operations), "map": json.dumps(file_map)}
    return client.post("/graphql", data=data, files=files, headers=headers)


def test_one_file(client: httpx.Client) -> None:
    content = b"hello, file\n"
    response = multipart(
        client,
        {"query": SINGLE, "variables": {"file": None}},
        {"0": ["variables.file"]},
        {"0": ("a.txt", content, "text/plain")},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"singleUpload": info("a.txt", "text/plain", content)}}


def test_many_files_and_one_on_disk(client: httpx.Client) -> None:
    small, large = b"x" * 10, os.urandom(MAX_FILE)  # the large one is spooled to disk
    query = "mutation($files: [Upload!]!) { multipleUpload(files: $files) { name size sha256 } }"
    response = multipart(
        client,
        {"query": query, "variables": {"files": [None, None]}},
        {"1": ["variables.files.1"], "0": ["variables.files.0"]},
        {"0": ("s.bin", small, "application/octet-stream"), "1": ("l.bin", large, "image/png")},
    )
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "multipleUpload": [
                {"name": "s.bin", "size": 10, "sha256": digest(small)},
                {"name": "l.bin", "size": MAX_FILE, "sha256": digest(large)},
            ]
        }
    }


def test_a_list_of_files_in_an_input_object_and_one_file_twice(client: httpx.Client) -> None:
    query = "mutation($a: Attachments!) { attach(attachments: $a) }"
    response = multipart(
        client,
        {"query": query, "variables": {"a": {"label": "docs", "files": [None, None, None]}}},
        {"0": ["variables.a.files.0", "variables.a.files.2"], "1": ["variables.a.files.1"]},
        {"0": ("one.txt", b"1", "text/plain"), "1": ("two.txt", b"22", "text/plain")},
    )
    assert response.json() == {"data": {"attach": "docs: one.txt=1, two.txt=2, one.txt=1"}}


def test_a_file_over_max_file_bytes_is_413(client: httpx.Client) -> None:
    response = multipart(
        client,
        {"query": SINGLE, "variables": {"file": None}},
        {"0": ["variables.file"]},
        {"0": ("big.bin", b"x" * (MAX_FILE + 1), "application/octet-stream")},
    )
    assert response.status_code == 413
    assert response.json() == {
        "errors": [{"message": f'The file "0" is larger than {MAX_FILE} bytes.'}]
    }


def test_too_many_files_is_413(client: httpx.Client) -> None:
    names = [str(n) for n in range(4)]
    response = multipart(
        client,
        {"query": SINGLE, "variables": {"file": None}},
        {name: ["variables.file"] for name in names},
        {name: (f"{name}.txt", b"x", "text/plain") for name in names},
    )
    assert response.status_code == 413
    assert response.json() == {"errors": [{"message": "Too many files: at most 3 per request."}]}


def test_a_multipart_request_without_a_csrf_header_is_400(client: httpx.Client) -> None:
    response = multipart(
        client,
        {"query": SINGLE, "variables": {"file": None}},
        {"0": ["variables.file"]},
        {"0": ("a.txt", b"a", "text/plain")},
        headers={},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "This request may be a cross-site request forgery; send it with a "
                '"x-apollo-operation-name" or "apollo-require-preflight" header.'
            }
        ]
    }


def test_uploads_are_off_by_default(http: httpx.Client) -> None:
    response = multipart(
        http,
        {"query": "{ hello }"},
        {"0": ["variables.file"]},
        {"0": ("a.txt", b"a", "text/plain")},
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("operations", "file_map", "message"),
    [
        ({"query": SINGLE, "variables": {"file": None}}, {"0": ["variables.nope"]},
         'The map path "variables.nope" names no value in the operations.'),
        ({"query": SINGLE, "variables": {"file": None}}, {"0": ["variables.file.0"]},
         'The map path "variables.file.0" names no value in the operations.'),
        ({"query": SINGLE}, {"0": ["variables.file"]},
         'The map path "variables.file" names no value in the operations.'),
        ({"query": SINGLE, "variables": {"file": None}}, {"0": []},
         'The "map" field must map each file to a non-empty list of paths.'),
        ({"query": SINGLE, "variables": {"file": None}}, ["variables.file"],
         'The "map" field must map each file to a non-empty list of paths.'),
        ({"query": SINGLE, "variables": {"file": None}}, {"0": ["variables.file"], "9": ["x"]},
         'The file "9" named in the map was not sent.'),
        ("not an object", {"0": ["0"]},
         'The map path "0" names no value in the operations.'),
    ],
)  # fmt: skip
def test_bad_maps_are_400(
    client: httpx.Client, operations: Any, file_map: Any, message: str
) -> None:
    response = multipart(client, operations, file_map, {"0": ("a.txt", b"a", "text/plain")})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": message}]}


def raw_body(
    boundary: str, parts: list[tuple[str, str | None, bytes]], *, close: bool = True
) -> bytes:
    out = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content
        out += b"\r\n"
    return out + (f"--{boundary}--\r\n".encode() if close else b"")


OPERATIONS = json.dumps({"query": SINGLE, "variables": {"file": None}}).encode()
FILE_MAP = b'{"0": ["variables.file"]}'


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("multipart/form-data", b"", "The multipart request has no valid boundary."),
        ("multipart/form-data; boundary=B",
         raw_body("B", [("map", None, FILE_MAP), ("operations", None, OPERATIONS)]),
         'A multipart request starts with the "operations" then the "map" field.'),
        ("multipart/form-data; boundary=B",
         raw_body("B", [("operations", None, b"{"), ("map", None, FILE_MAP)]),
         'The "operations" field is not valid JSON: Expecting property name enclosed in double '
         "quotes: line 1 column 2 (char 1)."),
        ("multipart/form-data; boundary=B",
         raw_body("B", [("operations", None, OPERATIONS), ("map", None, b'{"0": NaN}')]),
         'The "map" field is not valid JSON: NaN is not a JSON value.'),
        ("multipart/form-data; boundary=B",
         raw_body("B", [("operations", None, OPERATIONS), ("map", None, FILE_MAP),
                        ("0", "a.txt", b"abc")], close=False)[:-2],
         "The multipart body ended before its closing boundary."),
        ("multipart/form-data; boundary=B", b"garbage without any boundary",
         "The multipart body ended before its closing boundary."),
    ],
)  # fmt: skip
def test_malformed_multipart_bodies_are_400(
    client: httpx.Client, content_type: str, body: bytes, message: str
) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": content_type, **CSRF})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": message}]}


def test_a_string_is_not_an_upload(client: httpx.Client) -> None:
    response = client.post("/graphql", json={"query": SINGLE, "variables": {"file": "a.txt"}})
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": 'Variable "$file" got invalid value "a.txt"; Upload cannot represent '
                'value "a.txt": only a file sent in a multipart request is an Upload',
                "locations": [{"line": 1, "column": 10}],
            }
        ]
    }


def raw_request(address: str, headers: str, body: bytes) -> socket.socket:
    host, port = address.split(":")
    connection = socket.create_connection((host, int(port)), timeout=5.0)
    connection.sendall(
        f"POST /graphql HTTP/1.1\r\nHost: {address}\r\n{headers}\r\n".encode() + body
    )
    return connection


def read_status(connection: socket.socket) -> int:
    head = b""
    deadline = time.monotonic() + 5.0
    while b"\r\n" not in head and time.monotonic() < deadline:
        head += connection.recv(4096)
    return int(head.split(b" ")[1])


def test_a_declared_body_over_the_limit_is_refused_unread(upload_address: str) -> None:
    headers = (
        "Content-Type: multipart/form-data; boundary=B\r\n"
        "Apollo-Require-Preflight: 1\r\nContent-Length: 10000000000\r\n"
    )
    with raw_request(upload_address, headers, b"") as connection:
        assert read_status(connection) == 413  # without sending a byte of the 10 GB


def open_spool_files(directory: Path) -> list[str]:
    """Files under ``directory`` this process holds open (the server runs in it)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(directory)):
            found.append(target)
    return found


def wait_until(condition: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_client_aborting_mid_upload_leaves_no_temporary_file(
    upload_address: str, spool_dir: Path
) -> None:
    head = raw_body("B", [("operations", None, OPERATIONS), ("map", None, FILE_MAP)], close=False)
    head += b'--B\r\nContent-Disposition: form-data; name="0"; filename="a.bin"\r\n\r\n'
    head += b"x" * 4096  # past the 1 KiB spool threshold: on disk now
    headers = (
        "Content-Type: multipart/form-data; boundary=B\r\n"
        f"Apollo-Require-Preflight: 1\r\nContent-Length: {len(head) + 50000}\r\n"
    )
    connection = raw_request(upload_address, headers, head)
    try:
        assert wait_until(lambda: len(open_spool_files(spool_dir)) == 1)
    finally:
        connection.close()
    assert wait_until(lambda: not open_spool_files(spool_dir))
    assert list(spool_dir.iterdir()) == []


def test_no_temporary_file_outlives_a_request(client: httpx.Client, spool_dir: Path) -> None:
    test_many_files_and_one_on_disk(client)
    assert open_spool_files(spool_dir) == []
    assert list(spool_dir.iterdir()) == []


async def test_the_gql_client_uploads_files(upload_address: str) -> None:
    transport = HTTPXAsyncTransport(url=f"http://{upload_address}/graphql", headers=CSRF)
    text = FileVar(io.BytesIO(b"from gql"), filename="g.txt", content_type="text/plain")
    many_query = "mutation($files: [Upload!]!) { multipleUpload(files: $files) { name size } }"
    pair = [FileVar(io.BytesIO(b"a"), filename="a"), FileVar(io.BytesIO(b"bb"), filename="b")]
    async with Client(transport=transport) as session:
        single = await session.execute(
            GraphQLRequest(SINGLE, variable_values={"file": text}), upload_files=True
        )
        assert single == {"singleUpload": info("g.txt", "text/plain", b"from gql")}
        many = await session.execute(
            GraphQLRequest(many_query, variable_values={"files": pair}), upload_files=True
        )
        assert many == {"multipleUpload": [{"name": "a", "size": 1}, {"name": "b", "size": 2}]}
