"""The template environment: sandboxed, strict, escaped by format, dates and numbers by locale."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from att_univ.core.errors import AttuError, ExitCode, UsageError
from att_univ.documents.languages import format_day, format_number
from att_univ.documents.templating import environment, plain, render_template

DAY = dt.date(2026, 2, 3)


def write(directory: Path, name: str, text: str) -> Path:
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def render(tmp_path: Path, template: str, text: str, **context: object) -> str:
    return render_template(template, context, templates=write(tmp_path, template, text))


def test_dates_in_english_as_the_un_writes_them() -> None:
    assert format_day(DAY) == "3 February 2026"
    assert format_day(dt.date(2013, 6, 3), "en_GB") == "3 June 2013"


def test_dates_in_other_languages_follow_their_locale() -> None:
    assert format_day(DAY, "fr") == "3 février 2026"
    assert format_day(DAY, "es") == "3 de febrero de 2026"


def test_numbers() -> None:
    assert format_number(12345) == "12,345"
    assert format_number(117) == "117"
    assert format_number(12345, "fr").replace("\u202f", " ") == "12 345"


def test_filters_in_a_template(tmp_path: Path) -> None:
    text = render(
        tmp_path, "t.md.j2", "{{ day | date }}: {{ count | number }} {{ name | md }}\n", day=DAY, count=1234, name="*x*"
    )
    assert text == "3 February 2026: 1,234 \\*x\\*\n"


def test_locale_reaches_the_filters(tmp_path: Path) -> None:
    write(tmp_path, "t.md.j2", "{{ day | date }}")
    assert render_template("t.md.j2", {"day": DAY}, templates=tmp_path, locale="fr") == "3 février 2026"


def test_html_templates_are_autoescaped(tmp_path: Path) -> None:
    text = render(tmp_path, "t.html.j2", "<p>{{ value }}</p>", value="<script>alert(1)</script> & more")
    assert text == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>"


def test_markdown_templates_are_not_html_escaped_but_md_escapes(tmp_path: Path) -> None:
    text = render(tmp_path, "t.md.j2", "{{ value }}|{{ value | md }}", value="<b>|[link](x)")
    assert text == "<b>|[link](x)|\\<b\\>\\|\\[link\\](x)"


def test_an_undefined_name_is_an_error_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(AttuError) as caught:
        render(tmp_path, "t.md.j2", "line one\n{{ missing }}\n")
    assert caught.value.exit_code == ExitCode.INVALID_DATA
    assert caught.value.message.endswith("t.md.j2:2: template error: 'missing' is undefined")


def test_a_missing_attribute_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AttuError, match="template error"):
        render(tmp_path, "t.md.j2", "{{ plan.nothing }}", plan={"id": "x"})


def test_the_sandbox_keeps_python_internals_out_of_reach(tmp_path: Path) -> None:
    with pytest.raises(AttuError, match="template error"):
        render(tmp_path, "t.md.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(AttuError, match="template error"):
        render(tmp_path, "t.md.j2", "{{ value.__init__.__globals__ }}", value=plain)


def test_a_syntax_error_is_located(tmp_path: Path) -> None:
    with pytest.raises(AttuError) as caught:
        render(tmp_path, "t.md.j2", "fine\n{% for x in %}\n")
    assert ":2: template error:" in caught.value.message
    assert caught.value.exit_code == ExitCode.INVALID_DATA


def test_a_missing_template_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no template named nothing\.md\.j2"):
        render_template("nothing.md.j2", {}, templates=tmp_path)


def test_an_unknown_locale_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown locale"):
        environment(locale="xx_NOPE")


def test_custom_templates_come_before_the_bundled_ones(tmp_path: Path) -> None:
    env = environment(templates=tmp_path)
    assert env.loader.searchpath[0] == str(tmp_path)
    assert env.get_template("plan.html.j2")  # found among the bundled templates


def test_plain_turns_view_models_into_dicts() -> None:
    @dataclasses.dataclass(frozen=True)
    class Inner:
        when: dt.date

    @dataclasses.dataclass(frozen=True)
    class Outer:
        name: str
        items: tuple[Inner, ...]

    assert plain(Outer("a", (Inner(DAY),))) == {"name": "a", "items": ({"when": DAY},)}
    assert plain({"k": [Inner(DAY)]}) == {"k": ({"when": DAY},)}
