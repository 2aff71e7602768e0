"""ID numbers and phones at rest: AES-256-GCM encryption and a keyed lookup hash.

Two secrets, each 32 random bytes written in URL-safe base64:

- the **data key** (`JIUYE_DATA_KEY`) encrypts. Every stored value names the key that
  encrypted it (`v1:<key id>:<nonce + ciphertext>`), so older keys
  (`JIUYE_OLD_DATA_KEYS`) still decrypt while `jiuye keys rotate` re-encrypts every row under
  the current one.
- the **lookup key** (`JIUYE_LOOKUP_KEY`) keys an HMAC-SHA256 of each ID number, stored next to
  it: the unique constraint, every lookup and the audit log's search go through the hash. It is
  separate from the data key and is not rotated with it, because the audit log keeps only masked
  ID numbers and their hashes, which cannot be recomputed without the clear values.

Neither secret is used directly: each is passed through HKDF-SHA256 with its own label, so the
AES key, the HMAC key and a key's public id never coincide.

The keys are bound to a database engine (`bind`); the column types below find them through the
engine's dialect, so services read and write clear values while only ciphertext and hashes reach
the database. A value bound to a `LookupHash` column is always the clear ID number: the type
hashes it, in inserts and in comparisons alike.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import types
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.sql import operators

from core.settings import Settings

VERSION = "v1"
ENCRYPTED_LENGTH = 160
"""Room for an encrypted value of up to 64 characters (prefix, key id, nonce, tag, base64)."""
HASH_LENGTH = 64


class DataKeyError(ValueError):
    """A key that is missing, malformed or unknown; the message says which and what to do."""


def new_key() -> str:
    """A fresh secret: 32 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()


def _secret(text: str, setting: str) -> bytes:
    cleaned = text.strip()
    try:
        raw = base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DataKeyError(
            f"{setting} 须是 32 字节随机数的 URL 安全 base64 编码；可用 `jiuye keys new` 生成"
        )
    return raw


def _derive(secret: bytes, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode()).derive(secret)


def normalize_id_number(value: str) -> str:
    """The form an ID number is hashed in (no spaces, upper-case X)."""
    return value.strip().upper()


@dataclass(frozen=True)
class _DataKey:
    id: str
    aead: AESGCM


def _data_key(text: str, setting: str) -> _DataKey:
    secret = _secret(text, setting)
    key_id = _derive(secret, "jiuye/v1/key-id")[:4].hex()
    return _DataKey(key_id, AESGCM(_derive(secret, "jiuye/v1/encrypt")))


class Keyring:
    """The current data key, older data keys still readable, and the lookup key."""

    def __init__(self, data_key: str, lookup_key: str, old_data_keys: Sequence[str] = ()) -> None:
        self.current = _data_key(data_key, "JIUYE_DATA_KEY")
        self._keys = {self.current.id: self.current}
        for text in old_data_keys:
            old = _data_key(text, "JIUYE_OLD_DATA_KEYS")
            self._keys.setdefault(old.id, old)
        self._lookup = _derive(_secret(lookup_key, "JIUYE_LOOKUP_KEY"), "jiuye/v1/lookup-hmac")

    @property
    def current_id(self) -> str:
        """The public id of the current data key (stored with every value it encrypts)."""
        return self.current.id

    def encrypt(self, plain: str, *, context: str) -> str:
        """Encrypt under the current key; `context` (the column) is authenticated with it."""
        nonce = os.urandom(12)
        sealed = self.current.aead.encrypt(nonce, plain.encode(), context.encode())
        blob = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
        return f"{VERSION}:{self.current.id}:{blob}"

    def decrypt(self, stored: str, *, context: str) -> str:
        """The clear value of a stored one, with whichever configured key encrypted it."""
        version, _, rest = stored.partition(":")
        key_id, _, blob = rest.partition(":")
        if version != VERSION or not blob:
            raise DataKeyError(f"{context} 中有未加密或格式不对的值；请先运行 `jiuye db upgrade`")
        key = self._keys.get(key_id)
        if key is None:
            raise DataKeyError(
                f"{context} 中的值由密钥 {key_id} 加密，但当前没有配置这个密钥；"
                "请把它加进 JIUYE_OLD_DATA_KEYS"
            )
        raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
        try:
            return key.aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except InvalidTag:
            raise DataKeyError(
                f"{context} 中有一个值无法用密钥 {key_id} 解密（已被改动？）"
            ) from None

    def key_id_of(self, stored: str) -> str:
        """The id of the key a stored value was encrypted with."""
        return stored.split(":", 2)[1] if stored.count(":") >= 2 else ""

    def lookup(self, id_number: str) -> str:
        """The keyed hash of an ID number (HMAC-SHA256, hex) used for lookups and uniqueness."""
        digest = hmac.new(self._lookup, normalize_id_number(id_number).encode(), hashlib.sha256)
        return digest.hexdigest()


_rings: weakref.WeakKeyDictionary[Dialect, Keyring | Callable[[], Keyring]] = (
    weakref.WeakKeyDictionary()
)


def bind(dialect: Dialect, keyring: Keyring | Callable[[], Keyring]) -> None:
    """Use `keyring` for every encrypted column and lookup hash read or written through `dialect`.

    A callable is called on first use, so that commands which never touch an encrypted column
    (`jiuye schema export`) need no keys.
    """
    _rings[dialect] = keyring


def keyring_of(dialect: Dialect) -> Keyring:
    """The keyring bound to an engine's dialect."""
    found = _rings.get(dialect)
    if found is None:
        raise DataKeyError("这个数据库连接没有配置数据密钥（core.crypto.bind）")
    if not isinstance(found, Keyring):
        found = found()
        _rings[dialect] = found
    return found


class Encrypted(types.TypeDecorator[str]):
    """A text column stored encrypted; reads give the clear value. It cannot be compared in SQL."""

    impl = types.String
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__(ENCRYPTED_LENGTH)
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).encrypt(value, context=self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).decrypt(value, context=self.context)

    class comparator_factory(types.TypeDecorator.Comparator[str]):
        """Refuses comparisons: ciphertexts differ for the same value; compare the hash instead."""

        _ALLOWED = frozenset({operators.is_, operators.is_not})

        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            if op not in self._ALLOWED:
                raise TypeError(
                    "an encrypted column cannot be compared in SQL; compare its lookup hash"
                )
            return super().operate(op, *other, **kwargs)


class LookupHash(types.TypeDecorator[str]):
    """The keyed hash of an ID number: bind the clear ID number, the database gets its hash."""

    impl = types.String
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(HASH_LENGTH)

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).lookup(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)


def id_number_of_row(context: Any) -> Any:
    """Column default of a lookup hash: the row's own `id_number` (hashed as it is bound)."""
    return context.get_current_parameters()["id_number"]


def key_file_path(settings: Settings) -> Path:
    """Where a development key file lives: `JIUYE_DATA_KEY_FILE`, else next to the SQLite file."""
    if settings.data_key_file:
        return Path(settings.data_key_file)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database + ".key")
    return Path("jiuye.key")


def _read_key_file(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#"):
            found[name.strip()] = value.strip()
    return found


def _create_key_file(path: Path) -> None:
    text = (
        "# 本机开发用的数据密钥（由 jiuye 生成）。与数据库文件一起保管；丢失后加密的身份证号、电话无法读出。\n"
        f"JIUYE_DATA_KEY={new_key()}\n"
        f"JIUYE_LOOKUP_KEY={new_key()}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    sys.stderr.write(
        f"已生成本机数据密钥文件 {path}（仅供开发与演示；生产环境请配置 JIUYE_DATA_KEY 与 JIUYE_LOOKUP_KEY）\n"
    )


def keyring_for(settings: Settings) -> Keyring:
    """The keys the settings configure; outside production, a local key file made on first use."""
    olds = settings.old_data_keys.get_secret_value() if settings.old_data_keys else ""
    old = [k for k in olds.split(",") if k.strip()]
    data = settings.data_key.get_secret_value() if settings.data_key else None
    lookup = settings.lookup_key.get_secret_value() if settings.lookup_key else None
    if data and lookup:
        return Keyring(data, lookup, old)
    if data or lookup:
        raise DataKeyError("JIUYE_DATA_KEY 与 JIUYE_LOOKUP_KEY 须同时配置")
    if settings.production:
        raise DataKeyError(
            "生产模式须配置数据密钥 JIUYE_DATA_KEY 与查找密钥 JIUYE_LOOKUP_KEY"
            "（`jiuye keys new` 可生成），否则身份证号与电话无法加密保存"
        )
    path = key_file_path(settings)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            _create_key_file(path)
    found = _read_key_file(path)
    try:
        return Keyring(found["JIUYE_DATA_KEY"], found["JIUYE_LOOKUP_KEY"], old)
    except KeyError as exc:
        raise DataKeyError(f"密钥文件 {path} 缺少 {exc.args[0]}") from None
