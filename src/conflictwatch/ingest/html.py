"""HTML -> `Article`: trafilatura finds the main text (dropping nav, footer, comments), its title
and date; a plain tag-stripping fallback keeps malformed or tiny pages readable.

Also `html_to_text`, used for feed entries whose content is an HTML fragment, not a page.
"""

from __future__ import annotations

import datetime as dt
import html as stdlib_html
import logging
import re

import lxml.etree
import lxml.html
import trafilatura

from conflictwatch.document import Article
from conflictwatch.ingest.text import parse_published, read_text

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
    "section", "article", "header", "footer", "pre", "figure", "figcaption", "dd", "dt", "hr",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head")
_SPACES = re.compile(r"[ \t\u00a0]+")
_TAG = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one line per block element; never raises."""
    if not fragment or "<" not in fragment:
        return stdlib_html.unescape(fragment or "").strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return stdlib_html.unescape(_TAG.sub(" ", fragment)).strip()
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(html: str, url: str | None) -> tuple[str | None, str | None, str | None]:
    """(text, title, date) from trafilatura, or Nones when it finds no main text."""
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings are not our errors
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - trafilatura/lxml raise many types on hostile markup
        return None, None, None
    if doc is None:
        return None, None, None
    get = doc.get if isinstance(doc, dict) else (lambda key: getattr(doc, key, None))
    return get("text"), get("title"), get("date")


def read_html(
    html: str,
    *,
    article_id: str,
    published: dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Article:
    """An article from an HTML page: main text (boilerplate trimmed), title and date when present.
    Given `published` wins over the page's date. Text is empty only if the page shows none."""
    text, title, date = _trafilatura(html, url)
    if not text or not text.strip():
        text = html_to_text(_body_or_all(html))
    if not title:
        title = _title_tag(html)
    return read_text(
        text,
        article_id=article_id,
        published=published or parse_published(date),
        outlet=outlet,
        title=title,
        url=url,
    )


def _body_or_all(html: str) -> str:
    match = re.search(r"<body[^>]*>(.*)", html, re.IGNORECASE | re.DOTALL)
    return match.group(1) if match else html


def _title_tag(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    return stdlib_html.unescape(_SPACES.sub(" ", match.group(1))).strip() or None
