"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/) as a Starlette endpoint.

Parsing and validation are cached per query text, so a repeated query pays for neither;
execution goes straight to graphql-core. Responses are `application/graphql-response+json`
(with its status codes) or `application/json`, by the request's Accept header. Unexpected
exceptions are logged in full and answered "Unexpected error." with a request id. File
uploads follow the GraphQL multipart request specification (`core/graphql/multipart.py`).
"""

from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.pyutils import is_awaitable
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from core.graphql.context import Context
from core.graphql.errors import RequestError
from core.graphql.multipart import UploadError, read_upload

log = logging.getLogger("jiuye.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class _Prepared:
    document: DocumentNode | None
    errors: list[GraphQLError]


class DocumentCache:
    """Parsed and validated documents by query text, least recently used evicted first."""

    def __init__(self, schema: GraphQLSchema, rules: Any, size: int = 1024) -> None:
        self.schema = schema
        self.rules = rules
        self.size = size
        self._entries: OrderedDict[str, _Prepared] = OrderedDict()

    def get(self, query: str) -> _Prepared:
        """Return the document and its validation errors, computing them once per text."""
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
            return entry
        try:
            document = parse(query)
        except GraphQLError as exc:
            entry = _Prepared(None, [exc])
        else:
            entry = _Prepared(document, list(validate(self.schema, document, self.rules)))
        self._entries[query] = entry
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry


class HTTPError(Exception):
    """A request that is not a well-formed GraphQL-over-HTTP request."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _media_type(accept: str | None) -> str:
    if not accept:
        return JSON
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((pieces[0].lower(), quality))
    for wanted in (GRAPHQL_RESPONSE, JSON):
        if any(media == wanted and q > 0 for media, q in ranges):
            return wanted
    if any(media in ("*/*", "application/*") and q > 0 for media, q in ranges):
        return JSON
    raise HTTPError(406, f"Accept must allow {GRAPHQL_RESPONSE} or {JSON}")


def validation_rules() -> tuple[Any, ...]:
    """graphql-core's specified rules plus the ones strawberry's own types rely on."""
    rules: list[Any] = list(specified_rules)
    try:
        from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
        from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
    except ImportError:  # older strawberry releases validate these inside their own types
        return tuple(rules)
    return (*rules, MaybeNullValidationRule, OneOfInputValidationRule)


def _json_param(value: str | None, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise HTTPError(400, f"'{name}' must be JSON") from None


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class GraphQLEndpoint:
    """The `/graphql` endpoint: GET for queries, POST for everything, GraphiQL for browsers."""

    def __init__(
        self,
        schema: strawberry.Schema,
        context_factory: Callable[[Request], Awaitable[Context]],
        *,
        graphiql_html: str | None = None,
        cache_size: int = 1024,
        max_upload_bytes: int = 20 * 1024 * 1024,
    ) -> None:
        self.schema = schema
        self.graphql_schema: GraphQLSchema = schema._schema
        self.context_factory = context_factory
        self.graphiql_html = graphiql_html
        self.max_upload_bytes = max_upload_bytes
        self.documents = DocumentCache(self.graphql_schema, validation_rules(), cache_size)

    async def endpoint(self, request: Request) -> Response:
        """Answer one HTTP request (use as a Starlette route endpoint)."""
        try:
            return await self._handle(request)
        except HTTPError as exc:
            body = orjson.dumps({"errors": [{"message": exc.message}]})
            return Response(body, status_code=exc.status, media_type=JSON, headers=exc.headers)

    async def _handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            raise HTTPError(405, "GraphQL accepts GET and POST", {"Allow": "GET, POST"})
        accept = request.headers.get("accept")
        if (
            request.method == "GET"
            and self.graphiql_html is not None
            and "query" not in request.query_params
            and "text/html" in (accept or "")
        ):
            return HTMLResponse(self.graphiql_html)
        media_type = _media_type(accept)
        params, form = await self._params(request)
        try:
            return await self._execute(request, params, media_type)
        finally:
            if form is not None:
                await form.close()

    async def _execute(self, request: Request, params: dict[str, Any], media_type: str) -> Response:
        query = params.get("query")
        if not isinstance(query, str) or not query.strip():
            raise HTTPError(400, "the request must carry a GraphQL document in 'query'")
        variables = params.get("variables")
        if variables is not None and not isinstance(variables, dict):
            raise HTTPError(400, "'variables' must be a JSON object")
        operation_name = params.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise HTTPError(400, "'operationName' must be a string")

        prepared = self.documents.get(query)
        if prepared.errors or prepared.document is None:
            return self._respond(
                ExecutionResult(None, prepared.errors), media_type, request_error=True
            )
        operation = get_operation_ast(prepared.document, operation_name)
        if operation is None:
            error = GraphQLError(
                "Unknown operation: give 'operationName' naming one operation of the document"
                if operation_name is None
                else f"Unknown operation named '{operation_name}'"
            )
            return self._respond(ExecutionResult(None, [error]), media_type, request_error=True)
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            raise HTTPError(405, "only queries may be sent with GET; use POST", {"Allow": "POST"})

        context = await self.context_factory(request)
        result = execute(
            self.graphql_schema,
            prepared.document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
        )
        if is_awaitable(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        request_error = (
            result.data is None
            and bool(result.errors)
            and all(error.path is None for error in result.errors or ())
        )
        return self._respond(result, media_type, request_error=request_error)

    async def _params(self, request: Request) -> tuple[dict[str, Any], FormData | None]:
        if request.method == "GET":
            query_params = request.query_params
            return {
                "query": query_params.get("query"),
                "variables": _json_param(query_params.get("variables"), "variables"),
                "operationName": query_params.get("operationName") or None,
            }, None
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == MULTIPART:
            try:
                return await read_upload(request, self.max_upload_bytes)
            except UploadError as exc:
                raise HTTPError(exc.status, exc.message) from None
        if content_type in (JSON, GRAPHQL_RESPONSE):
            try:
                body = orjson.loads(await request.body())
            except orjson.JSONDecodeError:
                raise HTTPError(400, "the request body is not valid JSON") from None
            if isinstance(body, list):
                raise HTTPError(
                    400, "batched requests are not accepted; send one operation per request"
                )
            if not isinstance(body, dict):
                raise HTTPError(400, "the request body must be a JSON object")
            return body, None
        raise HTTPError(415, f"Content-Type must be {JSON} (or {MULTIPART} for file uploads)")

    def _respond(
        self, result: ExecutionResult, media_type: str, *, request_error: bool
    ) -> Response:
        payload: dict[str, Any] = {}
        if result.errors:
            payload["errors"] = [self._format_error(error) for error in result.errors]
        if not request_error:
            payload["data"] = result.data
        status = 400 if request_error and media_type == GRAPHQL_RESPONSE else 200
        return Response(orjson.dumps(payload), status_code=status, media_type=media_type)

    @staticmethod
    def _format_error(error: GraphQLError) -> dict[str, Any]:
        if _is_expected(error):
            return dict(error.formatted)
        request_id = uuid.uuid4().hex[:12]
        log.error(
            "unexpected error %s at %s",
            request_id,
            ".".join(map(str, error.path or ())),
            exc_info=error.original_error,
        )
        masked: dict[str, Any] = {
            "message": "Unexpected error.",
            "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
        }
        if error.locations:
            masked["locations"] = [
                {"line": loc.line, "column": loc.column} for loc in error.locations
            ]
        if error.path:
            masked["path"] = list(error.path)
        return masked


__all__ = ["GraphQLEndpoint", "HTTPError", "RequestError"]
