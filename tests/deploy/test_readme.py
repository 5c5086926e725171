"""deploy/README.md names only files, units and commands that exist."""

from __future__ import annotations

import re

from scripts.servers import ROOT

README = ROOT / "deploy" / "README.md"


def test_every_file_the_readme_names_exists() -> None:
    text = README.read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:deploy|tests|scripts)/[\w./-]+)`", text))
    paths |= {f"deploy/{p}" for p in re.findall(r"/opt/hz12333/deploy/([\w./*-]+)", text)}
    paths |= set(re.findall(r"\b(tests/[\w/]+\.py)\b", text))
    assert paths
    missing = sorted(p for p in paths if not list(ROOT.glob(p)))
    assert not missing, missing


def test_every_unit_the_readme_names_exists() -> None:
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"\b(hz12333-[a-z]+)(?![\w-])", text)) - {"hz12333-companion"}
    on_disk = {p.name.split("@")[0].split(".")[0] for p in (ROOT / "deploy" / "systemd").iterdir()}
    assert named and named <= on_disk, named - on_disk
