"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/) as a Starlette endpoint.

Parsing and validation are cached per query text, so a repeated query pays for neither;
execution goes straight to graphql-core. Responses are `application/graphql-response+json`
(with its status codes) or `application/json`, by the request's Accept header. Unexpected
exceptions are logged in full and answered "Unexpected error." with a request id. File
uploads follow the GraphQL multipart request specification (`core/graphql/multipart.py`).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import strawberry
from graphql import (
    ASTValidationRule,
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

from core.db import RecentWriters, replica_reads
from core.graphql.awaitable import is_awaitable as fast_is_awaitable
from core.graphql.bounds import NulStringRule, variables_problem
from core.graphql.context import Context
from core.graphql.cost import CostCounter, cost_error
from core.graphql.directives import PersonalFieldsRule
from core.graphql.errors import RequestError
from core.graphql.limits import PRODUCTION_RULES, list_rule, longest_list, size_rule
from core.graphql.multipart import UploadError, read_upload
from core.graphql.rate import RateLimiter, bucket_key, retry_after
from core.security import probes
from core.security.auth import Unauthorized
from core.security.masking import mask_text
from core.security.permissions import MutationPolicy, root_fields
from core.settings import Settings

log = logging.getLogger("jiuye.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class _Prepared:
    document: DocumentNode | None
    errors: list[GraphQLError]


class DocumentCache:
    """Parsed and validated documents by (query text, rule profile), least recently used
    evicted first. A profile is a set of extra validation rules (limits, a role's field
    restrictions); each profile's verdict on a text is computed once."""

    def __init__(
        self,
        schema: GraphQLSchema,
        rules: Sequence[type[ASTValidationRule]],
        *,
        max_tokens: int,
        hide_suggestions: bool,
        size: int = 1024,
    ) -> None:
        self.schema = schema
        self.rules = tuple(rules)
        self.max_tokens = max_tokens
        self.hide_suggestions = hide_suggestions
        self.size = size
        self._entries: OrderedDict[tuple[str, str], _Prepared] = OrderedDict()

    def get(
        self, query: str, profile: str = "", extra: Sequence[type[ASTValidationRule]] = ()
    ) -> _Prepared:
        """Return the document and its validation errors, computing them once per text."""
        key = (query, profile)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError as exc:
            message = exc.message
            if "more than" in message and "tokens" in message:
                exc = GraphQLError(
                    f"请求文档超过 {self.max_tokens} 个词法单元（JIUYE_MAX_TOKENS）",
                    extensions={"code": "LIMIT_TOKENS", "limit": self.max_tokens},
                )
            entry = _Prepared(None, [exc])
        else:
            errors = validate(
                self.schema,
                document,
                (*self.rules, *extra),
                hide_suggestions=self.hide_suggestions,
            )
            entry = _Prepared(document, list(errors))
        self._entries[key] = entry
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry


UNEXPECTED_MESSAGE = "服务器内部错误，已记录；请把 requestId 告知管理员"
"""What a caller reads for an unexpected (masked) error; the log holds the rest."""


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
    raise HTTPError(406, f"Accept 须接受 {GRAPHQL_RESPONSE} 或 {JSON}")


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
        raise HTTPError(400, f"{name} 须为 JSON") from None


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class GraphQLEndpoint:
    """The `/graphql` endpoint: GET for queries, POST for everything, GraphiQL for browsers."""

    def __init__(
        self,
        schema: strawberry.Schema,
        context_factory: Callable[[Request], Awaitable[Context]],
        settings: Settings,
        *,
        graphiql_html: str | None = None,
        policy: MutationPolicy | None = None,
        cache_size: int = 1024,
    ) -> None:
        self.schema = schema
        self.graphql_schema: GraphQLSchema = schema._schema
        self.context_factory = context_factory
        self.settings = settings
        self.policy = policy
        self.rate = RateLimiter(settings.rate_per_minute, settings.rate_burst)
        self.writers = RecentWriters(settings.read_after_write_seconds)
        self.graphiql_html = None if settings.production else graphiql_html
        rules = [
            *validation_rules(),
            size_rule(settings.max_depth, settings.max_aliases),
            list_rule(settings.max_list_length),
            NulStringRule,
        ]
        if settings.production:
            rules.extend(PRODUCTION_RULES)
        self.documents = DocumentCache(
            self.graphql_schema,
            rules,
            max_tokens=settings.max_tokens,
            hide_suggestions=settings.production,
            size=cache_size,
        )

    async def endpoint(self, request: Request) -> Response:
        """Answer one HTTP request (use as a Starlette route endpoint)."""
        try:
            return await self._handle(request)
        except HTTPError as exc:
            body = orjson.dumps({"errors": [{"message": exc.message}]})
            return Response(body, status_code=exc.status, media_type=JSON, headers=exc.headers)

    async def _handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            raise HTTPError(405, "GraphQL 只接受 GET 和 POST 请求", {"Allow": "GET, POST"})
        accept = request.headers.get("accept")
        if (
            request.method == "GET"
            and self.graphiql_html is not None
            and "query" not in request.query_params
            and "text/html" in (accept or "")
        ):
            return HTMLResponse(self.graphiql_html)
        media_type = _media_type(accept)
        try:
            context = await self.context_factory(request)
        except Unauthorized as exc:
            raise HTTPError(
                401, str(exc), {"WWW-Authenticate": 'Bearer realm="jiuye", error="invalid_token"'}
            ) from None
        wait = self.rate.take(bucket_key(request, context.caller))
        if wait is not None:
            return self._rate_limited(wait, media_type)
        params, form = await self._params(request)
        # Answers that a key exists outside the caller's scope are written after the
        # request's transactions have ended (they roll back on a refusal or a dry run), and
        # before the response leaves: an answer that cannot be audited is not given.
        with probes.watching(probes.ProbeLedger.from_settings(context.settings)) as ledger:
            try:
                return await self._execute(
                    request, context, params, media_type, upload=form is not None
                )
            finally:
                if form is not None:
                    await form.close()
                await ledger.flush(context.db)

    async def _execute(
        self,
        request: Request,
        context: Context,
        params: dict[str, Any],
        media_type: str,
        *,
        upload: bool = False,
    ) -> Response:
        query = params.get("query")
        if not isinstance(query, str) or not query.strip():
            raise HTTPError(400, "请求须在 query 中带上 GraphQL 文档")
        variables = params.get("variables")
        if variables is not None and not isinstance(variables, dict):
            raise HTTPError(400, "variables 须为 JSON 对象")
        extensions = params.get("extensions")
        if extensions is not None and not isinstance(extensions, dict):
            raise HTTPError(400, "extensions 须为 JSON 对象")
        operation_name = params.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise HTTPError(400, "operationName 须为字符串")

        # Before anything walks the variables recursively (the list limit, graphql-core's coercion).
        problem = variables_problem(variables)
        if problem is not None:
            raise HTTPError(400, problem)
        if longest_list(variables) > self.settings.max_list_length:
            raise HTTPError(
                400,
                f"variables 中的列表超过上限 {self.settings.max_list_length} 项"
                "（JIUYE_MAX_LIST_LENGTH）",
            )
        if context.caller.role == "viewer":
            prepared = self.documents.get(query, "viewer", (PersonalFieldsRule,))
        else:
            prepared = self.documents.get(query)
        if prepared.errors or prepared.document is None:
            return self._respond(
                ExecutionResult(None, prepared.errors), media_type, request_error=True
            )
        operation = get_operation_ast(prepared.document, operation_name)
        if operation is None:
            error = GraphQLError(
                "文档含多个操作：请用 operationName 指明执行哪一个"
                if operation_name is None
                else f"文档中没有名为 {operation_name} 的操作"
            )
            return self._respond(ExecutionResult(None, [error]), media_type, request_error=True)
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            raise HTTPError(405, "GET 只能发送查询；变更请用 POST", {"Allow": "POST"})
        if operation.operation is OperationType.MUTATION and self.policy is not None:
            refusal = self.policy.refusal(context.caller, root_fields(prepared.document, operation))
            if refusal is not None:
                error = GraphQLError(f"无权操作：{refusal}", extensions={"code": "FORBIDDEN"})
                response = self._respond(
                    ExecutionResult(None, [error]), media_type, request_error=True
                )
                if media_type == GRAPHQL_RESPONSE:
                    response.status_code = 403
                return response

        cost = CostCounter(
            self.graphql_schema,
            prepared.document,
            operation,
            variables,
            default_page=self.settings.default_page_size,
            max_page=self.settings.max_page_size,
        ).total()
        if cost > self.settings.max_cost:
            return self._respond(
                ExecutionResult(None, [cost_error(cost, self.settings.max_cost)]),
                media_type,
                request_error=True,
            )

        # An upload (a whole ledger to import) may take minutes where a query takes seconds.
        limit, setting = (
            (self.settings.upload_timeout_seconds, "JIUYE_UPLOAD_TIMEOUT_SECONDS")
            if upload
            else (self.settings.request_timeout_seconds, "JIUYE_REQUEST_TIMEOUT_SECONDS")
        )
        # A query reads from the replicas (if any), unless its token wrote a moment ago: it
        # sees its own writes. A mutation, and everything it reads for its answer, uses the
        # primary.
        writer = bucket_key(request, context.caller)
        replicas = operation.operation is OperationType.QUERY and not self.writers.recently(writer)
        try:
            async with asyncio.timeout(limit):
                with replica_reads(replicas):
                    result = execute(
                        self.graphql_schema,
                        prepared.document,
                        context_value=context,
                        variable_values=variables,
                        operation_name=operation_name,
                        hide_suggestions=self.settings.production,
                        is_awaitable=fast_is_awaitable,
                    )
                    if is_awaitable(result):
                        result = await result
        except TimeoutError:
            # Any transaction still open was rolled back when its task was cancelled.
            error = GraphQLError(
                f"请求运行超过 {limit:g} 秒，已中止；其间写入的内容均未保存（{setting}）",
                extensions={"code": "LIMIT_TIMEOUT", "limit": limit},
            )
            return self._respond(ExecutionResult(None, [error]), media_type, request_error=False)
        assert isinstance(result, ExecutionResult)
        if operation.operation is OperationType.MUTATION:
            self.writers.wrote(writer)
        request_error = (
            result.data is None
            and bool(result.errors)
            and all(error.path is None for error in result.errors or ())
        )
        return self._respond(result, media_type, request_error=request_error)

    async def _params(self, request: Request) -> tuple[dict[str, Any], FormData | None]:
        if request.method == "GET":
            if self.settings.production:
                raise HTTPError(405, "生产环境不接受 GET 查询；请用 POST", {"Allow": "POST"})
            query_params = request.query_params
            return {
                "query": query_params.get("query"),
                "variables": _json_param(query_params.get("variables"), "variables"),
                "operationName": query_params.get("operationName") or None,
                "extensions": _json_param(query_params.get("extensions"), "extensions"),
            }, None
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == MULTIPART:
            try:
                return await read_upload(request, self.settings.max_upload_bytes)
            except UploadError as exc:
                raise HTTPError(exc.status, exc.message) from None
        if content_type in (JSON, GRAPHQL_RESPONSE):
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.settings.max_body_bytes:
                raise self._too_large()
            raw = await request.body()
            if len(raw) > self.settings.max_body_bytes:
                raise self._too_large()
            try:
                body = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise HTTPError(400, "请求体不是有效的 JSON") from None
            if isinstance(body, list):
                raise HTTPError(400, "不接受批量请求；每个请求只发送一个操作")
            if not isinstance(body, dict):
                raise HTTPError(400, "请求体须为 JSON 对象")
            return body, None
        raise HTTPError(415, f"Content-Type 须为 {JSON}（上传文件时为 {MULTIPART}）")

    def _rate_limited(self, wait: float, media_type: str) -> Response:
        seconds = retry_after(wait)
        per_minute = self.settings.rate_per_minute
        error = {
            "message": (
                f"请求过于频繁：每个令牌每分钟最多 {per_minute:g} 个请求（JIUYE_RATE_PER_MINUTE），"
                f"连续最多 {self.settings.rate_burst} 个（JIUYE_RATE_BURST）；请 {seconds} 秒后再试"
            ),
            "extensions": {"code": "LIMIT_RATE", "limit": per_minute, "retryAfter": seconds},
        }
        return Response(
            orjson.dumps({"errors": [error]}),
            status_code=429,
            media_type=media_type,
            headers={"Retry-After": str(seconds)},
        )

    def _too_large(self) -> HTTPError:
        return HTTPError(
            413,
            f"请求体超过 {self.settings.max_body_bytes} 字节（JIUYE_MAX_BODY_BYTES）",
        )

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
            # An argument or a literal quoted back may be someone's ID or phone number.
            shown = dict(error.formatted)
            shown["message"] = mask_text(error.message) or ""
            return shown
        request_id = uuid.uuid4().hex[:12]
        log.error(
            "unexpected error %s at %s",
            request_id,
            ".".join(map(str, error.path or ())),
            exc_info=error.original_error,
        )
        masked: dict[str, Any] = {
            "message": UNEXPECTED_MESSAGE,
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
