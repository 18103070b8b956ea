"""Scoring extracted records against gold: an ACLED export, hand-coded examples, CASE 2021 task 2.

Three kinds of gold answer three questions. ACLED's `notes` are short coder summaries with every
field coded, so they measure field accuracy at scale (but each note is one event, and a note may
describe several). The hand-coded `*.expected.json` files are full articles with every incident
coded: they measure the hard parts (several incidents, aggregates, claims) and are the developers'
debugging view. CASE snippets measure event typing and the refusal of non-events.

Scoring functions take records, not a pipeline, so they are testable without the extractor; the
`run_*` helpers and the `conflictwatch eval` commands wire the pipeline in. Dataset rows are read
from wherever the caller points: nothing here ships or copies them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from conflictwatch.document import Article
from conflictwatch.record import EVENT_TYPES

Record = Any  # an EventRecord, or a dict with the same keys (records read back from JSON)
Pipeline = Callable[[Article], list[Any]]

VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
GEO_RADIUS_KM = 25.0
CASE_REFERENCE_DATE = dt.date(2021, 6, 1)  # CASE snippets carry no date; any fixed day will do

CASE_TO_SUB_EVENT: dict[str, str] = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
SUB_EVENT_TO_CASE: dict[str, str] = {sub.casefold(): label for label, sub in CASE_TO_SUB_EVENT.items()}
CASE_NON_EVENT_LABELS: tuple[str, ...] = (
    "MAN_MADE_DISASTER", "NATURAL_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB",
)
CASE_ACLED_LABELS: tuple[str, ...] = tuple(CASE_TO_SUB_EVENT)
CASE_ALL_LABELS: tuple[str, ...] = CASE_ACLED_LABELS + CASE_NON_EVENT_LABELS
NO_RECORD = "NONE"

# --------------------------------------------------------------------------------------------
# Normalisation and field comparison
# --------------------------------------------------------------------------------------------

_PARENS = re.compile(r"\([^()]*\)")
_SPACES = re.compile(r"\s+")
_PLACE_DROP = re.compile(r"[\s\-\u2010-\u2015'\u2018\u2019\u02bc`´]+")


def norm_actor(name: str | None) -> str:
    """Actor name for comparison: ACLED dates its actors ("(2000-)") and we need not."""
    if not name:
        return ""
    text = name
    while True:  # nested qualifiers are rare but cheap to handle
        stripped = _PARENS.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    return _SPACES.sub(" ", text).strip().casefold()


def norm_actor_set(names: str | None) -> frozenset[str]:
    """Associated actors are "; "-joined lists whose order carries no meaning."""
    if not names:
        return frozenset()
    return frozenset(n for n in (norm_actor(part) for part in names.split(";")) if n)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def norm_place(name: str | None) -> str:
    """Place name for comparison: "Deir ez-Zor", "Deir Ezzor" and "Deir Ez Zor" are one place."""
    if not name:
        return ""
    return _PLACE_DROP.sub("", strip_accents(name).casefold())


# A first-level unit's name with or without its type word or article is one unit ("Sverdlovsk Oblast"
# and "Sverdlovsk", "La Habana" and "Habana", "City of Port of Spain" and "Port of Spain"); "Kiev City"
# keeps its "City", which tells it from the oblast around it.
_UNIT_AFFIX = re.compile(
    r"^(?:(?:the|la|le|el|al|an|ar|as|ad|ash|at|az|city of|province of|state of)[\s\-]+)+"
    r"|[\s\-]+(?:oblast|oblast'|province|governorate|region|state|department|prefecture|district|area)$",
    re.IGNORECASE,
)


def norm_admin1(name: str | None) -> str:
    """First-level unit name for comparison: norm_place without the unit's type word or article."""
    if not name:
        return ""
    name = re.sub(r"[.,]", "", strip_accents(name)).strip()  # "Bogota, D.C." is "Bogota D.C."
    return norm_place(_UNIT_AFFIX.sub("", name) or name)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; flat-earth shortcuts err by kilometres at these latitudes."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def within_km(
    gold_lat: float | None, gold_lon: float | None, lat: float | None, lon: float | None,
    radius: float = GEO_RADIUS_KM,
) -> bool:
    """A missing predicted coordinate is a miss, not a skip: the record failed to place the event."""
    if gold_lat is None or gold_lon is None or lat is None or lon is None:
        return False
    return haversine_km(gold_lat, gold_lon, lat, lon) <= radius


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def parse_acled_date(value: str) -> dt.date:
    """ACLED's export writes "9-May-20"; parsed by hand so the result does not depend on locale."""
    day, month, year = value.strip().split("-")
    y = int(year)
    return dt.date(2000 + y if y < 100 else y, _MONTHS[month[:3].lower()], int(day))


def get(record: Record, name: str) -> Any:
    """Field of a record that may be a model (from the extractor) or a dict (from JSON)."""
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _claim_key(claim: Any) -> tuple[str, int | None, str | None]:
    fat = get(claim, "fatalities")
    return (norm_actor(get(claim, "source")), None if fat is None else int(fat), get(claim, "qualifier"))


def claims_set(claims: Iterable[Any] | None) -> frozenset[tuple[str, int | None, str | None]]:
    """Claims compare as (source, fatalities, qualifier) sets: order and evidence do not matter."""
    return frozenset(_claim_key(c) for c in claims or ())


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def _norm_label(value: Any) -> str:
    return _SPACES.sub(" ", str(value)).strip().casefold() if value else ""


# Every record field gold may list, with the normaliser that makes two values comparable.
FIELD_NORMALISERS: dict[str, Callable[[Any], Any]] = {
    "event_date": lambda v: str(v) if v else None,
    "time_precision": _int_or_none,
    "event_type": _norm_label,
    "sub_event_type": _norm_label,
    "actor1": norm_actor,
    "assoc_actor_1": norm_actor_set,
    "actor2": norm_actor,
    "assoc_actor_2": norm_actor_set,
    "inter1": _int_or_none,
    "inter2": _int_or_none,
    "country": norm_place,
    "iso3": _norm_label,
    "admin1": norm_admin1,
    "admin2": norm_place,
    "location": norm_place,
    "geo_precision": _int_or_none,
    "fatalities": _int_or_none,
    "fatalities_low": _int_or_none,
    "fatalities_high": _int_or_none,
    "wounded": _int_or_none,
    "claims": claims_set,
}
GOLD_FIELDS: tuple[str, ...] = tuple(FIELD_NORMALISERS)


def field_matches(name: str, gold: Any, predicted: Any) -> bool:
    """Whether a predicted value counts as the gold one (null gold is matched by null or empty)."""
    norm = FIELD_NORMALISERS[name]
    return norm(gold) == norm(predicted)


# --------------------------------------------------------------------------------------------
# Small counting helpers
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Correct out of total: kept as counts so reports can be summed and re-divided."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += bool(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.accuracy)}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


@dataclass
class LabelScore:
    precision: float
    recall: float
    f1: float
    support: int


def per_label_prf(
    gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]
) -> dict[str, LabelScore]:
    """Precision/recall/F1 per label, as sklearn computes them (0 where undefined)."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter(predicted)
    n_gold: Counter[str] = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
    scores = {}
    for label in labels:
        p = tp[label] / n_pred[label] if n_pred[label] else 0.0
        r = tp[label] / n_gold[label] if n_gold[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scores[label] = LabelScore(p, r, f, n_gold[label])
    return scores


def weighted_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    """F1 averaged over labels weighted by gold support: the CASE 2021 task 2 headline metric."""
    scores = per_label_prf(gold, predicted, labels)
    support = sum(s.support for s in scores.values())
    return sum(s.f1 * s.support for s in scores.values()) / support if support else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    scores = list(per_label_prf(gold, predicted, labels).values())
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def top_confusions(gold: Sequence[str], predicted: Sequence[str], n: int = 15) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) disagreements: where to look first."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return [(g, p, c) for (g, p), c in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


# --------------------------------------------------------------------------------------------
# Running the pipeline
# --------------------------------------------------------------------------------------------


@dataclass
class ExtractionRun:
    """Records per article, in input order, with failures kept rather than aborting a long run."""

    records: list[list[Record]]
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def run_pipeline(
    pipeline: Pipeline, articles: Sequence[Article], progress: bool | None = None
) -> ExtractionRun:
    """Extract every article; an exception on one article is recorded as no records for it."""
    if progress is None:
        progress = sys.stderr.isatty()
    out: list[list[Record]] = []
    errors: list[tuple[str, str]] = []
    start = time.perf_counter()

    def one(article: Article) -> None:
        try:
            out.append(list(pipeline(article)))
        except Exception as exc:  # a scorer must survive a bad article
            errors.append((article.id, f"{type(exc).__name__}: {exc}"))
            out.append([])

    if progress and len(articles) > 20:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("extract", total=len(articles))
            for article in articles:
                one(article)
                bar.advance(task)
    else:
        for article in articles:
            one(article)
    return ExtractionRun(out, errors, time.perf_counter() - start)


def load_pipeline() -> Pipeline:
    """The lead's extraction pipeline, imported late so `conflictwatch --help` stays fast."""
    from conflictwatch.extract.pipeline import get_pipeline

    return get_pipeline()


def select(items: Sequence[Any], limit: int | None, sample: bool, seed: int = 0) -> list[Any]:
    """The first `limit` items, or a seeded random `limit` of them (in input order) with `sample`."""
    if limit is None or limit >= len(items):
        return list(items)
    if not sample:
        return list(items[:limit])
    picked = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in picked]


# --------------------------------------------------------------------------------------------
# (a) ACLED export with notes
# --------------------------------------------------------------------------------------------

ACLED_FIELDS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "actor1", "admin1", "within_25km", "fatalities",
)


@dataclass
class AcledRow:
    """One ACLED event: its notes become the article, its coded columns the gold."""

    id: str
    notes: str
    event_date: dt.date
    source: str
    event_type: str
    sub_event_type: str
    actor1: str
    admin1: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    region: str
    country: str

    @property
    def violent(self) -> bool:
        return self.event_type in VIOLENT_TYPES

    def article(self) -> Article:
        return Article(id=f"acled-{self.id}", text=self.notes, outlet=self.source or None,
                       published=self.event_date, origin=f"acled:{self.id}")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def load_acled(path: str | Path) -> tuple[list[AcledRow], int]:
    """Rows with notes and a date; truncated rows (the export has one) are counted, not scored."""
    rows: list[AcledRow] = []
    skipped = 0
    with open(path, encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            try:
                if not (raw.get("notes") or "").strip():
                    raise ValueError("no notes")
                rows.append(AcledRow(
                    id=raw.get("event_id_cnty") or raw.get("data_id") or str(len(rows)),
                    notes=raw["notes"],
                    event_date=parse_acled_date(raw["event_date"]),
                    source=raw.get("source") or "",
                    event_type=raw.get("event_type") or "",
                    sub_event_type=raw.get("sub_event_type") or "",
                    actor1=raw.get("actor1") or "",
                    admin1=raw.get("admin1") or "",
                    latitude=_float(raw.get("latitude")),
                    longitude=_float(raw.get("longitude")),
                    geo_precision=_int_or_none(raw.get("geo_precision")),
                    fatalities=_int_or_none(raw.get("fatalities")),
                    region=raw.get("region") or "(none)",
                    country=raw.get("country") or "",
                ))
            except (KeyError, ValueError):
                skipped += 1
    return rows, skipped


def acled_field_results(row: AcledRow, record: Record) -> dict[str, bool | None]:
    """Per-field verdicts for one row against one record; None where the field is not scored."""
    geo: bool | None = None
    if row.geo_precision in (1, 2) and row.latitude is not None and row.longitude is not None:
        geo = within_km(row.latitude, row.longitude, get(record, "latitude"), get(record, "longitude"))
    return {
        "event_date": str(get(record, "event_date")) == row.event_date.isoformat(),
        "event_type": field_matches("event_type", row.event_type, get(record, "event_type")),
        "sub_event_type": field_matches("sub_event_type", row.sub_event_type, get(record, "sub_event_type")),
        "actor1": field_matches("actor1", row.actor1, get(record, "actor1")),
        "admin1": field_matches("admin1", row.admin1, get(record, "admin1")),
        "within_25km": geo,
        "fatalities": field_matches("fatalities", row.fatalities, get(record, "fatalities")),
    }


def best_acled_match(row: AcledRow, records: Sequence[Record]) -> tuple[int, dict[str, bool | None]] | None:
    """The record that agrees with the row on most fields (the first on ties), or None."""
    best: tuple[int, dict[str, bool | None]] | None = None
    best_score = -1
    for i, record in enumerate(records):
        verdicts = acled_field_results(row, record)
        score = sum(1 for v in verdicts.values() if v)
        if score > best_score:
            best, best_score = (i, verdicts), score
    return best


@dataclass
class AcledGroup:
    """Counts over one subset of rows (violent events, or all)."""

    rows: int = 0
    with_record: int = 0
    records: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in ACLED_FIELDS})

    def add(self, n_records: int, verdicts: dict[str, bool | None] | None) -> None:
        self.rows += 1
        self.records += n_records
        if verdicts is None:
            return
        self.with_record += 1
        for name, ok in verdicts.items():
            if ok is not None:
                self.fields[name].add(ok)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "with_record": self.with_record,
            "event_recall": _round(_ratio(self.with_record, self.rows)),
            "records": self.records,
            "records_per_note": _round(_ratio(self.records, self.rows)),
            # each note is one coded event: records beyond the first per note count as extra
            "precision_proxy": _round(_ratio(self.with_record, self.records)),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
        }


def score_acled(rows: Sequence[AcledRow], records: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """Field accuracy per row's best-matching record, over violent events and all, plus regions."""
    groups = {"violent": AcledGroup(), "all": AcledGroup()}
    regions: dict[str, dict[str, Any]] = {}
    gold_types: list[str] = []
    pred_types: list[str] = []
    for row, recs in zip(rows, records, strict=True):
        match = best_acled_match(row, recs)
        verdicts = match[1] if match else None
        groups["all"].add(len(recs), verdicts)
        if row.violent:
            groups["violent"].add(len(recs), verdicts)
        reg = regions.setdefault(row.region, {"rows": 0, "with_record": 0, "admin1": Tally(),
                                              "within_25km": Tally()})
        reg["rows"] += 1
        gold_types.append(row.sub_event_type)
        if match is None:
            pred_types.append(NO_RECORD)
            continue
        pred_types.append(str(get(recs[match[0]], "sub_event_type")))
        reg["with_record"] += 1
        reg["admin1"].add(bool(verdicts and verdicts["admin1"]))
        if verdicts and verdicts["within_25km"] is not None:
            reg["within_25km"].add(verdicts["within_25km"])
    return {
        "rows": len(rows),
        "groups": {k: g.to_dict() for k, g in groups.items()},
        "regions": {
            name: {"rows": r["rows"], "event_recall": _round(_ratio(r["with_record"], r["rows"])),
                   "admin1": r["admin1"].to_dict(), "within_25km": r["within_25km"].to_dict()}
            for name, r in sorted(regions.items(), key=lambda kv: -kv[1]["rows"])
        },
        "top_sub_event_confusions": [list(c) for c in top_confusions(gold_types, pred_types, 15)],
    }


def evaluate_acled(
    path: str | Path, pipeline: Pipeline, limit: int | None = None, sample: bool = False, seed: int = 0,
    progress: bool | None = None,
) -> dict[str, Any]:
    rows, skipped = load_acled(path)
    rows = select(rows, limit, sample, seed)
    run = run_pipeline(pipeline, [r.article() for r in rows], progress)
    report = score_acled(rows, run.records)
    report.update(_run_meta(run, len(rows)), skipped_rows=skipped, path=str(path))
    return report


def _run_meta(run: ExtractionRun, n: int) -> dict[str, Any]:
    return {
        "seconds": round(run.seconds, 2),
        "articles_per_second": _round(_ratio(n, run.seconds), 1),
        "errors": len(run.errors),
        "error_examples": [list(e) for e in run.errors[:5]],
    }


# --------------------------------------------------------------------------------------------
# (b) Hand-coded gold: NAME.expected.json next to NAME.txt
# --------------------------------------------------------------------------------------------


@dataclass
class GoldArticle:
    name: str
    path: Path
    events: list[dict[str, Any]]

    def article(self) -> Article:
        """The article as `conflictwatch extract NAME.txt` reads it (boilerplate trimmed).

        No published date is given: reading it from the text is part of what is being tested.
        """
        try:
            from conflictwatch.ingest.readers import read_path

            for item in read_path(str(self.path)):
                if isinstance(item, Article):
                    return Article(id=self.name, text=item.text, title=item.title, url=item.url,
                                   outlet=item.outlet, published=item.published, origin=item.origin)
        except Exception:  # a reader failure must not hide the extractor's score: fall back to raw text
            pass
        return Article(id=self.name, text=self.path.read_text(encoding="utf-8"), origin=str(self.path))


def load_gold_dir(directory: str | Path) -> list[GoldArticle]:
    """Every NAME.expected.json with its article (named in the file, else NAME.txt)."""
    directory = Path(directory)
    out = []
    for gold_path in sorted(directory.glob("*.expected.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name[: -len(".expected.json")]
        text_path = directory / (gold.get("article") or f"{name}.txt")
        if not text_path.exists():
            raise FileNotFoundError(f"{gold_path.name}: article {text_path.name} not found next to it")
        out.append(GoldArticle(name, text_path, list(gold.get("events", []))))
    return out


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def pair_score(gold: Mapping[str, Any], record: Record) -> int:
    """How alike a gold event and a record are: date first, then type, place, toll.

    A pair is a candidate match from MIN_PAIR_SCORE: the right date alone, or a wrong date with
    the right type and place, so a record off by a week still shows up as a date error rather
    than as one miss plus one false alarm.
    """
    score = 0
    gd, rd = _date(gold.get("event_date")), _date(get(record, "event_date"))
    if gd and rd:
        gap = abs((gd - rd).days)
        score += 3 if gap == 0 else 2 if gap <= 3 else 1 if gap <= 31 else 0
    for name in ("event_type", "sub_event_type"):
        if gold.get(name) and field_matches(name, gold.get(name), get(record, name)):
            score += 1
    for name in ("admin1", "location"):
        if gold.get(name) and field_matches(name, gold.get(name), get(record, name)):
            score += 1
    if gold.get("fatalities") is not None and field_matches("fatalities", gold["fatalities"],
                                                             get(record, "fatalities")):
        score += 1
    return score


MIN_PAIR_SCORE = 3


def match_events(golds: Sequence[Mapping[str, Any]], records: Sequence[Record]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching on pair_score (best pairs first; ties by input order).

    With a handful of incidents per article greedy and Hungarian agree in practice, and greedy
    is easy to explain when reading a mismatch.
    """
    pairs = sorted(
        ((pair_score(g, r), gi, ri) for gi, g in enumerate(golds) for ri, r in enumerate(records)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_r: set[int] = set()
    out = []
    for score, gi, ri in pairs:
        if score < MIN_PAIR_SCORE:
            break
        if gi in used_g or ri in used_r:
            continue
        used_g.add(gi)
        used_r.add(ri)
        out.append((gi, ri))
    return sorted(out)


def _show(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return json.dumps(value, default=str)
    return json.dumps(value, ensure_ascii=False, default=str)


def summarise_record(record: Record) -> str:
    """One line that identifies a record in a mismatch listing."""
    place = get(record, "location") or get(record, "admin1") or get(record, "country") or "place unknown"
    return (f"{get(record, 'event_date')} {get(record, 'sub_event_type')} | {get(record, 'actor1')} vs "
            f"{get(record, 'actor2')} | {place} | fatalities {get(record, 'fatalities')}")


def score_gold(articles: Sequence[GoldArticle], records: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """Event precision/recall and accuracy of every field each gold event lists."""
    fields: dict[str, Tally] = {}
    mismatches: list[dict[str, Any]] = []
    pairs_out: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    n_gold = n_rec = n_match = 0
    for art, recs in zip(articles, records, strict=True):
        n_gold += len(art.events)
        n_rec += len(recs)
        pairs = match_events(art.events, recs)
        n_match += len(pairs)
        matched_g = {g for g, _ in pairs}
        matched_r = {r for _, r in pairs}
        for gi, ri in pairs:
            gold, rec = art.events[gi], recs[ri]
            pairs_out.append({"article": art.name, "event": gi, "record": ri, "gold": summarise_record(gold),
                              "summary": summarise_record(rec)})
            for name in GOLD_FIELDS:
                if name not in gold:
                    continue
                got = get(rec, name)
                ok = field_matches(name, gold[name], got)
                fields.setdefault(name, Tally()).add(ok)
                if not ok:
                    pred = [_claim_key(c) for c in got or ()] if name == "claims" else got
                    want = [_claim_key(c) for c in gold[name] or ()] if name == "claims" else gold[name]
                    mismatches.append({"article": art.name, "event": gi, "field": name,
                                       "gold": want, "predicted": pred})
        for gi, gold in enumerate(art.events):
            if gi not in matched_g:
                missed.append({"article": art.name, "event": gi, "gold": summarise_record(gold)})
        for ri, rec in enumerate(recs):
            if ri not in matched_r:
                extra.append({"article": art.name, "record": ri, "summary": summarise_record(rec),
                              "notes": get(rec, "notes") or ""})
    p, r = _ratio(n_match, n_rec), _ratio(n_match, n_gold)
    f1 = 2 * p * r / (p + r) if p and r else 0.0
    ordered = {k: fields[k].to_dict() for k in GOLD_FIELDS if k in fields}
    all_fields = Tally(sum(t.correct for t in fields.values()), sum(t.total for t in fields.values()))
    return {
        "articles": len(articles), "gold_events": n_gold, "records": n_rec, "matched": n_match,
        "event_precision": _round(p), "event_recall": _round(r), "event_f1": _round(f1),
        "fields": ordered, "all_fields": all_fields.to_dict(),
        "pairs": pairs_out, "mismatches": mismatches, "missed": missed, "extra": extra,
    }


def evaluate_gold(directory: str | Path, pipeline: Pipeline, progress: bool | None = None) -> dict[str, Any]:
    articles = load_gold_dir(directory)
    run = run_pipeline(pipeline, [a.article() for a in articles], progress)
    report = score_gold(articles, run.records)
    report.update(_run_meta(run, len(articles)), path=str(directory))
    return report


# --------------------------------------------------------------------------------------------
# (c) CASE 2021 task 2
# --------------------------------------------------------------------------------------------


@dataclass
class CaseRow:
    id: str
    text: str
    label: str

    def article(self) -> Article:
        return Article(id=f"case-{self.id}", text=self.text, published=CASE_REFERENCE_DATE,
                       origin=f"case:{self.id}")


def load_case(path: str | Path) -> list[CaseRow]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [CaseRow(r["id"], r["EventSnippet"], r["SubType"].strip()) for r in reader if r.get("SubType")]


def case_prediction(gold_label: str, records: Sequence[Record]) -> str:
    """The CASE label of the first record; no record is right exactly when gold is a non-event."""
    if not records:
        return gold_label if gold_label in CASE_NON_EVENT_LABELS else NO_RECORD
    sub = _norm_label(get(records[0], "sub_event_type"))
    return SUB_EVENT_TO_CASE.get(sub, f"?{get(records[0], 'sub_event_type')}")


def score_case(rows: Sequence[CaseRow], records: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """Weighted F1 over all 30 labels and over the 25 ACLED ones, as the shared task reported."""
    gold = [r.label for r in rows]
    pred = [case_prediction(r.label, recs) for r, recs in zip(rows, records, strict=True)]
    acled_idx = [i for i, g in enumerate(gold) if g in CASE_TO_SUB_EVENT]
    g25, p25 = [gold[i] for i in acled_idx], [pred[i] for i in acled_idx]
    per_label = per_label_prf(gold, pred, CASE_ALL_LABELS)
    non_event = [i for i, g in enumerate(gold) if g in CASE_NON_EVENT_LABELS]
    # ACLED-type snippets that produced any record / non-event snippets that produced none
    detected = sum(1 for i in acled_idx if records[i])
    refused = sum(1 for i in non_event if not records[i])
    type_gold = [_event_type_of_label(g) for g in g25]
    type_pred = [_event_type_of_label(p) for p in p25]
    return {
        "rows": len(rows),
        "reference_date": CASE_REFERENCE_DATE.isoformat(),
        "weighted_f1_30": _round(weighted_f1(gold, pred, CASE_ALL_LABELS)),
        "weighted_f1_25": _round(weighted_f1(g25, p25, CASE_ACLED_LABELS)),
        "macro_f1_30": _round(macro_f1(gold, pred, CASE_ALL_LABELS)),
        "accuracy_30": _round(_ratio(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold))),
        "event_type_accuracy_25": _round(
            _ratio(sum(a == b for a, b in zip(type_gold, type_pred, strict=True)), len(type_gold))
        ),
        "acled_rows_with_record": Tally(detected, len(acled_idx)).to_dict(),
        "non_event_rows_without_record": Tally(refused, len(non_event)).to_dict(),
        "per_label": {k: {"precision": _round(s.precision), "recall": _round(s.recall), "f1": _round(s.f1),
                          "support": s.support} for k, s in per_label.items()},
        "top_confusions": [list(c) for c in top_confusions(gold, pred, 15)],
    }


_SUB_TO_TYPE = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}


def _event_type_of_label(label: str) -> str:
    return _SUB_TO_TYPE.get(CASE_TO_SUB_EVENT.get(label, ""), label)


def evaluate_case(
    path: str | Path, pipeline: Pipeline, limit: int | None = None, sample: bool = False, seed: int = 0,
    progress: bool | None = None,
) -> dict[str, Any]:
    rows = select(load_case(path), limit, sample, seed)
    run = run_pipeline(pipeline, [r.article() for r in rows], progress)
    report = score_case(rows, run.records)
    report.update(_run_meta(run, len(rows)), path=str(path))
    return report


# --------------------------------------------------------------------------------------------
# Rendering: one list of (title, headers, rows) per report, shown as rich tables or markdown
# --------------------------------------------------------------------------------------------

Section = tuple[str, list[str], list[list[str]]]

_FIELD_LABELS = {"event_date": "date", "within_25km": "within 25 km"}


def _acc_cell(t: Mapping[str, Any]) -> str:
    return f"{pct(t['accuracy'])} ({t['correct']}/{t['total']})" if t["total"] else "-"


def acled_sections(report: Mapping[str, Any]) -> list[Section]:
    groups = report["groups"]
    head = ["", "violent events", "all events"]
    rows = [
        ["notes (rows)", str(groups["violent"]["rows"]), str(groups["all"]["rows"])],
        ["event recall (>= 1 record)", *(pct(groups[g]["event_recall"]) for g in ("violent", "all"))],
        ["records / note", *(f"{groups[g]['records_per_note'] or 0:.2f}" for g in ("violent", "all"))],
        ["precision proxy (1 per note)", *(pct(groups[g]["precision_proxy"]) for g in ("violent", "all"))],
    ]
    for name in ACLED_FIELDS:
        rows.append([_FIELD_LABELS.get(name, name), *(_acc_cell(groups[g]["fields"][name])
                                                       for g in ("violent", "all"))])
    regions = [
        [name, str(r["rows"]), pct(r["event_recall"]), _acc_cell(r["admin1"]), _acc_cell(r["within_25km"])]
        for name, r in report["regions"].items()
    ]
    conf = [[g, p, str(c)] for g, p, c in report["top_sub_event_confusions"]]
    return [
        ("ACLED notes: field accuracy on matched rows", head, rows),
        ("ACLED notes by region (all events)",
         ["region", "rows", "recall", "admin1", "within 25 km"], regions),
        ("ACLED notes: top sub-event confusions", ["gold", "predicted", "count"], conf),
    ]


def gold_sections(report: Mapping[str, Any]) -> list[Section]:
    events = [[
        str(report["articles"]), str(report["gold_events"]), str(report["records"]), str(report["matched"]),
        pct(report["event_precision"]), pct(report["event_recall"]), pct(report["event_f1"]),
    ]]
    fields = [[name, _acc_cell(t)] for name, t in report["fields"].items()]
    fields.append(["all fields", _acc_cell(report["all_fields"])])
    return [
        ("Gold articles: events",
         ["articles", "gold events", "records", "matched", "precision", "recall", "F1"], events),
        ("Gold articles: field accuracy on matched events", ["field", "accuracy"], fields),
    ]


def case_sections(report: Mapping[str, Any]) -> list[Section]:
    summary = [
        ["weighted F1, 30 labels", f"{report['weighted_f1_30']:.3f}", "0.771"],
        ["weighted F1, 25 ACLED labels", f"{report['weighted_f1_25']:.3f}", "0.839"],
        ["macro F1, 30 labels", f"{report['macro_f1_30']:.3f}", ""],
        ["accuracy, 30 labels", pct(report["accuracy_30"]), ""],
        ["event type accuracy (25 ACLED labels)", pct(report["event_type_accuracy_25"]), ""],
        ["ACLED snippets with a record", _acc_cell(report["acled_rows_with_record"]), ""],
        ["non-event snippets with no record", _acc_cell(report["non_event_rows_without_record"]), ""],
    ]
    labels = [[k, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["support"])]
              for k, v in sorted(report["per_label"].items(), key=lambda kv: -kv[1]["support"])]
    conf = [[g, p, str(c)] for g, p, c in report["top_confusions"]]
    return [
        ("CASE 2021 task 2", ["metric", "conflictwatch", "best published (trained)"], summary),
        ("CASE 2021 task 2: per label", ["label", "precision", "recall", "F1", "support"], labels),
        ("CASE 2021 task 2: top confusions", ["gold", "predicted", "count"], conf),
    ]


def timing_line(report: Mapping[str, Any]) -> str:
    return (f"{report.get('seconds', 0)} s, {report.get('articles_per_second') or '-'} articles/s, "
            f"{report.get('errors', 0)} extraction errors")


_NUMERIC_CELL = re.compile(r"^[-\d.,%() /]+( s)?$")


def _numeric_columns(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[bool]:
    """Right-align columns of figures only; labels read better left-aligned."""
    return [i > 0 and all(_NUMERIC_CELL.match(r[i]) for r in rows if r[i]) for i in range(len(head))]


def print_sections(sections: Sequence[Section], console: Console) -> None:
    for title, head, rows in sections:
        table = Table(title=title, title_justify="left")
        for h, numeric in zip(head, _numeric_columns(head, rows), strict=True):
            table.add_column(h, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)


def markdown_sections(sections: Sequence[Section]) -> str:
    """Markdown tables a README can quote as they are."""
    out = []
    for title, head, rows in sections:
        out.append(f"#### {title}\n")
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in _numeric_columns(head, rows)) + "|")
        out.extend("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows)
        out.append("")
    return "\n".join(out)


def print_gold_details(report: Mapping[str, Any], console: Console) -> None:
    """Every matched pair with its wrong fields, every miss and false alarm: the debugging view."""
    names = dict.fromkeys(x["article"] for key in ("pairs", "missed", "extra") for x in report[key])
    for name in names:
        console.print(f"[bold]{name}[/bold]")
        for p in (x for x in report["pairs"] if x["article"] == name):
            wrong = [m for m in report["mismatches"] if m["article"] == name and m["event"] == p["event"]]
            console.print(f"  gold event {p['event']} = record {p['record']}: {escape(p['summary'])}"
                          + ("" if wrong else "  [green]all fields right[/green]"), highlight=False)
            for m in wrong:
                values = escape(f"gold {_show(m['gold'])} got {_show(m['predicted'])}")
                console.print(f"    [bold]{m['field']}[/bold]: {values}", highlight=False)
        for m in (x for x in report["missed"] if x["article"] == name):
            console.print(f"  [red]missed[/red] gold event {m['event']}: {escape(m['gold'])}",
                          highlight=False)
        for m in (x for x in report["extra"] if x["article"] == name):
            console.print(f"  [yellow]extra[/yellow] record {m['record']}: {escape(m['summary'])}",
                          highlight=False)
            if m["notes"]:
                console.print(f"      {m['notes']}", highlight=False, markup=False)
    if not names:
        console.print("no gold events and no records")


# --------------------------------------------------------------------------------------------
# CLI: `conflictwatch eval acled|gold|case`
# --------------------------------------------------------------------------------------------

eval_app = typer.Typer(
    no_args_is_help=True, help="Score extraction against gold data and print per-field accuracy."
)


def _write_json(report: Mapping[str, Any], out: Path | None) -> None:
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _pipeline_or_exit() -> Pipeline:
    try:
        return load_pipeline()
    except ImportError as exc:
        Console(stderr=True).print(f"[red]error[/red] the extraction pipeline cannot be loaded: {exc}")
        raise typer.Exit(code=2) from None


def _require(path: Path) -> None:
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")


@eval_app.command("acled")
def acled_command(
    path: Path = typer.Argument(..., help="ACLED export CSV with a notes column."),
    limit: int = typer.Option(None, "--limit", help="Score only N rows (the first N, or N sampled)."),
    sample: bool = typer.Option(False, "--sample", help="Pick --limit rows at random (seeded), default 500."),
    seed: int = typer.Option(0, "--seed", help="Seed for --sample."),
    json_out: Path = typer.Option(None, "--json", help="Write the full report as JSON here."),
) -> None:
    """Extract each row's notes and score date, type, actor1, admin1, 25 km, fatalities."""
    _require(path)
    if sample and limit is None:
        limit = 500
    report = evaluate_acled(path, _pipeline_or_exit(), limit=limit, sample=sample, seed=seed)
    console = Console()
    print_sections(acled_sections(report), console)
    console.print(timing_line(report))
    _write_json(report, json_out)


@eval_app.command("gold")
def gold_command(
    directory: Path = typer.Argument(..., help="Directory of NAME.expected.json next to NAME.txt."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Print every mismatch, miss and extra record."
    ),
    json_out: Path = typer.Option(None, "--json", help="Write the full report as JSON here."),
) -> None:
    """Extract each article (no published date given) and score every field its gold lists."""
    _require(directory)
    report = evaluate_gold(directory, _pipeline_or_exit())
    console = Console()
    if verbose:
        print_gold_details(report, console)
    print_sections(gold_sections(report), console)
    console.print(timing_line(report))
    _write_json(report, json_out)


@eval_app.command("case")
def case_command(
    path: Path = typer.Argument(..., help="CASE 2021 task 2 TSV (id, EventSnippet, SubType)."),
    limit: int = typer.Option(None, "--limit", help="Score only N snippets."),
    sample: bool = typer.Option(
        False, "--sample", help="Pick --limit snippets at random (seeded), default 300."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed for --sample."),
    json_out: Path = typer.Option(None, "--json", help="Write the full report as JSON here."),
) -> None:
    """Type each snippet by its first record's sub-event type; weighted F1 and confusions."""
    _require(path)
    if sample and limit is None:
        limit = 300
    report = evaluate_case(path, _pipeline_or_exit(), limit=limit, sample=sample, seed=seed)
    console = Console()
    print_sections(case_sections(report), console)
    console.print(timing_line(report))
    _write_json(report, json_out)
