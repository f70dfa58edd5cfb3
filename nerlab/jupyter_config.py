"""JupyterLab's configuration in the course's working copy: the first start shows the course.

On its first start JupyterLab asks "Would you like to get notified about official Jupyter
news?" over whatever the learner opened. The question comes from one plugin,
`@jupyterlab/apputils-extension:announcements` (it fetches the news and checks for updates).
JupyterLab's own page config can switch a plugin off, as `jupyter labextension disable` does
(and the learner can switch it back on in JupyterLab's plugin manager). `nerlab lab` and
`nerlab lecture` write that page config into the working copy, in `.jupyter/labconfig/`, and
put the folder on JUPYTER_CONFIG_PATH for the server they start: the learner's own settings
and configuration still apply, and nothing is written outside the working copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
CONFIG_DIR = ".jupyter"  # inside the working copy; JupyterLab's file browser hides dot folders


def write_course_config(folder: str | Path) -> Path:
    """Write the working copy's page config, news plugin off; return its Jupyter config folder.

    A page config already there is kept, with anything the learner set in it (a plugin they
    switched back on stays on).
    """
    config = Path(folder) / CONFIG_DIR
    page_config = config / "labconfig" / "page_config.json"
    settings = _read(page_config) if page_config.exists() else {}
    disabled = settings.setdefault("disabledExtensions", {})
    if NEWS_PLUGIN not in disabled:
        if isinstance(disabled, list):  # the older form JupyterLab still reads: a list of names
            disabled.append(NEWS_PLUGIN)
        else:
            disabled[NEWS_PLUGIN] = True
        page_config.parent.mkdir(parents=True, exist_ok=True)
        page_config.write_text(json.dumps(settings, indent=2) + "\n")
    return config


def _read(page_config: Path) -> dict:
    try:
        settings = json.loads(page_config.read_text())
    except (OSError, ValueError) as error:
        raise CourseConfigError(f"{page_config}: cannot read it ({error}); fix the JSON or delete the file.") from None
    if not isinstance(settings, dict):
        raise CourseConfigError(f"{page_config}: a page config is a JSON object; fix it or delete the file.")
    return settings


class CourseConfigError(ValueError):
    """A page config in the working copy that JupyterLab could not read either."""


def course_environment(folder: str | Path, environment: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a Jupyter server on the working copy: its config folder searched first."""
    environment = dict(os.environ if environment is None else environment)
    config = str(write_course_config(folder))
    searched = environment.get("JUPYTER_CONFIG_PATH", "")
    environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join([config, searched]) if searched else config
    return environment
