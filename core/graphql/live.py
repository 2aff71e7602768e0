"""Subscriptions over WebSocket at `/graphql`, in the graphql-transport-ws protocol.

The protocol is the one graphql-ws (the npm client every GraphQL front end uses) speaks:
the client opens a WebSocket with the subprotocol `graphql-transport-ws`, sends
`connection_init` (its API token in the payload as `{"token": "jy_…"}`, since browsers cannot
set headers on a WebSocket; an `Authorization` header is accepted too), then `subscribe`
messages; the server answers `next`, `error` and `complete`, and `pong` to `ping`.

A subscription is held to everything a query is: the same token, scope and role (a
viewer's document may not reach personal fields), the same document validation, size and
cost limits, and the connection may hold at most `JIUYE_LIVE_MAX_SUBSCRIPTIONS` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import orjson
from graphql import ExecutionResult, GraphQLError, OperationType, get_operation_ast, subscribe
from graphql.pyutils import is_awaitable
from starlette.websockets import WebSocket, WebSocketDisconnect

from core.graphql.context import Context
from core.graphql.cost import CostCounter, cost_error
from core.graphql.directives import PersonalFieldsRule
from core.security.auth import Unauthorized

PROTOCOL = "graphql-transport-ws"

ContextFactory = Callable[[WebSocket, str | None], Awaitable[Context]]
"""Builds the connection's context from the WebSocket and the token `connection_init` gave."""


class Close(Exception):
    """End the connection with a protocol close code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _errors(errors: list[GraphQLError] | None) -> list[dict[str, Any]]:
    return [dict(e.formatted) for e in errors or ()]


class LiveEndpoint:
    """The WebSocket side of `/graphql`; shares the HTTP endpoint's document cache and limits."""

    def __init__(self, http: Any, context_factory: ContextFactory) -> None:
        self.http = http
        self.context_factory = context_factory
        self.settings = http.settings

    async def endpoint(self, websocket: WebSocket) -> None:
        """Serve one WebSocket connection (use as a Starlette WebSocket route endpoint)."""
        offered = websocket.scope.get("subprotocols") or []
        if PROTOCOL not in offered:
            await websocket.close(code=4406, reason="请使用 graphql-transport-ws 子协议")
            return
        await websocket.accept(subprotocol=PROTOCOL)
        running: dict[str, asyncio.Task[None]] = {}
        try:
            context = await self._initialise(websocket)
            await self._serve(websocket, context, running)
        except Close as exc:
            with contextlib.suppress(RuntimeError):
                await websocket.close(code=exc.code, reason=exc.reason)
        except WebSocketDisconnect:
            pass
        finally:
            for task in running.values():
                task.cancel()

    async def _receive(self, websocket: WebSocket) -> dict[str, Any]:
        text = await websocket.receive_text()
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise Close(4400, "消息不是 JSON") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise Close(4400, "消息须是带 type 的 JSON 对象")
        return message

    async def _initialise(self, websocket: WebSocket) -> Context:
        try:
            async with asyncio.timeout(self.settings.live_init_seconds):
                message = await self._receive(websocket)
        except TimeoutError:
            raise Close(4408, "连接初始化超时") from None
        if message["type"] != "connection_init":
            raise Close(4401, "未授权：请先发送 connection_init")
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            raise Close(4400, "connection_init 的 payload 须是对象")
        token = payload.get("token")
        if token is not None and not isinstance(token, str):
            raise Close(4400, "token 须是字符串")
        try:
            context = await self.context_factory(websocket, token)
        except Unauthorized as exc:
            raise Close(4403, f"禁止：{exc}"[:120]) from None
        await websocket.send_text(orjson.dumps({"type": "connection_ack"}).decode())
        return context

    async def _serve(
        self, websocket: WebSocket, context: Context, running: dict[str, asyncio.Task[None]]
    ) -> None:
        while True:
            message = await self._receive(websocket)
            kind = message["type"]
            if kind == "ping":
                await websocket.send_text(orjson.dumps({"type": "pong"}).decode())
            elif kind == "pong":
                continue
            elif kind == "connection_init":
                raise Close(4429, "重复的 connection_init")
            elif kind == "complete":
                task = running.pop(str(message.get("id")), None)
                if task is not None:
                    task.cancel()
            elif kind == "subscribe":
                ident = message.get("id")
                if not isinstance(ident, str) or not ident:
                    raise Close(4400, "subscribe 须带字符串 id")
                if ident in running:
                    raise Close(4409, f"订阅 {ident} 已存在")
                for done in [k for k, t in running.items() if t.done()]:
                    running.pop(done)
                if len(running) >= self.settings.live_max_subscriptions:
                    await self._send(
                        websocket,
                        "error",
                        ident,
                        [
                            {
                                "message": (
                                    f"一个连接最多同时订阅 {self.settings.live_max_subscriptions} 个"
                                    "（JIUYE_LIVE_MAX_SUBSCRIPTIONS）"
                                ),
                                "extensions": {"code": "LIMIT_SUBSCRIPTIONS"},
                            }
                        ],
                    )
                    continue
                payload = message.get("payload")
                if not isinstance(payload, dict):
                    raise Close(4400, "subscribe 的 payload 须是对象")
                running[ident] = asyncio.create_task(
                    self._run(websocket, context, ident, payload, running)
                )
            else:
                raise Close(4400, f"未知的消息类型 {kind[:32]}")

    async def _send(self, websocket: WebSocket, kind: str, ident: str, payload: Any) -> None:
        message: dict[str, Any] = {"type": kind, "id": ident}
        if payload is not None:
            message["payload"] = payload
        await websocket.send_text(orjson.dumps(message).decode())

    async def _run(
        self,
        websocket: WebSocket,
        context: Context,
        ident: str,
        payload: dict[str, Any],
        running: dict[str, asyncio.Task[None]],
    ) -> None:
        try:
            stream = await self._start(context, payload)
            if isinstance(stream, list):
                await self._send(websocket, "error", ident, stream)
                return
            async for result in stream:
                body: dict[str, Any] = {"data": result.data}
                if result.errors:
                    body["errors"] = _errors(result.errors)
                await self._send(websocket, "next", ident, body)
            await self._send(websocket, "complete", ident, None)
        except GraphQLError as exc:
            await self._send(websocket, "error", ident, [dict(exc.formatted)])
        except (WebSocketDisconnect, RuntimeError, asyncio.CancelledError):
            pass
        finally:
            running.pop(ident, None)

    async def _start(
        self, context: Context, payload: dict[str, Any]
    ) -> AsyncIterator[ExecutionResult] | list[dict[str, Any]]:
        """Validate and start one subscription: its event stream, or the errors refusing it."""
        query = payload.get("query")
        variables = payload.get("variables")
        operation_name = payload.get("operationName")
        if not isinstance(query, str) or not query.strip():
            return [{"message": "subscribe 须在 query 中带 GraphQL 文档"}]
        if variables is not None and not isinstance(variables, dict):
            return [{"message": "variables 须是 JSON 对象"}]
        if operation_name is not None and not isinstance(operation_name, str):
            return [{"message": "operationName 须是字符串"}]
        documents = self.http.documents
        if context.caller.role == "viewer":
            prepared = documents.get(query, "viewer", (PersonalFieldsRule,))
        else:
            prepared = documents.get(query)
        if prepared.errors or prepared.document is None:
            return _errors(prepared.errors)
        operation = get_operation_ast(prepared.document, operation_name)
        if operation is None or operation.operation is not OperationType.SUBSCRIPTION:
            return [{"message": "WebSocket 上只接受订阅（subscription）；查询与变更请用 HTTP"}]
        cost = CostCounter(
            self.http.graphql_schema,
            prepared.document,
            operation,
            variables,
            default_page=self.settings.default_page_size,
            max_page=self.settings.max_page_size,
        ).total()
        if cost > self.settings.max_cost:
            return _errors([cost_error(cost, self.settings.max_cost)])
        started = subscribe(
            self.http.graphql_schema,
            prepared.document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
        )
        stream = await started if is_awaitable(started) else started
        if isinstance(stream, ExecutionResult):
            return _errors(stream.errors)
        return cast("AsyncIterator[ExecutionResult]", stream)


__all__ = ["PROTOCOL", "LiveEndpoint"]
