"""Every run setting is declared once: one field, one table row, offered by the CLI and the lab."""

from dataclasses import fields

import pytest

from nerlab.cli import build_parser, settings_from_args
from nerlab.training import SETTINGS, BatchSchedule, RunSettings, SettingError
from nerlab.training.settings import TABS, ControlKind

FIELDS = [f.name for f in fields(RunSettings)]


def test_every_field_has_exactly_one_row():
    names = [row.name for row in SETTINGS]
    assert sorted(names) == sorted(FIELDS)
    assert len(names) == len(set(names))


def test_rows_are_well_formed():
    for row in SETTINGS:
        assert row.tab in TABS and isinstance(row.control, ControlKind), row.name
        assert row.help and row.label, row.name
        if row.control in ("buttons", "dropdown"):
            assert getattr(RunSettings(), row.name) in row.choices, row.name
        if row.relevant is not None:
            assert row.relevant[0] in FIELDS


def test_the_cli_offers_every_field():
    train = build_parser()._subparsers._group_actions[0].choices["train"]
    dests = {action.dest for action in train._actions}
    assert set(FIELDS) <= dests
    helped = train.format_help()
    for row in SETTINGS:
        assert row.cli_flag in helped
        for choice in row.choices:
            assert choice in helped


def test_the_lab_form_offers_every_field():
    from nerlab.widgets.lab_form import SettingsForm

    form = SettingsForm()
    assert list(form.controls) == [row.name for row in SETTINGS]
    assert form.settings() == RunSettings()
    odd = RunSettings(n_train=70, supervision="binary", explore=0.25, schedule=BatchSchedule.fixed(8), labels=("ORG",))
    form.use(odd)
    assert form.settings() == odd


def parse(*argv):
    return settings_from_args(build_parser().parse_args(["train", *argv]))


def test_the_cli_and_the_settings_check_the_same_way():
    """There is one validator: the CLI's error is RunSettings' error, named by the flag."""
    assert parse() == RunSettings()
    assert parse("--data", "synthetic:300", "--explore", "oracle", "--batch", "fixed:16") == RunSettings(
        n_train=300, explore=0.0, schedule=BatchSchedule.fixed(16)
    )
    for argv, kwargs in [
        (("--epochs", "0"), {"epochs": 0}),
        (("--supervision", "silver"), {"supervision": "silver"}),
        (("--update", "beam:8", "--explore", "oracle"), {"update": "beam:8", "explore": "oracle"}),
    ]:
        with pytest.raises(SettingError) as from_cli:
            parse(*argv)
        with pytest.raises(SettingError) as from_python:
            RunSettings(**kwargs)
        assert str(from_cli.value) == str(from_python.value)


def test_restart_schedule_flag_and_suffix_agree():
    assert parse("--batch", "compounding:4:16:1.5", "--restart-schedule") == parse(
        "--batch", "compounding:4:16:1.5:restart"
    )
    assert parse("--batch", "compounding:4:16:1.5:restart").schedule.restart_each_epoch


def test_reject_labels_and_conflicts_take_their_choices_and_default_to_what_runs_did_before():
    defaults = RunSettings()
    assert (defaults.reject_labels, defaults.conflicts) == ("others", "drop")
    saved_before = {k: v for k, v in defaults.to_dict().items() if k not in ("reject_labels", "conflicts")}
    assert RunSettings.from_dict(saved_before) == defaults  # a run saved before these settings reads the same
    for name, value in (("reject_labels", "some"), ("conflicts", "both")):
        with pytest.raises(SettingError, match=name):
            RunSettings(**{name: value})


def test_labels_drawn_from_all_labels_reach_the_data_table_as_conflicts():
    from nerlab.training.prepare import prepare

    user = dict(supervision="binary", accepts="per-doc", reject_grouping="per-doc", n_train=200, n_dev=20)
    others = prepare(RunSettings(**user)).summary
    assert others["conflicts"] == 0 and "rejects_equal_to_accepts" not in others
    drawn = prepare(RunSettings(**user, reject_labels="all")).summary
    assert drawn["rejects_equal_to_accepts"] > 20  # about one relabel in six
    assert drawn["conflicts"] == drawn["rejects_equal_to_accepts"]  # merged, each is a span accepted and rejected
    kept = prepare(RunSettings(**user, reject_labels="all", conflicts="accept")).summary
    assert kept["n_accepted_spans"] == drawn["n_accepted_spans"] + drawn["conflicts"]
    assert kept["n_rejected_spans"] == drawn["n_rejected_spans"]
