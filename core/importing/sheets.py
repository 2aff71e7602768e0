"""The sheet-kind contract: what a plugin (the core included) declares to import and export a ledger.

A `SheetKind` names its columns (canonical header, accepted variants, which are required) and
supplies an importer factory and, optionally, an exporter. The runner recognises a sheet by
its headers, hands the importer batches of rows keyed by field name, and runs every kind in
one transaction, in dependency order (`after`). Importers report problems through the
`ImportContext`; they never raise for bad input.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from core.importing.readers import ReadLimits
from core.plugins import Claims, PluginError
from core.problems import ErrorCode, Problem
from core.regions import RegionCodeError, canonical_code, subtree_prefix
from core.security.caller import Caller

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from core.importing.report import Counts, ImportReport, SheetResult
    from core.plugins import Plugins


@dataclass(frozen=True)
class Column:
    """One column of a sheet kind."""

    header: str
    """The canonical Chinese header, as exports write it (`身份证号`)."""
    field: str
    """The field name importers and `Problem.field` use (`id_number`)."""
    required: bool = False
    """A sheet without this column is refused before any row is read."""
    variants: tuple[str, ...] = ()
    """Other headers people write for it (`身份证号码`); spaces and full-width forms never matter."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: where it is and its values by field (None for blank or absent cells)."""

    sheet: str
    number: int
    """The row number as Excel shows it (1-based, header rows included)."""
    values: Mapping[str, object]


class SheetImporter(Protocol):
    """Receives a kind's rows in batches, then finishes; reports problems, never raises for them."""

    async def add(self, rows: Sequence[SheetRow]) -> None:
        """Check (and stage or write) one batch of rows."""

    async def finish(self) -> None:
        """Run the checks that need every row, write what is left, count every row."""


@dataclass(frozen=True)
class ImportOptions:
    """How an import runs."""

    today: date
    """The real date, for rules such as "not in the future"."""
    as_of: date
    """The date the ledger describes (defaults to today); see docs/import.md."""
    dry_run: bool = False
    skip_invalid: bool = False
    sheet: str | None = None
    """Import only the sheet with this name."""
    caller: Caller = field(default_factory=Caller)
    batch_size: int = 2_000
    limits: ReadLimits = field(default_factory=ReadLimits)
    """What reading the file may cost (`JIUYE_IMPORT_MAX_*`)."""


class ImportContext:
    """What an importer is given: the transaction, the options, and where problems and counts go."""

    def __init__(
        self,
        conn: AsyncConnection,
        kind: SheetKind,
        options: ImportOptions,
        report: ImportReport,
        plugins: Plugins,
    ) -> None:
        self.conn = conn
        self.kind = kind
        self.options = options
        self.report = report
        self.plugins = plugins

    def sheet(self, name: str) -> SheetResult:
        """The result entry of a sheet of this kind."""
        return self.report.sheet(name)

    def has_column(self, sheet: str, field_name: str) -> bool:
        """Whether the sheet has the column for `field_name` (absent columns leave values alone)."""
        return field_name in self.report.sheet(sheet).columns

    def problem(self, sheet: str, row: int, problem: Problem) -> None:
        """Record a problem with a row; `problem.field` names the column."""
        self.report.add_problem(sheet, row, problem, self.kind)

    def counts(self, sheet: str) -> Counts:
        """The counters of one sheet (created, updated, unchanged, rejected)."""
        return self.report.sheet(sheet).counts


@dataclass(frozen=True)
class ExportRequest:
    """What to export and for whom."""

    caller: Caller
    region: str
    """Canonical code of the region whose subtree is exported, already within the caller's scope."""
    as_of: date
    """The date the exported ledger describes."""
    masked: bool = False
    """Write ID and phone numbers masked (such a file cannot update those persons again)."""


ImporterFactory = Callable[[ImportContext], Awaitable[SheetImporter]]
Exporter = Callable[["AsyncConnection", ExportRequest], AsyncIterator[Sequence[object]]]


@dataclass(frozen=True)
class SheetKind:
    """A spreadsheet ledger (台账) a plugin imports and, optionally, exports."""

    name: str
    """Unique across plugins, e.g. `ledger`; also the `jiuye export NAME` argument."""
    title: str
    """Chinese title, also the sheet name exports write (`两清台账`)."""
    columns: tuple[Column, ...]
    importer: ImporterFactory
    """Called once per import that holds sheets of this kind, inside the transaction."""
    exporter: Exporter | None = None
    """Yields one list of cell values per row, in the order of `columns`."""
    after: tuple[str, ...] = ()
    """Kinds imported before this one when a file holds both (the ledger comes after regions)."""
    description: str = ""
    leads: tuple[str, ...] | None = None
    """Departments that may import this kind, where they differ from its plugin's department."""

    def column(self, field_name: str) -> Column | None:
        """The column for a field, if the kind has one."""
        return next((c for c in self.columns if c.field == field_name), None)

    @property
    def identifying(self) -> bool:
        """Whether the kind's rows carry ID or phone numbers (`*id_number`, `*phone` fields)."""
        return any(c.field.endswith(("id_number", "phone")) for c in self.columns)


class ScopeError(Exception):
    """The caller may not read or write the region asked for; the message is Chinese."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def scoped_region(caller: Caller, requested: str) -> str:
    """Return the canonical region an export covers, or raise when it is outside the caller's scope.

    Every caller sees everything today (`Caller.region` is None); the check lives here so that
    restricting callers later changes one function, not every exporter.
    """
    try:
        code = canonical_code(requested)
    except RegionCodeError as exc:
        raise ScopeError(Problem("region", ErrorCode.INVALID, str(exc), requested)) from None
    if caller.region is not None and not code.startswith(subtree_prefix(caller.region)):
        raise ScopeError(
            Problem(
                "region",
                ErrorCode.FORBIDDEN,
                f"区划 {code} 不在您可以查看的范围（{caller.region}）内",
                requested,
            )
        )
    return code


def sheet_owners(plugins: Plugins) -> dict[str, str]:
    """The plugin that registers each sheet kind, by kind name."""
    return {c.value.name: c.plugin for c in plugins.flat("register_importers")}


def sheet_kinds(plugins: Plugins) -> dict[str, SheetKind]:
    """Every registered sheet kind by name; a name two plugins use stops start-up naming both."""
    claims = Claims("sheet kind")
    kinds: dict[str, SheetKind] = {}
    for contribution in plugins.flat("register_importers"):
        kind = contribution.value
        if not isinstance(kind, SheetKind):
            raise PluginError(
                f"plugin {contribution.plugin!r}: register_importers must return SheetKind items"
            )
        claims.claim(kind.name, contribution.plugin)
        kinds[kind.name] = kind
    return kinds


def import_order(kinds: Sequence[SheetKind]) -> list[SheetKind]:
    """Order kinds so each comes after the kinds it names in `after` (others keep their order)."""
    present = {kind.name: kind for kind in kinds}
    ordered: list[SheetKind] = []
    visiting: set[str] = set()

    def visit(kind: SheetKind) -> None:
        if kind in ordered:
            return
        if kind.name in visiting:
            raise PluginError(f"sheet kinds depend on each other in a cycle through {kind.name!r}")
        visiting.add(kind.name)
        for name in kind.after:
            if name in present:
                visit(present[name])
        visiting.discard(kind.name)
        ordered.append(kind)

    for kind in kinds:
        visit(kind)
    return ordered


def field_headers(kind: SheetKind) -> dict[str, str]:
    """Canonical header of every field of a kind."""
    return {column.field: column.header for column in kind.columns}


__all__ = [
    "Column",
    "ExportRequest",
    "Exporter",
    "ImportContext",
    "ImportOptions",
    "ImporterFactory",
    "ScopeError",
    "SheetImporter",
    "SheetKind",
    "SheetRow",
    "import_order",
    "scoped_region",
    "sheet_kinds",
]
