"""Named datasets: where they are looked for, and what is said when they are not there."""

from __future__ import annotations

import shutil

import pytest

from nerlab.data import AnnotatedDoc, dataset_path, load_dataset, tasks_to_gold_docs


def test_the_fashion_data_loads_by_name(fashion_paths):
    train = load_dataset("fashion-brands", split="train")
    assert len(train) == 1235 and train[0].source == (str(fashion_paths["train"]), 1)
    docs = tasks_to_gold_docs(load_dataset("fashion-brands", split="eval"))
    assert len(docs) == 500 and all(isinstance(d, AnnotatedDoc) for d in docs)
    assert sum(len(d.spans) for d in docs) == 238
    assert docs[0].meta["input_hash"] == load_dataset("fashion-brands", split="eval")[0].input_hash


def test_the_environment_variable_wins(fashion_paths, tmp_path, monkeypatch):
    shutil.copy(fashion_paths["eval"], tmp_path / fashion_paths["eval"].name)
    monkeypatch.setenv("NERLAB_DATA", str(tmp_path))
    assert dataset_path("fashion-brands", "eval") == tmp_path / "fashion_brands_eval.jsonl"
    with pytest.raises(FileNotFoundError) as caught:
        dataset_path("fashion-brands", "train")
    message = str(caught.value)
    assert "Cannot find fashion_brands_training.jsonl (dataset 'fashion-brands', split 'train')" in message
    assert f"Looked in: {tmp_path} (from $NERLAB_DATA)" in message
    assert "set the environment variable NERLAB_DATA" in message


def test_unknown_names_and_splits_list_the_known_ones():
    with pytest.raises(ValueError, match="Unknown dataset 'fashion'; known datasets: fashion-brands"):
        load_dataset("fashion")
    with pytest.raises(ValueError, match="has no split 'test'; its splits are train, eval"):
        load_dataset("fashion-brands", split="test")
