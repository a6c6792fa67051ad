"""`attu site`: a static website of the treaty's universalization, from the public view of the dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from att_univ.cli import app
from att_univ.cli.common import DataOption, VerboseOption, note, open_for_audience


@app.command()
def site(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The directory to write the website into (new, empty, or an earlier attu site).")
    ],
    lang: Annotated[str, typer.Option("--lang", help="The languages of the pages, separated by commas.")] = "en,fr,es,ar",
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Where the site will be published (https://...): adds canonical links and sitemap.xml.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write a public website: counts, world map, timeline, a page per state and region, the table, downloads."""
    from att_univ.data.guard import armed_guard
    from att_univ.documents.site import check_base_url, check_languages, check_target, guard_site, write_site
    from att_univ.views.site import build_site

    langs = check_languages(lang)
    base = check_base_url(base_url)
    check_target(out)  # refuse a folder that is not an earlier site before any work (write_site checks again)
    _, view = open_for_audience(data, "public", verbose=verbose)
    files = build_site(view, langs=langs, base_url=base)
    guard_site(files, armed_guard())  # every file, before any is written: exit 4 and nothing written
    write_site(files, out)
    pages = sum(1 for path in files if path.endswith(".html"))
    note(f"attu: wrote {len(files)} files ({pages} pages in {', '.join(langs)}) to {out}; open {out / 'index.html'}")
