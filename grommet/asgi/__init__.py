"""Serve a :class:`grommet.Schema` to any ASGI 3 server (uvicorn, hypercorn, granian, ...).

Only the standard library is used here; the server is yours to choose.
"""

from grommet.asgi.app import GraphQL
from grommet.asgi.persisted import DocumentStore, LRUDocumentStore, load_manifest
from grommet.asgi.request import Headers, Request
from grommet.asgi.response import Response
from grommet.asgi.settings import ConnectHook, ContextGetter
from grommet.asgi.uploads import Upload, UploadFile
from grommet.asgi.websocket import CloseCode

__all__ = [
    "CloseCode",
    "ConnectHook",
    "ContextGetter",
    "DocumentStore",
    "GraphQL",
    "Headers",
    "LRUDocumentStore",
    "Request",
    "Response",
    "Upload",
    "UploadFile",
    "load_manifest",
]
