"""The benchmark script runs end to end (its numbers are not checked here)."""

from __future__ import annotations

from pathlib import Path

from portal_sandbox.bench import main, percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 1.0)) == (
        50.0,
        95.0,
        100.0,
    )


def test_a_tiny_run_writes_the_report(tmp_path: Path, capsys) -> None:
    output = tmp_path / "bench" / "portal.md"
    assert main(["--calls", "5", "--concurrency", "2", "--output", str(output)]) == 0
    report = output.read_text(encoding="utf-8")
    assert "| median |" in report and "| p95 |" in report
    assert "| median |" in capsys.readouterr().out
