"""The event record: SCHEMA.md as types.

Every part of conflictwatch speaks this one record: the extractor emits it, the store keeps it,
the API serves it and the exports write it. Field names follow ACLED's export so a CSV of ours
loads where ACLED's does; the fatality range follows UCDP GED (low / best / high).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to"]
SpanList = list[tuple[int, int]]

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TO_TYPE: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

INTER_CODES = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
}


class Claim(BaseModel):
    """One figure reported for an incident, and who reported it."""

    model_config = ConfigDict(extra="forbid")

    source: str
    fatalities: int | None = None
    wounded: int | None = None
    qualifier: Qualifier | None = None
    evidence: SpanList = Field(default_factory=list)


class EventRecord(BaseModel):
    """One incident as an ACLED coder would code it, with the evidence for each field."""

    model_config = ConfigDict(extra="forbid")

    event_id: str
    event_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    time_precision: Literal[1, 2, 3]
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    country: str | None = None  # None (with iso3 and geo_precision) when the text names no place we know
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: Literal[1, 2, 3] | None = None
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    wounded: int | None = None
    claims: list[Claim] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    notes: str = ""
    evidence: dict[str, SpanList] = Field(default_factory=dict)
    article_ids: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict:
        """The record as plain JSON types, in SCHEMA.md's field order."""
        data = self.model_dump(mode="json")
        data["claims"] = [{k: v for k, v in c.items()} for c in data["claims"]]
        return data
