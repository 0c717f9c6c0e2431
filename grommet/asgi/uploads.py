"""File uploads: the GraphQL multipart request spec (jaydenseric/graphql-multipart-request-spec).

A ``multipart/form-data`` body holds an ``operations`` field (the JSON request, files as
``null``), a ``map`` field (``{"0": ["variables.file"], ...}``) and then the files. The body
is parsed as it streams in: every limit is enforced before more is read, files past
``spool_bytes`` go to a temporary file, and every file is closed (deleted) when the
response has been computed or the request fails.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import IO, Annotated, Any

from grommet.asgi._asgi import Receive
from grommet.asgi.request import Request
from grommet.asgi.responses import ClientDisconnected, HTTPError
from grommet.asgi.wire import InvalidJSON, decode_json
from grommet.meta import ScalarType

MAX_HEADER_BYTES = 16 * 1024
DEFAULT_PART_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_file_bytes: int
    max_files: int
    max_part_bytes: int | None  # each of `operations` and `map`
    spool_bytes: int
    directory: str | None

    @property
    def max_body_bytes(self) -> int:
        """The most a whole multipart body may hold: the two JSON fields, the files, and
        a part header for each."""
        part = self.max_part_bytes or DEFAULT_PART_BYTES
        return 2 * part + self.max_files * (self.max_file_bytes + MAX_HEADER_BYTES)


class UploadFile:
    """A file sent with a multipart request, as a resolver receives it.

    ``filename`` and ``content_type`` are what the client declared; ``size`` is the number
    of bytes received. Read it with ``await file.read()``; it is closed (and its temporary
    file deleted) once the response has been computed.
    """

    __slots__ = ("content_type", "file", "filename", "size")

    def __init__(self, filename: str | None, content_type: str | None, file: IO[bytes]) -> None:
        self.filename = filename
        self.content_type = content_type
        self.file = file
        self.size = 0

    async def read(self, size: int = -1) -> bytes:
        if self._on_disk():
            return await asyncio.to_thread(self.file.read, size)
        return self.file.read(size)

    async def seek(self, offset: int) -> int:
        return self.file.seek(offset)

    def close(self) -> None:
        self.file.close()

    def _on_disk(self) -> bool:
        return bool(getattr(self.file, "_rolled", False))

    def __repr__(self) -> str:
        return f"UploadFile(filename={self.filename!r}, size={self.size})"


def parse_upload(value: Any) -> UploadFile:
    if isinstance(value, UploadFile):
        return value
    raise ValueError("only a file sent in a multipart request is an Upload")


def serialize_upload(value: Any) -> Any:
    raise TypeError("Upload is an input-only scalar")


Upload = Annotated[
    UploadFile,
    ScalarType(
        "Upload",
        serialize_upload,
        parse_upload,
        "A file sent with the GraphQL multipart request spec.",
        None,
    ),
]
"""The ``Upload`` scalar: annotate an argument or input field with it to receive an
:class:`UploadFile`."""


@asynccontextmanager
async def read_multipart(
    limits: UploadLimits, request: Request, receive: Receive
) -> AsyncIterator[Any]:
    """The operations of a multipart request with its files in place; the files are
    closed when the block ends."""
    boundary = _boundary(request.headers.get("content-type", ""))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise HTTPError(413, f"The request body is larger than {limits.max_body_bytes} bytes.")
    reader = _MultipartReader(_Body(receive, limits.max_body_bytes), boundary)
    files: list[UploadFile] = []
    try:
        yield await _read_operations(limits, reader, files)
    finally:
        for upload in files:
            upload.close()


async def _read_operations(
    limits: UploadLimits, reader: _MultipartReader, files: list[UploadFile]
) -> Any:
    part_limit = limits.max_part_bytes or DEFAULT_PART_BYTES
    operations = _json_field(await reader.field("operations", part_limit), "operations")
    file_map = _file_map(_json_field(await reader.field("map", part_limit), "map"), limits)
    received: dict[str, UploadFile] = {}
    while len(received) < len(file_map):
        headers = await reader.next_part()
        if headers is None:
            missing = next(key for key in file_map if key not in received)
            raise HTTPError(400, f'The file "{missing}" named in the map was not sent.')
        name, filename, media_type = headers
        if name not in file_map or name in received:
            await reader.skip_part()
            continue
        # Closed with the other files when the request ends, not in this block.
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=limits.spool_bytes, dir=limits.directory, mode="w+b"
        )
        upload = UploadFile(filename, media_type, spool)
        files.append(upload)
        async for chunk in reader.part_body():
            upload.size += len(chunk)
            if upload.size > limits.max_file_bytes:
                raise HTTPError(
                    413, f'The file "{name}" is larger than {limits.max_file_bytes} bytes.'
                )
            spool.write(chunk)
        spool.seek(0)
        received[name] = upload
    for key, paths in file_map.items():
        for path in paths:
            operations = _place(operations, path, received[key])
    return operations


def _boundary(header: str) -> bytes:
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "boundary":
            boundary = value.strip().strip('"')
            if 0 < len(boundary) <= 70:
                return boundary.encode("latin-1")
    raise HTTPError(400, "The multipart request has no valid boundary.")


def _json_field(raw: bytes, name: str) -> Any:
    try:
        return decode_json(raw.decode("utf-8"))
    except (InvalidJSON, UnicodeDecodeError) as error:
        raise HTTPError(400, f'The "{name}" field is not valid JSON: {error}.') from None


def _file_map(value: Any, limits: UploadLimits) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not all(
        isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths)
        for paths in value.values()
    ):
        raise HTTPError(400, 'The "map" field must map each file to a non-empty list of paths.')
    if len(value) > limits.max_files:
        raise HTTPError(413, f"Too many files: at most {limits.max_files} per request.")
    return value


def _place(operations: Any, path: str, upload: UploadFile) -> Any:
    """``operations`` with the value at ``path`` (``variables.file``, ``0.variables.x.1``)
    replaced by ``upload``."""
    *parents, last = path.split(".")
    target = operations
    try:
        for segment in parents:
            target = target[int(segment)] if isinstance(target, list) else target[segment]
        if isinstance(target, list):
            index = int(last)
            if not 0 <= index < len(target):
                raise IndexError(index)
            target[index] = upload
        elif isinstance(target, dict) and last in target:
            target[last] = upload
        else:
            raise KeyError(last)
    except (KeyError, IndexError, ValueError, TypeError):
        raise HTTPError(400, f'The map path "{path}" names no value in the operations.') from None
    return operations


class _Body:
    """The request body as it arrives, refused with 413 past ``limit`` bytes."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._size = 0
        self.finished = False

    async def chunk(self) -> bytes:
        if self.finished:
            return b""
        message = await self._receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk: bytes = message.get("body", b"")
        self._size += len(chunk)
        if self._size > self._limit:
            raise HTTPError(413, f"The request body is larger than {self._limit} bytes.")
        self.finished = not message.get("more_body", False)
        return chunk


class _MultipartReader:
    """Parts of a multipart/form-data body, read incrementally."""

    def __init__(self, body: _Body, boundary: bytes) -> None:
        self._body = body
        self._delimiter = b"--" + boundary
        self._separator = b"\r\n--" + boundary
        self._buffer = bytearray()
        self._started = False

    async def _fill(self) -> None:
        if self._body.finished:
            raise HTTPError(400, "The multipart body ended before its closing boundary.")
        self._buffer += await self._body.chunk()

    async def next_part(self) -> tuple[str, str | None, str | None] | None:
        """(field name, filename, content type) of the next part; None after the last."""
        if not self._started:
            while self._buffer.find(self._delimiter) < 0:
                if len(self._buffer) > MAX_HEADER_BYTES:
                    raise HTTPError(400, "The multipart body does not start with its boundary.")
                await self._fill()
            del self._buffer[: self._buffer.find(self._delimiter) + len(self._delimiter)]
            self._started = True
        while len(self._buffer) < 2:
            await self._fill()
        if self._buffer[:2] == b"--":
            return None
        while (end := self._buffer.find(b"\r\n\r\n")) < 0:
            if len(self._buffer) > MAX_HEADER_BYTES:
                raise HTTPError(400, "A multipart part has headers over 16 KiB.")
            await self._fill()
        raw_headers = bytes(self._buffer[:end]).decode("utf-8", "replace")
        del self._buffer[: end + 4]
        return _part_headers(raw_headers)

    async def part_body(self) -> AsyncIterator[bytes]:
        """The current part's content, in chunks; leaves the reader at the next boundary."""
        keep = len(self._separator)
        while True:
            found = self._buffer.find(self._separator)
            if found >= 0:
                if found:
                    yield bytes(self._buffer[:found])
                del self._buffer[: found + len(self._separator)]
                return
            if len(self._buffer) > keep:
                cut = len(self._buffer) - keep
                yield bytes(self._buffer[:cut])
                del self._buffer[:cut]
            await self._fill()

    async def skip_part(self) -> None:
        async for _ in self.part_body():
            pass

    async def field(self, name: str, limit: int) -> bytes:
        """The content of the next part, which must be the field ``name``."""
        headers = await self.next_part()
        if headers is None or headers[0] != name:
            raise HTTPError(
                400, 'A multipart request starts with the "operations" then the "map" field.'
            )
        content = bytearray()
        async for chunk in self.part_body():
            content += chunk
            if len(content) > limit:
                raise HTTPError(413, f'The "{name}" field is larger than {limit} bytes.')
        return bytes(content)


def _part_headers(raw: str) -> tuple[str, str | None, str | None]:
    name: str | None = None
    filename: str | None = None
    media_type: str | None = None
    for line in raw.split("\r\n"):
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "content-disposition":
            for param in value.split(";")[1:]:
                pkey, _, pvalue = param.partition("=")
                pvalue = pvalue.strip().strip('"')
                if pkey.strip().lower() == "name":
                    name = pvalue
                elif pkey.strip().lower() == "filename":
                    filename = pvalue
        elif key == "content-type":
            media_type = value.strip()
    if name is None:
        raise HTTPError(400, "A multipart part has no field name.")
    return name, filename, media_type
