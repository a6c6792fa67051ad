"""The depositary's status page saved on 3 February 2026, and ways to change it as the depositary would."""

from __future__ import annotations

import datetime as dt
import re

from att_univ.data.loader import load_file
from att_univ.data.models import DepositaryNames
from att_univ.data.spellings import spelling_table
from tests.conftest import DATA, FIXTURES

PAGE_PATH = FIXTURES / "untc" / "untc_att_20260203.html"
# shared/reference/att-status.csv as at 2026-02-03: the independent reference for the page's rows.
REFERENCE_CSV = FIXTURES / "reference" / "att-status.csv"


def names_table() -> dict[str, str]:
    """The bundled table of the depositary's spellings, validated as the loader validates it."""
    model, problems = load_file(DATA / "depositary-names.yaml", DepositaryNames)
    assert problems == [] and isinstance(model, DepositaryNames)
    return spelling_table(model)


def read_page_text() -> str:
    # Keep the page's own line breaks (it has lone CRs), so line numbers match the file.
    return PAGE_PATH.read_bytes().decode("utf-8")


def row_block(text: str, name: str) -> str:
    """The <tr>...</tr> of the participant printed as `name` in the saved page."""
    name_at = text.index(f"<td>{name}<br></td>")
    start = text.rindex("\t<tr", 0, name_at)
    end = text.index("</tr>", name_at) + len("</tr>\r\n")
    return text[start:end]


def replace_in_row(text: str, name: str, old: str, new: str) -> str:
    block = row_block(text, name)
    assert old in block
    return text.replace(block, block.replace(old, new, 1), 1)


PAGE_TEXT = read_page_text()


ECUADOR_ROW = (
    '\t<tr class="trBWhite">\r\n\t\t<td>Ecuador<br></td>\r\n\t\t<td>&nbsp;</td>\r\n'
    "\t\t<td>&nbsp;</td>\r\n\t\t<td>12 Feb\t 2026 a<br></td>\r\n\t</tr>\r\n"
)


def with_totals(text: str, signatories: int, parties: int) -> str:
    text, count = re.subn(r"(Signatories :\s*)\d+", rf"\g<1>{signatories}", text, count=1)
    text, count_parties = re.subn(r"(Parties :\s*)\d+", rf"\g<1>{parties}", text, count=1)
    assert count == count_parties == 1
    return text


def with_status_as_at(text: str, day: dt.date) -> str:
    assert "STATUS AS AT : 03-02-2026" in text
    return text.replace("STATUS AS AT : 03-02-2026", f"STATUS AS AT : {day:%d-%m-%Y}", 1)


def with_new_accession_of_ecuador(text: str) -> str:
    after = row_block(text, "Dominican Republic")
    text = text.replace(after, after + ECUADOR_ROW, 1)
    return with_status_as_at(with_totals(text, 130, 118), dt.date(2026, 2, 12))
