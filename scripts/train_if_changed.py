"""Train the Rasa model only when its inputs changed.

The model file is named after a hash of everything that goes into it, so an
existing file with that name is proof that it is up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["config.yml", "domain.yml", "data", "bot/nlu"]
MODELS = ROOT / "models"
#: Rasa's training cache keys a component's output on its config and inputs, not on its
#: code: after a change to our NLU components (bot/nlu) it would hand back what the old
#: code made (the old normalisation of the training data, say). One cache per version
#: of that code.
COMPONENT_CODE = ["bot/nlu"]
CACHES = ROOT / ".rasa" / "caches"


def inputs_hash(inputs: list[str] = INPUTS) -> str:
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in inputs:
        path = ROOT / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    """The model `make train` builds from the inputs as they are now, and the bot runs."""
    return ROOT / "models" / f"hz12333-{inputs_hash()}.tar.gz"


def record_path(model: Path) -> Path:
    return model.with_name(model.name.removesuffix(".tar.gz") + ".training.json")


def training_record(model: Path) -> dict | None:
    """How long `make train` took to build this model, if it built it."""
    path = record_path(model)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def main() -> int:
    target = model_path()
    name = target.name.removesuffix(".tar.gz")
    if target.exists():
        print(f"model up to date: {target.relative_to(ROOT)}")
        return 0
    MODELS.mkdir(exist_ok=True)
    cmd = [
        str(Path(sys.executable).parent / "rasa"),
        "train",
        "--fixed-model-name",
        name,
        "--out",
        str(MODELS),
    ]
    cache = CACHES / inputs_hash(COMPONENT_CODE)
    for stale in CACHES.glob("*") if CACHES.exists() else []:
        if stale != cache:
            shutil.rmtree(stale, ignore_errors=True)
    # A training that reuses the cache takes seconds where one from nothing takes
    # minutes; the record says which, so the time is not quoted as the other.
    cache_reused = cache.exists() and any(cache.iterdir())
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache)}
    start = time.perf_counter()
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    if code == 0 and target.exists():
        for old in MODELS.glob("hz12333-*"):
            if old.name.startswith(name):
                continue
            old.unlink()
        record_path(target).write_text(
            json.dumps({"seconds": round(seconds, 1), "cache_reused": cache_reused}),
            encoding="utf-8",
        )
    return code


if __name__ == "__main__":
    sys.exit(main())
