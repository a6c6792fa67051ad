"""The only module that imports python-docx: a rendered Markdown document as a Word working paper.

Word output is built from the Markdown that `attu report` and `attu plan` render in the chosen
language, read as markdown-it's token stream, so every word of the .docx comes from the same
templates (and later catalogues) as the Markdown and HTML: this module adds form, not words.
The form is a CSP working paper's: the symbol, the date and the original language at the top
right, headings, paragraphs numbered by Word (an editor's inserted paragraph renumbers the
rest), tables with their header row repeated on each page, the charts as pictures, the
audience's mark in the header and footer of every page, and right-to-left paragraphs, runs and
tables for Arabic.

Fonts: the document names the fonts UN documents are set in (Times New Roman for Latin and
Cyrillic script, Simplified Arabic, SimSun) and, in its font table, an alternative for each that
Word and LibreOffice use when the named font is not installed on the reader's machine. The
choice is made by the reader's office suite, not here, so the file is the same on every
machine.

Charts are SVG; Word needs a bitmap beside any SVG, so each is drawn as PNG by `rsvg-convert`
(librsvg, the renderer Wikipedia uses for every SVG it shows): it shapes Arabic through
Pango and HarfBuzz, which the pure-Python converters (CairoSVG's toy text API) do not.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import RefusedError

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
LETTERED_ITEM = re.compile(r"^\(([a-z]|[ivx]+|\d+)\)\s")  # "(a) ...": a sub-paragraph, not a bullet


@dataclass(frozen=True)
class Fonts:
    """The fonts a script is set in: the UN's, and the alternative an office suite uses where it is missing."""

    latin: str = "Times New Roman"
    latin_alternative: str = "Liberation Serif"
    arabic: str = "Simplified Arabic"
    arabic_alternative: str = "Noto Naskh Arabic"
    chinese: str = "SimSun"
    chinese_alternative: str = "Noto Serif CJK SC"


# The language tag Word checks spelling with, per UN language.
WORD_LANGUAGE = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ar": "ar-SA", "zh": "zh-CN", "ru": "ru-RU"}


@dataclass(frozen=True)
class WorkingPaper:
    """What a working paper is made of: its rendered Markdown and the facts of its first page."""

    markdown: str
    lang: str
    rtl: bool
    notice: str  # the audience's mark ("" for the public), in the header and footer of every page
    symbol: str | None = None
    date: str | None = None  # already written in the document's language
    original: str | None = None  # "Original: English" in the document's language
    figures: Mapping[str, str] = field(default_factory=dict)  # image file named in the Markdown -> its SVG
    diagram_figure: str | None = None  # the figure drawn where the Markdown has a Mermaid diagram
    title: str | None = None  # the file's title property; default: the first heading
    fonts: Fonts = Fonts()


@dataclass(frozen=True)
class WordFile:
    """A Word file's bytes, and every text it was made from, for the confidentiality guard to read first."""

    payload: bytes
    texts: tuple[str, ...]
    notice: str  # the audience's mark, for the terminal to say as well


def word_file(paper: WorkingPaper) -> WordFile:
    """The working paper as a .docx, with the texts it was made from."""
    return WordFile(docx_bytes(paper), paper_texts(paper), paper.notice)


def docx_bytes(paper: WorkingPaper) -> bytes:
    """The working paper as the bytes of a .docx file, the same bytes for the same paper."""
    import docx
    from markdown_it import MarkdownIt

    document = docx.Document()
    _page_and_styles(document, paper)
    tokens = MarkdownIt("commonmark").enable("table").parse(paper.markdown)
    writer = _Writer(document, paper)
    writer.front_matter()
    writer.blocks(tokens)
    writer.header_and_footer()
    if paper.rtl:
        _right_to_left(document)
    properties = document.core_properties
    properties.title = paper.title or writer.first_heading or ""
    properties.language = WORD_LANGUAGE.get(paper.lang, paper.lang)
    properties.author = "attu"
    properties.last_modified_by = "attu"
    properties.revision = 1
    properties.comments = ""
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # no clock in the file: the same paper gives the same bytes
    properties.created = fixed
    properties.modified = fixed
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def svg_to_png(svg: str, width_px: int = 1800) -> bytes:
    """An SVG chart drawn as PNG by rsvg-convert; refused (exit 3) when librsvg's tool is not installed."""
    program = shutil.which("rsvg-convert")
    if program is None:
        raise RefusedError(
            "Word output draws the charts with rsvg-convert (librsvg), which is not installed: "
            "install it (Debian and Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg), "
            "or use --format html"
        )
    result = subprocess.run(
        [program, "--format", "png", "--width", str(width_px), "--keep-aspect-ratio"],
        input=svg.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0:
        raise RefusedError(f"rsvg-convert could not draw a chart: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


# --- page, styles and fonts ----------------------------------------------------------------------


def _page_and_styles(document: WordDocument, paper: WorkingPaper) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4, as Geneva documents are
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)
    fonts = paper.fonts
    language = WORD_LANGUAGE.get(paper.lang, paper.lang)
    _defaults(document, fonts, language)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 11)):
        style = document.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        _clear_theme_fonts(style.element)
    document.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Header", "Footer", "List Bullet", "List Bullet 2", "Quote", "Caption"):
        _clear_theme_fonts(document.styles[name].element)
    _font_table(document, fonts)


def _defaults(document: WordDocument, fonts: Fonts, language: str) -> None:
    """The document's default fonts for each script and its language, in docDefaults."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts_element = _child(run_properties, "w:rFonts")
    for attribute in list(fonts_element.attrib):
        del fonts_element.attrib[attribute]
    fonts_element.set(qn("w:ascii"), fonts.latin)
    fonts_element.set(qn("w:hAnsi"), fonts.latin)
    fonts_element.set(qn("w:eastAsia"), fonts.chinese)
    fonts_element.set(qn("w:cs"), fonts.arabic)
    lang = _child(run_properties, "w:lang")
    lang.set(qn("w:val"), language if not language.startswith(("ar", "zh")) else "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    for style in styles.findall(qn("w:style")):
        _clear_theme_fonts(style)


def _clear_theme_fonts(style: Any) -> None:
    """Drop a style's theme fonts (Calibri in python-docx's template), so the defaults above apply."""
    from docx.oxml.ns import qn

    run_properties = style.find(qn("w:rPr"))
    if run_properties is None:
        return
    for fonts_element in run_properties.findall(qn("w:rFonts")):
        run_properties.remove(fonts_element)


def _font_table(document: WordDocument, fonts: Fonts) -> None:
    """Declare each UN font with its alternative, the font Word and LibreOffice use when it is missing."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for name, alternative, family, charset in (
        (fonts.latin, fonts.latin_alternative, "roman", "00"),
        (fonts.arabic, fonts.arabic_alternative, "roman", "B2"),
        (fonts.chinese, fonts.chinese_alternative, "auto", "86"),
    ):
        for existing in table.findall(qn("w:font")):
            if existing.get(qn("w:name")) == name:
                table.remove(existing)
        font = _element("w:font", {"w:name": name})
        font.append(_element("w:altName", {"w:val": alternative}))
        font.append(_element("w:charset", {"w:val": charset}))
        font.append(_element("w:family", {"w:val": family}))
        font.append(_element("w:pitch", {"w:val": "variable"}))
        table.append(font)
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the body ------------------------------------------------------------------------------------


@dataclass
class _Context:
    """Where the parser is: inside which lists, items and quotes."""

    lists: list[dict[str, Any]] = field(default_factory=list)
    quote: int = 0


class _Writer:
    """Walks markdown-it's tokens and writes Word paragraphs, tables and pictures."""

    def __init__(self, document: WordDocument, paper: WorkingPaper) -> None:
        self.document = document
        self.paper = paper
        self.context = _Context()
        self.first_heading: str | None = None
        self.numbering = _Numbering(document)
        self.bookmarks: dict[str, str] = {}  # figure file -> bookmark name
        self.bookmark_id = 0
        self.style_ids: dict[str, str] = {}
        for name in paper.figures:
            self.bookmarks[name] = f"figure_{len(self.bookmarks) + 1}"

    def front_matter(self) -> None:
        """The symbol, the date and the original language, at the top right as on a UN document."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for text, bold in ((self.paper.symbol, True), (self.paper.date, False), (self.paper.original, False)):
            if not text:
                continue
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.space_after = 0
            run = paragraph.add_run(text)
            run.bold = bold
        if self.paper.symbol or self.paper.date or self.paper.original:
            self.document.add_paragraph()

    def header_and_footer(self) -> None:
        """The audience's mark in the header and footer of every page; the symbol above, the page number below."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.paper.notice:
            header.add_run(self.paper.notice).bold = True
        if self.paper.symbol:
            line = section.header.add_paragraph() if self.paper.notice else header
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            line.add_run(self.paper.symbol)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.paper.notice:
            footer.add_run(self.paper.notice).bold = True
            footer = section.footer.add_paragraph()
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(footer)

    # blocks

    def blocks(self, tokens: list[Any]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.heading(int(token.tag[1]), tokens[index + 1])
                index += 3
                continue
            if kind == "paragraph_open":
                self.paragraph(tokens[index + 1])
                index += 3
                continue
            if kind == "table_open":
                end = _closing(tokens, index, "table_open", "table_close")
                self.table(tokens[index : end + 1])
                index = end + 1
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrGet("start")
                self.context.lists.append(
                    {"ordered": kind == "ordered_list_open", "start": int(start) if start else 1, "num": None, "items": 0}
                )
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.context.lists.pop()
            elif kind == "list_item_open":
                self.context.lists[-1]["items"] += 1
                self.context.lists[-1]["first"] = True
            elif kind == "blockquote_open":
                self.context.quote += 1
            elif kind == "blockquote_close":
                self.context.quote -= 1
            elif kind in ("fence", "code_block"):
                self.code(token)
            elif kind == "hr":
                from docx.enum.text import WD_BREAK

                self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            index += 1

    def heading(self, level: int, inline: Any) -> None:
        text = inline.content
        if self.first_heading is None:
            self.first_heading = _plain(inline)
        paragraph = self.document.add_paragraph()
        self.style(paragraph, f"Heading {min(level, 4)}")
        self.inline(paragraph, inline.children or [])
        del text

    def paragraph(self, inline: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        children = inline.children or []
        plain = _plain(inline).strip()
        if self.paper.notice and plain == self.paper.notice.strip():
            return  # the mark is in every page's header and footer
        if not plain and not any(child.type == "image" for child in children):
            return
        paragraph = self.document.add_paragraph()
        lists = self.context.lists
        if lists:
            current = lists[-1]
            depth = len(lists)
            if current.get("first"):
                current["first"] = False
                if current["ordered"]:
                    self.numbering.number(paragraph, current)
                elif LETTERED_ITEM.match(plain):
                    paragraph.paragraph_format.left_indent = Cm(1.0 * depth)
                else:
                    self.style(paragraph, "List Bullet 2" if depth > 1 else "List Bullet")
            else:
                paragraph.paragraph_format.left_indent = Cm(1.0 * depth)
        if self.context.quote:
            paragraph.paragraph_format.left_indent = Cm(1.0 * self.context.quote)
        if any(child.type == "image" for child in children) and not plain.replace(_images_text(children), "").strip():
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.inline(paragraph, children, italic=bool(self.context.quote))

    def style(self, paragraph: Paragraph, name: str) -> None:
        """Give a paragraph a style by its id, looked up once (python-docx looks it up again at each use)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        paragraph._p.get_or_add_pPr().style = self.style_ids[name]

    def code(self, token: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if token.info.strip() == "mermaid" and self.paper.diagram_figure in self.paper.figures:
            # Word cannot draw Mermaid: the chart attu drew from the same figures stands in its place.
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.picture(paragraph, str(self.paper.diagram_figure), "")
            return
        for line in token.content.rstrip("\n").split("\n"):
            run = self.document.add_paragraph().add_run(line)
            run.font.name = "Courier New"

    def table(self, tokens: list[Any]) -> None:
        rows: list[list[tuple[Any, str | None]]] = []
        header_rows = 0
        in_head = False
        for token in tokens:
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type in ("th_open", "td_open"):
                style = token.attrGet("style") or ""
                align = style.split(":", 1)[1].strip() if "text-align" in style else None
                rows[-1].append((None, align))
            elif token.type == "inline" and rows and rows[-1]:
                rows[-1][-1] = (token, rows[-1][-1][1])
        if not rows:
            return
        columns = max(len(row) for row in rows)
        headed = header_rows and any(_plain(cell) for cell, _ in rows[0] if cell is not None)
        if not headed:  # "| | |": a table of labels and values, with no header to show
            rows = rows[header_rows:]
            header_rows = 0
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        cells = table._cells  # once: python-docx walks the whole grid for each table.cell(r, c)
        for r, row in enumerate(rows):
            for c, (cell_token, align) in enumerate(row):
                cell = cells[r * columns + c]
                self.cell(cell, cell_token, align, bold=r < header_rows or (not headed and c == 0))
            if r < header_rows:
                _repeat_header(table.rows[r])
        self.document.add_paragraph()

    def cell(self, cell: _Cell, token: Any, align: str | None, *, bold: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if token is not None:
            self.inline(paragraph, token.children or [], bold=bold)

    # inline

    def inline(self, paragraph: Paragraph, children: list[Any], *, bold: bool = False, italic: bool = False) -> None:
        strong, emphasis = int(bold), int(italic)
        link: Any = None
        for child in children:
            kind = child.type
            if kind == "text":
                self.text(paragraph, child.content, strong, emphasis, link)
            elif kind == "code_inline":
                run = self.run(paragraph, child.content, strong, emphasis, link)
                run.font.name = "Courier New"
            elif kind == "softbreak":
                self.text(paragraph, " ", strong, emphasis, link)
            elif kind == "hardbreak":
                self.run(paragraph, "", strong, emphasis, link).add_break()
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                link = self.hyperlink(paragraph, str(child.attrGet("href") or ""))
            elif kind == "link_close":
                link = None
            elif kind == "image":
                self.picture(paragraph, str(child.attrGet("src") or ""), _plain(child))
            elif kind == "html_inline" and child.content.lower().startswith("<br"):
                self.run(paragraph, "", strong, emphasis, link).add_break()

    def text(self, paragraph: Paragraph, text: str, strong: int, emphasis: int, link: Any) -> None:
        """Text, with each bare web address in it made a link (sources print their URLs so)."""
        if link is not None:
            self.run(paragraph, text, strong, emphasis, link)
            return
        position = 0
        for found in URL.finditer(text):
            if found.start() > position:
                self.run(paragraph, text[position : found.start()], strong, emphasis, None)
            target = self.hyperlink(paragraph, found.group())
            self.run(paragraph, found.group(), strong, emphasis, target)
            position = found.end()
        if position < len(text):
            self.run(paragraph, text[position:], strong, emphasis, None)

    def run(self, paragraph: Paragraph, text: str, strong: int, emphasis: int, link: Any) -> Any:
        run = paragraph.add_run(text)
        if strong:
            run.bold = True
        if emphasis:
            run.italic = True
        if link is not None:
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)  # Word's own colour for links
            run.font.underline = True
            link.append(run._r)
        return run

    def hyperlink(self, paragraph: Paragraph, href: str) -> Any:
        """A w:hyperlink in the paragraph: to a web address, or to a chart of this document."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        if href in self.bookmarks:
            element = _element("w:hyperlink", {"w:anchor": self.bookmarks[href], "w:history": "1"})
        elif href.startswith(("https://", "http://", "mailto:")):
            relationship = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
            element = _element("w:hyperlink", {"r:id": relationship, "w:history": "1"})
        else:
            element = _element("w:hyperlink", {})  # a link to a file beside the Markdown: text only here
        paragraph._p.append(element)
        return element

    def picture(self, paragraph: Paragraph, source: str, description: str) -> None:
        from docx.shared import Cm

        svg = self.paper.figures.get(source)
        if svg is None:
            if description:
                paragraph.add_run(description).italic = True
            return
        bookmark = self.bookmarks[source]
        start = _element("w:bookmarkStart", {"w:id": str(self.bookmark_id), "w:name": bookmark})
        paragraph._p.append(start)
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(svg_to_png(svg)), width=Cm(16))
        paragraph._p.append(_element("w:bookmarkEnd", {"w:id": str(self.bookmark_id)}))
        self.bookmark_id += 1
        from docx.oxml.ns import qn

        for properties in run._r.iter(qn("wp:docPr")):
            properties.set("descr", description or _svg_title(svg))


class _Numbering:
    """Word's own numbering for the numbered paragraphs: one list continued while the Markdown's numbers run on."""

    ABSTRACT_ID = "9001"

    def __init__(self, document: WordDocument) -> None:
        self.part = document.part.numbering_part.element
        self.next_expected: int | None = None
        self.num_id: str | None = None
        self.counter = 9000
        abstract = _element("w:abstractNum", {"w:abstractNumId": self.ABSTRACT_ID})
        level = _element("w:lvl", {"w:ilvl": "0"})
        level.append(_element("w:start", {"w:val": "1"}))
        level.append(_element("w:numFmt", {"w:val": "decimal"}))
        level.append(_element("w:lvlText", {"w:val": "%1."}))
        level.append(_element("w:lvlJc", {"w:val": "left"}))
        paragraph_properties = _element("w:pPr", {})
        tabs = _element("w:tabs", {})
        tabs.append(_element("w:tab", {"w:val": "num", "w:pos": "567"}))
        paragraph_properties.append(tabs)
        paragraph_properties.append(_element("w:ind", {"w:left": "0", "w:firstLine": "0"}))
        level.append(paragraph_properties)
        abstract.append(level)
        # abstractNum elements come before num elements in numbering.xml
        first_num = self.part.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.part.append(abstract)

    def number(self, paragraph: Paragraph, current: dict[str, Any]) -> None:
        """Number a list item's paragraph: it goes on with the last list when its number follows on."""
        value = current["start"] + current["items"] - 1
        if current["num"] is None:
            if self.num_id is None or value != self.next_expected:
                self.num_id = self._new(value)
            current["num"] = self.num_id
        self.next_expected = value + 1
        properties = paragraph._p.get_or_add_pPr()
        numbering = _element("w:numPr", {})
        numbering.append(_element("w:ilvl", {"w:val": "0"}))
        numbering.append(_element("w:numId", {"w:val": current["num"]}))
        properties.append(numbering)

    def _new(self, start: int) -> str:
        self.counter += 1
        num_id = str(self.counter)
        num = _element("w:num", {"w:numId": num_id})
        num.append(_element("w:abstractNumId", {"w:val": self.ABSTRACT_ID}))
        override = _element("w:lvlOverride", {"w:ilvl": "0"})
        override.append(_element("w:startOverride", {"w:val": str(start)}))
        num.append(override)
        self.part.append(num)
        return num_id


# --- right to left -------------------------------------------------------------------------------


def _right_to_left(document: WordDocument) -> None:
    """Arabic: every paragraph and table right to left, and every run with Arabic letters an RTL run."""
    from docx.oxml.ns import qn

    parts = [document.element.body]
    section = document.sections[0]
    parts += [section.header._element, section.footer._element]
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            properties = paragraph.get_or_add_pPr()
            _insert_in_order(properties, _element("w:bidi", {}), _PARAGRAPH_ORDER)
        for run in root.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if ARABIC_LETTERS.search(text):
                properties = run.get_or_add_rPr()
                _insert_in_order(properties, _element("w:rtl", {}), _RUN_ORDER)
        for table in root.iter(qn("w:tbl")):
            properties = table.find(qn("w:tblPr"))
            _insert_in_order(properties, _element("w:bidiVisual", {}), _TABLE_ORDER)
    sect = document.element.body.find(qn("w:sectPr"))
    if sect is not None:
        _insert_in_order(sect, _element("w:bidi", {}), _SECTION_ORDER)


# The schema's order of the children that come after the one inserted (OOXML validates the order).
_PARAGRAPH_ORDER = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_RUN_ORDER = ("w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_TABLE_ORDER = (
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)
_SECTION_ORDER = ("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _insert_in_order(parent: Any, element: Any, after_names: tuple[str, ...]) -> None:
    """Insert `element` before the first child the schema puts after it (once only)."""
    from docx.oxml.ns import qn

    if parent.find(element.tag) is not None:
        return
    later = {qn(name) for name in after_names[1:]}
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return
    parent.append(element)


# --- small helpers -------------------------------------------------------------------------------


def _element(tag: str, attributes: Mapping[str, str]) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    return element


def _child(parent: Any, tag: str) -> Any:
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = _element(tag, {})
        parent.append(found)
    return found


def _plain(token: Any) -> str:
    """The text of an inline token, as a reader sees it."""
    children = token.children or []
    if not children:
        return str(token.content or "")
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child))
    return "".join(parts)


def _images_text(children: list[Any]) -> str:
    return "".join(_plain(child) for child in children if child.type == "image")


def _closing(tokens: list[Any], start: int, opening: str, closing: str) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == opening:
            depth += 1
        elif tokens[index].type == closing:
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def _repeat_header(row: Any) -> None:
    """A header row that Word repeats at the top of each page the table runs on to."""
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:tblHeader", {}))


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field, which the office suite fills in on each page."""
    run = paragraph.add_run()
    run._r.append(_element("w:fldChar", {"w:fldCharType": "begin"}))
    instruction = _element("w:instrText", {"xml:space": "preserve"})
    instruction.text = " PAGE "
    run._r.append(instruction)
    run._r.append(_element("w:fldChar", {"w:fldCharType": "separate"}))
    shown = paragraph.add_run("1")
    del shown
    paragraph.add_run()._r.append(_element("w:fldChar", {"w:fldCharType": "end"}))


def _svg_title(svg: str) -> str:
    found = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
    return found.group(1).strip() if found else ""


def _reproducible_zip(payload: bytes) -> bytes:
    """The package again with fixed entry dates, so the same paper is the same file."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()


def original_line(original: str, lang: str) -> str:
    """The line "Original: English" in the document's language: the label from the message catalogues
    (report.words.j2), the language's name from CLDR."""
    from att_univ.documents.languages import language_display_name
    from att_univ.documents.templating import template_values

    locale = "en_GB" if lang == "en" else lang
    label = template_values("report.words.j2", locale=locale)["original"]
    return str(label(language_display_name(original, lang)))


def paper_texts(paper: WorkingPaper) -> tuple[str, ...]:
    """Every text a working paper is made of: what the confidentiality guard reads before the file is written."""
    front = (paper.notice, paper.symbol or "", paper.date or "", paper.original or "", paper.title or "")
    return (paper.markdown, *front, *paper.figures.values())
