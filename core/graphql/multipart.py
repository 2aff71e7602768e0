"""File uploads: the GraphQL multipart request specification (`operations`, `map`, file parts).

https://github.com/jaydenseric/graphql-multipart-request-spec. Each file part replaces the
`null` at the paths `map` gives it (`variables.file`), where strawberry's `Upload` scalar
hands the resolver a Starlette `UploadFile`.

A browser sends `multipart/form-data` cross-site without asking first (it is a "simple"
request), so an upload must carry a header a form cannot set — `X-Jiuye-Upload` or
`Apollo-Require-Preflight`, any value — which forces the CORS preflight (CSRF defence).
The body is counted as it arrives and refused past the configured size.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import orjson
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

PREFLIGHT_HEADERS = ("x-jiuye-upload", "apollo-require-preflight")
OVERHEAD = 1 << 20
"""Room for `operations`, `map` and part headers on top of the files themselves, in bytes."""
MAX_FILES = 10


class UploadError(Exception):
    """An upload request that cannot be accepted, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def size_text(limit: int) -> str:
    """A byte count as people say it (20 MB)."""
    mib = 1 << 20
    return f"{limit // mib} MB" if limit % mib == 0 else f"{limit} 字节"


def _too_large(limit: int) -> UploadError:
    return UploadError(
        413, f"上传的文件超过 {size_text(limit)} 的上限（JIUYE_MAX_UPLOAD_BYTES）：请拆分后分批导入"
    )


class _TooLarge(MultiPartException):
    """Raised inside the parser, so that it closes the files it has spooled so far."""


async def _counted(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes]:
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > limit + OVERHEAD:
            raise _TooLarge("too large")
        yield chunk


def _json(form: FormData, name: str) -> Any:
    value = form.get(name)
    if not isinstance(value, str):
        raise UploadError(400, f"multipart 请求须带 {name} 字段（JSON）")
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise UploadError(400, f"multipart 字段 {name} 不是有效的 JSON") from None


def _place(operations: dict[str, Any], path: str, file: UploadFile) -> None:
    keys = path.split(".")
    if keys[0] != "variables" or len(keys) < 2:
        raise UploadError(400, f"map 中的路径 {path} 须指向 variables 之内")
    target: Any = operations.setdefault("variables", {}) or {}
    operations["variables"] = target
    for key in keys[1:-1]:
        target = _step(target, key, path)
    last = keys[-1]
    if isinstance(target, list):
        target[_index(target, last, path)] = file
    elif isinstance(target, dict):
        target[last] = file
    else:
        raise _not_a_variable(path)


def _step(target: Any, key: str, path: str) -> Any:
    """One step down a map path: into a list by index, into an object by name (created if
    absent); a step through anything else (a string, a number, true) names no variable."""
    if isinstance(target, list):
        return target[_index(target, key, path)]
    if isinstance(target, dict):
        return target.setdefault(key, {})
    raise _not_a_variable(path)


def _index(target: list[Any], key: str, path: str) -> int:
    index = int(key) if key.isascii() and key.isdigit() else -1
    if not 0 <= index < len(target):
        raise _not_a_variable(path)
    return index


def _not_a_variable(path: str) -> UploadError:
    return UploadError(400, f"map 中的路径 {path} 没有指向任何变量")


async def read_upload(request: Request, limit: int) -> tuple[dict[str, Any], FormData]:
    """Parse a multipart GraphQL request; return its operation (files in place) and the form.

    The caller closes the form (and so the spooled files) once the operation has run.
    """
    if not any(request.headers.get(name) for name in PREFLIGHT_HEADERS):
        raise UploadError(
            400,
            "multipart 请求须带 X-Jiuye-Upload（或 Apollo-Require-Preflight）请求头，"
            "以免浏览器跨站代发（CSRF）",
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit + OVERHEAD:
        raise _too_large(limit)
    parser = MultiPartParser(
        request.headers,
        _counted(request.stream(), limit),
        max_files=MAX_FILES,
        max_fields=MAX_FILES + 2,
    )
    try:
        form = await parser.parse()
    except _TooLarge:
        raise _too_large(limit) from None
    except MultiPartException as exc:
        raise UploadError(400, f"multipart 请求格式有误：{exc.message}") from None
    try:
        operations = _json(form, "operations")
        if isinstance(operations, list):
            raise UploadError(400, "不接受批量请求；每个请求只发送一个操作")
        if not isinstance(operations, dict):
            raise UploadError(400, "operations 须为 JSON 对象")
        mapping = _json(form, "map")
        if not isinstance(mapping, dict):
            raise UploadError(400, "map 须为 JSON 对象：文件字段 → 路径列表")
        for key, paths in mapping.items():
            file = form.get(key)
            if not isinstance(file, UploadFile):
                raise UploadError(400, f"map 提到文件字段 {key}，请求中却没有")
            if file.size is not None and file.size > limit:
                raise _too_large(limit)
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise UploadError(400, f"map 中的 {key} 须为路径列表")
            for path in paths:
                _place(operations, path, file)
    except UploadError:
        await form.close()
        raise
    return operations, form
