"""The depositary watch's decision (tools/depositary_watch.py) on four saved pages, offline."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, snapshot
from tests.support.untc_pages import PAGE_PATH, PAGE_TEXT, replace_in_row, with_new_accession_of_ecuador

_SPEC = importlib.util.spec_from_file_location("depositary_watch", REPO / "tools" / "depositary_watch.py")
assert _SPEC is not None and _SPEC.loader is not None
watch_tool = importlib.util.module_from_spec(_SPEC)
sys.modules["depositary_watch"] = watch_tool  # dataclasses look their module up there
_SPEC.loader.exec_module(watch_tool)
TODAY = dt.date(2026, 2, 20)


def _page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "untc.html"
    path.write_text(text, encoding="utf-8")
    return path


def _run(page: Path, data: Path, tmp_path: Path) -> tuple[str, str, str]:
    body, output = tmp_path / "body.md", tmp_path / "github-output"
    arguments = [str(page), "--data", str(data), "--body", str(body), "--github-output", str(output)]
    assert watch_tool.main([*arguments, "--on", TODAY.isoformat()]) == 0
    lines = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return lines["outcome"], lines["title"], body.read_text(encoding="utf-8")


def test_the_saved_page_needs_nothing(linked_copy: Path, tmp_path: Path) -> None:
    before = snapshot(linked_copy)
    outcome, title, _ = _run(PAGE_PATH, linked_copy, tmp_path)
    assert (outcome, title) == ("none", "")
    assert snapshot(linked_copy) == before


def test_a_changed_date_opens_a_pull_request_with_the_change(linked_copy: Path, tmp_path: Path) -> None:
    page = _page(tmp_path, replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"))
    outcome, title, body = _run(page, linked_copy, tmp_path)
    assert outcome == "pull-request"
    assert title == "Depositary watch: reconcile with the status page as at 2026-02-03"
    assert "deposit date differs: the page gives 20 March 2014, the dataset 19 March 2014" in body
    assert "date: 2014-03-20" in (linked_copy / "states" / "alb.yaml").read_text(encoding="utf-8")


def test_a_new_party_opens_a_pull_request_that_records_it(linked_copy: Path, tmp_path: Path) -> None:
    page = _page(tmp_path, with_new_accession_of_ecuador(PAGE_TEXT))
    outcome, title, body = _run(page, linked_copy, tmp_path)
    assert outcome == "pull-request"
    assert title.endswith("as at 2026-02-12")
    assert "Ecuador (ECU)" in body
    ecuador = (linked_copy / "states" / "ecu.yaml").read_text(encoding="utf-8")
    assert "deposit:\n    date: 2026-02-12\n    instrument: accession\n" in ecuador


@pytest.mark.parametrize("text", ["", "<html><body>Service unavailable</body></html>"], ids=["empty", "error-page"])
def test_an_unreadable_page_opens_an_issue_and_writes_nothing(linked_copy: Path, tmp_path: Path, text: str) -> None:
    before = snapshot(linked_copy)
    outcome, title, body = _run(_page(tmp_path, text), linked_copy, tmp_path)
    assert (outcome, title) == ("issue", "Depositary watch: the status page could not be read")
    assert "could not be read" in body and "attu reconcile PAGE" in body
    assert snapshot(linked_copy) == before


def test_the_workflow_runs_weekly_and_on_demand_and_calls_the_watch() -> None:
    workflow = (REPO / ".github" / "workflows" / "depositary-watch.yml").read_text(encoding="utf-8")
    assert "schedule:" in workflow and "workflow_dispatch:" in workflow
    assert "python tools/depositary_watch.py" in workflow
    assert "steps.watch.outputs.outcome == 'pull-request'" in workflow
    assert "steps.watch.outputs.outcome == 'issue'" in workflow
