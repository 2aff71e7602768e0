"""Field declarations of a record kind: one SQLModel class feeds the table, the GraphQL type,
its inputs, the sheet columns and the checks.

A record kind is a SQLModel table class that inherits `Record` and declares its fields with
`field()`, `region_field()`, `parent_field()` or `money_field()`. Each carries, besides what
the table needs, the Chinese header a ledger uses, a description for the API, whether it is
personal, and the limits every write is checked against.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from core.sqltypes import UtcDateTime

_KEY = "jiuye"


class Record(SQLModel):
    """The columns every record kind has: a key, an optimistic-lock version, timestamps."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Role(enum.StrEnum):
    """What a declared field is to the platform, beyond its value."""

    PLAIN = "plain"
    REGION = "region"
    PARENT = "parent"
    MONEY = "money"
    PERSON = "person"


@dataclass(frozen=True)
class FieldSpec:
    """What the SDK knows of one declared field (read back from the SQLModel field)."""

    name: str
    header: str
    description: str
    role: Role = Role.PLAIN
    personal: bool = False
    required: bool = True
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    not_future: bool = False
    choices: type[enum.Enum] | None = None
    level: str | None = None
    """For a region field: the level its code must have (`county`, `township`, `village`)."""
    parent: str | None = None
    """For a parent field: the table the key points into."""
    searchable: bool = False
    """Whether the connection's `text` filter looks in this field."""
    editable: bool = True
    """Whether an update may change it (a record's region or parent never moves)."""
    variants: tuple[str, ...] = ()
    """Other headers people write for this column."""

    name_header: str | None = None
    """For a person field: the ledger column holding the person's name, checked on import."""
    places: bool | str = False
    """For a region field: ledgers name the region by 县区, 乡镇 and 行政村 (names or codes),
    down to the field's level or to the level `places` names."""
    input: bool = True
    """Whether inputs take it; a field with `input=False` is shown and checked but set only by
    the plugin's own code (a status, a number the platform gives)."""

    @property
    def api(self) -> str:
        """The name inputs, answers, problems and ledgers use: a money column's without `_fen`."""
        return self.name.removesuffix("_fen") if self.role is Role.MONEY else self.name

    @property
    def object_name(self) -> str:
        """For a person field, the answer's field holding the `Person` (`person_id` → `person`)."""
        return self.name.removesuffix("_id")


def _info(**spec: Any) -> dict[str, Any]:
    return {_KEY: spec}


def field(
    *,
    header: str,
    description: str,
    default: Any = ...,
    personal: bool = False,
    max_length: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    not_future: bool = False,
    choices: type[enum.Enum] | None = None,
    searchable: bool = False,
    variants: tuple[str, ...] = (),
    input: bool = True,
) -> Any:
    """A plain field: text, number, date or a choice; `default=None` makes it optional.

    `input=False` keeps it out of the create and update inputs: the plugin's own code sets
    it (a status, an issued number), and the answer shows it.
    """
    extra = _info(
        header=header,
        description=description,
        personal=personal,
        required=default is ...,
        max_length=max_length,
        minimum=minimum,
        maximum=maximum,
        not_future=not_future,
        choices=choices,
        searchable=searchable,
        variants=variants,
        input=input,
    )
    kwargs: dict[str, Any] = {"schema_extra": {"json_schema_extra": extra}}
    if max_length is not None:
        kwargs["max_length"] = max_length
    return Field(default=default, **kwargs)


def region_field(
    *,
    header: str,
    description: str,
    level: str | None,
    variants: tuple[str, ...] = (),
    places: bool | str = False,
) -> Any:
    """The region a record belongs to: its scope, its place on the board and in ledgers.

    `places=True`: a ledger names the region as county offices do, in the columns 县区, 乡镇
    and 行政村 (down to `level`, or to the level `places` names), each by name within the one above or by code; the deeper
    columns left blank place a record higher up (all blank: the city).
    """
    extra = _info(
        header=header,
        description=description,
        role=Role.REGION,
        level=level,
        editable=False,
        variants=variants,
        places=places,
    )
    return Field(
        foreign_key="region.code",
        max_length=12,
        index=True,
        schema_extra={"json_schema_extra": extra},
    )


def parent_field(*, table: str, header: str, description: str) -> Any:
    """The record of another kind this one belongs to (a station's staff, a site's posts)."""
    extra = _info(
        header=header,
        description=description,
        role=Role.PARENT,
        parent=table,
        editable=False,
    )
    return Field(foreign_key=f"{table}.id", index=True, schema_extra={"json_schema_extra": extra})


def person_field(
    *,
    description: str,
    header: str = "身份证号",
    name_header: str | None = "姓名",
    default: Any = ...,
    editable: bool = False,
    personal: bool = True,
    variants: tuple[str, ...] = ("身份证号码", "公民身份号码", "证件号码"),
) -> Any:
    """A registered person the record is about (a trainee, a post holder, a borrower).

    The API takes the person's `Person.id` and answers with the `Person` (masked as the
    caller's scope says); a ledger names the person by ID number, found within the
    importer's scope, with the name beside it checked against the registry. The person
    must be one the writer may see. `default=None` makes the field optional. Who a record
    is about is personal: viewers do not list such records unless `personal=False`.
    """
    extra = _info(
        header=header,
        description=description,
        role=Role.PERSON,
        required=default is ...,
        editable=editable,
        name_header=name_header,
        personal=personal,
        variants=variants,
    )
    return Field(
        default=default,
        foreign_key="person.id",
        index=True,
        schema_extra={"json_schema_extra": extra},
    )


def money_field(
    *,
    header: str,
    description: str,
    minimum: int | None = 0,
    maximum: int | None = None,
    personal: bool = False,
    default: Any = ...,
    variants: tuple[str, ...] = (),
) -> Any:
    """An amount in 元 shown and entered with two decimals, stored as fen (分) in a BIGINT.

    `minimum` and `maximum` are in 元; `default=None` makes it optional (a nullable column).
    """
    extra = _info(
        header=header,
        description=description,
        role=Role.MONEY,
        required=default is ...,
        minimum=minimum,
        maximum=maximum,
        personal=personal,
        variants=variants,
    )
    return Field(
        default=default,
        sa_column=Column(BigInteger, nullable=default is not ...),
        schema_extra={"json_schema_extra": extra},
    )


def specs(model: type[SQLModel]) -> list[FieldSpec]:
    """The declared fields of a record kind, in declaration order (the `Record` columns aside)."""
    found = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or _KEY not in extra:
            continue
        spec: dict[str, Any] = dict(extra[_KEY])  # type: ignore[arg-type]
        annotation = info.annotation
        optional = info.default is None
        spec.setdefault("required", not optional)
        if optional:
            spec["required"] = False
        if (
            spec.get("choices") is None
            and isinstance(annotation, type)
            and issubclass(annotation, enum.Enum)
        ):
            spec["choices"] = annotation
        found.append(FieldSpec(name=name, **spec))
    return found


def python_type(model: type[SQLModel], name: str) -> Any:
    """The value type of a field, without `None` (`date` for `date | None`)."""
    annotation = model.model_fields[name].annotation
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    if args and len(args) == 1:
        return args[0]
    return annotation


__all__ = [
    "FieldSpec",
    "Record",
    "Role",
    "field",
    "money_field",
    "parent_field",
    "person_field",
    "python_type",
    "region_field",
    "specs",
]
