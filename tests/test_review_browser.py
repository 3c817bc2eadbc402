"""The review page in a real browser: headless Chromium loads it, prints it, and lays out
Arabic right to left.

Chromium is the Debian package ``chromium`` (``apt-get install chromium``; ``python3 dev.py
test`` installs it when run as root). In CI (``CI=true``) a missing browser fails the test;
on a developer machine without it, the test is skipped and says how to install it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from otpmsg import Renderer
from otpmsg._cli import main

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    how = "install it with `apt-get install chromium` (as root), or run `python3 dev.py test`"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"chromium is missing in CI: {how}")
    pytest.skip(f"chromium is not installed: {how}")


def _browse(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review page of the shipped templates."""
    _chromium()  # fail or skip before rendering anything
    path = tmp_path_factory.mktemp("review") / "review.html"
    assert main(["review", "--out", str(path)]) == 0
    return path


def _messages() -> int:
    renderer = Renderer()
    return len(renderer.locales()) * len(renderer.operations())


def test_review_page_loads(page: Path, tmp_path: Path) -> None:
    result = _browse(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert '<table class="matrix">' in dom
    renderer = Renderer()
    for locale in renderer.locales():
        for operation in renderer.operations():
            assert f'href="#{locale}--{operation}"' in dom
    assert len(re.findall(r'<section class="message"', dom)) == _messages()
    assert '<div class="sms" lang="ar" dir="rtl">' in dom


def _pdf_pages(page: Path, tmp_path: Path) -> int:
    pdf = tmp_path / "review.pdf"
    result = _browse(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    return len(_PAGE.findall(pdf.read_bytes()))


def test_review_page_prints_compactly(page: Path, tmp_path: Path) -> None:
    pages = _pdf_pages(page, tmp_path)
    messages = _messages()
    assert pages >= 1
    assert pages <= messages // 3, f"{pages} PDF pages for {messages} messages"


_PROBE = """
<script>
const out = [];
for (const el of document.querySelectorAll('.sms[lang="ar"]')) {
  const range = document.createRange();
  const text = el.firstChild && el.firstChild.nodeType === 3 ? el.firstChild : el;
  range.setStart(text, 0);
  range.setEnd(text, 1);
  const first = range.getBoundingClientRect();
  const box = el.getBoundingClientRect();
  out.push([getComputedStyle(el).direction, first.left - box.left, box.right - first.right]);
}
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
"""


def test_arabic_cards_read_right_to_left(page: Path, tmp_path: Path) -> None:
    """Laid out, each Arabic text is rtl and starts at the right edge of its box."""
    probe = tmp_path / "probe.html"  # a copy with a script: the page itself has none
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), "utf-8"
    )
    result = _browse(tmp_path, "--dump-dom", probe.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, "the probe did not run"
    boxes = json.loads(match.group(1).replace("&quot;", '"'))
    assert len(boxes) == 2 * len(Renderer().operations())  # typical and worst case
    for direction, from_left, from_right in boxes:
        assert direction == "rtl"
        assert from_right < from_left  # the first character sits at the right
