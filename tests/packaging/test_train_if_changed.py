"""make train's model and training cache follow what goes into them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import train_if_changed


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bot" / "nlu").mkdir(parents=True)
    (tmp_path / "bot" / "nlu" / "text.py").write_text("SLIPS = ()\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nlu.yml").write_text("nlu: []\n")
    (tmp_path / "config.yml").write_text("pipeline: []\n")
    (tmp_path / "domain.yml").write_text("intents: []\n")
    monkeypatch.setattr(train_if_changed, "ROOT", tmp_path)
    return tmp_path


def test_the_cache_is_new_when_the_components_code_changes_not_the_data(project: Path):
    model, cache = train_if_changed.inputs_hash(), train_if_changed.inputs_hash(["bot/nlu"])
    (project / "data" / "nlu.yml").write_text("nlu: [x]\n")
    assert train_if_changed.inputs_hash() != model
    assert train_if_changed.inputs_hash(["bot/nlu"]) == cache
    (project / "bot" / "nlu" / "text.py").write_text("SLIPS = (('从新', '重新'),)\n")
    assert train_if_changed.inputs_hash(["bot/nlu"]) != cache
