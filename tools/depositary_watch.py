"""The depositary watch: what to do about a freshly downloaded UNTC status page of the treaty.

Run weekly by .github/workflows/depositary-watch.yml after it has downloaded the page; tested
offline in tests/depositary/test_watch.py on saved pages. It decides one of three outcomes and
writes it where GitHub Actions reads step outputs (`outcome=...` in the file given by --github-output):

- `none`: the page agrees with the dataset (information only); nothing to do;
- `pull-request`: the page differs and `attu reconcile --apply` wrote the changes into the dataset;
  the Markdown findings are written to --body, the description of the one pull request;
- `issue`: the page cannot be read, the dataset is invalid, or the page differs in a way that cannot
  be applied by itself (unknown names, totals that disagree); --body explains, for an issue.

The text that leaves the repository (bodies) is for the public: reconciled against the public view
of the dataset and passed through the confidentiality guard, as `attu reconcile` does.

    python tools/depositary_watch.py PAGE --data data --body body.md --github-output "$GITHUB_OUTPUT" --on YYYY-MM-DD
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE_URL = "https://treaties.un.org/Pages/ViewDetails.aspx?src=IND&mtdsg_no=XXVI-8&chapter=26&lang=en"


@dataclass(frozen=True)
class Outcome:
    """What the workflow should do, the title of the pull request or issue, and its description."""

    action: str  # none, pull-request, issue
    title: str
    body: str


def watch(page_path: Path, data: Path, *, today: dt.date) -> Outcome:
    """Compare the page with the dataset and, when it differs, apply what can be applied."""
    from att_univ.core.errors import AttuError
    from att_univ.data.guard import guard_for
    from att_univ.data.loader import load_dataset
    from att_univ.depositary.apply import apply_reconciliation
    from att_univ.depositary.page import UntcParseError, parse_status_file
    from att_univ.depositary.reconcile import reconcile
    from att_univ.views.reconcile import render_reconciliation

    try:
        page = parse_status_file(page_path)
    except UntcParseError as error:
        where = f" (line {error.line})" if error.line is not None else ""
        return _unreadable(f"the downloaded page could not be read{where}: {error.message}")
    except OSError as error:
        return _unreadable(f"the downloaded page could not be opened: {error.strerror or error}")

    loaded = load_dataset(data)
    if not loaded.ok or loaded.dataset is None:
        listed = "\n".join(f"- `{problem}`" for problem in loaded.problems[:50])
        return Outcome("issue", "Depositary watch: the dataset is invalid", f"`attu validate` fails:\n\n{listed}\n")
    full = loaded.dataset
    public = reconcile(page, full.for_audience("public"))
    if public.agrees:
        return Outcome("none", "", render_reconciliation(public, None, "markdown"))
    guard = guard_for(full, "public")
    findings = render_reconciliation(public, None, "markdown")
    guard.check(findings)
    when = f" as at {page.as_of.isoformat()}" if page.as_of else ""
    try:
        applied = apply_reconciliation(page, full, reconcile(page, full), today=today)
    except AttuError as error:
        body = f"The depositary's status page{when} differs from the dataset, and the changes cannot be applied by themselves: {error.message}.\n\n{findings}"
        return Outcome("issue", f"Depositary watch: the status page{when} needs a person", body)
    if not applied.written:
        body = (
            f"The depositary's status page{when} differs from the dataset, and nothing could be applied by itself.\n\n{findings}"
        )
        return Outcome("issue", f"Depositary watch: the status page{when} needs a person", body)
    report = render_reconciliation(public, applied, "markdown")
    guard.check(report)
    body = (
        f"The depositary's status page{when} ({PAGE_URL}) differs from the dataset. This pull request holds the "
        f"changes `attu reconcile --apply` made; review each against the page before merging.\n\n{report}"
    )
    return Outcome("pull-request", f"Depositary watch: reconcile with the status page{when}", body)


def _unreadable(why: str) -> Outcome:
    body = (
        f"The weekly depositary watch downloaded {PAGE_URL} but {why}.\n\n"
        "The page may have changed its layout, or the download may have failed. Save the page from a browser "
        "and run `attu reconcile PAGE` to check the dataset by hand."
    )
    return Outcome("issue", "Depositary watch: the status page could not be read", body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--body", type=Path, required=True, help="Where to write the pull request's or issue's description.")
    parser.add_argument("--github-output", type=Path, help="GitHub Actions' step output file ($GITHUB_OUTPUT).")
    parser.add_argument("--on", help="The date of the reconciliation, YYYY-MM-DD (default: today).")
    args = parser.parse_args(argv)
    today = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    outcome = watch(args.page, args.data, today=today)
    args.body.write_text(outcome.body, encoding="utf-8")
    if args.github_output is not None:
        with args.github_output.open("a", encoding="utf-8") as handle:
            handle.write(f"outcome={outcome.action}\ntitle={outcome.title}\n")
    print(f"depositary watch: {outcome.action}" + (f" ({outcome.title})" if outcome.title else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
