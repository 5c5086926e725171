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


def test_a_training_records_its_time_and_whether_the_cache_was_reused(
    project: Path, monkeypatch: pytest.MonkeyPatch
):
    # Rasa's training takes minutes; a stand-in that writes the model file is enough
    # for what this checks: the bookkeeping around it.
    monkeypatch.setattr(train_if_changed, "MODELS", project / "models")
    monkeypatch.setattr(train_if_changed, "CACHES", project / ".rasa" / "caches")
    made: list[Path] = []

    def rasa_train(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> int:
        name = cmd[cmd.index("--fixed-model-name") + 1]
        target = Path(cmd[cmd.index("--out") + 1]) / f"{name}.tar.gz"
        target.write_bytes(b"model")
        cache = Path(env["RASA_CACHE_DIRECTORY"])
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "entry").write_text("cached")
        made.append(target)
        return 0

    monkeypatch.setattr(train_if_changed.subprocess, "call", rasa_train)
    assert train_if_changed.main() == 0
    first = train_if_changed.model_path()
    assert made == [first]
    assert train_if_changed.training_record(first)["cache_reused"] is False

    (project / "data" / "nlu.yml").write_text("nlu: [x]\n")
    assert train_if_changed.main() == 0
    second = train_if_changed.model_path()
    assert made == [first, second]
    assert train_if_changed.training_record(second)["cache_reused"] is True
    assert sorted(p.name for p in (project / "models").iterdir()) == sorted(
        [second.name, train_if_changed.record_path(second).name]
    )

    assert train_if_changed.main() == 0
    assert made == [first, second]
