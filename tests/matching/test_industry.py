"""Industry fit: the GB/T 4754 hierarchy, the industry-chain graph, and the cached matrix."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.ranking import default_taxonomy
from matching.industry import SECONDARY_DISCOUNT, IndustrySimilarity, ancestors, code_level

LINKS = [
    ("C3831", "C3823"),  # cables -> switchgear
    ("C3824", "C3823"),  # power electronics -> switchgear
    ("C383", "C3670"),  # any wire or cable -> auto parts (a group-level link)
    ("C3670", "C3612"),  # auto parts -> new-energy vehicles
]


@pytest.fixture(scope="module")
def sim() -> IndustrySimilarity:
    return IndustrySimilarity(LINKS).fit(["C3823", "C38", "C3612", "I6513"])


def test_code_levels_and_ancestors():
    assert [code_level(c) for c in ("C", "C38", "C382", "C3823")] == [1, 2, 3, 4]
    assert ancestors("C3823") == ("C", "C38", "C382", "C3823")
    assert ancestors("i65") == ("I", "I65")


@pytest.mark.parametrize(
    ("project", "site", "score", "kind"),
    [
        ("C3823", "C3823", 1.0, "same"),
        ("C3823", "C3829", 0.8, "group"),  # 其他输配电及控制设备制造
        ("C3823", "C3851", 0.6, "division"),  # 家用制冷电器具制造
        ("C3823", "C3587", 0.3, "section"),  # 眼镜制造
        ("C3823", "I6513", 0.0, "none"),  # 应用软件开发
        ("C3823", "", 0.0, "none"),
    ],
)
def test_hierarchy_levels(sim, project, site, score, kind):
    relation = sim.relation(project, site)
    assert relation.score == score
    assert relation.kind == kind


@pytest.mark.parametrize(
    ("project", "site", "score"),
    [("C3823", "C38", 0.6), ("C3823", "C382", 0.8), ("C3823", "C", 0.3), ("C38", "C3823", 0.6)],
)
def test_an_ancestor_code_counts_as_the_level_it_names(sim, project, site, score):
    assert sim.similarity(project, site) == score


def test_direct_chain_neighbours_score_0_7_and_know_their_direction(sim):
    assert sim.relation("C3831", "C3823") == (0.7, "upstream", ("C3831", "C3823"))
    assert sim.relation("C3823", "C3824") == (0.8, "group", ("C382",))  # the hierarchy is better here
    assert sim.relation("C3612", "C3670").kind == "downstream"  # the vehicle maker buys the part


def test_two_hops_score_0_4():
    sim = IndustrySimilarity(LINKS).fit()
    relation = sim.relation("C3831", "C3612")  # cable -> auto parts -> vehicles
    assert relation.score == 0.4
    assert relation.kind == "chain"
    assert relation.via == ("C383", "C3670", "C3612")


def test_a_group_link_applies_to_its_classes_not_to_its_ancestors():
    sim = IndustrySimilarity(LINKS).fit()
    assert sim.similarity("C3833", "C3670") == 0.7  # 光缆制造 is under C383
    assert sim.similarity("C38", "C3670") == 0.3  # a division is not every one of its groups


def test_the_better_of_hierarchy_and_chain_counts():
    sim = IndustrySimilarity(LINKS).fit()
    # Same division (0.6) but also a direct supplier (0.7).
    assert sim.similarity("C3831", "C3823") == 0.7


def test_matrix_is_symmetric_and_matches_the_pair_function(sim):
    m = sim.matrix_
    assert m.shape == (4, 4)
    assert np.array_equal(m, m.T)
    for i, a in enumerate(sim.codes_):
        for j, b in enumerate(sim.codes_):
            assert m[i, j] == sim.similarity(a, b)


def test_rows_of_unseen_codes_are_computed_once_and_cached(sim):
    row = sim.row("C3831")
    assert row.tolist() == [0.7, 0.6, 0.4, 0.0]
    assert sim.row("C3831") is row
    assert sim.row("C3823") is not None and sim.row("C3823").tolist() == sim.matrix_[0].tolist()


def test_secondary_codes_are_discounted(sim):
    scores = sim.code_scores(("I6513", "C3823"))
    assert scores.tolist() == [SECONDARY_DISCOUNT, SECONDARY_DISCOUNT * 0.6, SECONDARY_DISCOUNT * 0.3, 1.0]
    assert sim.best_pair(("I6513", "C3823"), ("C3823",))[:3] == (SECONDARY_DISCOUNT, "C3823", "C3823")


def test_no_project_codes_gives_zero_code_fit(sim):
    assert not sim.code_scores(()).any()
    assert sim.best_pair((), ("C3823",))[0] == 0.0


def test_the_shipped_chains_link_wenzhou_trades():
    sim = IndustrySimilarity(default_taxonomy().chain_links).fit()
    assert sim.relation("C3841", "C3612").kind == "upstream"  # 锂离子电池 -> 新能源车整车
    assert sim.similarity("C3391", "C3443") == 0.7  # 黑色金属铸造 -> 阀门
    assert sim.similarity("C1910", "C1952") == 0.7  # 皮革鞣制 -> 皮鞋
    assert sim.similarity("C2924", "C1953") == 0.7  # 泡沫塑料 -> 塑料鞋 (group link to 制鞋业)
    assert sim.similarity("C4040", "C3587") == 0.7  # 光学仪器 -> 眼镜
    assert sim.similarity("I6520", "C3973") == 0.7  # 集成电路设计 -> 集成电路制造
