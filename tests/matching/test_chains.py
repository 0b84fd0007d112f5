"""The industry chains shipped in sample_data/industry_chains.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.industry import IndustrySimilarity
from matching.taxonomy import read_chain_links, read_chains, read_names



ROOT = Path(__file__).resolve().parents[2]
CHAINS = ROOT / "sample_data" / "industry_chains.json"


@pytest.fixture(scope="module")
def codes() -> set[str]:
    return set(read_names(ROOT / "matchmaker" / "data" / "industries.csv"))


def test_every_code_exists_in_the_industry_table(codes):
    used = {(name, code) for name, links in read_chains(CHAINS).items() for link in links for code in link}
    assert {(name, code) for name, code in used if code not in codes} == set()


def test_wenzhou_chains_are_all_there():
    chains = read_chains(CHAINS)
    assert set(chains) >= {"智能电气", "新能源汽车及汽摩配", "泵阀", "鞋服", "眼镜与医疗器械", "包装印刷", "新能源新材料", "数字经济"}
    assert all(len(links) >= 5 for links in chains.values())


def test_links_are_pairs_of_distinct_codes_without_duplicates():
    links = read_chain_links(CHAINS)
    assert all(len(link) == 2 and link[0] != link[1] for link in links)
    assert len(set(links)) == len(links)
    assert not {(b, a) for a, b in links} & set(links)  # no link both ways


def test_the_chains_build_a_graph():
    sim = IndustrySimilarity(read_chain_links(CHAINS)).fit()
    assert sim.graph_.number_of_edges() == len(read_chain_links(CHAINS))
    assert sim.relation("C3831", "C3823").kind == "upstream"  # 电线电缆 -> 配电开关
