"""The only module that imports jinja2: templates people can edit, rendered safely.

A sandboxed environment (a template cannot reach Python internals), `StrictUndefined` (a
misspelt name is an error, not an empty string), HTML autoescaped for `*.html.j2`, and
Markdown escaped explicitly with the `md` filter. Templates get plain data built in Python
(`plain()` turns view dataclasses into dicts) and dates passed in: nothing in a template
reads the clock or the dataset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from att_univ.core.errors import AttuError, ExitCode, UsageError
from att_univ.documents.languages import DEFAULT_LOCALE

_HTML_SUFFIXES = (".html.j2", ".htm.j2", ".html")


_SCALARS = frozenset({str, int, float, bool, type(None), dt.date})


def plain(value: Any) -> Any:
    """A view model as plain dicts, tuples and scalars, ready for a template."""
    if type(value) in _SCALARS:  # most values: answered before the slower checks below
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return tuple(plain(item) for item in value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    return value


def environment(*, templates: Path | None = None, locale: str = DEFAULT_LOCALE) -> Any:
    """A sandboxed Jinja environment over `templates` (first) and the bundled templates."""
    return _environment(templates, locale)


@functools.lru_cache(maxsize=16)
def _environment(templates: Path | None, locale: str) -> Any:
    # One environment per directory and locale, so that a template is compiled once per process;
    # Jinja still reloads a template whose file changed.
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from att_univ.core.formats import markdown_escape
    from att_univ.data.discovery import bundled_templates
    from att_univ.documents.languages import check_locale, format_day, format_number, format_percent, translations

    check_locale(locale)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates: no directory at {templates}")
    search = [str(templates)] if templates is not None else []
    search.append(str(bundled_templates()))
    env = SandboxedEnvironment(
        loader=FileSystemLoader(search),
        bytecode_cache=_compiled_templates(),
        undefined=StrictUndefined,
        autoescape=lambda name: name is not None and name.endswith(_HTML_SUFFIXES),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Every sentence is `_()`/`ngettext()` over the language's message catalogue. Newstyle gettext
    # fills `%(name)s` placeholders itself and escapes them in HTML; trimmed collapses the template's
    # line breaks, so a msgid is one line in the .po file (babel.cfg extracts with the same options).
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    env.filters["md"] = markdown_escape
    env.filters["date"] = lambda value: format_day(value, locale)
    env.filters["number"] = lambda value: format_number(value, locale)
    env.filters["percent"] = lambda value: format_percent(value, locale)
    env.filters["join_list"] = lambda items: _join_list(items, locale)
    env.filters["look_up"] = lambda key, table: table[key]  # `iso3 | look_up(report.names_in_sentence)`
    return env


def _join_list(items: Any, locale: str) -> Any:
    """Items joined as the locale joins a list; HTML pieces (macro output) stay HTML, other text is escaped."""
    from markupsafe import Markup, escape

    from att_univ.documents.languages import format_list

    items = list(items)
    if any(hasattr(item, "__html__") for item in items):
        return Markup(format_list([str(escape(item)) for item in items], locale))
    return format_list(items, locale)


@functools.cache
def _compiled_templates() -> Any:
    """Compiled templates shared by every environment of the process, so that each template is
    compiled once, not once per language (a website renders the same pages in four). Safe to
    share: the environments differ only in their filters, which compiled code looks up when it
    runs, and a template whose source changed is compiled again (its checksum no longer matches)."""
    from jinja2 import BytecodeCache

    class InMemory(BytecodeCache):  # type: ignore[misc]
        def __init__(self) -> None:
            self.code: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Any) -> None:
            if bucket.key in self.code:
                bucket.bytecode_from_string(self.code[bucket.key])

        def dump_bytecode(self, bucket: Any) -> None:
            self.code[bucket.key] = bucket.bytecode_to_string()

    return InMemory()


def render_template(name: str, context: Mapping[str, Any], *, templates: Path | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """Render one template with plain data; template faults become one located message."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = environment(templates=templates, locale=locale)
    try:
        template = env.get_template(name)
        return str(template.render(**plain(dict(context))))
    except TemplateNotFound as error:
        raise UsageError(f"no template named {name} (looked in {', '.join(env.loader.searchpath)})") from error
    except TemplateSyntaxError as error:
        where = f"{error.filename or name}:{error.lineno}"
        raise AttuError(f"{where}: template error: {error.message}", ExitCode.INVALID_DATA) from error
    except TemplateError as error:  # undefined names, sandbox refusals
        where = _template_position(error, name)
        raise AttuError(f"{where}: template error: {error.message or type(error).__name__}", ExitCode.INVALID_DATA) from error


def template_values(name: str, *, templates: Path | None = None, locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
    """What a template exports at its top level (`{% set %}` values and macros), such as labels shared with charts."""
    from jinja2 import TemplateError, TemplateNotFound

    env = environment(templates=templates, locale=locale)
    try:
        module = env.get_template(name).module
    except TemplateNotFound as error:
        raise UsageError(f"no template named {name} (looked in {', '.join(env.loader.searchpath)})") from error
    except TemplateError as error:
        where = _template_position(error, name)
        raise AttuError(f"{where}: template error: {error.message or type(error).__name__}", ExitCode.INVALID_DATA) from error
    return {key: value for key, value in vars(module).items() if not key.startswith("_")}


def _template_position(error: BaseException, name: str) -> str:
    """`file:line` of the template line that failed (Jinja rewrites tracebacks to template lines)."""
    position = name
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".html"):
            position = f"{filename}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return position
