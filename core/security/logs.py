"""Logs never hold an ID number or a phone number in clear.

A GET request's query string (its GraphQL variables included) reaches uvicorn's access log,
an exception's text may quote the SQL parameters of a failed insert, and `JIUYE_ECHO_SQL`
logs every statement's parameters. `MaskPersonalData` masks them on each handler, so every
logger that reaches one is covered; `jiuye serve` and the CLI install it.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from core.security.masking import mask_text, mask_url_text

FILTER_NAME = "mask_personal_data"


def _masked(value: Any) -> Any:
    return mask_url_text(value) if isinstance(value, str) else value


class MaskPersonalData(logging.Filter):
    """Mask ID and phone numbers in a record's message, arguments and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_url_text(record.msg)
        if isinstance(record.args, tuple):
            # Formatters such as uvicorn's access log read the arguments themselves.
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(arg) for key, arg in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of `logger` (default: the root logger)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskPersonalData) for f in handler.filters):
            handler.addFilter(MaskPersonalData())


def server_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the filter on every handler, plus the app's logs.

    Passed to `uvicorn.run(log_config=…)`, so each worker process configures itself the same.
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})[FILTER_NAME] = {"()": f"{__name__}.MaskPersonalData"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), FILTER_NAME]
    config["loggers"]["jiuye"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config
