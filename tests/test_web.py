"""The web version (`--format html`) as a reader's browser shows it: a real headless Chromium
at a phone's width (390 px) and a desktop's (1280 px), in light and dark mode and printed.
The book is a teacher's (tests/books/acids): its own theme, a logo, figures, tables,
footnotes, citations and an index."""
from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from browser import CHROMIUM, Browser
from conftest import BOOKS

from book.cli import main

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

PHONE, DESKTOP = 390, 1280

# The colour of an element's text and of what it stands on, as WCAG computes contrast: the
# backgrounds of it and its parents, see-through ones laid over those under them.
CONTRAST = """(() => {
  const rgba = (text) => {
    const numbers = (text.match(/[\\d.]+/g) || ['0', '0', '0', '0']).map(Number);
    // color-mix() computes to color(srgb r g b / a), with channels from 0 to 1
    const rgb = text.startsWith('color(') ? numbers.slice(0, 3).map((v) => v * 255)
                                          : numbers.slice(0, 3);
    return [...rgb, numbers.length > 3 ? numbers[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const linear = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const over = (top, under) => under.map((v, i) => i < 3 ? top[i] * top[3] + v * (1 - top[3]) : 1);
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const failures = [];
  let measured = 0;
  for (const element of document.body.querySelectorAll('*')) {
    if (![...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(element);
    if (!element.getClientRects().length || style.visibility === 'hidden') continue;
    const back = backdrop(element), text = over(rgba(style.color), back);
    const [a, b] = [luminance(text), luminance(back)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    measured++;
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(`${element.tagName}.${element.className} ${ratio.toFixed(2)}: ` +
                    element.textContent.trim().slice(0, 40));
    }
  }
  return {measured, failures};
})()"""

# Characters on a full line of each paragraph: the width of its column over the mean
# width of its characters as they are drawn.
LINE_LENGTHS = """[...document.querySelectorAll('main p')].filter((p) => p.textContent.length > 120
    && p.getClientRects().length).map((p) => {
  let width = 0, characters = 0;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) width += rect.width;
    characters += node.textContent.length;
  }
  const style = getComputedStyle(p);
  const column = p.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.round(column / (width / characters));
})"""


@pytest.fixture(scope="module")
def web_version(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web") / "acids"
    shutil.copytree(BOOKS / "acids", root)
    assert main(["build", "-C", str(root), "--format", "html", "--quiet"]) == 0
    return root / "build" / "acids-and-bases.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(tmp_path_factory.mktemp("profile")) as browser:
        yield browser


def test_the_page_tells_a_phone_its_width(web_version):
    page = lxml.html.parse(str(web_version)).getroot()
    assert page.xpath("//head/meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"]


def test_on_a_phone_nothing_scrolls_sideways_and_the_text_is_at_least_14_px(web_version,
                                                                            browser):
    browser.open(web_version.as_uri(), PHONE)
    assert browser.evaluate("innerWidth") == PHONE, "the page is laid out at the phone's width"
    assert browser.evaluate("document.documentElement.scrollWidth") <= PHONE
    sizes = browser.evaluate("[...document.querySelectorAll('main p')].filter((p) => "
                             "p.getClientRects().length).map((p) => "
                             "parseFloat(getComputedStyle(p).fontSize) * visualViewport.scale)")
    assert len(sizes) > 50
    assert min(sizes) >= 14


def test_on_a_phone_the_contents_are_a_tap_away(web_version, browser):
    browser.open(web_version.as_uri(), PHONE)
    bar = browser.evaluate("(() => { const r = document.querySelector('.web-bar')"
                           ".getBoundingClientRect(); return [r.top, r.height]; })()")
    assert bar[0] == 0 and 0 < bar[1] < 60
    browser.evaluate("document.querySelector('.web-bar-contents').click()")
    assert browser.evaluate("location.hash") == "#contents"
    top = browser.evaluate("document.getElementById('contents').getBoundingClientRect().top")
    assert bar[1] - 1 <= top < bar[1] + 40, "the contents open under the bar"


def test_on_a_desktop_lines_hold_at_most_90_characters(web_version, browser):
    browser.open(web_version.as_uri(), DESKTOP)
    lengths = browser.evaluate(LINE_LENGTHS)
    assert len(lengths) > 20
    assert max(lengths) <= 90
    assert min(lengths) >= 45, "a narrow column is no better"


def test_on_a_desktop_the_contents_stay_beside_the_text(web_version, browser):
    browser.open(web_version.as_uri(), DESKTOP)
    browser.evaluate("document.getElementById('the-ph-scale').scrollIntoView()")
    boxes = browser.evaluate("""(() => {
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      const [contents, text] = [box('#contents'), box('#the-ph-scale')];
      return {contents: [contents.left, contents.right, contents.top], text: text.left};
    })()""")
    assert boxes["contents"][0] == 0 and boxes["contents"][2] == 0, "fixed at the left"
    assert boxes["contents"][1] <= boxes["text"]
    assert browser.evaluate("document.querySelector('.web-bar').getClientRects().length") == 0


def test_numbers_in_the_contents_stand_apart_from_the_titles(web_version, browser):
    browser.open(web_version.as_uri(), PHONE)
    # From the end of the number's digits to the start of the title's first letter.
    gaps = browser.evaluate("""[...document.querySelectorAll('.toc-number, .lof-number')]
      .filter((number) => number.textContent).map((number) => {
        const [digits, title] = [document.createRange(), document.createRange()];
        digits.selectNodeContents(number);
        title.setStartAfter(number);
        title.setEndAfter(number.parentElement.lastChild);
        return title.getClientRects()[0].left - digits.getBoundingClientRect().right;
      })""")
    assert len(gaps) >= 5  # 3 chapters and the figures
    assert min(gaps) >= 8


def test_the_logo_is_sized_for_the_page(web_version, browser):
    browser.open(web_version.as_uri(), DESKTOP)
    height = browser.evaluate("document.querySelector('.classroom-logo').offsetHeight")
    assert 20 < height <= 100


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_keeps_aa_contrast(web_version, browser, dark):
    for width in (PHONE, DESKTOP):
        browser.open(web_version.as_uri(), width, dark=dark)
        assert browser.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == dark
        page = browser.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert page == ("rgb(22, 25, 29)" if dark else "rgb(255, 255, 255)")
        result = browser.evaluate(CONTRAST)
        assert result["measured"] > 300
        assert result["failures"] == []


def test_printed_from_a_dark_browser_it_is_dark_text_on_white_without_the_bars(web_version,
                                                                               browser):
    browser.open(web_version.as_uri(), DESKTOP, dark=True, print_media=True)
    shown = browser.evaluate("""(() => {
      const style = (selector) => getComputedStyle(document.querySelector(selector));
      return {page: style('html').backgroundColor, text: style('.chapter-body p').color,
              bar: style('.web-bar').display, contents: style('#contents').position};
    })()""")
    assert shown == {"page": "rgb(255, 255, 255)", "text": "rgb(26, 26, 26)",
                     "bar": "none", "contents": "static"}


def test_every_link_and_picture_of_the_page_resolves(web_version):
    page = lxml.html.parse(str(web_version)).getroot()
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique"
    links = page.xpath("//a/@href")
    inside = [link for link in links if link.startswith("#")]
    assert [link for link in inside if link[1:] not in ids] == []
    assert len(page.find_class("index-locator")) > 30
    assert page.xpath("//a[@class='xref section']")  # a link to a section of another chapter
    # Links to the web (a reference's DOI) lead out; every other is a file beside the page.
    files = [link for link in links + page.xpath("//img/@src")
             if not link.startswith(("#", "https://", "http://"))]
    assert files, "the figures and the logo are files beside the page"
    for link in files:
        assert ":" not in link.split("/")[0], f"{link} is not in the output folder"
        target = (web_version.parent / link).resolve()
        assert target.is_relative_to(web_version.parent / "acids-and-bases-files")
        assert target.is_file(), link


def test_index_locators_say_where_they_lead(web_version):
    page = lxml.html.parse(str(web_version)).getroot()
    [entry] = page.xpath("//li[span[@class='index-entry-term'] = 'Svante Arrhenius']")
    [locator] = entry.find_class("index-locator")
    assert locator.text == "\u2192"
    assert locator.get("title") == locator.get("aria-label") == (
        "Chapter 1, Two ways to define an acid")
