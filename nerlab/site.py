"""The static edition of the course: every lesson run once, as web pages anyone can read.

    nerlab build-course OUT        # OUT/index.html and one page per lesson

Each lesson is executed in lecture mode (its runs load from their saved copies) with
`NERLAB_STATIC=1`, which makes the widgets add a static picture of themselves to their
output: the lab's learning curves as interactive Vega charts (hover, export menu), the
stepper as its HTML. Each kernel starts by calling `nerlab.exercises.static_edition()`
(`KERNEL_SETUP`), so an exercise shows its worked answer folded under "Show the answer"
instead of asking an answer nobody can type. nbconvert (Jupyter's own converter) then writes each notebook as a
page, the live widget outputs replaced by those pictures, with a link to the live lesson on
Binder. The Vega libraries are written once, next to the pages, so the site works offline.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
from pathlib import Path

from .course import find_lesson, lesson_names, lessons_dir

BINDER_REPO = "OWNER/nerlab"
"""The course's GitHub repository (OWNER/NAME), which Binder builds: set here, once. `build-course`
links to it unless told otherwise, and tests/test_binder.py checks the README's badge agrees."""
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VEGA_SCRIPT = "_static/vega.js"
# Run by IPython in each lesson's kernel before its first cell (and never shown on the page).
KERNEL_SETUP = "from nerlab.exercises import static_edition; static_edition()"


def build_course(
    out: str | Path, repo: str = BINDER_REPO, lessons: list[str] | None = None, timeout: int = 600
) -> list[Path]:
    """Execute the lessons (default: all) and write OUT/<lesson>.html and OUT/index.html."""
    import nbformat
    import vl_convert
    from nbclient import NotebookClient

    out = Path(out)
    (out / "_static").mkdir(parents=True, exist_ok=True)
    (out / VEGA_SCRIPT).write_text(vl_convert.javascript_bundle())
    scratch = tempfile.mkdtemp(prefix="nerlab-course-")  # the lessons run here, like a learner's folder
    environment = {**os.environ, "NERLAB_PRECOMPUTED": "1", "NERLAB_STATIC": "1"}  # for the kernels only
    pages = []
    try:
        for name in lessons or lesson_names():
            name = find_lesson(name).stem
            notebook = nbformat.read(lessons_dir() / f"{name}.ipynb", as_version=4)
            client = NotebookClient(
                notebook,
                timeout=timeout,
                kernel_name="python3",
                extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_SETUP}"],
            )
            client.execute(cwd=scratch, env=environment)
            page = out / f"{name}.html"
            page.write_text(render_page(notebook, name, binder_url(name, repo)))
            pages.append(page)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    (out / "index.html").write_text(index_page(pages, repo))
    return pages


def binder_url(lesson: str | None = None, repo: str = BINDER_REPO) -> str:
    """Binder's address for the course: JupyterLab on notebooks/LESSON.ipynb, or on the repository."""
    address = f"https://mybinder.org/v2/gh/{repo}/HEAD"
    return f"{address}?urlpath=lab/tree/notebooks/{lesson}.ipynb" if lesson else address


def static_outputs(notebook) -> None:
    """Turn every output into something a page can show without a kernel: Altair charts into
    Vega embeds (still interactive), live widgets into their static picture."""
    notebook.metadata.pop("widgets", None)  # the widget state would pull a widget manager from a CDN
    charts = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            spec_key = next((key for key in data if key.startswith("application/vnd.vegalite")), None)
            if spec_key:
                charts += 1
                data["text/html"] = vega_embed(data.pop(spec_key), f"nerlab-chart-{charts}")
                data.pop("text/plain", None)
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if "text/html" not in data:  # a plain container: say what a reader is missing
                    data["text/html"] = '<p class="nerlab-live-only">(an interactive widget: open the live lesson)</p>'
                    data.pop("text/plain", None)


def vega_embed(spec: dict, element_id: str) -> str:
    """A chart drawn in the page by Vega-Embed, with its menu (save as SVG/PNG, view the source)."""
    spec_json = json.dumps(spec).replace("</", "<\\/")  # cannot close the script early
    return (
        f'<div id="{element_id}" class="nerlab-chart"></div>'
        f'<script>vegaEmbed("#{element_id}", {spec_json}, {{"actions": true}});</script>'
    )


# Jupyter's "lab" page, without the scripts it would fetch from a CDN (require.js, MathJax: the
# lessons need neither), with the Vega libraries from beside the page, a banner on top, and the
# folded answers set apart by a bar in the exercises' blue.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
<link rel="icon" href="data:,"><script src="_static/vega.js"></script>
<style>details.nerlab-answer { border-left: 4px solid #0072B2; padding: 0.2em 0.9em; background: #f5f8fc; }</style>
{%- endblock -%}
{%- block html_head_js_mathjax -%}{%- endblock -%}
{%- block body_header -%}
{{ super() }}
<div class="nerlab-banner" style="padding:0.6em 1em;background:#eef5fb;border-bottom:1px solid #cde">
<a href="index.html">nerlab course</a> &middot; {{ resources.nerlab_lesson | e }} &middot;
<a href="{{ resources.nerlab_binder | e }}">open the live lesson on Binder</a></div>
{%- endblock body_header -%}
"""


def render_page(notebook, name: str, binder: str) -> str:
    """One lesson as a self-standing page (Jupyter's own HTML export, with the Binder link)."""
    import jinja2
    from nbconvert import HTMLExporter

    static_outputs(notebook)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"nerlab_page.html.j2": PAGE_TEMPLATE})],
        template_file="nerlab_page.html.j2",
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"nerlab_lesson": name, "nerlab_binder": binder})
    return body


def index_page(pages: list[Path], repo: str) -> str:
    links = "".join(f'<li><a href="{p.name}">{html.escape(p.stem.replace("_", " "))}</a></li>' for p in pages)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>nerlab course</title></head>"
        "<body style='font-family:system-ui;max-width:48em;margin:2em auto'>"
        "<h1>nerlab: see inside spaCy's NER</h1>"
        "<p>The lessons, run once with their saved runs. Charts are interactive; the widgets are "
        f"pictures: open a lesson on <a href='{html.escape(binder_url(repo=repo))}'>Binder</a> "
        "to use them live.</p>"
        f"<ol>{links}</ol></body></html>"
    )
