"""Export one sheet kind for a region subtree, in the format its importer reads.

Every export is audited: who, which kind and region, how many rows, whether ID and phone
numbers were written in full, and why. A kind whose rows carry those numbers is written in
full only with a stated reason (at least `MIN_REASON` characters); otherwise it may be written
masked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from core.db import Database
from core.importing.sheets import ExportRequest, SheetKind
from core.importing.workbook import write_export
from core.security import audit

MIN_REASON = 4
"""Fewest characters a reason for writing full ID and phone numbers may have."""


class ExportError(Exception):
    """The export cannot be made as asked; the message is Chinese."""


def full_identifiers(kind: SheetKind, request: ExportRequest) -> bool:
    """Whether this export writes ID and phone numbers in full."""
    return kind.identifying and not request.masked


async def run_export(
    db: Database,
    kind: SheetKind,
    request: ExportRequest,
    path: Path | IO[bytes],
    *,
    reason: str | None = None,
) -> int:
    """Write `kind`'s rows for the request's region to an `.xlsx`, audit it; return how many rows.

    A file path is written under a temporary name and put in place only once the audit row
    is written, so no file of full numbers exists without its audit row.
    """
    if kind.exporter is None:
        raise ExportError(f"“{kind.title}”（{kind.name}）只能导入，不能导出")
    why = (reason or "").strip() or None
    full = full_identifiers(kind, request)
    if full and len(why or "") < MIN_REASON:
        raise ExportError(
            f"“{kind.title}”含完整的身份证号或电话：请写明导出理由（--reason，"
            f"至少 {MIN_REASON} 个字），或用 --masked 脱敏导出"
        )
    target: Path | IO[bytes] = path
    if isinstance(path, Path):
        target = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        async with db.connect() as conn:
            count = await write_export(
                target, kind, kind.exporter(conn, request), masked=request.masked
            )
        async with db.begin() as conn:
            await audit.log(
                conn,
                "export",
                f"sheet:{kind.name}",
                request.region,
                after={
                    "kind": kind.name,
                    "region": request.region,
                    "asOf": request.as_of,
                    "rows": count,
                    "identifiers": "full" if full else "masked" if kind.identifying else "none",
                    "reason": why,
                },
            )
        if isinstance(path, Path) and isinstance(target, Path):
            target.replace(path)
    finally:
        if isinstance(target, Path) and target != path:
            target.unlink(missing_ok=True)
    return count
