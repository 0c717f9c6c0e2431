"""Persisted documents: Apollo's automatic persisted queries (APQ) and trusted documents.

APQ: a client sends ``extensions.persistedQuery = {version: 1, sha256Hash}`` without the
query; on a miss it gets ``PersistedQueryNotFound`` and sends the query with its hash,
which is verified and stored once the operation passed validation.
Trusted documents: only the documents of a manifest run, named by id (``documentId``, the
Relay ``doc_id``/``id`` keys or the APQ hash) or sent as text the manifest holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from grommet.asgi.params import GraphQLParams, InvalidParams, parse_params
from grommet.asgi.responses import HTTPError, RequestError
from grommet.asgi.settings import maybe_await

_SHA256 = re.compile(r"[0-9a-f]{64}")
NOT_FOUND = ("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
NOT_TRUSTED = ("Only trusted documents may be executed here.", "PERSISTED_QUERY_NOT_IN_LIST")


@runtime_checkable
class DocumentStore(Protocol):
    """Where APQ keeps documents by hash; each method may return an awaitable (for a
    shared cache such as Redis)."""

    def get(self, key: str) -> str | Awaitable[str | None] | None: ...

    def set(self, key: str, document: str) -> Awaitable[None] | None: ...


class LRUDocumentStore:
    """The default store: the ``maxsize`` most recently used documents, in memory, each at
    most ``max_document_bytes`` long (longer ones are executed but not kept)."""

    def __init__(self, maxsize: int = 1000, max_document_bytes: int = 64 * 1024) -> None:
        if maxsize <= 0:
            raise ValueError("maxsize must be positive")
        self.maxsize = maxsize
        self.max_document_bytes = max_document_bytes
        self._documents: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
        return document

    def set(self, key: str, document: str) -> None:
        if len(document) > self.max_document_bytes:
            return
        self._documents[key] = document
        self._documents.move_to_end(key)
        while len(self._documents) > self.maxsize:
            self._documents.popitem(last=False)

    def __len__(self) -> int:
        return len(self._documents)


def load_manifest(source: str | PathLike[str] | Mapping[str, Any]) -> dict[str, str]:
    """Document id → document, from a persisted-query manifest: Apollo's format
    (``{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body"}, ...]}``)
    or Relay's (``{"<id>": "<document>", ...}``); a path is read as JSON."""
    data = (
        json.loads(Path(source).read_text(encoding="utf-8"))
        if isinstance(source, (str, PathLike))
        else source
    )
    if not isinstance(data, Mapping):
        raise ValueError("a persisted-query manifest is a JSON object")
    if "operations" in data:
        operations = data["operations"]
        if not isinstance(operations, list):
            raise ValueError('the "operations" of an Apollo manifest must be a list')
        manifest: dict[str, str] = {}
        for operation in operations:
            if not (
                isinstance(operation, Mapping)
                and isinstance(operation.get("id"), str)
                and isinstance(operation.get("body"), str)
            ):
                raise ValueError('each Apollo manifest operation needs a string "id" and "body"')
            manifest[operation["id"]] = operation["body"]
        return manifest
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError("a Relay manifest maps string ids to string documents")
    return dict(data)


def sha256_hex(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PersistedDocuments:
    """How an app resolves a request to its document: APQ through ``store`` and/or the
    ``trusted`` manifest (which, when set, is the only source)."""

    store: DocumentStore | None
    trusted: Mapping[str, str] | None
    trusted_texts: frozenset[str]

    @classmethod
    def create(
        cls, apq: bool | DocumentStore, trusted: str | PathLike[str] | Mapping[str, Any] | None
    ) -> PersistedDocuments:
        if trusted is not None:
            manifest = load_manifest(trusted)
            return cls(None, manifest, frozenset(manifest.values()))
        store = LRUDocumentStore() if apq is True else apq
        if not isinstance(store, DocumentStore):
            raise TypeError("persisted_queries must be a bool or a DocumentStore")
        return cls(store, None, frozenset())

    async def resolve(self, data: dict[str, Any]) -> tuple[GraphQLParams, str | None]:
        """The request's parameters with its document filled in, and the hash to store
        once it has run (APQ registration), if any."""
        key = _apq_hash(data.get("extensions"))
        query = data.get("query")
        if self.trusted is not None:
            return self._trusted(data, key, query), None
        if key is None:
            return _params(data), None
        if query is not None:
            if isinstance(query, str) and sha256_hex(query) != key:
                raise HTTPError(400, "provided sha does not match query")
            return _params(data), key
        assert self.store is not None
        stored = await maybe_await(self.store.get(key))
        if stored is None:
            raise RequestError(*NOT_FOUND)
        return _params({**data, "query": stored}), None

    async def register(self, key: str, document: str) -> None:
        if self.store is not None:
            await maybe_await(self.store.set(key, document))

    def _trusted(self, data: dict[str, Any], key: str | None, query: Any) -> GraphQLParams:
        assert self.trusted is not None
        document_id = key
        for name in ("documentId", "doc_id", "id"):
            if document_id is None and isinstance(data.get(name), str):
                document_id = data[name]
        if document_id is not None:
            # "sha256:<hex>" is the graphql-over-http persisted documents prefix.
            document = self.trusted.get(document_id) or self.trusted.get(
                document_id.removeprefix("sha256:")
            )
            if document is None:
                raise RequestError(*NOT_FOUND)
            if query is not None and query != document:
                raise HTTPError(400, "provided sha does not match query")
            return _params({**data, "query": document})
        if isinstance(query, str) and query not in self.trusted_texts:
            raise RequestError(*NOT_TRUSTED)
        return _params(data)


def _apq_hash(extensions: Any) -> str | None:
    if not isinstance(extensions, dict):
        return None
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict):
        raise HTTPError(400, 'The "persistedQuery" extension must be an object.')
    if persisted.get("version") != 1:
        raise HTTPError(400, "Unsupported persisted query version; use version 1.")
    key = persisted.get("sha256Hash")
    if not isinstance(key, str) or not _SHA256.fullmatch(key):
        raise HTTPError(400, 'The "sha256Hash" must be 64 lower-case hexadecimal digits.')
    return key


def _params(data: Mapping[str, Any]) -> GraphQLParams:
    try:
        return parse_params(data)
    except InvalidParams as error:
        raise HTTPError(400, str(error)) from None
