"""Click's own words (headings, the help option, usage errors) in Chinese for `jiuye`.

Click looks each of its messages up through `gettext` (`from gettext import gettext as _` in
every module); pointing those names at this catalogue translates them without a compiled
`.mo` file or a locale the machine may not have. A message not listed stays as click wrote it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

CATALOGUE: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少子命令。",
    "No such command {name!r}.": "没有子命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing {param_type} '{param_hint}'.": "缺少{param_type} {param_hint}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "您是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是否想用其中之一：{possibilities}？）",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} 不是有效的是/否值；可用：{states}"
    ),
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 之一。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "Do you want to continue?": "是否继续？",
}
"""Click's message ids and their Chinese."""

PLURALS: dict[str, str] = {
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
}
"""Click's singular/plural message ids (`ngettext`), both forms mapped to one Chinese text."""

MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def gettext(message: str) -> str:
    """Click's `_`: the Chinese for a message id, or the id itself."""
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Click's `ngettext`: one Chinese text for both forms, else click's own choice."""
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    """Point click's message lookups at the catalogue (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(name)
        lookups: dict[str, Callable[..., str]] = {"_": gettext, "ngettext": ngettext}
        for attribute, function in lookups.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)
