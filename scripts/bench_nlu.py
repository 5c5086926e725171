"""`make bench-nlu`: understanding quality on the held-out sets.

Parses every held-out question with the model `make train` built, the one the bot
runs, and writes var/bench/nlu.md with a confusion-matrix image beside it. The
figures are that model's: an NLU-only model trained on the same data (``--nlu-only``)
reads some questions otherwise, because a full training also fits the featurisers
on the stories and the domain's texts.

The blind sets (``tests/nlu/blind*.yml``, written by people who saw only the guide
and the label set) are scored apart from the older held-out sets, and their errors
go to a file of their own, ``var/bench/nlu-blind-errors.md``, which the report does
not quote: whoever tunes the training data must not read them.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.topics import TYPE_DEPENDENT  # noqa: E402
from scripts.train_if_changed import model_path, training_record  # noqa: E402

OOS = {"out_of_scope", "out_of_scope_social"}
#: Sets written blind to the training data; their error texts stay out of the report.
BLIND_PREFIX = "blind"


def predicted_label(parse: dict) -> str:
    """The label (as in docs/labels.md) that the bot's answer corresponds to."""
    intent = (parse.get("intent") or {}).get("name") or "none"
    if intent != "faq":
        return intent
    key = (
        parse.get("response_selector", {})
        .get("faq", {})
        .get("response", {})
        .get("intent_response_key")
        or "faq/?"
    )
    topic = key.split("/", 1)[1]
    if topic in TYPE_DEPENDENT:
        types = [
            e["value"] for e in parse.get("entities", []) if e.get("entity") == "applicant_type"
        ]
        if types:
            return f"faq/{topic}/{types[0]}"
    return f"faq/{topic}"


def intent_of(label: str) -> str:
    return "faq" if label.startswith("faq/") else label


def train(out: Path) -> tuple[Path, float]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.tar.gz"):
        old.unlink()
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "train",
            "nlu",
            "--out",
            str(out),
            "--fixed-model-name",
            "bench-nlu",
        ],
        cwd=ROOT,
        check=True,
    )
    return out / "bench-nlu.tar.gz", time.perf_counter() - start


def model_trained(model: Path) -> str:
    record = training_record(model)
    if record is None:
        return "training time not recorded beside it"
    cache = "reusing Rasa's cache" if record["cache_reused"] else "with an empty cache"
    return f"trained by `make train` in {record['seconds']:.0f} s {cache}"


async def parse_all(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def confusion_image(pairs: list[tuple[str, str]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted({intent_or_topic(x) for pair in pairs for x in pair})
    index = {label: i for i, label in enumerate(labels)}
    grid = [[0] * len(labels) for _ in labels]
    for expected, predicted in pairs:
        grid[index[intent_or_topic(expected)]][index[intent_or_topic(predicted)]] += 1
    size = max(8, len(labels) * 0.38)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    for i, row in enumerate(grid):
        for j, n in enumerate(row):
            if n:
                ax.text(
                    j,
                    i,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if i == j else "red",
                )
    ax.set_title("Held-out confusion matrix (FAQ topics and intents)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def intent_or_topic(label: str) -> str:
    # The matrix groups the type suffix away; type errors are counted in the report.
    parts = label.split("/")
    return "/".join(parts[:2]) if label.startswith("faq/") else label


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    faq = [(e, p) for e, p in pairs if e.startswith("faq/")]
    oos_true = [(e, p) for e, p in pairs if e in OOS]
    oos_pred = [(e, p) for e, p in pairs if p in OOS]
    return {
        "questions": len(pairs),
        "faq": len(faq),
        "oos": len(oos_true),
        "faq_acc": sum(e == p for e, p in faq) / max(1, len(faq)),
        "intent_acc": sum(intent_of(e) == intent_of(p) for e, p in pairs) / max(1, len(pairs)),
        "recall": sum(p in OOS for _, p in oos_true) / max(1, len(oos_true)),
        "precision": sum(e in OOS for e, _ in oos_pred) / max(1, len(oos_pred)),
        "never_faq": sum(not p.startswith("faq/") for _, p in oos_true) / max(1, len(oos_true)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--heldout",
        type=Path,
        nargs="+",
        default=[
            ROOT / "tests/nlu/heldout.yml",
            ROOT / "tests/nlu/heldout2.yml",
            *sorted((ROOT / "tests/nlu").glob(f"{BLIND_PREFIX}*.yml")),
        ],
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var/bench")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--model", type=Path, help="score this model, not make train's")
    chosen.add_argument(
        "--nlu-only", action="store_true", help="train an NLU-only model (timed) and score it"
    )
    args = parser.parse_args()
    args.out = args.out.resolve()

    sets = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in args.heldout}
    if args.nlu_only:
        model, train_seconds = train(args.out / "nlu-model")
        trained = f"NLU-only model trained by this run in {train_seconds:.0f} s"
    else:
        model = args.model or model_path()
        if not model.exists():
            print(f"no model at {model}: run `make train` first", file=sys.stderr)
            return 2
        trained = model_trained(model)
    every = [item for items in sets.values() for item in items]
    parses = asyncio.run(parse_all(model, [item["text"] for item in every]))
    pairs_all = [
        (item["expect"], predicted_label(p)) for item, p in zip(every, parses, strict=True)
    ]
    by_set: dict[str, list[tuple[str, str]]] = {}
    start = 0
    for name, items in sets.items():
        by_set[name] = pairs_all[start : start + len(items)]
        start += len(items)
    scores = {name: score(pairs) for name, pairs in by_set.items()}
    blind = [
        pair for name, pairs in by_set.items() if name.startswith(BLIND_PREFIX) for pair in pairs
    ]
    older = [
        pair
        for name, pairs in by_set.items()
        if not name.startswith(BLIND_PREFIX)
        for pair in pairs
    ]
    if blind:
        scores["blind sets"] = score(blind)
    if older and blind:
        scores["older sets"] = score(older)
    scores["all"] = score(pairs_all)

    args.out.mkdir(parents=True, exist_ok=True)
    image = args.out / "nlu-confusion.png"
    confusion_image(pairs_all, image)
    set_of = [name for name, items in sets.items() for _ in items]
    all_errors = [
        (item["text"], e, p, name)
        for item, (e, p), name in zip(every, pairs_all, set_of, strict=True)
        if e != p
    ]
    errors = [(t, e, p) for t, e, p, name in all_errors if not name.startswith(BLIND_PREFIX)]
    blind_errors = [(t, e, p) for t, e, p, name in all_errors if name.startswith(BLIND_PREFIX)]
    per_label = collections.Counter(e for e, _ in pairs_all)
    wrong_by_label = collections.Counter(e for _, e, _, _ in all_errors)
    names = list(scores)

    def row(title: str, key: str, fmt: str = "{:.1%}") -> str:
        return f"| {title} | " + " | ".join(fmt.format(scores[n][key]) for n in names) + " |"

    lines = [
        "# NLU benchmark on the held-out sets",
        "",
        f"Command: `make bench-nlu` ({time.strftime('%Y-%m-%d %H:%M')}); "
        f"model: `{model.name}`, {trained}",
        "",
        "| figure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        row("questions", "questions", "{:.0f}"),
        row("FAQ answer accuracy (right answer incl. applicant type)", "faq_acc"),
        row("intent accuracy", "intent_acc"),
        row("out-of-scope recall", "recall"),
        row("out-of-scope precision", "precision"),
        row("out-of-scope questions never given an FAQ answer", "never_faq"),
        "",
        f"![confusion matrix]({image.name})",
        "",
        "## Per label, every set (errors / total)",
        "",
        "| label | errors | total |",
        "|---|---|---|",
        *[f"| {label} | {wrong_by_label[label]} | {n} |" for label, n in sorted(per_label.items())],
        "",
        "## Errors of the older sets",
        "",
        f"The blind sets' {len(blind_errors)} errors are in `nlu-blind-errors.md`, not here.",
        "",
        "| text | expected | predicted |",
        "|---|---|---|",
        *[f"| {t.replace('|', '/')} | {e} | {p} |" for t, e, p in errors],
        "",
    ]
    report = args.out / "nlu.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    (args.out / "nlu-blind-errors.md").write_text(
        "\n".join(
            [
                "# Errors on the blind sets: do not read while tuning the training data",
                "",
                "| text | expected | predicted |",
                "|---|---|---|",
                *[f"| {t.replace('|', '/')} | {e} | {p} |" for t, e, p in blind_errors],
                "",
            ]
        ),
        encoding="utf-8",
    )
    print("\n".join(lines[:13]))
    print(f"report: {report}")  # --out may be anywhere
    return 0


if __name__ == "__main__":
    sys.exit(main())
