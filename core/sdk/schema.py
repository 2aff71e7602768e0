"""The GraphQL side of a record kind, built from its declaration.

For a kind named `LabourStation` with `plural="labourStations"`:

- the type `LabourStation` (a `Node`: `id`, every declared field, `region`, `version`,
  `createdAt`, `updatedAt`; money in 元, choices as enums, personal fields `@personal`);
- `LabourStationByIdLoader` (scoped) and, for a child kind, `<Child>By<Parent>Loader`, with
  the list field on the parent's type;
- `labourStations(filter, first, after, last, before)`, a Relay connection with the region,
  text and date filters the declaration allows;
- `createLabourStation`, `updateLabourStation` (with the version read) and
  `deleteLabourStation`, each answering the record or a `RecordError` with every problem.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy import or_
from sqlalchemy.engine import Row

from core.graphql.context import Info
from core.graphql.directives import PERSONAL
from core.graphql.loaders import Loader, many_per_key, one_per_key
from core.graphql.node import Node, to_global_id
from core.graphql.pagination import Connection
from core.graphql.results import RecordError
from core.money import fen_to_yuan
from core.sdk.fields import FieldSpec, Role
from core.sdk.helpers import decode_id, paginate, region_argument, write
from core.sdk.kinds import RecordKind, WriteContext


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _signature(fn: Any, params: list[inspect.Parameter]) -> Any:
    fn.__signature__ = inspect.Signature(params)
    fn.__annotations__ = {p.name: p.annotation for p in params}
    return fn


def _argument(annotation: Any, description: str) -> Any:
    return Annotated[annotation, strawberry.argument(description=description)]


@dataclass
class KindSchema:
    """Everything GraphQL a record kind contributes, for the plugin's hooks to return."""

    kind: RecordKind
    node_type: type
    loader: type[Loader[int, Any]]
    query: type
    mutation: type | None
    loaders: list[type[Loader[Any, Any]]] = field(default_factory=list)
    extensions: list[tuple[type, type]] = field(default_factory=list)
    """(target type, fields type) pairs for `extend_types`."""


def _graphql_value_type(kind: RecordKind, spec: FieldSpec) -> Any:
    if spec.role is Role.MONEY:
        return Decimal
    if spec.choices is not None:
        return _enum(spec.choices)
    if spec.role in (Role.PARENT, Role.PERSON):
        return strawberry.ID
    return kind.value_type(spec.name)


def _enum(cls: Any) -> Any:
    """A choice's GraphQL enum: its docstring describes it, each value its Chinese label."""
    from core.enums import LabelledEnum
    from core.graphql.enums import graphql_enum

    if hasattr(cls, "__strawberry_definition__"):
        return cls
    if issubclass(cls, LabelledEnum):
        return graphql_enum(cls, (cls.__doc__ or cls.__name__).strip())
    return strawberry.enum(cls, description=(cls.__doc__ or cls.__name__).strip())


def _field_description(spec: FieldSpec) -> str:
    text = spec.description
    if spec.role is Role.MONEY and "元" not in text:
        text += "单位：元，精确到分。"
    return text


def build_type(kind: RecordKind) -> type:
    """The record kind's GraphQL object type (a `Node`)."""
    annotations: dict[str, Any] = {"pk": strawberry.Private[int]}
    namespace: dict[str, Any] = {"__doc__": kind.description, "__module__": kind.model.__module__}
    defaults = kind.defaults()  # a field with a default (0, false) is never null
    for spec in kind.fields:
        if spec.role is Role.PARENT:
            continue
        if spec.role is Role.PERSON:
            annotations[spec.api] = strawberry.Private[int | None]  # type: ignore[misc]
            namespace[spec.object_name] = _person_field(kind, spec)
            continue
        value_type = _graphql_value_type(kind, spec)
        never_null = spec.required or spec.api in defaults
        annotations[spec.api] = value_type if never_null else value_type | None
        namespace[spec.api] = strawberry.field(
            description=_field_description(spec),
            directives=[PERSONAL] if spec.personal else (),
        )
    annotations["parent_key"] = strawberry.Private[int | None]  # type: ignore[misc]
    annotations["version"] = int
    namespace["version"] = strawberry.field(
        description="记录版本号；修改或删除时带上它，可防止覆盖他人的修改。"
    )
    annotations["created_at"] = datetime
    namespace["created_at"] = strawberry.field(description="登记时间（UTC）。")
    annotations["updated_at"] = datetime
    namespace["updated_at"] = strawberry.field(description="最后修改时间（UTC）。")
    region = _region_field(kind)
    if region is not None:
        namespace["region"] = region
    namespace["__annotations__"] = annotations
    cls = type(kind.name, (Node,), namespace)

    def from_row(klass: type, row: Row[Any]) -> Any:
        values: dict[str, Any] = {}
        mapping = row._mapping
        for spec in kind.fields:
            if spec.role is Role.PARENT:
                continue
            value = mapping[spec.name]
            if value is not None and spec.role is Role.MONEY:
                value = fen_to_yuan(value)
            elif value is not None and spec.choices is not None:
                value = spec.choices(value)
            values[spec.api] = value
        parent = kind.parent_spec
        return klass(
            id=to_global_id(kind.name, mapping["id"]),
            pk=mapping["id"],
            parent_key=None if parent is None else mapping[parent.name],
            version=mapping["version"],
            created_at=mapping["created_at"],
            updated_at=mapping["updated_at"],
            **values,
        )

    cls.from_row = classmethod(from_row)  # type: ignore[attr-defined]
    return cls


def build_loader(kind: RecordKind, node_type: type) -> type[Loader[int, Any]]:
    """`<Kind>ByIdLoader`: records by key within the caller's scope."""

    async def fetch(self: Loader[int, Any], keys: list[int]) -> list[Any]:
        query = kind.select_in(self.context.scope).where(kind.table.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(node_type.from_row, rows), lambda n: n.pk)  # type: ignore[attr-defined]

    return type(f"{kind.name}ByIdLoader", (Loader,), {"fetch": fetch, "__doc__": kind.title})


def build_children_loader(kind: RecordKind, node_type: type) -> type[Loader[int, Any]]:
    """`<Child>By<Parent>Loader`: a parent's records of this kind, in key order."""
    assert kind.parent is not None
    assert kind.parent_spec is not None
    column = kind.table.c[kind.parent_spec.name]
    order = [kind.table.c[name] for name in kind.order_by] + [kind.table.c.id]

    async def fetch(self: Loader[int, Any], keys: list[int]) -> list[list[Any]]:
        query = kind.select_in(self.context.scope).where(column.in_(keys)).order_by(*order)
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        nodes = [node_type.from_row(row) for row in rows]  # type: ignore[attr-defined]
        return many_per_key(keys, nodes, lambda n: n.parent_key)

    name = f"{kind.name}By{kind.parent.name}Loader"
    return type(name, (Loader,), {"fetch": fetch, "__doc__": kind.title})


def _add_resolvers(kind: RecordKind, cls: type, loader: type[Loader[int, Any]]) -> None:
    async def resolve_node(klass: type, info: Info, key: str) -> Any:
        if not key.isascii() or not key.isdigit() or len(key) > 19:
            return None
        return await info.context.loader(loader).load(int(key))

    cls.resolve_node = classmethod(resolve_node)  # type: ignore[attr-defined]


def _person_field(kind: RecordKind, spec: FieldSpec) -> Any:
    """The `Person` a person field points at, as the caller may see them (null outside scope)."""
    from core.records.loaders import PersonByIdLoader
    from core.records.types import Person

    column = spec.api

    async def resolve(self: Any, info: Info) -> Any:
        key = getattr(self, column)
        return None if key is None else await info.context.loader(PersonByIdLoader).load(key)

    return strawberry.field(
        resolver=_no_args(resolve),
        graphql_type=Person | None,
        description=spec.description + "不在您范围内的人为空。",
        directives=[PERSONAL] if spec.personal else (),
    )


def _region_field(kind: RecordKind) -> Any:
    """A `region` field on the type: the region the record is in."""
    from core.records.loaders import RegionByCodeLoader
    from core.records.types import Region

    spec = kind.region_spec
    if spec is None:
        return None
    column = spec.name

    async def region(self: Any, info: Info) -> Any:
        return await info.context.loader(RegionByCodeLoader).load(getattr(self, column))

    return strawberry.field(
        resolver=_no_args(region),
        graphql_type=Region | None,
        description=f"{kind.title}所在的区划（{spec.header}）。",
    )


def _filter_input(kind: RecordKind) -> type:
    annotations: dict[str, Any] = {"region": str | None}
    namespace: dict[str, Any] = {
        "region": strawberry.field(
            default=None, description="只列这个区划（含下级）的，如 450225；默认全部可见的。"
        )
    }
    searchable = [f for f in kind.fields if f.searchable]
    if searchable:
        annotations["text"] = str | None
        headers = "、".join(f.header for f in searchable)
        namespace["text"] = strawberry.field(
            default=None, description=f"{headers}中含有这段文字的，1–64 个字。"
        )
    if kind.date_field is not None:
        header = kind.column_spec(kind.date_field).header
        annotations["date_from"] = date | None
        namespace["date_from"] = strawberry.field(
            default=None, description=f"{header}不早于这一天（含）。"
        )
        annotations["date_to"] = date | None
        namespace["date_to"] = strawberry.field(
            default=None, description=f"{header}不晚于这一天（含）。"
        )
    namespace["__annotations__"] = annotations
    return strawberry.input(
        type(f"{kind.name}Filter", (), namespace), description=f"{kind.title}的筛选条件。"
    )


def _query_type(kind: RecordKind, node_type: type, filter_type: type) -> type:
    field_name = kind.plural
    searchable = [kind.table.c[f.name] for f in kind.fields if f.searchable]

    async def resolver(
        self: Any,
        info: Info,
        filter: Any = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Any:
        query = kind.select_in(info.context.scope)
        if filter is not None:
            code = region_argument(field_name, "filter.region", filter.region)
            if code is not None:
                query = kind.in_region(query, code)
            text = getattr(filter, "text", None)
            if text:
                pattern = f"%{text.strip()[:64]}%"
                query = query.where(or_(*(column.like(pattern) for column in searchable)))
            if kind.date_field is not None:
                column = kind.table.c[kind.date_field]
                if filter.date_from is not None:
                    query = query.where(column >= filter.date_from)
                if filter.date_to is not None:
                    query = query.where(column <= filter.date_to)
        return await paginate(
            info,
            field_name,
            query,
            kind.table.c.id,
            node_type.from_row,  # type: ignore[attr-defined]
            first=first,
            after=after,
            last=last,
            before=before,
        )

    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [
        inspect.Parameter("self", positional),
        inspect.Parameter("info", positional, annotation=Info),
        inspect.Parameter(
            "filter",
            positional,
            default=None,
            annotation=_argument(filter_type | None, "筛选条件。"),
        ),
        inspect.Parameter(
            "first",
            positional,
            default=None,
            annotation=_argument(int | None, "取前 N 条（1 至最大页长，默认 20，最大 100）。"),
        ),
        inspect.Parameter(
            "after",
            positional,
            default=None,
            annotation=_argument(str | None, "从这个游标之后开始。"),
        ),
        inspect.Parameter(
            "last", positional, default=None, annotation=_argument(int | None, "取后 N 条。")
        ),
        inspect.Parameter(
            "before",
            positional,
            default=None,
            annotation=_argument(str | None, "到这个游标之前为止。"),
        ),
    ]
    directives = [PERSONAL] if any(f.personal for f in kind.fields) else []
    namespace = {
        field_name: strawberry.field(
            resolver=_signature(resolver, params),
            graphql_type=Connection[node_type],  # type: ignore[valid-type]
            description=f"{kind.title}列表（游标分页，按登记先后排序）。",
            directives=directives,
        )
    }
    return strawberry.type(type(f"{kind.name}Query", (), namespace))


def _input_type(kind: RecordKind, *, update: bool) -> type:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    if update:
        annotations["id"] = strawberry.ID
        namespace["id"] = strawberry.field(description=f"要修改的{kind.title}（{kind.name}.id）。")
        annotations["version"] = int | None
        namespace["version"] = strawberry.field(
            default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
        )
    for spec in kind.fields:
        if (update and not spec.editable) or not spec.input:
            continue
        value_type = _graphql_value_type(kind, spec)
        description = _field_description(spec)
        if spec.role is Role.PARENT and kind.parent is not None:
            description = f"所属{kind.parent.title}的标识（{kind.parent.name}.id）。"
        if spec.role is Role.PERSON:
            description = f"{spec.description}（Person.id）。"
        if update:
            annotations[spec.api] = value_type | None
            namespace[spec.api] = strawberry.field(
                default=strawberry.UNSET, description=description + "不填则不改。"
            )
        elif spec.required:
            annotations[spec.api] = value_type
            namespace[spec.api] = strawberry.field(description=description)
        else:
            # An optional field keeps its declared default (0, False) when left out.
            default = kind.model.model_fields[spec.name].default
            annotations[spec.api] = value_type | None
            namespace[spec.api] = strawberry.field(
                default=default if isinstance(default, int | str) else None,
                description=description,
            )
    namespace["__annotations__"] = annotations
    name = f"{kind.name}{'Update' if update else 'Create'}Input"
    verb = "修改" if update else "登记"
    return strawberry.input(type(name, (), namespace), description=f"{verb}一个{kind.title}。")


def _mutation_type(kind: RecordKind, node_type: type, loader: type[Loader[int, Any]]) -> type:
    field_name = _lower_first(kind.name)
    success = strawberry.type(
        type(
            f"{kind.name}Success",
            (),
            {
                "__annotations__": {field_name: node_type},
                field_name: strawberry.field(description=f"保存后的{kind.title}。"),
            },
        ),
        description=f"{kind.title}已保存。",
    )
    result = Annotated[
        success | RecordError,  # type: ignore[valid-type]
        strawberry.union(f"{kind.name}Result", description=f"保存后的{kind.title}，或全部问题。"),
    ]
    deleted = strawberry.type(
        type(
            f"{kind.name}Deleted",
            (),
            {
                "__annotations__": {"id": strawberry.ID},
                "id": strawberry.field(description=f"已删除的{kind.title}的标识。"),
            },
        ),
        description=f"{kind.title}已删除。",
    )
    delete_result = Annotated[
        deleted | RecordError,  # type: ignore[valid-type]
        strawberry.union(f"{kind.name}DeleteResult", description="删除成功，或不能删除的原因。"),
    ]
    create_input = _input_type(kind, update=False)
    update_input = _input_type(kind, update=True)
    delete_input = strawberry.input(
        type(
            f"{kind.name}DeleteInput",
            (),
            {
                "__annotations__": {"id": strawberry.ID, "version": int | None},
                "id": strawberry.field(description=f"要删除的{kind.title}（{kind.name}.id）。"),
                "version": strawberry.field(
                    default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
                ),
            },
        ),
        description=f"删除一个{kind.title}。",
    )
    parent = kind.parent_spec

    def context(info: Info, conn: Any) -> WriteContext:
        ctx = info.context
        return WriteContext(
            conn=conn, today=ctx.today, scope=ctx.scope, caller=ctx.caller, plugins=ctx.plugins
        )

    def values_of(data: Any, *, update: bool) -> dict[str, Any] | RecordError:
        values: dict[str, Any] = {}
        for spec in kind.fields:
            if (update and not spec.editable) or not spec.input:
                continue
            value = getattr(data, spec.api)
            if value is strawberry.UNSET:
                continue
            if spec.role is Role.PARENT and value is not None and kind.parent is not None:
                key = decode_id(value, kind.parent.name)
                if key is None:
                    return _error(
                        spec.name, f"这不是{kind.parent.title}的标识（{kind.parent.name}.id）"
                    )
                value = key
            if spec.role is Role.PERSON and value is not None:
                key = decode_id(value, "Person")
                if key is None:
                    return _error(spec.api, "这不是一个人的标识（Person.id）")
                value = key
            values[spec.api] = value
        return values

    async def saved(info: Info, key: int) -> Any:
        found = await info.context.loader(loader).load(key)
        return success(**{field_name: found})

    async def create(self: Any, info: Info, input: Any) -> Any:
        values = values_of(input, update=False)
        if isinstance(values, RecordError):
            return values
        outcome = await write(info, lambda conn: kind.create(context(info, conn), values))
        return outcome if isinstance(outcome, RecordError) else await saved(info, outcome)

    async def change(self: Any, info: Info, input: Any) -> Any:
        key = decode_id(input.id, kind.name)
        if key is None:
            return _error("id", f"这不是{kind.title}的标识（{kind.name}.id）")
        values = values_of(input, update=True)
        if isinstance(values, RecordError):
            return values
        outcome = await write(
            info,
            lambda conn: kind.update(
                context(info, conn), key, values, expected_version=input.version
            ),
        )
        return outcome if isinstance(outcome, RecordError) else await saved(info, outcome)

    async def remove(self: Any, info: Info, input: Any) -> Any:
        key = decode_id(input.id, kind.name)
        if key is None:
            return _error("id", f"这不是{kind.title}的标识（{kind.name}.id）")
        outcome = await write(
            info,
            lambda conn: kind.delete(context(info, conn), key, expected_version=input.version),
            conflict=f"这个{kind.title}还有下级记录，或正被他人修改，不能删除",
        )
        return outcome if isinstance(outcome, RecordError) else deleted(id=input.id)

    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD

    def params(input_type: type, text: str) -> list[inspect.Parameter]:
        return [
            inspect.Parameter("self", positional),
            inspect.Parameter("info", positional, annotation=Info),
            inspect.Parameter("input", positional, annotation=_argument(input_type, text)),
        ]

    del parent
    directives: list[object] = [*kind.directives, *kind.mutation_directives]
    if kind.leads:
        from core.security.permissions import LeadBy

        directives.append(LeadBy(departments=list(kind.leads)))
    offered = {
        "create": lambda: strawberry.mutation(
            resolver=_signature(create, params(create_input, f"新的{kind.title}。")),
            graphql_type=result,
            description=f"登记一个{kind.title}。",
            directives=directives,
        ),
        "update": lambda: strawberry.mutation(
            resolver=_signature(change, params(update_input, "要改的字段；不填的不改。")),
            graphql_type=result,
            description=f"修改一个{kind.title}（带上读到的版本号）。",
            directives=directives,
        ),
        "delete": lambda: strawberry.mutation(
            resolver=_signature(remove, params(delete_input, f"要删除的{kind.title}。")),
            graphql_type=delete_result,
            description=f"删除一个{kind.title}；还有下级记录时拒绝。",
            directives=directives,
        ),
    }
    namespace = {f"{verb}_{_snake(kind.name)}": offered[verb]() for verb in kind.mutations}
    return strawberry.type(type(f"{kind.name}Mutation", (), namespace))


def _snake(name: str) -> str:
    out: list[str] = []
    for char in name:
        if char.isupper() and out:
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def _error(field_name: str, message: str) -> RecordError:
    from core.problems import ErrorCode, Problem

    return RecordError.from_problems([Problem(field_name, ErrorCode.INVALID, message)])


def _children_field(
    kind: RecordKind, node_type: type, children_loader: type[Loader[int, Any]]
) -> type:
    assert kind.children_field is not None

    async def children(self: Any, info: Info) -> Any:
        return await info.context.loader(children_loader).load(self.pk)

    resolver = _signature(
        children,
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
        ],
    )
    namespace = {
        kind.children_field: strawberry.field(
            resolver=resolver,
            graphql_type=list[node_type],  # type: ignore[valid-type]
            description=f"{kind.title}（按登记先后排序）。",
            directives=[PERSONAL] if any(f.personal for f in kind.fields) else (),
        )
    }
    return strawberry.type(type(f"{kind.name}ListField", (), namespace))


def _no_args(fn: Any) -> Any:
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return _signature(
        fn,
        [
            inspect.Parameter("self", positional),
            inspect.Parameter("info", positional, annotation=Info),
        ],
    )


def _region_extension(kind: RecordKind, node_type: type) -> tuple[type, type, type]:
    """`Region.<on_region>`: the kind's records in a region (its subtree, or its own)."""
    from sqlalchemy import or_

    from core.records.types import Region
    from core.regions import in_subtree, subtree_prefix

    assert kind.on_region is not None
    column = kind.region_column()
    order: list[Any] = [kind.table.c[name] for name in kind.order_by] or [column]
    own = kind.region_spec
    assert own is not None
    subtree = kind.on_region_subtree

    async def fetch(self: Loader[str, Any], keys: list[str]) -> list[list[Any]]:
        where = or_(*(in_subtree(column, k) for k in keys)) if subtree else column.in_(keys)
        query = kind.select_in(self.context.scope).where(where).order_by(*order, kind.table.c.id)
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = [node_type.from_row(row) for row in rows]  # type: ignore[attr-defined]
        if not subtree:
            return many_per_key(keys, found, lambda n: getattr(n, own.name))
        return [
            [n for n in found if getattr(n, own.name).startswith(subtree_prefix(k))] for k in keys
        ]

    loader = type(
        f"{kind.name}ListByRegionLoader", (Loader,), {"fetch": fetch, "__doc__": kind.title}
    )

    async def records(self: Any, info: Info) -> Any:
        return await info.context.loader(loader).load(self.code)

    where_text = "本区划（含下级）内" if subtree else "本区划自己这一级"
    fields = strawberry.type(
        type(
            f"Region{kind.name}List",
            (),
            {
                kind.on_region: strawberry.field(
                    resolver=_no_args(records),
                    graphql_type=list[node_type],  # type: ignore[valid-type]
                    description=f"{where_text}的{kind.title}；只列出您权限范围内可见的。",
                    directives=[PERSONAL] if any(f.personal for f in kind.fields) else (),
                )
            },
        )
    )
    return Region, fields, loader


def _household_extension(kind: RecordKind, node_type: type) -> tuple[type, type, type]:
    """`Household.<on_household>`: the kind's record in the household's village."""
    from core.records.types import Household

    assert kind.on_household is not None
    own = kind.region_spec
    assert own is not None
    column = kind.table.c[own.name]

    async def fetch(self: Loader[str, Any], keys: list[str]) -> list[Any]:
        query = kind.select_in(self.context.scope).where(column.in_(keys))
        query = query.order_by(kind.table.c.id.desc())
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = [node_type.from_row(row) for row in rows]  # type: ignore[attr-defined]
        return one_per_key(keys, found, lambda n: getattr(n, own.name))

    loader = type(f"{kind.name}ByVillageLoader", (Loader,), {"fetch": fetch, "__doc__": kind.title})

    async def record(self: Any, info: Info) -> Any:
        return await info.context.loader(loader).load(self.village_code)

    fields = strawberry.type(
        type(
            f"Household{kind.name}Field",
            (),
            {
                kind.on_household: strawberry.field(
                    resolver=_no_args(record),
                    graphql_type=node_type | None,
                    description=f"户所在行政村的{kind.title}；没有（或不在您的权限范围内）时为空。",
                    directives=[PERSONAL] if any(f.personal for f in kind.fields) else (),
                )
            },
        )
    )
    return Household, fields, loader


def _person_extension(kind: RecordKind, node_type: type) -> tuple[type, type, type]:
    """`Person.<on_person>`: the kind's records about a person, in the caller's scope."""
    from core.records.types import Person

    assert kind.on_person is not None
    spec = next(f for f in kind.fields if f.role is Role.PERSON)
    column = kind.table.c[spec.name]
    order = [kind.table.c[name] for name in kind.order_by] + [kind.table.c.id]

    async def fetch(self: Loader[int, Any], keys: list[int]) -> list[list[Any]]:
        query = kind.select_in(self.context.scope).where(column.in_(keys)).order_by(*order)
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        nodes = [node_type.from_row(row) for row in rows]  # type: ignore[attr-defined]
        return many_per_key(keys, nodes, lambda n: getattr(n, spec.api))

    loader = type(
        f"{kind.name}ListByPersonLoader", (Loader,), {"fetch": fetch, "__doc__": kind.title}
    )

    async def records(self: Any, info: Info) -> Any:
        return await info.context.loader(loader).load(self.pk)

    fields = strawberry.type(
        type(
            f"Person{kind.name}List",
            (),
            {
                kind.on_person: strawberry.field(
                    resolver=_no_args(records),
                    graphql_type=list[node_type],  # type: ignore[valid-type]
                    description=f"关于此人的{kind.title}（{spec.description}）；只列出您权限范围内可见的。",
                    directives=[PERSONAL],
                )
            },
        )
    )
    return Person, fields, loader


def node_type_of(kind: RecordKind) -> type:
    """The kind's GraphQL type, built once: a plugin's own fields and results may name it
    before the plugin's schema is built."""
    if kind.node_type is None:
        built = build_type(kind)
        loader = build_loader(kind, built)
        _add_resolvers(kind, built, loader)
        strawberry.type(built, name=kind.name, description=kind.description)
        kind.node_type, kind.by_id = built, loader
    return kind.node_type


def build(kind: RecordKind, types: dict[str, KindSchema]) -> KindSchema:
    """Build a kind's GraphQL parts; `types` holds the kinds built before (parents first)."""
    node_type = node_type_of(kind)
    loader = kind.by_id
    assert loader is not None
    query = _query_type(kind, node_type, _filter_input(kind))
    mutation = _mutation_type(kind, node_type, loader) if kind.mutations else None
    schema = KindSchema(kind, node_type, loader, query, mutation, loaders=[loader])
    if kind.extra_fields is not None:
        schema.extensions.append((node_type, kind.extra_fields))
    if kind.parent is not None and kind.children_field is not None:
        children_loader = build_children_loader(kind, node_type)
        kind.by_parent = children_loader
        schema.loaders.append(children_loader)
        parent_schema = types[kind.parent.name]
        schema.extensions.append(
            (parent_schema.node_type, _children_field(kind, node_type, children_loader))
        )
    for wanted, extension in (
        (kind.on_region, _region_extension),
        (kind.on_household, _household_extension),
        (kind.on_person, _person_extension),
    ):
        if wanted is not None:
            target, fields, extra = extension(kind, node_type)
            schema.extensions.append((target, fields))
            schema.loaders.append(extra)
    return schema


__all__ = ["KindSchema", "build", "build_type", "node_type_of"]
