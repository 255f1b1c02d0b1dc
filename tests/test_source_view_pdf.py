"""The source view of a real published PDF: the cited line's page, its text and its image."""
from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
PDF = "江苏省人民检察院_2017年省检察院部门预算.pdf"


@pytest.fixture(scope="module")
def pdf_app(tmp_path_factory):
    if not (REAL / PDF).is_file():
        pytest.skip(f"{REAL / PDF} is not here")
    from budgetkg.build import build
    from budgetkg.settings import SETTINGS
    from server import create_app
    from server.app import CONFIG_KEYS

    folder = tmp_path_factory.mktemp("pdf")
    (folder / "sources").mkdir()
    shutil.copy(REAL / PDF, folder / "sources" / PDF)
    build(folder / "sources", folder / "build")
    config = {k: SETTINGS[k].default for k in CONFIG_KEYS}
    config.update(build_dir=str(folder / "build"), query_workers=1)
    app = create_app(config)
    yield app, folder
    app.extensions["budgetkg"].close()


def test_source_view_of_a_pdf_shows_the_cited_lines_page_with_its_image(pdf_app):
    from kg_build.source import read_source

    app, folder = pdf_app
    text = read_source(folder / "sources" / PDF)
    line = next(i for i, l in enumerate(text.lines, 1) if text.page_of(i) == 3 and l.strip())
    client = app.test_client()
    resp = client.get(f"/source/{urllib.parse.quote(PDF)}?lines={line}")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "第 3 页" in html and f'id="L{line}" value="{line}" class="cited"' in html
    # only that page's lines: the first and last lines of the page, nothing of the next page
    page_lines = [i for i in range(1, len(text.lines) + 1) if text.page_of(i) == 3]
    assert html.count('<li id="L') == len(page_lines)
    img = f'/source/{urllib.parse.quote(PDF)}/page/3.png'
    assert f'src="{img}"' in html
    png = client.get(img)
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/source/{urllib.parse.quote(PDF)}/page/999.png").status_code == 404


def test_a_changed_pdf_shows_its_text_but_no_image(pdf_app, tmp_path):
    app, folder = pdf_app
    client = app.test_client()
    source = folder / "sources" / PDF
    original = source.read_bytes()
    try:
        source.write_bytes(original + b"\n% changed after the build\n")
        html = client.get(f"/source/{urllib.parse.quote(PDF)}?page=2").get_data(as_text=True)
        assert "<img" not in html and 'class="source-text"' in html
    finally:
        source.write_bytes(original)
