"""Behaviour tests of the whole extraction (`extract`) on wire-style sentences written for these tests.

Each test feeds a short invented report (real places and armed groups, invented incidents) through
`conflictwatch.extract.pipeline.extract` and checks the coded records as an ACLED coder would:
the incident's own date resolved against the publication date, one record per incident and none
for aggregates or bare claims of responsibility, tolls summed over parts but not double counted,
every source's figure kept as a claim with the most credible one as "best".
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.extract.pipeline import extract
from conflictwatch.record import EventRecord


def run(text: str, published: str | None = "2024-03-12") -> list[EventRecord]:
    return extract(text, published=published, outlet="Wire", article_id="x")


def only(records: list[EventRecord]) -> EventRecord:
    assert len(records) == 1, [(r.event_date, r.sub_event_type, r.fatalities, r.notes) for r in records]
    return records[0]


def claim_figures(record: EventRecord) -> dict[str, int | None]:
    return {c.source: c.fatalities for c in record.claims}


# --- dates -----------------------------------------------------------------------------------------


def test_lead_incident_on_tuesday_is_the_tuesday_before_a_wednesday_report():
    # 13 March 2024 is a Wednesday, so "on Tuesday" is 12 March.
    text = ("Islamic State West Africa Province (ISWAP) fighters killed nine villagers in a raid on a farming "
            "settlement near Konduga in Nigeria's Borno state on Tuesday, police said.")
    record = only(run(text, published="2024-03-13"))
    assert record.event_date == "2024-03-12"
    assert record.time_precision == 1
    assert record.country == "Nigeria"
    assert record.iso3 == "NGA"
    assert record.fatalities == 9
    assert record.actor1 == "Islamic State (West Africa)"


def test_on_tuesday_in_a_tuesday_report_is_the_same_day():
    text = ("Al-Shabaab militants killed three soldiers in an attack on an army base near Afgooye in Somalia's "
            "Lower Shabelle region on Tuesday, a military officer said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-12"
    assert record.time_precision == 1
    assert record.country == "Somalia"
    assert record.fatalities == 3


def test_late_last_sunday_is_the_sunday_before_publication():
    # Saturday 16 March 2024: "late last Sunday" is 10 March.
    text = ("Boko Haram fighters ambushed a military convoy near Gwoza in Nigeria's Borno state late last Sunday, "
            "killing five soldiers, military sources said.")
    record = only(run(text, published="2024-03-16"))
    assert record.event_date == "2024-03-10"
    assert record.time_precision == 1
    assert record.fatalities == 5


def test_december_date_in_a_january_report_is_last_year():
    text = ("Islamic State militants killed four members of the Popular Mobilization Forces in an attack on their "
            "position near Khanaqin in Iraq's Diyala province on December 30, security officials said.")
    record = only(run(text, published="2024-01-09"))
    assert record.event_date == "2023-12-30"
    assert record.time_precision == 1
    assert record.country == "Iraq"
    assert record.fatalities == 4


def test_last_month_is_month_precision_on_the_fifteenth():
    text = ("Last month, a roadside bomb killed two Iraqi soldiers on patrol in the Daquq district of Kirkuk "
            "province, security sources said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-02-15"
    assert record.time_precision == 3
    assert record.fatalities == 2


def test_earlier_this_week_is_week_precision_within_the_week():
    # Friday 15 March 2024; the week began on Monday 11 March.
    text = ("Earlier this week, gunmen killed six farmers in their fields near Bama in Nigeria's Borno state, "
            "residents said.")
    record = only(run(text, published="2024-03-15"))
    assert record.time_precision == 2
    assert "2024-03-11" <= record.event_date <= "2024-03-15"
    assert record.fatalities == 6


def test_publication_date_read_from_an_updated_at_line():
    # No published metadata: the date comes from the "Updated at" line; Wednesday before 4 Feb 2021 is 3 Feb.
    text = ("Al-Shabaab militants killed seven Somali soldiers in an attack on a base near Balad in the Middle "
            "Shabelle region on Wednesday, a military officer said.\n"
            "The attackers withdrew after a two-hour gun battle, residents said.\n"
            "Updated at 10:54 am on February 4, 2021\n")
    record = only(run(text, published=None))
    assert record.event_date == "2021-02-03"
    assert record.time_precision == 1
    assert record.fatalities == 7


def test_publication_date_read_from_a_dateline():
    text = ("Tue 12 March 2024\n\n"
            "Gunmen killed four worshippers at a mosque near Gusau in Nigeria's Zamfara state late on Sunday, "
            "police said.")
    record = only(run(text, published=None))
    assert record.event_date == "2024-03-10"
    assert record.time_precision == 1
    assert record.fatalities == 4


# --- what is and is not an incident ----------------------------------------------------------------


def test_aggregates_alone_give_no_record():
    text = ("More than 2,000 people have been killed in central Mali since 2019, according to rights groups.\n\n"
            "So far this year, at least 300 civilians have been killed in attacks by jihadist groups in the "
            "Mopti and Segou regions, the groups said.\n\n"
            "Syria's war has killed more than 500,000 people since 2011.")
    assert run(text, published="2024-03-12") == []


def test_aggregate_next_to_an_incident_does_not_change_its_toll():
    text = ("JNIM fighters ambushed a Malian army convoy near Diabaly in the Segou region on Saturday, "
            "killing five soldiers, the army said.\n\n"
            "Violence in central Mali has killed more than 2,000 people since 2019, according to rights groups.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-09"
    assert record.fatalities == 5
    assert record.fatalities_high == 5


def test_claim_of_responsibility_alone_gives_no_record():
    text = ("Al-Shabaab claimed responsibility in a statement posted online on Tuesday.\n\n"
            "The group did not give any details.")
    assert run(text, published="2024-03-12") == []


def test_claim_of_responsibility_joins_the_incident_it_claims():
    # Monday 11 March 2024 for the blast; Tuesday is only when it was claimed.
    text = ("A roadside bomb killed three Somali soldiers near Afgooye in the Lower Shabelle region on Monday, "
            "a military officer said.\n\n"
            "Al-Shabaab claimed responsibility for the blast on Tuesday.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-11"
    assert record.sub_event_type == "Remote explosive/landmine/IED"
    assert record.fatalities == 3


def test_two_incidents_with_their_own_dates_and_tolls():
    # Wednesday 13 March 2024: Tuesday is 12 March, last Thursday is 7 March.
    text = ("Al-Shabaab fighters killed three soldiers in an attack on an army base near Afgooye in Somalia's "
            "Lower Shabelle region on Tuesday, a military officer said.\n\n"
            "Last Thursday, a roadside bomb killed five civilians travelling on a minibus near Wanlaweyn, "
            "a district official said.")
    records = run(text, published="2024-03-13")
    assert sorted((r.event_date, r.fatalities) for r in records) == [("2024-03-07", 5), ("2024-03-12", 3)]
    bomb = next(r for r in records if r.event_date == "2024-03-07")
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"


@pytest.mark.parametrize("route", ["between Niono and Diabaly", "from Niono to Diabaly"])
def test_a_road_between_two_towns_is_not_a_period(route):
    # "between X and Y" / "from X to Y" naming places must not make the sentence an aggregate.
    text = (f"JNIM fighters ambushed a Malian army convoy on the road {route} in the Segou region on Saturday, "
            "killing five soldiers, the army said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-09"
    assert record.fatalities == 5


# --- tolls -----------------------------------------------------------------------------------------


def test_sum_of_parts():
    text = ("Boko Haram fighters ambushed a military convoy near Gwoza in Nigeria's Borno state on Sunday, "
            "killing eight soldiers, four allied militiamen and three civilians, military sources said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-10"
    assert record.fatalities == 15
    assert record.fatalities_low == 15
    assert record.fatalities_high == 15


def test_subset_is_not_double_counted():
    text = ("At least 19 members of the Iraqi security forces were killed in an Islamic State attack near "
            "Tuz Khurmatu in Salahuddin province on Tuesday, security officials said, including 11 fighters "
            "from the Popular Mobilization Forces.")
    record = only(run(text, published="2024-03-12"))
    assert record.fatalities == 19
    assert record.fatalities_high == 19


def test_subset_in_a_following_sentence_is_not_double_counted():
    text = ("At least 19 Syrian soldiers and allied militiamen were killed in an Islamic State attack in the desert "
            "of Homs province on Tuesday, the Syrian Observatory for Human Rights said.\n"
            "Those killed include 11 fighters of the Iran-backed Fatemiyoun Brigade, the Observatory said.")
    record = only(run(text, published="2024-03-12"))
    assert record.fatalities == 19
    assert record.fatalities_high == 19
    assert claim_figures(record) == {"SOHR": 19}


def test_monitor_over_party_claim():
    text = ("At least 19 Syrian soldiers and allied militiamen were killed in an Islamic State attack in the desert "
            "of Homs province on Tuesday, the Syrian Observatory for Human Rights said.\n"
            "The Islamic State group's Amaq News Agency said its fighters had killed 31 soldiers.")
    record = only(run(text, published="2024-03-13"))
    assert record.event_date == "2024-03-12"
    assert claim_figures(record) == {"SOHR": 19, "Amaq": 31}
    assert record.fatalities == 19
    assert record.fatalities_low == 19
    assert record.fatalities_high == 31
    assert {"SOHR", "Amaq"} <= set(record.sources)
    qualifiers = {c.source: c.qualifier for c in record.claims}
    assert qualifiers == {"SOHR": "at_least", "Amaq": "exact"}


def test_officials_over_insurgent_spokesman():
    # Wednesday 14 October 2020: "on Tuesday" is 13 October.
    text = ("Taliban fighters attacked an army checkpoint in Imam Sahib district of Kunduz province on Tuesday, "
            "killing six soldiers, the Ministry of Interior said.\n"
            "A Taliban spokesman said 20 soldiers had been killed in the attack.")
    record = only(run(text, published="2020-10-14"))
    assert record.event_date == "2020-10-13"
    assert record.country == "Afghanistan"
    assert record.actor1 == "Taliban"
    assert record.fatalities == 6
    assert record.fatalities_low == 6
    assert record.fatalities_high == 20
    figures = claim_figures(record)
    assert figures.get("Taliban spokesman") == 20
    official = [c for c in record.claims if "interior" in c.source.lower()]
    assert [c.fatalities for c in official] == [6]


def test_local_official_and_police_give_two_claims():
    text = ("ISWAP fighters killed nine villagers in a raid near Konduga in Nigeria's Borno state late on Sunday, "
            "police said.\n"
            "The chairman of Konduga local government area said 17 people were killed in the raid.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-10"
    assert sorted(c.fatalities for c in record.claims if c.fatalities is not None) == [9, 17]
    assert record.fatalities_low == 9
    assert record.fatalities_high == 17


def test_killed_and_wounded_are_separated():
    text = ("A suicide bomber killed four people and wounded 17 others at a crowded market in Konduga in "
            "Nigeria's Borno state on Monday, police said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-11"
    assert record.sub_event_type == "Suicide bomb"
    assert record.fatalities == 4
    assert record.wounded == 17


def test_wounded_only_gives_zero_fatalities():
    text = ("A roadside bomb struck a minibus in Pul-e-Khumri in Afghanistan's Baghlan province on Monday, "
            "wounding three civilians, provincial police said. No one was killed.")
    record = only(run(text, published="2024-03-12"))
    assert record.fatalities == 0
    assert record.wounded == 3


def test_police_as_source_of_the_toll_is_not_an_actor():
    text = ("ISWAP fighters killed nine villagers in a raid near Konduga in Nigeria's Borno state late on Sunday, "
            "police said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_type == "Violence against civilians"
    assert record.sub_event_type == "Attack"
    assert record.actor1 == "Islamic State (West Africa)"
    assert record.actor2 == "Civilians (Nigeria)"


def test_roadside_bomb_reported_by_police_is_not_a_police_attack():
    text = ("A roadside bomb struck a minibus in Pul-e-Khumri in Afghanistan's Baghlan province on Monday, "
            "wounding three civilians, provincial police said.")
    record = only(run(text, published="2024-03-12"))
    assert record.sub_event_type == "Remote explosive/landmine/IED"
    assert record.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert record.actor2 == "Civilians (Afghanistan)"


def test_a_man_was_shot_dead_is_one():
    text = ("A man was shot dead by unidentified gunmen in Beni in the Democratic Republic of Congo's North Kivu "
            "province on Monday, local officials said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-11"
    assert record.country == "Democratic Republic of Congo" or record.iso3 == "COD"
    assert record.event_type == "Violence against civilians"
    assert record.fatalities == 1


def test_dozens_killed_is_twelve():
    text = ("Dozens of villagers were killed when gunmen attacked a village near Gusau in Nigeria's Zamfara state "
            "on Saturday, residents said.")
    record = only(run(text, published="2024-03-12"))
    assert record.event_date == "2024-03-09"
    assert record.fatalities == 12


def test_protest_dispersed_with_tear_gas_has_no_deaths():
    text = ("Kenyan police fired tear gas on Tuesday to disperse hundreds of traders protesting against new market "
            "fees outside the county offices in Kisumu. Five people were arrested. No deaths were reported.")
    record = only(run(text, published="2024-03-13"))
    assert record.event_date == "2024-03-12"
    assert record.country == "Kenya"
    assert record.event_type == "Protests"
    assert record.sub_event_type == "Protest with intervention"
    assert record.fatalities == 0
    assert record.fatalities_low == 0
    assert record.fatalities_high == 0


# --- more wire phrasings (found by running the demo samples) ---------------------------------------


def test_overnight_on_sunday_is_sunday():
    # Tuesday 9 July 2024: "overnight on Sunday" is 7 July, not the day before publication.
    text = ("Suspected ADF fighters killed 23 civilians with machetes in an attack on villages north of Oicha in "
            "Beni territory, North Kivu province, overnight on Sunday, a local civil society leader said.")
    record = only(run(text, published="2024-07-09"))
    assert record.event_date == "2024-07-07"
    assert record.time_precision == 1
    assert record.fatalities == 23


def test_attackers_killed_add_to_the_toll():
    text = ("Islamic State Khorasan Province militants attacked a checkpoint on the outskirts of Kunduz city on "
            "Monday night, killing six members of the security forces, the interior ministry said.\n"
            "Two of the attackers were also killed when guards returned fire, the ministry said.")
    record = only(run(text, published="2024-04-17"))
    assert record.event_date == "2024-04-15"
    assert record.fatalities == 8
    assert record.fatalities_low == 8
    assert record.fatalities_high == 8


def test_victims_vehicle_does_not_make_them_the_attacker():
    text = ("A roadside bomb ripped through a Somali army vehicle near Afgooye in the Lower Shabelle region on "
            "Tuesday, killing four soldiers and wounding three others, a military officer said.\n"
            "Al-Shabaab said in a statement that its fighters had destroyed the vehicle and killed 11 soldiers.")
    record = only(run(text, published="2024-05-22"))
    assert record.event_date == "2024-05-21"
    assert record.sub_event_type == "Remote explosive/landmine/IED"
    assert record.actor1 == "Al Shabaab"
    assert record.actor2 == "Military Forces of Somalia"
    assert record.fatalities == 4
    assert record.fatalities_low == 4
    assert record.fatalities_high == 11
    assert record.wounded == 3
    assert claim_figures(record).get("Al Shabaab") == 11
    assert "Wire" not in claim_figures(record)


def test_al_qaeda_linked_jnim_is_jnim():
    text = ("Fighters of the al-Qaeda-linked Group for Support of Islam and Muslims (JNIM) ambushed a Malian army "
            "convoy near Diabaly in the Segou region on Saturday, killing five soldiers, the army said.")
    record = only(run(text, published="2024-08-20"))
    assert record.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert record.actor2 == "Military Forces of Mali"
    assert record.fatalities == 5


def test_a_village_chief_and_his_son_is_two():
    text = ("Suspected JNIM fighters killed a village chief and his son near Macina in Mali's Segou region on "
            "Friday, residents said.")
    record = only(run(text, published="2024-08-20"))
    assert record.event_date == "2024-08-16"
    assert record.fatalities == 2


def test_made_no_arrests_is_not_an_arrest():
    text = ("Islamic State militants killed three Popular Mobilization Forces fighters in an attack on their post "
            "north of Muqdadiyah in Iraq's Diyala province late on Sunday, security officials said.\n"
            "Security forces launched a search operation in the area on Monday but made no arrests.")
    record = only(run(text, published="2024-06-04"))
    assert record.event_date == "2024-06-02"
    assert record.actor1 == "Islamic State"
    assert record.actor2 == "Military Forces of Iraq (2018-) Popular Mobilization Forces"
    assert record.fatalities == 3


def test_updated_toll_is_the_best_figure():
    text = ("Islamic State militants killed three Popular Mobilization Forces fighters in an attack on their post "
            "north of Muqdadiyah in Iraq's Diyala province late on Sunday, security officials said.\n"
            "A PMF commander said on Monday that a fourth fighter had died of his wounds in hospital, bringing the "
            "toll to four.")
    record = only(run(text, published="2024-06-04"))
    assert record.event_date == "2024-06-02"
    assert record.fatalities == 4
    assert record.fatalities_high == 4


def test_police_command_is_the_source_of_its_figure():
    text = ("ISWAP fighters raided a farming village near Konduga in Nigeria's Borno state late on Sunday.\n"
            "The Borno State police command said nine villagers were killed and six others wounded.")
    record = only(run(text, published="2024-03-12"))
    assert record.fatalities == 9
    assert record.wounded == 6
    assert [c.fatalities for c in record.claims if "police" in c.source.lower()] == [9]


# --- places ---------------------------------------------------------------------------------------


def test_coalition_strike_in_saada_is_in_yemen():
    text = ("An air strike blamed on the Saudi-led coalition hit a market in the Shada district of Yemen's Saada "
            "province on Monday, killing four people and wounding nine, the Houthi-run health ministry said.")
    record = only(run(text, published="2024-02-27"))
    assert record.event_date == "2024-02-26"
    assert record.sub_event_type == "Air/drone strike"
    assert record.country == "Yemen"
    assert record.iso3 == "YEM"
    assert record.actor1 == "Operation Restoring Hope"
    assert record.actor2 == "Civilians (Yemen)"
    assert record.fatalities == 4
    assert record.wounded == 9


def test_dateline_town_is_not_the_incident_place():
    text = ("BAQUBA, Iraq - Islamic State militants attacked a post of the Popular Mobilization Forces north of "
            "Muqdadiyah in Diyala province late on Sunday, killing three fighters, security officials said.\n"
            "The wounded were taken to hospital in Baquba.")
    record = only(run(text, published="2024-06-04"))
    assert record.admin1 == "Diyala"
    assert record.location in ("Muqdadiyah", "Al Miqdadiyah")  # the text's or GeoNames' spelling
    assert record.geo_precision == 2


def test_place_in_follow_up_sentence_not_the_hospital_town():
    text = ("Islamic State militants attacked a post of the Popular Mobilization Forces in Diyala province late on "
            "Sunday, killing three fighters, security officials said.\n"
            "The militants opened fire on the post in an orchard area north of Muqdadiyah before withdrawing.\n"
            "The wounded were taken to hospital in Baquba.")
    record = only(run(text, published="2024-06-04"))
    assert record.admin1 == "Diyala"
    assert record.location in ("Muqdadiyah", "Al Miqdadiyah")  # the text's or GeoNames' spelling
    assert record.geo_precision == 2


def test_near_a_town_is_that_town_at_precision_two():
    text = ("Suspected ADF fighters killed 23 civilians in an attack on villages north of Oicha in Beni territory, "
            "North Kivu province, on Sunday, a local civil society leader said.")
    record = only(run(text, published="2024-07-09"))
    assert record.event_date == "2024-07-07"
    assert record.location == "Oicha"
    assert record.geo_precision == 2


# --- evidence --------------------------------------------------------------------------------------

_TWO_INCIDENT_ARTICLE = (
    "Tue 12 March 2024\n\n"
    "MAIDUGURI - ISWAP fighters killed nine villagers and wounded six in a raid near Konduga in Nigeria's Borno "
    "state late on Sunday, police said.\n\n"
    "The chairman of Konduga local government area said 17 people had been buried.\n\n"
    "Last Wednesday, gunmen killed four firewood collectors near Bama, residents said.\n\n"
    "The insurgency has killed more than 40,000 people in the northeast since 2009."
)


def test_every_evidence_span_lies_within_the_text():
    text = _TWO_INCIDENT_ARTICLE
    records = run(text, published=None)
    assert records
    for record in records:
        spans = [s for spans in record.evidence.values() for s in spans]
        spans += [s for claim in record.claims for s in claim.evidence]
        assert spans
        for start, end in spans:
            assert 0 <= start < end <= len(text), (start, end)


def test_fatality_evidence_points_at_the_figure():
    text = _TWO_INCIDENT_ARTICLE
    records = run(text, published=None)
    by_date = {r.event_date: r for r in records}
    assert set(by_date) == {"2024-03-10", "2024-03-06"}
    raid = by_date["2024-03-10"]
    assert raid.wounded == 6
    assert any("nine" in text[s:e] for s, e in raid.evidence["fatalities"])
    assert any("Sunday" in text[s:e] for s, e in raid.evidence["event_date"])
    earlier = by_date["2024-03-06"]
    assert earlier.fatalities == 4
    assert any("four" in text[s:e] for s, e in earlier.evidence["fatalities"])


def test_record_ids_are_stable():
    first = [r.event_id for r in run(_TWO_INCIDENT_ARTICLE, published=None)]
    second = [r.event_id for r in run(_TWO_INCIDENT_ARTICLE, published=None)]
    assert first == second
    assert len(set(first)) == len(first)


def test_no_event_is_dated_after_publication():
    records = run(_TWO_INCIDENT_ARTICLE, published=None)
    assert all(dt.date.fromisoformat(r.event_date) <= dt.date(2024, 3, 12) for r in records)


def test_taliban_government_forces_in_2024():
    text = ("Taliban security forces killed three Islamic State Khorasan Province militants in a raid on a hideout "
            "in Jalalabad in Afghanistan's Nangarhar province on Sunday, a Taliban spokesman said.")
    record = only(run(text, published="2024-03-12"))
    assert record.actor1 == "Military Forces of Afghanistan (2021-)"
    assert record.inter1 == 1


def test_a_tally_in_the_thousands_is_not_the_incident_toll():
    text = ("Government warplanes killed eight people in a market in Idlib on Saturday, the Syrian Observatory for "
            "Human Rights said.\nThe air force has killed 1,102 people in rebel areas, the monitor said.")
    record = only(run(text, published="2015-02-22"))
    assert record.fatalities == 8
    assert record.fatalities_high == 8


def test_groups_named_only_as_background_do_not_become_the_attacker():
    text = ("Suspected jihadists killed at least 11 civilians in an attack on a village near Dori in northern "
            "Burkina Faso on Sunday, a regional governor said.\n"
            "No group has claimed responsibility for the attack. Both al Qaeda and Islamic State affiliates are "
            "active in the region.")
    record = only(run(text, published="2023-03-14"))
    assert record.actor1 == "Unidentified Armed Group (Burkina Faso)"
    assert record.actor2 == "Civilians (Burkina Faso)"


def test_a_group_claiming_the_attack_is_its_author():
    text = ("Gunmen ambushed an army patrol near Mora in Cameroon's Far North region on Monday, killing four "
            "soldiers, the army said. Boko Haram claimed responsibility for the ambush on Tuesday.")
    record = only(run(text, published="2024-05-08"))
    assert record.actor1.startswith("Islamic State (West Africa) and/or Boko Haram")
    assert ("Army", 4) in {(c.source, c.fatalities) for c in record.claims}


def test_one_speaker_named_twice_gives_one_claim():
    text = ("Gunmen killed at least 11 villagers in Seytenga in northern Burkina Faso on Sunday, a regional "
            "governor said.\n"
            "Governor Rodolphe Sorgho said in a statement that 11 people had been killed. A security source put "
            "the toll at 14.")
    record = only(run(text, published="2023-03-14"))
    assert sorted((c.source, c.fatalities) for c in record.claims if c.fatalities) == [
        ("Regional governor", 11), ("Security source", 14)]
    assert (record.fatalities, record.fatalities_low, record.fatalities_high) == (11, 11, 14)


def test_a_claim_by_a_group_linked_to_another_is_the_first_groups():
    text = ("Two car bombs exploded near the education ministry in Mogadishu, Somalia on Saturday, killing at least "
            "100 people, President Hassan Sheikh Mohamud said.\n"
            "Al-Shabaab, which is linked to al-Qaeda, said it carried out the attack.")
    record = only(run(text, published="2022-10-30"))
    assert record.actor1 == "Al Shabaab"
    assert ("Al Shabaab", None) in {(c.source, c.fatalities) for c in record.claims}
    assert ("President", 100) in {(c.source, c.fatalities) for c in record.claims}


def test_an_unclaimed_bombing_keeps_an_unidentified_author():
    text = ("A roadside bomb tore through a minivan in Afghanistan's Nangarhar province on Tuesday, killing 10 "
            "civilians, provincial officials said. No one immediately claimed responsibility for the bombing, but "
            "Taliban insurgents and the Islamic State group are both active in the province.\n"
            "On Monday, Taliban fighters attacked a checkpoint in Kunduz province, killing five policemen, according "
            "to Esmatullah Muradi, a spokesman for the provincial police chief.")
    first, second = run(text, published="2020-06-09")
    assert first.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert (second.actor1, second.event_date, second.fatalities) == ("Taliban", "2020-06-08", 5)
    assert [c.source for c in second.claims] == ["Spokesman"]


def test_foreign_air_strikes_are_that_countrys_forces_and_rescuers_are_a_source():
    text = ("Russian air strikes killed nine civilians in the south of Syria's Idlib province on Sunday, the Syrian "
            "Observatory for Human Rights said. The White Helmets rescue group put the toll at 11.")
    record = only(run(text, published="2021-06-14"))
    assert (record.sub_event_type, record.actor1, record.actor2) == (
        "Air/drone strike", "Military Forces of Russia", "Civilians (Syria)")
    assert sorted((c.source, c.fatalities) for c in record.claims) == [("SOHR", 9), ("Syria Civil Defence", 11)]
    assert (record.fatalities, record.fatalities_low, record.fatalities_high) == (9, 9, 11)


def test_a_statement_the_next_day_is_the_same_incident_with_another_toll():
    text = ("Armed bandits on Tuesday night attacked Kadawa village in Gusau Local Government Area of Zamfara State, "
            "Nigeria, killing 23 residents, residents said.\n"
            "The police spokesperson in the state, Mohammed Shehu, confirmed the attack in a statement on Wednesday "
            "but put the death toll at 19.")
    record = only(run(text, published="2022-03-03"))
    assert record.event_date == "2022-03-01"
    assert sorted((c.source, c.fatalities) for c in record.claims) == [("Police spokesperson", 19), ("Residents", 23)]
    assert (record.fatalities_low, record.fatalities_high) == (19, 23)
    assert record.actor1 == "Unidentified Armed Group (Nigeria)"


def test_a_named_group_the_strike_killed_is_the_target_not_the_vehicle():
    text = ("A Turkish drone strike on a vehicle near the town of Qamishli in Syria killed three members of the "
            "Kurdish-led Syrian Democratic Forces (SDF) on Wednesday, the Syrian Observatory for Human Rights said.")
    record = only(run(text, published="2023-08-10"))
    assert (record.sub_event_type, record.actor1, record.actor2) == (
        "Air/drone strike", "Military Forces of Turkey", "QSD: Syrian Democratic Forces")


def test_clashes_between_two_named_sides_code_both():
    text = ("Clashes between Arab tribal fighters and the SDF in the town of Dhiban in Syria's Deir ez-Zor "
            "province on Tuesday left five people dead, including two civilians, according to the monitor.")
    record = only(run(text, published="2023-08-10"))
    assert record.sub_event_type == "Armed clash"
    assert record.actor2 == "QSD: Syrian Democratic Forces"
    assert record.fatalities == 5


def test_a_raid_that_kills_and_abducts_is_an_attack():
    text = ("Armed bandits on Tuesday night attacked Kadawa village in Zamfara State, Nigeria, killing 23 residents "
            "and abducting dozens of women and children, residents said.")
    record = only(run(text, published="2022-03-03"))
    assert (record.event_type, record.sub_event_type) == ("Violence against civilians", "Attack")
    assert record.fatalities == 23


# --- sources and parts (added with the source and sum-of-parts rules) ------------------------------


def test_a_group_that_claims_the_attack_and_gives_a_toll_is_the_source_of_that_toll():
    text = ("Taliban fighters attacked a police checkpoint in Helmand province on Tuesday, killing seven policemen, "
            "a provincial spokesman said. The Taliban claimed responsibility and said 12 police were killed.")
    record = only(run(text, published="2024-03-13"))
    assert claim_figures(record) == {"Provincial spokesman": 7, "Taliban": 12}
    assert record.fatalities == 7  # an official over a party's own claim
    assert (record.fatalities_low, record.fatalities_high) == (7, 12)


@pytest.mark.parametrize(
    ("speaker", "source"),
    [("a doctors' committee said", "Doctors' committee"),
     ("Sudan's government said", "Sudan's government"),
     ("local health officials said", "Local health officials")],
)
def test_described_speakers_are_named_as_written(speaker, source):
    text = (f"Security forces fired live ammunition at protesters in Omdurman on Monday, killing two demonstrators, "
            f"{speaker}.")
    record = only(run(text))
    assert claim_figures(record) == {source: 2}


def test_one_named_victim_and_counted_relatives_are_summed():
    text = ("An Israeli air strike on a house in Gaza City killed a Hamas commander and three members of his "
            "family early on Saturday, Palestinian health officials said.")
    record = only(run(text, published="2024-03-09"))
    assert record.fatalities == 4
    assert claim_figures(record) == {"Palestinian health officials": 4}


@pytest.mark.parametrize(
    "second_sentence",
    ["Al-Shabaab said it killed 20 soldiers, while the Kenyan army said four soldiers died.",
     "The militants said they killed 20 soldiers; the Kenyan army said four soldiers died."],
)
def test_each_speaker_keeps_its_own_figure_in_one_sentence(second_sentence):
    text = "Al-Shabaab fighters attacked a Kenyan army base in Lamu county on Tuesday. " + second_sentence
    record = only(run(text, published="2024-03-13"))
    assert claim_figures(record) == {"Al Shabaab": 20, "Kenyan army": 4}
    assert record.fatalities == 4  # the army over the group's own claim
    assert (record.fatalities_low, record.fatalities_high) == (4, 20)


def test_an_earlier_incident_in_the_same_area_takes_that_province():
    text = ("Gunmen killed six people in an attack on a village near Bokkos in Plateau state late on Saturday, "
            "police said. The attack came a week after more than 190 people were killed in coordinated raids "
            "on villages in the same area on December 24, according to local officials.")
    records = sorted(run(text, published="2024-01-08"), key=lambda r: r.event_date)
    assert [(r.event_date, r.fatalities) for r in records] == [("2023-12-24", 190), ("2024-01-06", 6)]
    earlier, latest = records
    assert (latest.location, latest.admin1, latest.geo_precision) == ("Bokkos", "Plateau", 2)
    assert (earlier.location, earlier.admin1, earlier.geo_precision) == (None, "Plateau", 3)
    assert earlier.country == "Nigeria"


def test_a_strike_told_by_its_target_is_the_incident():
    text = ("Libyan National Army warplanes targeted Government of National Accord positions near Misrata on "
            "Sunday. No casualties were reported.")
    record = only(run(text, published="2024-06-04"))
    assert record.sub_event_type == "Air/drone strike"
    assert record.actor1 == "Military Forces of Libya (2014-) Haftar Faction"


def test_a_police_operation_opens_the_incident_the_shootout_continues():
    text = ("Military Police officers carried out an operation against drug traffickers in a favela of Niteroi, "
            "Rio de Janeiro, on Sunday. A shoot-out broke out and two suspects were killed.")
    record = only(run(text, published="2024-06-04"))
    assert record.sub_event_type == "Armed clash"
    assert record.actor1 == "Military Forces of Brazil (2019-) Military Police"
    assert record.fatalities == 2


def test_a_search_operation_with_no_arrest_is_no_incident():
    text = ("Gunmen killed two farmers near Kaduna in Nigeria on Sunday, police said.\n"
            "Soldiers launched a search operation in the area on Monday.")
    assert len(run(text, published="2024-06-04")) == 1


def test_what_the_next_sentence_says_of_the_victim_belongs_to_the_incident():
    text = ("A man was shot dead by two armed men in Fortaleza, Ceara, Brazil, on Sunday. "
            "The victim had a record for drug trafficking.")
    record = only(run(text, published="2024-06-04"))
    assert record.actor1 == "Unidentified Gang and/or Police Militia (Brazil)"


def test_sanctions_targeting_a_country_are_no_incident():
    text = ("The White House announced new sanctions targeting Russia on Monday in response to what officials "
            "say were cyberattacks on the election.")
    assert run(text, published="2024-06-04") == []


def test_gunned_down_and_a_new_post_open_incidents():
    record = only(run("Unidentified armed men gunned down a doctor in Pul-e Khumri, Baghlan province, Afghanistan, "
                      "on Sunday.", published="2024-06-04"))
    assert record.sub_event_type == "Attack"
    record = only(run("Turkish forces established a new military post in the village of Kaddura in Idlib province, "
                      "Syria, on Monday.", published="2024-06-04"))
    assert record.sub_event_type == "Headquarters or base established"
    record = only(run("Two caches of weapons and ammunition were discovered by soldiers near Tamanrasset, Algeria, "
                      "on Sunday.", published="2024-06-04"))
    assert record.sub_event_type == "Disrupted weapons use"


@pytest.mark.parametrize(
    "dateline",
    ["ABUJA, May 9 (Reuters) - ", "ABUJA, Nigeria, May 9, 2024 (AP) — ", "ABUJA, May 9. /TASS/. "],
)
def test_the_wire_dateline_dates_the_story_not_the_incident(dateline):
    text = dateline + "Four soldiers were killed on Wednesday when gunmen attacked a checkpoint in Zamfara state."
    record = only(run(text, published="2024-05-09"))
    assert (record.event_date, record.time_precision) == ("2024-05-08", 1)
    assert record.fatalities == 4  # the dateline's "9" is no toll


def test_a_claim_of_a_named_days_attack_keeps_that_day():
    text = ("KABUL, Aug 24, 2024 (AFP) - The Islamic State group claimed Friday's suicide bombing of a Shiite "
            "mosque in Mazar-i-Sharif that killed 14 worshippers, officials said.")
    record = only(run(text, published="2024-08-24"))
    assert (record.event_date, record.time_precision) == ("2024-08-23", 1)
    assert record.sub_event_type == "Suicide bomb"


def test_the_side_of_a_spokesman_is_no_perpetrator():
    text = ("An explosion ripped through a mosque in Mazar-i-Sharif during Friday prayers, killing at least 14 "
            "worshippers, a Taliban spokesman for Balkh province said.")
    record = only(run(text, published="2024-08-23"))
    assert record.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert claim_figures(record) == {"Taliban spokesman": 14}


def test_a_condemnation_that_tells_the_attack_reports_it():
    text = ("MOGADISHU (SONNA) - The Federal Government of Somalia condemned the terrorist attack carried out by "
            "the Khawarij on a restaurant in Mogadishu on Tuesday, which killed nine civilians.")
    record = only(run(text, published="2024-07-02"))
    assert (record.event_date, record.sub_event_type, record.fatalities) == ("2024-07-02", "Attack", 9)
    assert record.actor1 == "Al Shabaab"  # Somalia's state media call the group "Khawarij"; who condemns is no party


def test_a_reaction_without_the_incident_is_still_no_record():
    text = "The United Nations on Tuesday condemned the recent attacks on civilians and called for restraint."
    assert run(text, published="2024-07-02") == []


def test_a_record_compared_since_a_date_is_no_tally():
    text = ("An air strike killed 29 Turkish soldiers in Idlib province, Syria, on Thursday, a Turkish official "
            "said, the largest death toll for Turkey in a single day since it intervened in Syria in 2016.")
    record = only(run(text, published="2020-02-28"))
    assert (record.event_date, record.fatalities) == ("2020-02-27", 29)
    assert run("More than 387,000 people have been killed since the war began in 2011.") == []


@pytest.mark.parametrize(
    ("text", "target"),
    [("A roadside bomb struck a convoy of the Popular Mobilization Forces near Tarmiyah, Iraq, late on Monday, "
      "killing two fighters, security sources said.", "Military Forces of Iraq (2018-) Popular Mobilization Forces"),
     ("A roadside bomb hit a vehicle transporting police officers in Kandahar, Afghanistan, on Monday, killing "
      "four, officials said.", "Police Forces of Afghanistan")],
)
def test_the_force_a_bomb_struck_is_its_target_not_its_author(text, target):
    record = only(run(text, published="2024-01-09"))
    assert record.sub_event_type == "Remote explosive/landmine/IED"
    assert record.actor1.startswith("Unidentified Armed Group")
    assert record.actor2 == target


def test_a_later_unattributed_air_strike_is_the_storys_air_force():
    text = ("Israeli strikes killed 12 people in Rafah on Sunday, health officials said. On Friday, a strike on a "
            "house in Khan Younis killed seven members of one family.")
    records = sorted(run(text, published="2024-01-08"), key=lambda r: r.event_date)
    assert [(r.event_date, r.location, r.actor1) for r in records] == [
        ("2024-01-05", "Khan Younis", "Military Forces of Israel"),
        ("2024-01-07", "Rafah", "Military Forces of Israel")]
    assert "Military Forces of Israel" in records[0].notes


@pytest.mark.parametrize(
    ("text", "actor1", "country"),
    [("The death toll from Russia's Oct. 11 missile attack on a residential building in Kharkiv has risen to "
      "nine, the mayor said.", "Military Forces of Russia", "Ukraine"),
     ("Ukraine's drone attack on an oil depot in Belgorod on Friday killed two people, the governor said.",
      "Military Forces of Ukraine", "Russia")],
)
def test_a_countrys_attack_is_by_its_forces_where_it_struck(text, actor1, country):
    record = only(run(text, published="2024-10-12"))
    assert (record.actor1, record.country, record.inter1) == (actor1, country, 8)


def test_a_crowd_of_tens_of_thousands_is_no_tally():
    text = "Tens of thousands of people rallied in Yangon, Myanmar, on Sunday against the military government."
    assert [r.sub_event_type for r in run(text)] == ["Peaceful protest"]


def test_tens_of_thousands_killed_is_still_a_tally():
    assert run("The war has uprooted millions and tens of thousands of people have been killed in Sudan.") == []


def test_a_dated_incident_named_beside_the_war_age_is_no_aggregate():
    text = ("A suicide bomber killed six people on Saturday at a market in Maiduguri, Nigeria, the centre of a "
            "12-year-old insurgency, police said.")
    record = only(run(text))
    assert record.sub_event_type == "Suicide bomb" and record.fatalities == 6


def test_a_war_sized_toll_beside_a_dated_incident_stays_an_aggregate():
    text = "On Saturday the ministry said the 12-year-old insurgency had killed 40,000 people in Nigeria."
    assert run(text) == []


def test_a_text_that_is_only_a_headline_is_coded():
    record = only(run("GUNMEN KILL FOUR SOLDIERS IN AMBUSH NEAR GAO, MALI"))
    assert record.country == "Mali" and record.event_type == "Battles"


@pytest.mark.parametrize(("text", "country"), [
    ("About 300 Pegida supporters marched through the old town on Saturday against immigration.", "Germany"),
    ("Police detained 45 officers on Tuesday accused of links to the Gulen movement.", "Turkey"),
    ("Hundreds of young people marched on Monday in an EndSARS rally against police brutality.", "Nigeria"),
])
def test_a_movement_of_one_country_gives_the_country(text, country):
    assert only(run(text)).country == country


def test_units_formed_in_the_passive_open_an_incident():
    text = ("New special units were formed in the armed forces of Kyrgyzstan on Monday. The decree was signed by "
            "the president.")
    assert [r.sub_event_type for r in run(text)] == ["Change to group/activity"]


# --- the country of an incident: where it happened, not who did it or who reported it -------------


def test_a_news_agency_in_capitals_is_no_place():
    """SANA, Syria's state news agency, keys like Sanaa: spelled in capitals it is the source."""
    records = run("Rebel shelling killed five people in the Hamidiyeh district of Hama city on Monday, SANA said.")
    assert records and all(r.country == "Syria" for r in records)
    assert all(r.admin1 == "Hama" for r in records)


def test_nationality_of_the_attackers_is_not_the_incident_country():
    records = run("Air strikes hit a market in the town of Maarat al-Numan in Idlib province, Syria, on Monday, "
                  "killing nine people, the Syrian Observatory for Human Rights said. "
                  "On Tuesday, Russian warplanes killed 14 civilians, the monitor said.")
    assert len(records) == 2
    assert [r.country for r in records] == ["Syria", "Syria"]
    assert records[1].admin1 == "Idleb" and records[1].fatalities == 14


def test_country_named_in_passing_is_not_the_incident_country():
    records = run("Airstrikes on the Syrian province of Idlib killed 11 people on Sunday. Warplanes from either "
                  "Russia or the Syrian government carried out six strikes on the village, killing 11 civilians, "
                  "the Syrian Observatory said.")
    assert records and all(r.country == "Syria" for r in records)


def test_country_where_it_happened_still_counts():
    records = run("Gunmen killed three police officers in Russia's Dagestan region on Friday, officials said.")
    assert only(records).country == "Russia"


def test_possessive_without_apostrophe_before_a_place():
    """Scraped text that lost its apostrophes: "Syrias Deir Ezzor" is Syria's Deir Ezzor."""
    record = only(run("Russian strikes kill 34 civilians in Syrias Deir Ezzor, a monitor said on Sunday."))
    assert (record.country, record.admin1) == ("Syria", "Deir ez-Zor")


def test_the_demonym_capital_is_the_capital_city():
    record = only(run("Gunmen killed two policemen in the Afghan capital on Friday, police said."))
    assert (record.country, record.admin1, record.location, record.geo_precision) == (
        "Afghanistan", "Kabul", "Kabul", 1)


def test_x_city_is_the_city_x():
    """"Daraa City" is Daraa, not a namesake abroad keyed like "Daraa City", and the city, not its province."""
    record = only(run("Rocket fire killed ten civilians in Daraa City in southern Syria on Tuesday, SANA reported."))
    assert (record.country, record.location, record.geo_precision) == ("Syria", "Daraa", 1)
    gaza = only(run("A car bomb killed nine people in Gaza City on Monday, officials said."))
    assert (gaza.country, gaza.location) == ("Palestine", "Gaza City")
    mexico = only(run("Gunmen killed four men in Mexico City on Sunday, prosecutors said."))
    assert (mexico.country, mexico.location) == ("Mexico", "Mexico City")


def test_a_foreign_capital_named_as_a_government_is_no_place():
    record = only(run("An air strike on an aid convoy near Aleppo killed around 20 civilians on Monday. The raid "
                      "triggered a war of words after Washington accused Moscow of responsibility for the strike "
                      "that killed 20 people."))
    assert (record.country, record.admin1) == ("Syria", "Aleppo")
    assert only(run("A bomb killed three people in Moscow on Friday, police said.")).country == "Russia"


def test_a_legal_note_and_a_border_crossing_are_not_the_incident_place():
    records = run("Clashes between the army and Jabhat Fatah al-Sham (banned in Russia) killed 37 fighters in "
                  "the suburbs of Damascus on Tuesday, local media reported.")
    assert records and all(r.country == "Syria" for r in records)
    records = run("Government troops shelled rebel positions in Aleppo province on Thursday, the Syrian Observatory "
                  "said. The fighting killed 12 people, and hundreds of residents sought to cross into Turkey.")
    assert records and all(r.country == "Syria" for r in records)


def test_an_unexplained_blast_that_kills_is_a_remote_explosive_an_accident_is_not():
    record = only(run("At least seven people were killed when an explosion ripped through a crowded market in "
                      "Baghdad on Sunday, police said."))
    assert (record.sub_event_type, record.fatalities) == ("Remote explosive/landmine/IED", 7)
    assert run("A gas cylinder explosion ripped through a restaurant in Karachi, killing four people, police "
               "said.") == []
    assert run("A fire ripped through a market in Lagos on Sunday, killing three traders, officials said.") == []


def test_a_condemnation_whose_next_sentence_gives_the_dead_reports_the_attack():
    record = only(run("The opposition coalition condemned the bombing that targeted the town hall in Azaz in northern "
                      "Aleppo province on Tuesday. At least five civilians were killed and many more wounded in the "
                      "attack."))
    assert (record.sub_event_type, record.admin1, record.fatalities) == ("Remote explosive/landmine/IED", "Aleppo", 5)
    assert run("The UN condemned the shelling of the town of Azaz in northern Aleppo province. The envoy called "
               "for restraint.") == []


def test_notes_read_as_a_sentence_when_no_target_is_named():
    from conflictwatch.extract.incidents import write_notes

    note = write_notes({"event_date": "2014-08-24", "time_precision": 1, "actor1": "Islamic State", "actor2": None,
                        "sub_event_type": "Non-state actor overtakes territory", "location": None,
                        "admin1": "Ar-Raqqa", "country": "Syria", "fatalities": 0})
    assert note == "On 24 August 2014, Islamic State took territory in Ar-Raqqa, Syria."


def test_where_someone_comes_from_is_not_the_incident_place():
    records = run("Russian jets struck Islamic State positions near Deir ez-Zor on Monday. Seven field commanders were "
                  "killed, including a native of Kazakhstan, the defence ministry said.")
    assert records and all((r.country, r.admin1) == ("Syria", "Deir ez-Zor") for r in records)


def test_the_same_toll_retold_under_a_vaguer_date_is_one_incident():
    """A caption retells the toll in a sentence whose only date is another event's ("last month")."""
    records = run("Russian jets pounded opposition-held parts of eastern Aleppo on 11 October, killing 26 people and "
                  "reducing the areas to rubble.\n\nAt least 26 people killed in eastern Aleppo following bombings by "
                  "Russian jets, weeks after a brief ceasefire between the regime and rebel groups took effect last "
                  "month.", published="2016-10-12")
    assert [(r.event_date, r.time_precision, r.fatalities, r.actor1) for r in records] == [
        ("2016-10-11", 1, 26, "Military Forces of Russia")]


def test_more_dead_when_another_blast_went_off_is_another_incident():
    records = run("At least five people were killed when a shell struck a school in Daraa on Tuesday, the monitor "
                  "said. At least 10 people were also killed when a suicide bomber blew himself up at a checkpoint "
                  "in Raqqa province on Tuesday.")
    assert sorted((r.sub_event_type, r.fatalities) for r in records) == [
        ("Shelling/artillery/missile attack", 5), ("Suicide bomb", 10)]


# --- a title and its lead ---------------------------------------------------------------------------


def test_title_and_its_lead_are_one_incident_with_the_leads_date():
    title = "29 rebels dead in fighting for key Aleppo road"
    text = (f"Sun 10 Mar 2024 {title}. At least 29 rebels were killed in clashes with government troops "
            "overnight near the Castello road north of Aleppo, the Syrian Observatory for Human Rights said on "
            "Sunday.")
    record = only(extract(text, published="2024-03-10", outlet="Wire", article_id="x", title=title))
    assert record.event_date == "2024-03-09"  # "overnight" before a Sunday report, not the title's day
    assert record.fatalities == 29
    assert {c.source for c in record.claims} == {"SOHR", "Wire"}


def test_a_title_run_into_a_lead_with_another_incident_keeps_both():
    title = "Air strikes kill 42 in Idlib province"
    text = (f"{title} Government air strikes killed at least 42 people in Idlib province on Sunday, the "
            "Syrian Observatory for Human Rights said on Monday. On Thursday, rebel rockets killed 10 people "
            "in Damascus, state media said.")
    records = extract(text, published="2024-03-11", outlet="Wire", article_id="x", title=title)
    assert sorted(r.fatalities for r in records) == [10, 42]


def test_a_groups_de_facto_capital_is_not_the_states_capital():
    record = only(run("US-led air strikes killed 22 people in the Islamic State group's de facto Syrian capital "
                      "Raqqa on Saturday, a monitor said."))
    assert record.admin1 == "Ar-Raqqa"
    text = "US-led air strikes killed 22 people in the Islamic State group's de facto Syrian capital on Saturday."
    assert only(run(text)).admin1 != "Damascus"


def test_a_date_that_lost_its_spaces_is_not_a_toll():
    text = ("Last updated at Jan 202015 Beirut Syrian government air strikes on Tuesday killed at least 39 people "
            "in Hasakah province, a monitor said.")
    assert only(run(text, published="2015-01-20")).fatalities == 39


def test_no_record_has_the_same_actor_on_both_sides():
    records = run("BEIRUT, March 11 (Wire) - Twenty Islamic State fighters were killed on Monday in Raqqa province, "
                  "a war monitor said. Another 12 Islamic State members were killed by the Kurdish-led Syrian "
                  "Democratic Forces during fighting for three small villages, the monitor said.")
    assert records
    for record in records:
        assoc1 = (record.assoc_actor_1 or "").split("; ")
        assoc2 = (record.assoc_actor_2 or "").split("; ")
        assert record.actor1 != record.actor2
        assert record.actor1 not in assoc2 and (record.actor2 is None or record.actor2 not in assoc1)
    assert records[0].actor1 == "QSD: Syrian Democratic Forces"


def test_a_group_name_head_is_not_a_foreign_town():
    # "Jaish" keys like a town abroad; taking it would move the story out of Syria and lose the group
    record = only(run("A suicide bomber killed 14 Jaish al-Islam fighters at a checkpoint in Douma on Tuesday, "
                      "the Observatory said."))
    assert record.country == "Syria"
    assert "Jaysh al Islam" in (record.actor2 or "")


def test_government_air_strikes_are_the_military_not_the_government():
    record = only(run("Syrian government air strikes on Tuesday killed at least 39 people in Hasakah province, "
                      "a monitor said."))
    assert record.actor1 == "Military Forces of Syria"


def test_the_owner_of_the_strikes_the_dead_were_killed_in_is_actor1():
    record = only(run("Some 120 Islamic State fighters were killed in a series of Russian air strikes near "
                      "Mayadin in Deir ez-Zor province on Saturday, the defence ministry said."))
    assert (record.actor1, record.actor2) == ("Military Forces of Russia", "Islamic State")


def test_a_listed_part_does_not_replace_the_sum():
    record = only(run("Some 120 fighters and 60 mercenaries were killed in air strikes near Mayadin in "
                      "Deir ez-Zor province on Saturday, the defence ministry said."))
    assert record.fatalities == 180


def test_a_running_count_after_a_since_sentence_is_no_incident():
    text = ("A rights group said in a report on Friday that Islamic State had forced at least 30,000 residents "
            "out of their homes in the town of Abu Hamam in Deir ez-Zor province since 10 August 2014. According "
            "to the report, the group has executed around 367 people in the town.")
    assert run(text, published="2015-07-10") == []


def test_a_count_after_a_recent_since_is_news():
    # "since Sunday" counts from days ago, not from long ago: what follows is still an incident
    text = ("Clashes have raged in the town since Sunday. Militants have killed 60 people in Maiduguri, "
            "officials said.")
    assert only(run(text, published="2021-07-10")).fatalities == 60


def test_a_dozen_killed_in_the_present_perfect_after_a_since_sentence_is_news():
    text = ("Jihadists have waged an insurgency in the region since 2015. Gunmen have killed 12 villagers in "
            "Maiduguri, officials said.")
    assert only(run(text, published="2021-07-10")).fatalities == 12


def test_a_day_or_a_town_before_a_speaker_is_not_part_of_its_name():
    # wire copy that lost its commas: "on Saturday police said", "the city of Aleppo Syrian activists said"
    record = only(run("A suicide bomber killed five policemen at a checkpoint in Qamishli on Saturday police said."))
    assert set(claim_figures(record)) >= {"Police"}
    record = only(run("At least 23 civilians were killed in regime air strikes on the city of Aleppo Syrian "
                      "activists said on Sunday."))
    assert "Syrian activists" in claim_figures(record)


def test_a_motorcycle_bomber_is_a_suicide_bomb_not_an_air_strike():
    record = only(run("A motorcycle bomber killed at least 16 civilians outside a bakery in Hasakah city on "
                      "Tuesday, an official said."))
    assert record.sub_event_type == "Suicide bomb"


def test_russias_aerospace_forces_are_its_military_striking_from_the_air():
    record = only(run("Russia's Aerospace Forces killed 30 Islamic State militants near Mayadin in Deir ez-Zor "
                      "province on Monday, the Russian Defence Ministry said."))
    assert (record.actor1, record.sub_event_type) == ("Military Forces of Russia", "Air/drone strike")


def test_a_kashmiri_group_is_not_read_into_a_syrian_story():
    record = only(run("Air strikes killed a nurse in Kafr Hamra in Aleppo province on Friday. Despite calls for "
                      "a ceasefire there has been no let-up in the violence."))
    assert "Lashkar-e-Taiba" not in (record.actor1, record.actor2)
    # nor is a word that spells its initials in lower case, in India either
    record = only(run("Gunmen killed two villagers in Pulwama on Friday, police said, with no let-up in the "
                      "violence in Kashmir."))
    assert "Lashkar-e-Taiba" not in (record.actor1, record.actor2)


def test_its_soldiers_are_the_soldiers_of_the_actor_named_before():
    record = only(run("The Turkish military said four of its soldiers were killed in an attack by Islamic State "
                      "militants near al-Rai in Aleppo province on Tuesday."))
    assert record.actor2 == "Military Forces of Turkey"


def test_both_sides_dead_in_one_count():
    record = only(run("At least 70 regime and rebel fighters have been killed in clashes near al-Maleh in Aleppo "
                      "province on Thursday, a monitor said."))
    assert record.fatalities == 70


def test_a_car_bomb_whose_driver_blew_himself_up_is_a_suicide_bomb():
    record = only(run("Five civilians were killed in a car bomb attack in Qamishli on Saturday. The attacker blew "
                      "himself up at a busy roundabout, police said."))
    assert record.sub_event_type == "Suicide bomb"


def test_killed_and_crucified_counts_the_dead_of_a_group_named_for_iraq_in_syria():
    record = only(run("Militants of the Islamic State of Iraq and the Levant killed and crucified five civilians in "
                      "Muhassan in Deir ez-Zor province on Saturday, state media said."))
    assert (record.fatalities, record.country) == (5, "Syria")

def test_strikes_owner_is_actor1_when_mixed_dead_are_listed():
    record = only(run("Nine Islamic State fighters and four civilians were killed in a series of Russian air "
                      "strikes near Mayadin in Deir ez-Zor province on Sunday, a monitor said."))
    assert (record.actor1, record.actor2) == ("Military Forces of Russia", "Islamic State")
    assert record.fatalities == 13


def test_unnamed_dead_listed_with_and_are_the_strikes_targets():
    record = only(run("Some 150 fighters and 40 mercenaries were killed in a series of Russian air strikes near "
                      "Mayadin in Deir ez-Zor province on Sunday, the defence ministry said."))
    assert record.actor1 == "Military Forces of Russia"
    assert record.actor2 != "Military Forces of Russia"
    assert record.fatalities == 190


def test_sum_of_parts_with_a_named_group_and_two_word_noun():
    record = only(run("Some 150 ISIS fighters and 40 foreign mercenaries were killed in a series of Russian air "
                      "strikes near Mayadin in Deir ez-Zor province on Sunday, the defence ministry said."))
    assert record.fatalities == 190
    assert (record.actor1, record.actor2) == ("Military Forces of Russia", "Islamic State")


def test_an_incident_the_text_does_not_place_is_kept_with_its_place_unknown():
    # No town, province, country or demonym the gazetteer knows: the seizure is still an event, to be placed
    record = only(run("Police seized nine pistols and 1,100 rounds of ammunition in a raid on Tuesday."))
    assert record.sub_event_type == "Disrupted weapons use"
    assert (record.country, record.iso3, record.admin1, record.location) == (None, None, None, None)
    assert (record.latitude, record.longitude, record.geo_precision) == (None, None, None)
    assert record.event_date == "2024-03-12"
    assert "None" not in record.notes


@pytest.mark.parametrize("text", [
    "On Friday, Russian military police conducted a patrol in the countryside of Darbasiyah in Hasakah.",
    "On Friday, a Turkish military column of dozens of vehicles entered Idlib province via the Kafr Lusin "
    "crossing, heading to Turkish bases.",
    "On Friday, government forces established new fortifications east of Ad Durayhimi in Hodeidah.",
])
def test_movements_of_forces_are_a_change_to_group_activity(text):
    record = only(run(text))
    assert (record.event_type, record.sub_event_type) == ("Strategic developments", "Change to group/activity")
    assert record.event_date == "2024-03-08"


def test_riot_police_firing_tear_gas_at_no_one_named_is_a_protest_with_intervention():
    record = only(run("Police in Nairobi fired tear gas and water cannons in the city centre on Monday, "
                      "declaring the gathering illegal."))
    assert record.sub_event_type == "Protest with intervention"
    assert record.country == "Kenya"


def test_tear_gas_fired_at_farmers_is_no_protest():
    records = run("On Monday, Israeli forces fired tear gas canisters at Palestinian farmers in their lands "
                  "east of Khuzaa.")
    assert all(r.event_type != "Protests" for r in records)


def test_a_limpet_mine_and_a_unit_named_storm_are_no_natural_disaster():
    record = only(run("A member of the army's Storm Corps was killed on Monday in a limpet mine blast near "
                      "Kandahar city."))
    assert record.sub_event_type == "Remote explosive/landmine/IED"
    assert record.fatalities == 1


def test_a_toll_over_the_past_two_days_is_one_incident_not_a_tally():
    record = only(run("Gunmen have killed at least 14 people in Burkina Faso's Sahel region in the past two "
                      "days, officials said on Monday."))
    assert record.fatalities == 14
    assert record.time_precision == 2


def test_a_toll_over_the_past_two_weeks_is_a_tally():
    assert run("Gunmen have killed at least 14 people in Burkina Faso's Sahel region in the past two weeks, "
               "officials said on Monday.") == []


def test_a_report_whose_only_incident_is_months_old_codes_it_with_that_month():
    record = only(run("Chlorine munitions were dropped on Saraqib in October, the chemical weapons watchdog "
                      "said on Monday after laboratory tests confirmed the presence of the toxic chemical."))
    assert record.sub_event_type == "Chemical weapon"
    assert (record.event_date, record.time_precision) == ("2023-10-15", 3)
    assert record.location == "Saraqib"


def test_an_old_incident_told_as_background_to_todays_news_gives_no_record_of_its_own():
    records = run("Gunmen killed four soldiers at a checkpoint in Saraqib on Monday. Chlorine munitions were "
                  "dropped on the town in October, the chemical weapons watchdog said.")
    assert [r.sub_event_type for r in records] == ["Armed clash"]


def test_sulfur_mustard_is_a_chemical_weapon():
    record = only(run("Syrian government forces used sulfur mustard in an attack on Saraqib on Monday."))
    assert record.sub_event_type == "Chemical weapon"


def test_insurgents_who_set_upon_a_base_fight_a_battle_not_a_mob():
    record = only(run("At least 20 al-Shabaab militants were killed on Sunday when the insurgents set upon a "
                      "military base on the outskirts of Kismayo."))
    assert record.sub_event_type == "Armed clash"
    assert record.actor1 == "Al Shabaab"


def test_militants_attack_reported_by_vigilantes_is_no_mob_violence():
    record = only(run("Boko Haram militants attacked three villages near Maiduguri on Sunday, killing 30 people, "
                      "according to vigilantes."))
    assert record.event_type == "Violence against civilians"
    assert record.fatalities == 30


def test_a_vigilante_style_killing_names_no_vigilantes():
    record = only(run("On Sunday, a drug suspect was shot dead in a vigilante-style attack by unidentified "
                      "assailants in Cebu City."))
    assert record.sub_event_type == "Attack"
    assert record.actor2 == "Civilians (Philippines)"


def test_peace_talks_that_start_are_an_agreement():
    record = only(run("On Monday, the ELN guerrillas started peace talks with the Colombian government in Quito."))
    assert (record.event_type, record.sub_event_type) == ("Strategic developments", "Agreement")


def test_territory_handed_over_under_a_peace_deal_is_a_non_violent_transfer():
    record = only(run("On Monday, the Kalbajar district was handed over by Armenian forces to Azerbaijani control "
                      "as part of a peace deal ending six weeks of fighting."))
    assert record.sub_event_type == "Non-violent transfer of territory"


def test_arrests_ahead_of_protests_are_arrests_not_a_protest():
    record = only(run("On Monday, police in Cairo arrested 40 activists in anticipation of mass protests planned "
                      "for the anniversary of the revolution."))
    assert record.sub_event_type == "Arrests"


def test_a_grenade_blast_amid_clashes_is_a_grenade_event():
    record = only(run("Seven soldiers were injured in a grenade explosion in Handwara in Kupwara district on "
                      "Tuesday during clashes with rebels."))
    assert record.sub_event_type == "Grenade"


def test_a_clash_fought_with_grenades_and_firearms_stays_a_clash():
    record = only(run("On Tuesday, gunmen attacked a police patrol with grenades and firearms in Celaya, "
                      "Guanajuato, and fought with the officers for an hour. Three officers died."))
    assert record.sub_event_type == "Armed clash"


def test_riot_police_beating_a_protester_is_excessive_force():
    record = only(run("Riot police officers beat an anti-government protester during a protest near the "
                      "parliament in Beirut on Saturday."))
    assert record.sub_event_type == "Excessive force against protesters"
    assert {record.actor1, record.actor2} == {"Police Forces of Lebanon", "Protesters (Lebanon)"}


def test_a_protest_over_an_arrest_is_no_intervention():
    record = only(run("A peaceful protest took place in Batsari town on Monday following the arrest of some "
                      "local vigilantes."))
    assert record.sub_event_type == "Peaceful protest"


def test_forces_deployed_ahead_of_protests_are_a_deployment_not_a_protest():
    record = only(run("Israel deployed forces to Jerusalem on Thursday in anticipation of more angry "
                      "demonstrations against an internationally-criticized decision."))
    assert record.sub_event_type == "Change to group/activity"


@pytest.mark.parametrize("text", [
    "An oil tanker was struck by a bulk carrier off the coast of Singapore on Monday, killing two crew members.",
    "A storage bunker at an industrial waste treatment plant in Antwerp exploded on Monday, injuring three workers.",
])
def test_industrial_accidents_are_no_event(text):
    assert run(text) == []


def test_forces_that_drive_militants_back_from_a_village_regain_territory():
    records = run("Syrian army units drove back Islamic State militants from a key village in eastern Hama on "
                  "Monday. The troops killed several militants in fierce clashes over the region.")
    assert records[0].sub_event_type == "Government regains territory"
    assert (records[0].actor1, records[0].actor2) == ("Military Forces of Syria", "Islamic State")


def test_fighting_since_this_morning_is_todays_incident_not_a_tally():
    record = only(run("Soldiers have been engaged in an exchange of fire with al-Shabaab militants near Afgoye "
                      "since this morning, killing four militants."))
    assert record.sub_event_type == "Armed clash"
    assert record.fatalities == 4


def test_an_attack_on_a_states_militiamen_is_a_battle():
    record = only(run("On Monday, al-Shabaab fighters attacked South West State's militiamen near Bardaale, "
                      "Bay region."))
    assert record.sub_event_type == "Armed clash"


def test_a_human_chain_is_a_protest():
    record = only(run("Police baton-charged a human chain organised by leftist activists in Rangpur on Sunday "
                      "and arrested 10 of them."))
    assert record.sub_event_type == "Protest with intervention"


def test_notes_say_what_a_strategic_development_was():
    record = only(run("Police seized nine pistols and 1,100 rounds of ammunition in a raid in Kabul on Tuesday."))
    assert record.notes == ("On 12 March 2024, Police Forces of Afghanistan seized or defused weapons or explosives "
                            "in Kabul, Afghanistan.")


def test_notes_of_a_base_set_up_name_the_other_side_without_making_it_the_object():
    from conflictwatch.extract.incidents import write_notes

    note = write_notes({"event_date": "2024-03-01", "time_precision": 1, "actor1": "Military Forces of Turkey",
                        "actor2": "HTS: Hayat Tahrir al Sham", "sub_event_type": "Headquarters or base established",
                        "country": "Syria", "fatalities": 0})
    assert note == ("On 1 March 2024, Military Forces of Turkey established a base, involving HTS: Hayat Tahrir al "
                    "Sham, in Syria.")


def test_a_death_after_drinking_tainted_alcohol_is_no_attack():
    assert run("At least 10 people died on Friday in Kano after consuming drinks containing toxins.") == []
