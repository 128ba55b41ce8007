"""The course website: it builds with --strict, loads nothing from the internet, gives no
answer away, and its math and figures really render in a browser (headless Chromium).

The browser test drives Debian's `chromium` over the DevTools protocol (a websocket, with
the small `websocket-client` package) against the built site served on 127.0.0.1. Every
request the browser makes to any other host goes to a recording proxy that refuses it,
so the browser cannot reach the internet; the test asserts on the requests the DevTools
protocol reports for the page and its workers (Chromium's own background traffic, e.g.
its clock and account services, goes to the proxy and is not the site's doing). It
keeps a screenshot of the backward-pass page in DOCS_ARTIFACTS (default
$TMPDIR/four-or-five-docs): a DOM check alone has passed blank math before, so look.
"""

import base64
import html
import importlib.util
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.course import LESSONS  # noqa: E402
from checks.stubs import stub_source  # noqa: E402

ARTIFACTS = Path(os.environ.get("DOCS_ARTIFACTS") or Path(tempfile.gettempdir()) / "four-or-five-docs")
BACKWARD_PAGE = "lessons/04-backward/"
CLASSIFIER_PAGE = "lessons/07-classifier/"


# --- the build -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(folder, server): the site built with `mkdocs build --strict` into a temporary folder,
    and an HTTP server for it on 127.0.0.1 (started by the browser tests).

    The server's port is chosen first and the site built for that address (SITE_URL):
    Material's instant navigation only treats links as internal on its site_url's port.
    """
    out = tmp_path_factory.mktemp("site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(out)))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                               "SITE_URL": f"http://127.0.0.1:{server.server_address[1]}/"})
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{log[-4000:]}"
    assert "WARNING" not in log, f"the build warned:\n{log[-4000:]}"
    yield out, server
    server.server_close()


@pytest.fixture(scope="module")
def site(served):
    return served[0]


def test_the_home_page_counts_the_lessons_it_lists():
    """"In seven short lessons" and "Three more lessons, optional": the course table's two parts."""
    words = {number: word for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split())}
    text = (ROOT / "docs" / "index.md").read_text()
    part = {number: sum(lesson.part == number for lesson in LESSONS) for number in (1, 2)}
    assert f"In {words[part[1]]} short lessons" in text
    assert f"{words[part[2]].capitalize()} more lessons, optional" in text
    counted = re.findall(r"\b(" + "|".join(words.values()) + r") (?:short |more )?lessons\b", text, re.I)
    assert sorted(word.lower() for word in counted) == sorted([words[part[1]], words[part[2]]]), counted


def test_every_lesson_has_its_page_where_the_stubs_point(site):
    stubs = {lesson.filename: stub_source(lesson) for lesson in LESSONS}  # as shipped: lessons/ is the learner's
    for lesson in LESSONS:
        page = ROOT / lesson.docs_page
        assert page.is_file(), f"lesson {lesson.number}'s page {lesson.docs_page} is missing"
        assert lesson.docs_page in stubs[lesson.filename], f"{lesson.filename} does not point to its page"
        built = site / "lessons" / page.stem / "index.html"
        assert built.is_file(), f"{lesson.docs_page} was not built"
        text = built.read_text()
        for function in lesson.functions:  # the exact task names every function to write
            assert f"{function}(" in html.unescape(text), f"{lesson.docs_page} never shows {function}(...)"
        assert f"python -m checks {lesson.number}" in text, f"{lesson.docs_page} does not say how to check it"


def test_every_placeholder_was_filled_in(site):
    """The build step fills {{ run.* }}, {{ seed.* }}, {{ course.* }}, {{ lesson.* }}, ...: none may be left."""
    left = {str(p.relative_to(site)): re.findall(r"\{\{[^}]*\}\}", p.read_text())
            for p in site.rglob("*.html")}
    assert not {page: found for page, found in left.items() if found}


# --- the pages quote the checks as they are ------------------------------------------------

def _check_strings():
    """Every string the checks can print (not their docstrings), f-string fields blanked,
    as sets of words."""
    import ast
    found = []
    for path in (ROOT / "checks").glob("*.py"):
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                found.append(" ".join(v.value for v in node.values if isinstance(v, ast.Constant)))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found.append(node.value)
    return [_words(text) for text in found]


STOPWORDS = {"the", "and", "not", "was", "your", "with", "for", "are", "its", "but", "has", "did", "you"}


def _words(text):
    return set(re.findall(r"[a-z_]{3,}", text.lower())) - STOPWORDS


def quoted_as_unknown(message, strings, share=0.5):
    """True when no string of the checks holds at least `share` of the message's words.

    A quoted message mixes the checks' text with values filled in at run time (a shape, a
    NumPy warning), so it is matched by its words, not character for character.
    """
    words = _words(message)
    return len(words) >= 4 and max(len(words & s) / len(words) for s in strings) < share


def test_a_message_the_checks_never_give_is_noticed():
    strings = _check_strings()
    assert quoted_as_unknown("the frobnicator of dW2 is misaligned with the quux: rotate it", strings)
    assert not quoted_as_unknown("the sigmoid derivative is missing from dZ1 = (W2^T dZ2) * sigma'(Z1)", strings)


def test_the_lesson_pages_quote_messages_the_checks_give():
    """The "what you see" column quotes the checks; a reworded check must be re-quoted."""
    strings, stale = _check_strings(), []
    for lesson in LESSONS:
        text = (ROOT / lesson.docs_page).read_text()
        table = text[text.index("## Common mistakes"):text.index("## Check your understanding")]
        rows = [[cell.strip() for cell in line.strip().strip("|").split(" | ")]
                for line in table.splitlines() if line.startswith("| ")]
        assert rows and "what you see" in rows[0], f"{lesson.docs_page}: the table has no 'what you see' column"
        column = rows[0].index("what you see")
        for row in rows[2:]:
            for message in re.findall(r"`([^`]+)`", row[column]):
                if quoted_as_unknown(message, strings):
                    stale.append(f"{lesson.docs_page}: {message}")
    assert not stale, "no check prints these any more:\n" + "\n".join(stale)


# --- nothing from the internet --------------------------------------------------------------

class _AssetFinder(HTMLParser):
    """Collects the URLs of scripts, stylesheets, fonts and other loaded resources of a page."""

    LOADED_RELS = {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and self.LOADED_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        if attrs.get("style"):
            self.urls += _css_urls(attrs["style"])

    def handle_data(self, data):  # inline <style> blocks
        self.urls += _css_urls(data)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _css_urls(css):
    return [a or b for a, b in CSS_URL.findall(css)]


def external_assets(path: Path):
    """The absolute http(s) (or protocol-relative) URLs a built file would load."""
    text = path.read_text(errors="replace")
    if path.suffix == ".css":
        urls = _css_urls(text)
    else:
        finder = _AssetFinder()
        finder.feed(text)
        urls = finder.urls
    return [url for url in urls if re.match(r"(?i)\s*(https?:)?//", url)]


def test_the_asset_scanner_finds_external_scripts_stylesheets_and_fonts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<script src="https://cdn.example/katex.js"></script>'
                    '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">'
                    '<style>@font-face { src: url("https://x.example/f.woff2") }</style>'
                    '<a href="https://example.org/">a link is fine</a><script src="assets/ok.js"></script>')
    assert len(external_assets(page)) == 3
    sheet = tmp_path / "a.css"
    sheet.write_text('@import "https://x.example/a.css"; .k { src: url(fonts/KaTeX_Main.woff2) }')
    assert external_assets(sheet) == ["https://x.example/a.css"]


def test_no_built_page_loads_a_script_stylesheet_or_font_from_the_internet(site):
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".css")]
    assert len(files) > 10
    offenders = {str(p.relative_to(site)): external_assets(p) for p in files}
    assert not {k: v for k, v in offenders.items() if v}


def test_katex_and_its_fonts_are_served_by_the_site(site):
    katex = site / "assets" / "katex"
    for piece in ("katex.min.js", "contrib/auto-render.min.js", "katex.min.css"):
        assert (katex / piece).is_file(), piece
    fonts = {p.name for p in (katex / "fonts").iterdir()}
    referenced = set(re.findall(r"fonts/([\w-]+\.woff2)", (katex / "katex.min.css").read_text()))
    assert referenced and referenced <= fonts, referenced - fonts
    committed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in committed if re.search(r"katex\.min\.|auto-render|KaTeX_\w+\.woff", f)], \
        "KaTeX is fetched at build time, never committed"


# --- no answers given away ------------------------------------------------------------------

def solution_lines():
    """The non-trivial lines the learner writes, from every solution file, except those the
    stubs' own docstrings already give (lesson 6's algorithm, for instance)."""
    stubs = "\n".join(stub_source(lesson) for lesson in LESSONS)  # as shipped: lessons/ is the learner's
    lines = set()
    for path in (ROOT / "solutions").glob("lesson*.py"):
        inside = False
        for line in path.read_text().splitlines():
            if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                inside = "BEGIN" in line
            elif inside and len(line.strip()) >= 24 and not line.strip().startswith("#"):
                lines.add(line.strip())
    return {line for line in lines if line not in stubs}


def test_the_site_shows_no_line_of_the_solutions(site):
    lines = solution_lines()
    assert len(lines) > 20
    text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p.read_text()))
                     for p in site.rglob("*.html"))
    text += "\n".join(p.read_text() for p in site.rglob("search_index.json"))
    assert not [line for line in lines if line in text]


# What each page asks the learner to derive (the answers to its "Your turn" prompts), in every
# form a page could write it: TeX, NumPy, plain text. Compared with whitespace and TeX spacing
# removed (see _formula_form). A page may show these only inside a collapsed answer (`??? `),
# after the prompt; a summary line of a collapsed block is visible, so it counts as open.
DERIVED = {
    "01-sigmoid.md": [r"\sigma(z)(1-\sigma(z))", "sigma(z)*(1-sigma(z))", "σ(z)(1-σ(z))", "σ(z)*(1-σ(z))",
                      r"\frac{e^{z}}{1+e^{z}}", "exp(z)/(1+exp(z))", "e^z/(1+e^z)",
                      "exp(-abs(z))", "exp(-np.abs(z))"],
    "02-forward.md": [r"32\times784+32+32+1", "32*784+32+32+1"],
    "03-loss.md": ["0.1054", "2.303", "0.105"],
    "04-backward.md": ["A_2-Y", "A2-Y", "a_2-y", "a2-y", r"\frac{1}{m}(A_2", "(A2-Y)/m",
                       r"dZ_2A_1^{\top}", "dZ_2A_1^T", "dZ2@A1.T", "dZ2A1^T",
                       r"W_2^{\top}dZ_2", "W_2^TdZ_2", "W2.T@dZ2", "W2^TdZ2",
                       r"dZ_1X^{\top}", "dZ1@X.T", "dZ1X^T",
                       r"\odot\sigma'(Z_1)", "*sigma'(Z1)", "*sigmoid_prime(Z1)", "*σ'(Z1)", "*σ′(Z1)",
                       "axis=1"],
    "05-update.md": [r"\lVertdP\rVert^2", r"-\alpha\sumdP^2", "||dP||^2"],
    "06-train.md": ["40,000", "1,250", "800-26"],
    "07-classifier.md": [],  # its formulas (accuracy, precision, recall, F1) are given, not derived
    "08-deep.md": ["A_L-Y", "AL-Y", "(AL-Y)/m", r"\frac{1}{m}(A_L",
                   r"dZ_lA_{l-1}^{\top}", "A_(l-1)", "A_{l-1}^T", r"W_l^{\top}dZ_l", "Wl.T@dZl",
                   "*relu_prime(Z", r"\odot\operatorname{relu}'(Z", r"\frac{2}{n_{l-1}}", r"\frac{2}{n_{\text{in}}}",
                   "2/fan_in", "2/n_in", "2/n_{l-1}", r"\sqrt{2/n", r"\sqrt{\frac{2}"],
    "09-optimizers.md": [r"1-\beta_1^t", r"1-\beta^t", "1-beta1^t", "1-beta1**t", "1-beta2^t",
                         r"\frac{1-\beta_1}{1+\beta_1}"],
    "10-deeper.md": [],  # it assembles lessons 6, 8 and 9: nothing new to derive
}
TEX_SPACING = re.compile(r"\s+|\\[,;:! ]|\\q?quad|\\[Bb]ig[lr]?|\\left|\\right|\\mathrm|\\operatorname(?!\{relu)")


def _formula_form(text):
    return TEX_SPACING.sub("", text).replace("−", "-").replace("ᵀ", "^T")


def open_text(markdown):
    """The markdown a reader sees without opening anything: all but the bodies of collapsed
    `??? ` blocks (their summary line stays; `???+` blocks start open)."""
    shown, collapsed = [], False
    for line in markdown.splitlines():
        if line.startswith("??? "):
            collapsed = True
            shown.append(line)
            continue
        if collapsed and (not line.strip() or line.startswith(" " * 4)):
            continue
        collapsed = False
        shown.append(line)
    return "\n".join(shown)


def shown_formulas(markdown, formulas):
    visible = _formula_form(open_text(markdown))
    return [f for f in formulas if _formula_form(f) in visible]


def test_a_formula_shown_outside_a_collapsed_answer_is_noticed():
    page = ('!!! question "Your turn: dZ2"\n    Derive it.\n\n??? success "The answer"\n'
            '    $$ dZ_2 = \\frac{1}{m} \\left( A_2 - Y \\right) $$\n\nThe error is \\(A_2 - Y\\).\n')
    assert shown_formulas(page, DERIVED["04-backward.md"]) == ["A_2-Y"]
    hidden = page.replace("The error is \\(A_2 - Y\\).", "The error is small.")
    assert shown_formulas(hidden, DERIVED["04-backward.md"]) == []
    assert shown_formulas('??? success "It is just A2 - Y"\n    yes\n', ["A2-Y"]) == ["A2-Y"]
    assert shown_formulas("| `dZ2 @ A1.T` |", DERIVED["04-backward.md"]) == ["dZ2@A1.T"]


def test_every_derived_formula_waits_inside_a_collapsed_answer():
    """Issue 21 point 4: the answer waits for the attempt, on every lesson page."""
    pages = {Path(lesson.docs_page).name for lesson in LESSONS}
    assert set(DERIVED) == pages, "list the derived formulas of every lesson page (or none, said why)"
    shown = {name: shown_formulas((ROOT / "docs" / "lessons" / name).read_text(), formulas)
             for name, formulas in DERIVED.items()}
    assert not {k: v for k, v in shown.items() if v}, f"formulas the learner derives, shown open: {shown}"


def test_the_api_reference_documents_every_function_of_the_stubs(site):
    page = html.unescape((site / "api" / "index.html").read_text())
    assert 'id="solutions.' not in page, "the API reference must be built from lessons/, not solutions/"
    for lesson in LESSONS:
        for function in lesson.functions:
            assert f'id="lessons.{lesson.module}.{function}"' in page, f"{lesson.module}.{function}"


# --- figures and numbers from a real run ----------------------------------------------------

def test_the_classifier_page_quotes_the_reference_run_and_shows_its_figures(site):
    from docs_build import run as hook  # the build step: the same cached run the build used

    numbers, folder = hook.reference_run()
    page = (site / "lessons" / "07-classifier" / "index.html").read_text()
    assert f"{numbers['accuracy']:.3f}" in page
    (tn, fp), (fn, tp) = numbers["confusion_matrix"]
    assert all(str(n) in page for n in (tn, fp, fn, tp))
    assert "0.975" in page and "101" in page  # the seed's numbers beside ours
    images = re.findall(r'<img[^>]+src="\.\./\.\./figures/([\w.-]+)"', page)
    assert len(images) >= 3, images
    for name in images:
        assert (site / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_worked_example_and_the_grader_messages_are_on_the_pages(site):
    """Lesson 4's worked numbers come from the reference at build time; quoted grader output is
    the real grader's on a planted mistake (docs_build/teaching.py)."""
    import numpy as np

    from solutions.lesson02_forward import forward
    from solutions.lesson04_backward import backward

    from docs_build import teaching as hook

    worked = hook.WORKED
    X, Y = np.array(worked["x"]), np.array(worked["y"])
    params = {k: np.array(worked[k]) for k in ("W1", "b1", "W2", "b2")}
    A2, cache = forward(X, params)
    grads = backward(X, Y, params, cache)
    page = html.unescape(re.sub(r"<[^>]+>", "", (site / "lessons" / "04-backward" / "index.html").read_text()))
    for value in (A2[0, 0], grads["db2"][0, 0], grads["dW1"][1, 0]):
        assert f"{value:.4g}" in page, f"{value:.4g} is not on the backward page"
    messages = hook.grader_messages(ROOT)  # the same cache the build used
    for name, text in messages.items():
        first = text["output"].splitlines()[0]
        number = hook.PLANTED[name][0]
        lesson_page = next(p for p in (site / "lessons").iterdir() if p.name.startswith(f"{number:02d}-"))
        built = html.unescape(re.sub(r"<[^>]+>", "", (lesson_page / "index.html").read_text()))
        assert first in built, f"{name}: the grader's message is not on {lesson_page.name}"


def _page_matrix(text):
    """`[1, 0; 0.5, 1]` (rows split by ';') or `0.2` -> a 2-D float array."""
    return np.array([[float(v) for v in row.split(",")] for row in text.strip("[]").split(";")])


def _m2_example():
    """Lesson 4's m = 2 example, every value computed: the forward pass and `backward` of the
    reference, and dZ2, dA1, dZ1 as numerical gradients of the mean loss (no formula typed here)."""
    from checks.gradcheck import numerical_gradient
    from solutions.lesson01_sigmoid import sigmoid, sigmoid_prime
    from solutions.lesson02_forward import forward
    from solutions.lesson03_loss import bce_loss
    from solutions.lesson04_backward import backward

    X, Y = np.array([[1.0, 0.0], [0.5, 1.0]]), np.array([[1.0, 0.0]])
    params = {"W1": np.array([[0.1, -0.2], [0.4, 0.3]]), "b1": np.array([[0.0], [0.1]]),
              "W2": np.array([[0.5, -0.6]]), "b2": np.array([[0.2]])}
    A2, cache = forward(X, params)
    W2, b2 = params["W2"], params["b2"]
    values = {"X": X, "Y": Y, **params, **cache, "L": np.array([[bce_loss(A2, Y)]]),
              "sigma'(Z1)": sigmoid_prime(cache["Z1"]), **backward(X, Y, params, cache),
              "dZ2": numerical_gradient(lambda Z2: bce_loss(sigmoid(Z2), Y), cache["Z2"]),
              "dA1": numerical_gradient(lambda A1: bce_loss(sigmoid(W2 @ A1 + b2), Y), cache["A1"]),
              "dZ1": numerical_gradient(lambda Z1: bce_loss(sigmoid(W2 @ sigmoid(Z1) + b2), Y), cache["Z1"])}
    return values


def test_the_two_example_worked_example_shows_the_reference_numbers():
    """Issue 21 point 6: every value of lesson 4's m = 2 example is the reference's, to the 4
    significant digits shown (a typo or a changed reference fails here)."""
    text = (ROOT / "docs" / "lessons" / "04-backward.md").read_text()
    section = text[text.index("## A worked example with two examples"):text.index("## Check your backward yourself")]
    rows = re.findall(r"^\s*\| (`\w+`|\\\(.+?\\\))[^|]* \| `([^`]+)` \|", section, re.M)
    names = {re.sub(r"[`\\(){}_ ]|\\sigma|sigma", "", label).replace("'", ""): value for label, value in rows}
    values = _m2_example()
    keys = {re.sub(r"[_()']|sigma", "", k): k for k in values}
    assert set(names) == set(keys), f"rows on the page {sorted(names)}, computed {sorted(keys)}"
    wrong = {}
    for name, shown in names.items():
        expected = np.vectorize(lambda v: float(f"{v:.4g}"))(values[keys[name]])
        if not np.array_equal(_page_matrix(shown), expected):
            wrong[keys[name]] = (shown, expected.tolist())
    assert not wrong, f"the page's numbers differ from the reference's: {wrong}"
    # the central difference of x^3 at 2 (h = 0.1) and the one-sided one, as the page works them
    page = text[text.index("## Check your backward yourself"):]
    central, one_sided = (2.1 ** 3 - 1.9 ** 3) / 0.2, (2.1 ** 3 - 2 ** 3) / 0.1
    assert f"{central:.2f}" in page and f"{one_sided:.2f}" in page
    assert f"{one_sided - 12:.2f}" in page and f"{central - 12:.2f}" in page  # the two errors
    from solutions.lesson02_forward import init_params
    count = sum(p.size for p in init_params(784, 32, 1).values())
    assert f"{2 * count:,} forward passes" in page, "two loss evaluations per parameter of 784-32-1"
    from checks.gradcheck import THRESHOLD
    assert f"above \\(10^{{{round(math.log10(THRESHOLD))}}}\\)" in page, "the page quotes the grader's threshold"


def test_lesson_4_s_code_runs_on_the_reference_and_prints_what_the_page_says(capsys, monkeypatch):
    """The page's two snippets, run with solutions/ in place of lessons/: the m = 2 example gives
    the page's gradients, and the learner's own gradient check the errors the page promises."""
    import solutions.lesson04_backward as reference

    if not hasattr(reference, "numerical_gradient"):  # until lesson 4's reference has its own
        from checks.gradcheck import numerical_gradient
        monkeypatch.setattr(reference, "numerical_gradient", numerical_gradient, raising=False)
    text = (ROOT / "docs" / "lessons" / "04-backward.md").read_text()
    snippets = [code for code in re.findall(r"```python\n(.*?)```", text, re.S) if "from lessons." in code]
    assert len(snippets) == 2, "the worked example's snippet and the numerical_gradient snippet"
    for code in snippets:
        exec(code.replace("from lessons.", "from solutions."), {})
    printed = capsys.readouterr().out
    assert f"{_m2_example()['db2'][0, 0]:.6f}"[:6] in printed, printed
    errors = [float(e) for e in re.findall(r"relative error (\S+)", printed)]
    bound = float(re.search(r"prints relative errors below \\\(10\^\{(-\d+)\}\\\)", text).group(1))
    assert len(errors) == 4 and max(errors) < 10 ** bound, (errors, bound)


def test_no_canonical_link_to_a_local_address_without_site_url(monkeypatch):
    spec = importlib.util.spec_from_file_location("docs_hook_pages", ROOT / "docs" / "hooks" / "pages.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = '<head>\n  <link rel="canonical" href="http://127.0.0.1:8000/lessons/">\n</head>'
    monkeypatch.delenv("SITE_URL", raising=False)
    assert "canonical" not in hook.on_post_page(page, None, None)
    monkeypatch.setenv("SITE_URL", "https://example.org/course/")
    assert hook.on_post_page(page, None, None) == page


# --- in a browser ---------------------------------------------------------------------------

def _chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _RefusingProxy:
    """A proxy for every non-loopback request of the browser: records it (for the failure
    messages), answers 403, so nothing the browser does reaches the internet."""

    def __init__(self):
        self.requests = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.requests.append(connection.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace"))
                    connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self):
        self.server.close()


class DevTools:
    """The few DevTools-protocol calls the test needs, over one page's websocket."""

    def __init__(self, url):
        import websocket  # websocket-client
        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.last_id = 0
        self.events = []

    def call(self, method, session=None, **params):
        self.last_id += 1
        call_id = self.last_id
        message = {"id": call_id, "method": method, "params": params}
        self.socket.send(json.dumps({**message, "sessionId": session} if session else message))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)
                if message["method"] == "Target.attachedToTarget":
                    self._watch(message["params"]["sessionId"])

    def _watch(self, session):
        """A worker or frame started (paused): record its requests and console too, then let it run."""
        for method in ("Network.enable", "Runtime.enable", "Runtime.runIfWaitingForDebugger"):
            self.last_id += 1
            self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": {},
                                         "sessionId": session}))

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.1)
        return False

    def close(self):
        self.socket.close()


@pytest.fixture(scope="module")
def browser(served):
    """(DevTools of a page, base URL of the site, the proxy) with Chromium running headless."""
    site, server = served
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium); .ci/run installs it")
    try:
        import websocket  # noqa: F401  (websocket-client, in the dev extra)
    except ImportError:
        pytest.fail("websocket-client is not installed: pip install -e '.[dev]'")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = _RefusingProxy()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    process = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,900",
         f"--proxy-server=http://127.0.0.1:{proxy.port}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    devtools = None
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()) and time.monotonic() < deadline:
            assert process.poll() is None, "chromium exited at start"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        targets = json.loads(opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t["type"] == "page")
        devtools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Network", "Log"):
            devtools.call(f"{domain}.enable")
        # Workers (the search index runs in one) are separate targets: attach to them as they start.
        devtools.call("Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True, flatten=True)
        yield devtools, f"http://127.0.0.1:{server.server_address[1]}/", proxy
    finally:
        if devtools:
            devtools.close()
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        server.shutdown()
        proxy.close()
        shutil.rmtree(profile, ignore_errors=True)


def _open(devtools, url):
    """Load `url` and wait until its math is typeset and its fonts and images are loaded."""
    devtools.events.clear()
    devtools.call("Page.navigate", url=url)
    assert devtools.wait_until(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")
    devtools.wait_until("[...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('.katex'))")
    devtools.evaluate("document.fonts.ready.then(() => true)")


def _problems(devtools, base):
    """Requests that left the site's server, and console errors, seen since the last _open."""
    requests, errors = [], []
    for event in devtools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not (url.startswith(base) or url.startswith("data:") or url.startswith("blob:")):
                requests.append(url)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
    return requests, errors


def _screenshot(devtools, name):
    """Save the whole page as ARTIFACTS/name (printed: pytest -s, or the report on failure)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = devtools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    (ARTIFACTS / name).write_bytes(base64.b64decode(data))
    print(f"screenshot: {ARTIFACTS / name}")


MATH_STATE = """(() => {
  const article = document.querySelector('article');
  const formulas = [...article.querySelectorAll('.arithmatex')];
  const rendered = [...article.querySelectorAll('.katex')];
  // Math in a closed "check your understanding" answer is hidden on purpose: size the rest.
  const shown = rendered.filter(e => !(e.closest('details:not([open])') && !e.closest('summary')));
  const sizes = shown.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height]);
  const copy = article.cloneNode(true);  // the visible text: without KaTeX's hidden MathML copy
  copy.querySelectorAll('.katex-mathml, script, style').forEach(e => e.remove());
  const fonts = [...document.fonts].filter(f => f.family.replace(/"/g, '').startsWith('KaTeX'));
  return {formulas: formulas.length, unrendered: formulas.filter(e => !e.querySelector('.katex')).length,
          rendered: rendered.length, shown: shown.length, empty: sizes.filter(([w, h]) => !(w > 0 && h > 0)).length,
          text: copy.textContent, fontsLoaded: fonts.filter(f => f.status === 'loaded').length,
          glyphs: article.querySelectorAll('.katex-html .mord').length};
})()"""


def test_the_backward_page_typesets_its_math_offline(browser):
    devtools, base, proxy = browser
    _open(devtools, base + BACKWARD_PAGE)
    state = devtools.evaluate(MATH_STATE)
    _screenshot(devtools, "backward-page.png")
    requests, errors = _problems(devtools, base)

    assert state["formulas"] >= 10, "the backward page should derive its gradients in math"
    assert state["unrendered"] == 0 and state["rendered"] >= state["formulas"], state
    assert state["empty"] == 0, f"{state['empty']} typeset formulas have no size (blank math)"
    assert state["glyphs"] > 50
    assert state["fontsLoaded"] >= 2, "KaTeX's fonts did not load"
    for raw in ("\\frac", "\\(", "\\)", "\\[", "\\begin", "\\partial"):
        assert raw not in state["text"], f"raw {raw} is visible on the page"
    assert not requests, f"requests left 127.0.0.1: {requests}; the proxy saw {proxy.requests}"
    assert not errors, errors


def test_math_is_typeset_after_instant_navigation(browser):
    devtools, base, proxy = browser
    _open(devtools, base)
    devtools.evaluate("window.sameDocument = true")  # gone if the click reloads the page
    devtools.evaluate(f"document.querySelector('a[href$=\"{BACKWARD_PAGE}\"]').click(), true")
    assert devtools.wait_until(f"location.href === {json.dumps(base + BACKWARD_PAGE)}")
    assert devtools.wait_until("document.querySelectorAll('article .katex').length >= 10"), \
        "no math after navigating without a reload (is the init script subscribed to document$?)"
    assert devtools.evaluate("window.sameDocument === true"), "the page reloaded: instant navigation is off"
    requests, errors = _problems(devtools, base)
    assert not requests and not errors, (requests, errors, proxy.requests)


def test_the_classifier_page_figures_load(browser):
    devtools, base, proxy = browser
    _open(devtools, base + CLASSIFIER_PAGE)
    _screenshot(devtools, "classifier-page.png")
    images = devtools.evaluate("""[...document.querySelectorAll('article img')].map(
        i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0}))""")
    assert len([i for i in images if "figures/" in i["src"]]) >= 3, images
    assert all(i["ok"] for i in images), images
    requests, errors = _problems(devtools, base)
    assert not requests and not errors, (requests, errors, proxy.requests)


LESSON_PAGES = [f"lessons/{Path(lesson.docs_page).stem}/" for lesson in LESSONS if lesson.number <= 7]


@pytest.mark.parametrize("page", LESSON_PAGES + ["experiments/"])
def test_every_lesson_page_shows_a_figure_with_alt_text(browser, page):
    """Each page has a figure from the build that loaded in the browser and says in words what it shows."""
    devtools, base, proxy = browser
    _open(devtools, base + page)
    images = devtools.evaluate("""[...document.querySelectorAll('article img')].map(
        i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt') || ''}))""")
    figures = [i for i in images if "figures/" in i["src"]]
    assert figures, f"{page} has no figure: {images}"
    assert all(i["ok"] for i in images), f"an image did not load on {page}: {images}"
    assert all(len(i["alt"]) >= 20 for i in figures), f"a figure on {page} has no real alt text: {figures}"
    requests, errors = _problems(devtools, base)
    assert not requests and not errors, (requests, errors, proxy.requests)


def test_a_collapsed_answer_opens_and_its_math_is_typeset(browser):
    devtools, base, proxy = browser
    _open(devtools, base + BACKWARD_PAGE)
    state = devtools.evaluate("""(() => {
      const answers = [...document.querySelectorAll('article details.success')];
      const first = answers[0];
      const before = first.open;
      first.querySelector('summary').click();
      const box = first.querySelector('.katex-display, .katex');
      const r = box ? box.getBoundingClientRect() : {width: 0, height: 0};
      return {answers: answers.length, before, after: first.open, width: r.width, height: r.height,
              text: first.textContent};
    })()""")
    assert state["answers"] >= 5, "lesson 4 should fold the answer of every step"
    assert state["before"] is False and state["after"] is True, state
    assert state["width"] > 0 and state["height"] > 0, "the opened answer's math has no size"
    _screenshot(devtools, "backward-answer-open.png")


def test_the_table_of_contents_shows_no_raw_tex(browser):
    devtools, base, proxy = browser
    for page in LESSON_PAGES + ["experiments/"]:
        _open(devtools, base + page)
        labels = devtools.evaluate("""[...document.querySelectorAll('.md-sidebar--secondary .md-nav__link')]
            .map(a => a.textContent.trim())""")
        raw = [label for label in labels if re.search(r"\\\(|\\\)|\\[a-z]+|\$", label)]
        assert not raw, f"{page}: raw TeX in the table of contents: {raw}"
    _open(devtools, base + BACKWARD_PAGE)
    labels = devtools.evaluate("[...document.querySelectorAll('.md-sidebar--secondary .md-nav__link')]"
                               ".map(a => a.textContent.trim())")
    assert any("from the loss to z2" in label for label in labels), labels


def test_search_works_offline(browser):
    devtools, base, proxy = browser
    _open(devtools, base)
    devtools.evaluate("""(() => { const box = document.querySelector('input.md-search__input');
        box.focus(); box.value = 'cross-entropy'; box.dispatchEvent(new Event('input', {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); return true; })()""")
    assert devtools.wait_until("document.querySelectorAll('.md-search-result__item').length > 0"), \
        "the search found nothing for 'cross-entropy'"
    assert any(e["params"]["request"]["url"].endswith("search/search_index.json") for e in devtools.events
               if e.get("method") == "Network.requestWillBeSent"), "the search index was not loaded"
    requests, errors = _problems(devtools, base)
    assert not requests and not errors, (requests, errors, proxy.requests)


# --- figures that can be read -----------------------------------------------------------------

ALL_PAGES = [f"lessons/{Path(lesson.docs_page).stem}/" for lesson in LESSONS] + ["experiments/"]
SMALLEST_TEXT_PX = 12  # issue 21 point 7: every text of a figure at least 12 px as the page shows it
# a figure in a collapsed answer is measured as it shows once the answer is opened
FIGURES_ON_PAGE = """(document.querySelectorAll('article details').forEach(d => { d.open = true; }),
    [...document.querySelectorAll('article img')].filter(i => i.getAttribute('src').includes('figures/'))
    .map(i => ({src: new URL(i.src).pathname, natural: i.naturalWidth, shown: i.getBoundingClientRect().width})))"""


def _text_report(site, path):
    """The text report a page figure carries in its PNG (experiments.figures.text_report)."""
    from PIL import Image

    from experiments.figures import TEXT_REPORT

    with Image.open(site / path.lstrip("/")) as image:
        text = image.text.get(TEXT_REPORT)
    assert text, f"{path} carries no text report: draw it with experiments.figures._figure"
    return json.loads(text)


def test_a_figure_s_text_report_sees_small_overlapping_cut_and_unlabelled_text(tmp_path):
    """The report the browser test relies on (experiments.figures.text_report), on two tiny figures."""
    from PIL import Image

    from experiments.figures import DPI, SMALLEST_FONT, TEXT_REPORT, _figure, text_report

    bad = _figure(3, 2)
    ax = bad.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("x")
    ax.text(0.2, 0.5, "first label", fontsize=SMALLEST_FONT)
    ax.text(0.25, 0.5, "second label", fontsize=SMALLEST_FONT)  # on top of the first
    ax.text(0.5, 0.1, "tiny", fontsize=6)
    bad.text(0.9, 0.5, "runs off the right edge", fontsize=SMALLEST_FONT)  # layout moves axes, not this
    report = text_report(bad)
    assert ["first label", "second label"] in report["overlaps"]
    assert report["smallest"] == "tiny" and report["smallest_px"] == 6 * DPI / 72
    assert report["outside"] == ["runs off the right edge"]
    assert report["unlabelled"] == ["a panel: y axis"]

    good = _figure(3, 2)
    ax = good.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    good.savefig(tmp_path / "good.png")
    with Image.open(tmp_path / "good.png") as image:
        saved = json.loads(image.text[TEXT_REPORT])
    assert saved["overlaps"] == saved["outside"] == saved["unlabelled"] == []
    assert saved["smallest_px"] >= SMALLEST_FONT * DPI / 72


def test_every_figure_has_no_overlapping_cut_or_unlabelled_text(site):
    figures = sorted(site.glob("figures/**/*.png"))
    assert len(figures) >= 15, figures
    problems = {}
    for path in figures:
        report = _text_report(site, "/" + str(path.relative_to(site)))
        found = {key: report[key] for key in ("overlaps", "outside", "unlabelled") if report[key]}
        if found:
            problems[path.name] = found
    assert not problems, f"figures with texts that cannot be read: {problems}"


def _shown_text(devtools, base, site, width):
    """[(page, figure, smallest text in CSS px as shown)] at a window `width` px wide; on a
    phone-sized window, as shown after a click on the figure (the page's enlarged view)."""
    measured = []
    devtools.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                  mobile=width < 600)
    for page in ALL_PAGES:
        _open(devtools, base + page)
        if os.environ.get("DOCS_SCREENSHOTS"):
            _screenshot(devtools, f"{page.strip('/').replace('/', '-')}-{width}.png")
        for k, figure in enumerate(devtools.evaluate(FIGURES_ON_PAGE)):
            shown = figure["shown"]
            if width < 600:
                shown = devtools.evaluate(f"""(() => {{
                  const image = [...document.querySelectorAll('article img')]
                    .filter(i => i.getAttribute('src').includes('figures/'))[{k}];
                  image.click();
                  const large = document.querySelector('.figure-overlay img');
                  const size = large ? large.getBoundingClientRect().width : 0;
                  document.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Escape'}}));
                  return document.querySelector('.figure-overlay') ? -1 : size;
                }})()""")
                assert shown != -1, f"{page}: the enlarged figure did not close on Escape"
            report = _text_report(site, figure["src"])
            measured.append((page, figure["src"], report["smallest_px"] * shown / figure["natural"]))
    return measured


def test_every_figure_text_is_at_least_12_px_as_shown(browser, site):
    """At 1280 px, as the page shows each figure; at phone width (390 px), as the click-to-enlarge
    view shows it (the column there is too narrow for any drawing with words in it)."""
    devtools, base, proxy = browser
    try:
        measured = _shown_text(devtools, base, site, 1280) + _shown_text(devtools, base, site, 390)
    finally:
        devtools.call("Emulation.clearDeviceMetricsOverride")
    assert len({src for _, src, _ in measured}) >= 20, measured
    small = [(page, src, round(px, 1)) for page, src, px in measured if px < SMALLEST_TEXT_PX]
    assert not small, f"figure text smaller than {SMALLEST_TEXT_PX} px as shown: {small}"
    requests, errors = _problems(devtools, base)
    assert not requests and not errors, (requests, errors, proxy.requests)


def test_no_lesson_page_scrolls_sideways_on_a_phone_with_every_answer_open(browser):
    """At 390 px, every collapsed answer opened: the page is no wider than the screen (a wide formula
    or table scrolls inside its own box; KaTeX's hidden MathML stays anchored to its formula)."""
    devtools, base, _ = browser
    devtools.call("Emulation.setDeviceMetricsOverride", width=390, height=900, deviceScaleFactor=1, mobile=True)
    wide = []
    try:
        for page in ALL_PAGES:
            if "lessons/" not in page:
                continue
            _open(devtools, base + page)
            devtools.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; }); true")
            devtools.wait_until("[...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('.katex'))")
            width = devtools.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append((page, width))
    finally:
        devtools.call("Emulation.clearDeviceMetricsOverride")
    assert not wide, f"pages wider than a 390 px phone with their answers open: {wide}"
