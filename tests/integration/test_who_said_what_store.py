"""`khronika claims` and `khronika conflicts` over stored articles (the seed, ingested)."""

from __future__ import annotations

from tests.conftest import Cli, requires_shared
from tests.seed_page import SEED


def test_seed_claims_and_conflict_from_the_store(cli: Cli) -> None:
    requires_shared(SEED)
    cli.json("ingest", str(SEED), "--published", "2020-09-14")
    conflicts = cli.json("conflicts")["conflicts"]
    assert len(conflicts) == 1
    sides = {side["source"]: side["value"] for side in conflicts[0]["sides"]}
    assert conflicts[0]["measure"] == "deaths" and sides == {"МВС": 3.0, "правозахисники": 5.0}
    assert all(side["article"] == 1 and side["sentence"] for side in conflicts[0]["sides"])
    lukashenko = cli.json("claims", "--entity", "Lukashenko")
    assert {claim["cue"] for claim in lukashenko} >= {"заявив", "зазначив"}
    assert all(claim["source"] == "Олександр Лукашенко" for claim in lukashenko)
    stored_entity = cli.json("entity", "Лукашенко")["id"]
    assert {claim["entity_id"] for claim in lukashenko} == {stored_entity}
    everything = cli.json("claims")
    assert {"БЕЛТА", "Bloomberg", "ЦВК", "МВС"} <= {claim["source"] for claim in everything}
