"""Accuracy and speed of event typing and actor coding against ACLED notes and CASE 2021 task 2.

ACLED: each note is a Document (sentences by split_sentences, focus = all of them, country from the
`country` column, as the place resolver would give it). CASE: each snippet likewise, no country;
the five non-ACLED labels must give None. Prints a markdown table and writes
benchmarks/results/coding.json (with per-sub-type confusion tables). Skips when /work/shared is
absent: the datasets may not be redistributed, so they are read in place.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

from conflictwatch import evaluate as ev
from conflictwatch.document import Article, Document
from conflictwatch.extract.actors import ActorTagger, country_by_name
from conflictwatch.extract.event_types import code_incident
from conflictwatch.extract.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
ACLED = SHARED / "acled-2020-05" / "acled.csv"
CASE = SHARED / "case2021-task2" / "test_with_labels.tsv"
OUT = Path(__file__).resolve().parent / "results" / "coding.json"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
CASE_MAP = {**ev.CASE_TO_SUB_EVENT, **{label: "None" for label in ev.CASE_NON_EVENT_LABELS}}
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_TAGGER = ActorTagger()


def norm(name: str | None) -> str:
    """Scoring form of an actor name: parenthesised qualifiers removed, case folded."""
    return re.sub(r"\s+", " ", _QUALIFIER.sub("", name or "")).strip().lower()


def _acled_day(value: str) -> dt.date | None:
    """The note's own date, as the end-to-end evaluation gives it (the publication date)."""
    try:
        return ev.parse_acled_date(value)
    except ValueError:
        return None


def code_text(text: str, iso3: str | None, country: str | None, published: dt.date | None = None):
    doc = Document(article=Article(id="x", text=text), text=text, country_hint=iso3, published=published)
    doc.sentences = split_sentences(text)
    _TAGGER(doc)
    return code_incident(doc, doc.sentences, iso3, country)


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    labels = collections.Counter(gold)
    total = 0.0
    for label, support in labels.items():
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = support - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        total += f1 * support
    return total / len(gold)


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for g, p in zip(gold, pred, strict=True):
        table[g][p] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


def run_acled() -> dict:
    rows = list(csv.DictReader(ACLED.open(encoding="utf-8")))
    res: dict[str, dict] = {}
    gold_sub: list[str] = []
    pred_sub: list[str] = []
    scores = {k: collections.Counter() for k in ("violent", "all")}
    t0 = time.process_time()
    for r in rows:
        iso3 = r.get("iso3") or country_by_name(r["country"])
        c = code_text(r["notes"], iso3, r["country"], _acled_day(r["event_date"]))
        violent = r["event_type"] in VIOLENT
        et = c.event_type if c else "None"
        st = c.sub_event_type if c else "None"
        a1 = c.actor1 if c else ""
        for key in ("all", "violent") if violent else ("all",):
            s = scores[key]
            s["n"] += 1
            s["event_type"] += et == r["event_type"]
            s["sub_event_type"] += st == r["sub_event_type"]
            s["actor1"] += norm(a1) == norm(r["actor1"])
            s["actor2"] += norm(c.actor2 if c else "") == norm(r["actor2"])
        gold_sub.append(r["sub_event_type"])
        pred_sub.append(st)
    elapsed = time.process_time() - t0
    for key, s in scores.items():
        n = s["n"]
        res[key] = {k: round(s[k] / n, 4) for k in ("event_type", "sub_event_type", "actor1", "actor2")} | {"n": n}
    res["ms_per_note"] = round(1000 * elapsed / len(rows), 3)
    res["confusion"] = confusion(gold_sub, pred_sub)
    return res


def run_case() -> dict:
    rows = list(csv.DictReader(CASE.open(encoding="utf-8"), delimiter="\t"))
    gold: list[str] = []
    pred: list[str] = []
    t0 = time.process_time()
    for r in rows:
        c = code_text(r["EventSnippet"], None, None, ev.CASE_REFERENCE_DATE)
        gold.append(CASE_MAP[r["SubType"]])
        pred.append(c.sub_event_type if c else "None")
    elapsed = time.process_time() - t0
    acled_only = [(g, p) for g, p in zip(gold, pred, strict=True) if g != "None"]
    return {
        "n": len(rows),
        "weighted_f1_all30": round(_wf1_case(rows, pred), 4),
        "weighted_f1_25": round(weighted_f1([g for g, _ in acled_only], [p for _, p in acled_only]), 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows), 4),
        "ms_per_snippet": round(1000 * elapsed / len(rows), 3),
        "confusion": confusion(gold, pred),
    }


def _wf1_case(rows: list[dict], pred: list[str]) -> float:
    """Weighted F1 over the 30 CASE labels: the five non-ACLED labels are right when we say None."""
    gold30 = [r["SubType"] for r in rows]
    pred30 = []
    for g, p in zip(gold30, pred, strict=True):
        if CASE_MAP[g] == "None" and p == "None":
            pred30.append(g)
        else:
            inv = {v: k for k, v in CASE_MAP.items() if v != "None"}
            pred30.append(inv.get(p, "NONE"))
    return weighted_f1(gold30, pred30)


def main() -> int:
    if not ACLED.exists() or not CASE.exists():
        print("skipped: /work/shared datasets not present")
        return 0
    acled = run_acled()
    case = run_case()
    print("| measure | event_type | sub_event_type | actor1 | actor2 | n |")
    print("|---|---|---|---|---|---|")
    for key in ("violent", "all"):
        a = acled[key]
        cells = [a["event_type"], a["sub_event_type"], a["actor1"], a["actor2"], a["n"]]
        print(f"| ACLED {key} events | " + " | ".join(str(x) for x in cells) + " |")
    print()
    print("| CASE 2021 task 2 | weighted F1 (30 labels) | weighted F1 (25 ACLED) | accuracy | n |")
    print("|---|---|---|---|---|")
    print(f"| test | {case['weighted_f1_all30']} | {case['weighted_f1_25']} | {case['accuracy']} | {case['n']} |")
    print()
    print(f"CPU time: {acled['ms_per_note']} ms per ACLED note, {case['ms_per_snippet']} ms per CASE snippet")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"acled": acled, "case": case}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
