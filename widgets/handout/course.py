"""The course narrative for the handout: the Markdown cells of notebooks/course/NN-*.ipynb as clean HTML.

The Markdown is the kit's own, but a cell may hold raw HTML, so what mistune renders goes through
`nh3` (the Python binding of the Rust sanitiser ammonia) with an allow-list of tags and attributes.
Nothing on the page may be loaded from anywhere: images become data: URIs or their alt text, and
links keep only http(s), mailto and #fragments, or go to another notebook's part of the page (by its
file name or by its address on the course server, `../module/2`).
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import mistune
import nbformat
import nh3

from widgets.content.course import part_route

MODULE_NAME = re.compile(r"^\d\d-.*\.ipynb$")
MAX_IMAGE_BYTES = 5_000_000

# No tbody: html5ever adds one to every bare <table><tr>, and a browser implies it all the same.
PLAIN_TAGS = [
    *["b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption"],
    *["figure", "hr", "i", "kbd", "li", "mark", "p", "pre", "s", "small", "span", "strong", "sub"],
    *["sup", "table", "tfoot", "thead", "tr", "u", "ul", "h1", "h2", "h3", "h4", "h5", "h6"],
]
RENAME = {"details": "div", "summary": "p"}  # on paper a folded part would never open
TAGS = {*PLAIN_TAGS, "a", "abbr", "img", "ol", "td", "th", *RENAME}
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),  # without it ammonia allows lang and title everywhere
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
}
DROP_WITH_CONTENT = {
    *["applet", "audio", "button", "canvas", "embed", "frame", "frameset", "head", "iframe", "math", "noscript"],
    *["object", "script", "select", "style", "svg", "template", "textarea", "title", "video"],
}
ATTRIBUTE_VALUES = {
    "width": r"\d{1,4}%?",
    "height": r"\d{1,4}%?",
    "colspan": r"\d{1,3}",
    "rowspan": r"\d{1,3}",
    "start": r"\d{1,5}",
    "type": r"[1aAiI]",
    "align": r"left|right|center",
    "scope": r"row|col|rowgroup|colgroup",
}
# ammonia checks a link's or image's scheme first, then `_keep` has the last word: it allows data: only
# for images, and turns attachment: and relative images into data: URIs (ammonia does not check again).
URL_SCHEMES = {"http", "https", "mailto", "data", "attachment"}
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# nh3's output is serialised by html5ever: `<` and `>` inside text and attribute values are escaped,
# so every `<` starts a tag, and every attribute is ` name="value"` with no `"` in the value.
TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)([^>]*)>")
HEADING = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.DOTALL)
ImageSource = Callable[[str], str]


def data_images_only(src: str) -> str:
    """Outside a notebook there is nothing to read an image from: only data: images are kept."""
    return src if DATA_IMAGE.match(src) else ""


def _href(value: str, links: dict[str, str]) -> str:
    """http(s), mailto and #fragment links as they are; another notebook to its #anchor; else ""."""
    bare = re.sub(r"[\x00-\x20]", "", value).lower()
    if bare.startswith(("http://", "https://", "mailto:")) or value.startswith("#"):
        return value
    if SCHEME.match(bare):
        return ""
    target = unquote(value.split("#")[0].split("?")[0])
    return links.get(Path(target).name) or links.get(re.sub(r"^(\.\.?/)+", "", target), "")


def _keep(image_src: ImageSource, links: dict[str, str]):
    """nh3's attribute_filter: the value to keep (maybe rewritten), or None to drop the attribute."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        value = value.strip()
        if tag == "a" and attribute == "href":
            return _href(value, links) or None
        if tag == "img" and attribute == "src":
            return image_src(value) or None
        pattern = ATTRIBUTE_VALUES.get(attribute)
        return value if pattern is None or re.fullmatch(pattern, value) else None

    return keep


def _finish(html: str, shift: int) -> str:
    """What ammonia cannot do: an image without a (data:) source becomes its alt text, details and
    summary become div and p, and headings move down `shift` levels below the page's own."""

    def tag(match: re.Match) -> str:
        slash, name, attributes = match.groups()
        if name == "img" and ' src="' not in attributes:
            alt = re.search(r' alt="([^"]*)"', attributes)  # still escaped, as nh3 wrote it
            return f'<span class="hw-missing">[Image{": " + alt[1] if alt and alt[1] else " not included"}]</span>'
        if name in RENAME:
            name = RENAME[name]
        elif re.fullmatch(r"h[1-6]", name):
            name = f"h{min(6, int(name[1]) + shift)}"
        return f"<{slash}{name}{attributes}>"

    return TAG.sub(tag, html)


def clean_html(
    html: str, image_src: ImageSource = data_images_only, shift: int = 1, links: dict[str, str] | None = None
) -> str:
    """Allow-listed, balanced HTML: no scripts, styles, frames, event handlers or `javascript:` links.

    `image_src` turns an image's src into a data: URI or "" (then the alt text is shown instead);
    `links` maps a notebook's file name to its #anchor on the page.
    """
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_keep(image_src, links or {}),
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _finish(cleaned, shift)


def first_heading(html: str) -> str:
    """The text of the first non-empty heading in clean HTML (a missing image's placeholder aside)."""
    for inner in HEADING.findall(html):
        text = unescape(re.sub(r'<span class="hw-missing">[^<]*</span>|<[^>]*>', "", inner)).strip()
        if text:
            return text
    return ""


_markdown = mistune.create_markdown(
    # nh3 decides what is harmful: mistune's own check would mangle attachment: and data: images.
    renderer=mistune.HTMLRenderer(escape=False, allow_harmful_protocols=True),
    plugins=["strikethrough", "table", "url"],
)


def _image_source(notebook: Path, attachments: dict) -> ImageSource:
    """Turns an image reference in a Markdown cell into a data: URI, or "" to leave it out."""
    root = notebook.parent.parent.resolve()

    def src(value: str) -> str:
        if DATA_IMAGE.match(value):
            return value
        if value.startswith("attachment:"):
            bundle = attachments.get(unquote(value.removeprefix("attachment:")), {})
            for mime, data in bundle.items():
                if mime.startswith("image/"):
                    text = "".join(data) if isinstance(data, list) else str(data)
                    return f"data:{mime};base64,{''.join(text.split())}"
            return ""
        if not value or SCHEME.match(value) or value.startswith(("/", "#")):
            return ""  # web images would be requests; absolute paths are not the kit's
        path = (notebook.parent / unquote(value.split("#")[0].split("?")[0])).resolve()
        mime = mimetypes.guess_type(path.name)[0] or ""
        if not (path.is_relative_to(root) and path.is_file() and mime.startswith("image/")):
            return ""
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return ""
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    return src


@dataclass(frozen=True)
class Module:
    """One course notebook's narrative: its Markdown cells, as clean HTML."""

    name: str
    title: str
    html: str


def course_modules(folder: Path) -> tuple[list[Module], list[str]]:
    """The Markdown cells of notebooks/course/NN-*.ipynb in file-name order, and any problems.

    A notebook that cannot be read (it may be half-written) is left out with a warning.
    """
    if not folder.is_dir():
        return [], []
    notebooks, warnings = [], []
    for path in sorted(p for p in folder.iterdir() if MODULE_NAME.match(p.name) and p.is_file()):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as err:  # half-written, not JSON, not a notebook: skipped, never fatal
            warnings.append(f"could not read {path}: {err}; left out of the handout")
            continue
        cells = [c for c in nb.cells if c.get("cell_type") == "markdown" and c.get("source", "").strip()]
        if cells:
            notebooks.append((path, cells))
    links = {path.name: f"#course-{i}" for i, (path, _) in enumerate(notebooks, start=1)}
    links |= {part_route(int(path.name[:2])): links[path.name] for path, _ in notebooks}  # the server's routes
    modules = []
    for path, cells in notebooks:
        parts = [
            clean_html(_markdown(cell.source), _image_source(path, cell.get("attachments") or {}), links=links)
            for cell in cells
        ]
        fallback = re.sub(r"^\d+-", "", path.stem).replace("-", " ").replace("_", " ").capitalize()
        modules.append(Module(path.name, first_heading("".join(parts)) or fallback, "".join(parts)))
    return modules, warnings
