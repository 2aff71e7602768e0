"""Export one sheet kind for a region subtree, in the format its importer reads."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from core.db import Database
from core.importing.sheets import ExportRequest, SheetKind
from core.importing.workbook import write_export


class ExportError(Exception):
    """The export cannot be made as asked; the message is Chinese."""


async def run_export(
    db: Database, kind: SheetKind, request: ExportRequest, path: Path | IO[bytes]
) -> int:
    """Write `kind`'s rows for the request's region to an `.xlsx`; return how many rows."""
    if kind.exporter is None:
        raise ExportError(f"“{kind.title}”（{kind.name}）只能导入，不能导出")
    async with db.connect() as conn:
        return await write_export(path, kind, kind.exporter(conn, request))
