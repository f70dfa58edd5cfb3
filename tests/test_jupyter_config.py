"""`nerlab lab` and `nerlab lecture` start Jupyter with the working copy's page config, which
switches off JupyterLab's news plugin (the first-start question "Would you like to get notified
about official Jupyter news?"), as JupyterLab itself reads it. The browser check is in
tests/browser/test_lab_first_start.py."""

import json
import os
import subprocess
import sys

import pytest

from nerlab.cli import main
from nerlab.jupyter_config import NEWS_PLUGIN, course_environment, write_course_config


def page_config(folder):
    return json.loads((folder / ".jupyter" / "labconfig" / "page_config.json").read_text())


def test_the_working_copy_switches_the_news_plugin_off(tmp_path):
    config = write_course_config(tmp_path)
    assert config == tmp_path / ".jupyter"
    assert page_config(tmp_path) == {"disabledExtensions": {NEWS_PLUGIN: True}}


def test_what_the_learner_set_is_kept(tmp_path):
    file = tmp_path / ".jupyter" / "labconfig" / "page_config.json"
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps({"disabledExtensions": {NEWS_PLUGIN: False, "other:plugin": True}, "x": 1}))
    write_course_config(tmp_path)
    assert page_config(tmp_path) == {"disabledExtensions": {NEWS_PLUGIN: False, "other:plugin": True}, "x": 1}
    file.write_text(json.dumps({"disabledExtensions": ["other:plugin"]}))  # the older list form
    write_course_config(tmp_path)
    assert page_config(tmp_path) == {"disabledExtensions": ["other:plugin", NEWS_PLUGIN]}


def test_an_unreadable_page_config_is_an_error_naming_the_file(tmp_path):
    file = tmp_path / ".jupyter" / "labconfig" / "page_config.json"
    file.parent.mkdir(parents=True)
    file.write_text("{not json")
    with pytest.raises(ValueError, match="page_config.json.*delete the file"):
        write_course_config(tmp_path)


def test_jupyterlab_reads_it_from_the_environment_the_commands_give(tmp_path):
    """JupyterLab's own page-config reader, in a process with the environment `nerlab lab` gives,
    and, as the control, in one without it."""
    plain = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "home"), "JUPYTER_CONFIG_PATH": str(tmp_path / "other")}
    environment = course_environment(tmp_path / "copy", plain)
    assert environment["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        str(tmp_path / "copy" / ".jupyter"),
        str(tmp_path / "other"),
    ]
    read = (
        "from jupyterlab_server.config import get_static_page_config\n"
        f"print(get_static_page_config().get('disabledExtensions', {{}}).get({NEWS_PLUGIN!r}))"
    )
    for env, expected in ((environment, "True"), (plain, "None")):
        shown = subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True, check=True)
        assert shown.stdout.strip() == expected, env["JUPYTER_CONFIG_PATH"]


@pytest.mark.parametrize("command", [["lab"], ["lecture", "01"]])
def test_the_commands_start_jupyter_with_it(command, tmp_path, monkeypatch):
    from nerlab import cli

    started = {}
    monkeypatch.setattr(cli, "serve", lambda argv, env, **kw: started.update(argv=argv, env=env) or 0)
    assert main([*command, "--dir", str(tmp_path)]) == 0
    assert started["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(tmp_path / ".jupyter")
    assert page_config(tmp_path)["disabledExtensions"][NEWS_PLUGIN] is True
