"""The bundled foot-pain tree (second edition) and its training cases: clean, complete,
safe by effective urgency, teaching on every result, and covered by the cases."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from footpain_tui.core.training.case_file import CaseFile, load_cases
from footpain_tui.core.training.verdicts import expected_walk
from footpain_tui.core.tree.bundled import default_cases_path, default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import CITED_BY_SECTION, Question, Result, Tree, Urgency
from footpain_tui.core.tree.paths import iter_paths
from footpain_tui.core.tree.walk import WalkSession

# Every condition the source article names, by its id in this edition's catalogue (the
# first edition's ids, mapped: "thrombosis" became deep and superficial vein thrombosis,
# "circulatory disorder" peripheral arterial disease, "skin disorder" athlete's foot and
# atopic eczema, "rheumatism" inflammatory arthritis, "gout_arthritis" gout), and the
# ganglion, the article's "Ueberbein" that the first edition mistranslated away.
ARTICLE_CONDITIONS = (
    "overuse",
    "stress_fracture",
    "tendinitis",
    "foot_misalignment",
    "soft_tissue_injury",
    "big_toe_fracture",
    "hallux_valgus",
    "gout",
    "hammer_toe",
    "claw_toe",
    "osteoarthritis",
    "neuralgia",
    "anterior_tarsal_tunnel",
    "diabetic_neuropathy",
    "deep_vein_thrombosis",
    "superficial_thrombophlebitis",
    "peripheral_arterial_disease",
    "tinea_pedis",
    "atopic_eczema",
    "wrong_footwear",
    "inflammatory_arthritis",
    "tumour",
    "weak_foot_muscles",
    "obesity",
    "ganglion",
)
# The causes the clinical review found never screened or never named (issue 11).
NEW_CONDITIONS = (
    "cellulitis",
    "septic_arthritis",
    "diabetic_foot_ulcer",
    "charcot_foot",
    "acute_limb_ischaemia",
    "peripheral_arterial_disease",
    "deep_vein_thrombosis",
    "superficial_thrombophlebitis",
    "lisfranc_injury",
    "metatarsal_fracture",
    "ganglion",
    "l5_radiculopathy",
    "inflammatory_arthritis",
    "gout",
    "compartment_syndrome",
    "necrotising_fasciitis",
    "neutropenic_sepsis",
    "cauda_equina",
)
# Labels fit an 80-column screen beside their number and shortcut.
MAX_LABEL = 70


@cache
def _tree() -> Tree:
    return load_tree(default_tree_path())


@cache
def _cases() -> CaseFile:
    return load_cases(default_cases_path())


@pytest.fixture(scope="module")
def tree() -> Tree:
    return _tree()


@pytest.fixture(scope="module")
def index(tree: Tree) -> TreeIndex:
    return TreeIndex(tree)


@pytest.fixture(scope="module")
def cases() -> CaseFile:
    return _cases()


def _results(tree: Tree) -> dict[str, Result]:
    return {nid: n for nid, n in tree.nodes.items() if isinstance(n, Result)}


def _questions(tree: Tree) -> dict[str, Question]:
    return {nid: n for nid, n in tree.nodes.items() if isinstance(n, Question)}


# -- the tree -----------------------------------------------------------------------------------
def test_meta(tree: Tree) -> None:
    assert tree.meta.id == "foot_pain_dorsum"
    assert tree.meta.version == "2.3.0"
    sources = {s.id: s for s in tree.meta.sources}
    assert sources["article"].kind == "article"
    assert sources["article"].paragraphs == 31
    assert sources["general"].kind == "general"
    kinds = Counter(s.kind for s in tree.meta.sources)
    assert kinds["guideline"] >= 20 and kinds["review"] >= 1
    for source in tree.meta.sources:
        if source.kind in CITED_BY_SECTION:
            assert source.reference and source.url and source.publisher, source.id


def test_lints_clean(tree: Tree, index: TreeIndex) -> None:
    report = lint_tree(tree, index)
    assert [str(f) for f in report.findings] == []


def test_no_warning_sign_ends_in_reassurance_by_effective_urgency(
    tree: Tree, index: TreeIndex
) -> None:
    # Every red-flag screen says which answer reports no sign, so FP114 can tell them apart.
    for nid, question in _questions(tree).items():
        if question.red_flag:
            assert sum(c.negative for c in question.choices) == 1, nid
    paths = list(iter_paths(tree, index))
    assert len(paths) == index.path_count
    warned = [p for p in paths if p.warning_signs]
    assert warned
    unsafe = [
        (p.result_id, p.effective_urgency.urgency)
        for p in warned
        if p.effective_urgency.urgency.needs_red_flag_screen
    ]
    assert unsafe == []


def test_risk_factors_set_urgency_floors(tree: Tree) -> None:
    floors = {
        (nid, c.finding): c.urgency_floor
        for nid, q in _questions(tree).items()
        for c in q.choices
        if c.urgency_floor
    }
    assert floors[("q_comorbidity", "known diabetes")] is Urgency.ROUTINE
    assert floors[("q_comorbidity", "known peripheral arterial disease")] is Urgency.ROUTINE
    assert {u for (nid, _), u in floors.items() if nid == "q_comorbidity"} == {
        Urgency.ROUTINE,
        Urgency.SOON,
    }
    # The diabetic foot check: lost protective sensation and a high-risk foot (NICE NG19's
    # previous ulcer or amputation, renal replacement therapy; absent pulses) are at least soon.
    diabetic_check = {f: u for (nid, f), u in floors.items() if nid == "q_foot_at_risk"}
    assert set(diabetic_check.values()) == {Urgency.SOON}
    assert any("high-risk diabetic foot" in finding for finding in diabetic_check)
    for nid, question in _questions(tree).items():
        for choice in question.choices:
            assert not (choice.negative and choice.urgency_floor), f"{nid}: {choice.label}"


def test_every_node_is_reachable(tree: Tree, index: TreeIndex) -> None:
    assert set(index.reachable) == set(tree.nodes)


def test_every_article_condition_is_reachable(tree: Tree, index: TreeIndex) -> None:
    reachable = set(index.reachable)
    used = {
        cid
        for nid, result in _results(tree).items()
        if nid in reachable
        for cid in result.conditions
    }
    assert [cid for cid in ARTICLE_CONDITIONS if cid not in used] == []
    assert [cid for cid in NEW_CONDITIONS if cid not in used] == []


def test_red_flag_screens_come_first(tree: Tree) -> None:
    start = tree.question(tree.start)
    assert start.red_flag and start.multiple
    assert all(
        isinstance(tree.nodes[c.next], Result) for c in start.choices if not c.negative
    )  # every emergency sign ends the walk at once
    assert tree.result(start.choices[0].next).urgency is Urgency.EMERGENCY


def test_authoring_conventions(tree: Tree) -> None:
    for nid, question in _questions(tree).items():
        assert question.why, f"{nid} has no 'why'"
        assert 2 <= len(question.choices) <= 9
        for choice in question.choices:
            assert len(choice.label) <= MAX_LABEL, f"{nid}: label {choice.label!r} is long"
            assert choice.key is not None, f"{nid}: {choice.label!r} has no shortcut"
            assert choice.finding, f"{nid}: {choice.label!r} has no finding"
    for nid, result in _results(tree).items():
        assert result.sources, f"{nid} cites nothing"
        assert result.next_steps or result.self_care, f"{nid} gives no next step"
    for cid, condition in tree.conditions.items():
        assert condition.sources, cid


def test_every_result_teaches(tree: Tree) -> None:
    for nid, result in _results(tree).items():
        assert result.discriminators, f"{nid} has no discriminators"
        assert result.pitfalls, f"{nid} has no pitfalls"
        assert result.examination, f"{nid} has no examination"
        assert result.investigations, f"{nid} has no investigations"
        for discriminator in result.discriminators:
            assert discriminator.condition in tree.conditions
            assert discriminator.versus in tree.conditions
            assert discriminator.sources, f"{nid}: a discriminator cites nothing"


def _result_sentences(result: Result) -> set[str]:
    texts = [
        result.explanation,
        *(d.text for d in result.discriminators),
        *result.pitfalls,
        *result.examination,
        *result.investigations,
        *result.next_steps,
        *result.treatment,
        *result.self_care,
        *result.seek_help,
    ]
    return {s for text in texts for s in re.split(r"(?<=[.!?]) +", text) if s}


def test_no_sentence_is_in_more_than_two_results(tree: Tree) -> None:
    counts = Counter(s for r in _results(tree).values() for s in _result_sentences(r))
    assert [s for s, n in counts.items() if n > 2] == []


def test_urgency_spread(tree: Tree) -> None:
    assert {r.urgency for r in _results(tree).values()} == set(Urgency)


# -- the cases ----------------------------------------------------------------------------------
def test_cases_file_targets_this_tree(tree: Tree, cases: CaseFile) -> None:
    assert cases.tree == tree.meta.id
    ids = [case.id for case in cases.cases]
    assert len(ids) == len(set(ids)), "case ids repeat"
    assert len(ids) >= 45


@cache
def _case_walks() -> dict[str, WalkSession]:
    tree = _tree()
    index = TreeIndex(tree)
    return {case.id: expected_walk(case, tree, index) for case in _cases().cases}


def test_every_case_walks_to_its_expected_result(cases: CaseFile) -> None:
    walks = _case_walks()  # expected_walk raises if a case does not end where it says
    for case in cases.cases:
        assert walks[case.id].current_id == case.expected_result, case.id


def test_cases_reach_every_result(tree: Tree) -> None:
    reached = {walk.current_id for walk in _case_walks().values()}
    assert reached == set(_results(tree))


def test_cases_take_every_answer_of_every_red_flag_screen(tree: Tree) -> None:
    taken = {
        (step.node_id, i)
        for walk in _case_walks().values()
        for step in walk.steps
        for i in step.ticked
    }
    missing = [
        (nid, c.label)
        for nid, q in _questions(tree).items()
        if q.red_flag
        for i, c in enumerate(q.choices)
        if (nid, i) not in taken
    ]
    assert missing == []


def test_cases_tick_several_signs_at_one_screen_and_never_end_in_reassurance_after_one() -> None:
    several = [
        cid
        for cid, walk in _case_walks().items()
        if any(len(step.ticked) > 1 for step in walk.steps)
    ]
    assert len(several) >= 5
    for cid, walk in _case_walks().items():
        question_signs = [
            walk.tree.question(s.node_id).is_warning_sign(i) for s in walk.steps for i in s.ticked
        ]
        if any(question_signs):
            assert not walk.effective_urgency.urgency.needs_red_flag_screen, cid


# -- the reviewer's patients (shared/CLINICAL_REVIEW.md), as tree_v2/NOTES.md walks them ----------
NONE = ["None of these"]
# (patient, answers in walk order, the result and the least urgency it may be shown at)
REVIEWER_PATIENTS = [
    (
        "fever with a red swollen foot",
        [NONE, NONE, ["Spreading redness", "Fever"]],
        "r_cellulitis",
        Urgency.URGENT,
    ),
    ("fever with a red swollen foot and sepsis", [["Sepsis"]], "r_sepsis", Urgency.EMERGENCY),
    (
        "fever with a red swollen foot around a diabetic ulcer",
        [NONE, ["Diabetes"], ["A wound"], "Fever"],
        "r_limb_threatening",
        Urgency.EMERGENCY,
    ),
    (
        "fever with a red swollen foot during chemotherapy",
        [["Fever, shivers"]],
        "r_neutropenic_sepsis",
        Urgency.EMERGENCY,
    ),
    (
        "a red, hot, spreading dorsum without fever",
        [NONE, NONE, ["Spreading redness"]],
        "r_cellulitis",
        Urgency.URGENT,
    ),
    (
        "a red, hot, swollen dorsum without fever in a numb diabetic foot",
        [NONE, ["Diabetes"], ["New hot, swollen foot", "Numb"]],
        "r_charcot",
        Urgency.URGENT,
    ),
    (
        "one hot swollen joint",
        [NONE, NONE, ["A hot, swollen joint"], "None of these"],
        "r_hot_joint",
        Urgency.URGENT,
    ),
    (
        "one hot swollen joint with fever",
        [NONE, NONE, ["A hot, swollen joint", "Fever, or feeling hot"], "Fever, unwell"],
        "r_septic_arthritis",
        Urgency.URGENT,
    ),
    (
        "a diabetic with a wound or an ulcer",
        [NONE, ["Diabetes"], ["A wound"], "None of these"],
        "r_diabetic_foot_ulcer",
        Urgency.URGENT,
    ),
    (
        "a diabetic with a hot swollen painless midfoot",
        [NONE, ["Diabetes"], ["New hot, swollen foot"]],
        "r_charcot",
        Urgency.URGENT,
    ),
    ("a pale, cold, numb foot", [["Sudden cold"]], "r_acute_ischaemia", Urgency.EMERGENCY),
    (
        "night pain easing with the leg hanging down",
        [NONE, NONE, ["Rest or night pain"]],
        "r_rest_pain",
        Urgency.URGENT,
    ),
    (
        "a swollen calf after travel with moderate pain",
        [NONE, NONE, ["One leg swollen"], "Calf or whole leg"],
        "r_dvt",
        Urgency.URGENT,
    ),
    (
        "an injury and unable to take four steps",
        [NONE, NONE, ["Injury"], "Navicular"],
        "r_foot_fracture",
        Urgency.URGENT,
    ),
    (
        "an injury to the midfoot, unable to take four steps",
        [NONE, NONE, ["Injury"], "Middle of the foot"],
        "r_lisfranc",
        Urgency.URGENT,
    ),
    (
        "foot drop with back pain",
        [NONE, NONE, ["New weakness"], "No, none of these"],
        "r_foot_drop",
        Urgency.URGENT,
    ),
    (
        "foot drop with back pain and saddle numbness",
        [NONE, NONE, ["New weakness"], "Yes"],
        "r_cauda_equina",
        Urgency.EMERGENCY,
    ),
    # The second review (tree_v2/REVIEW2.md): its safety findings and its trap cases.
    (
        "a diabetic whose blister is found only at the skin question (N1)",
        [
            NONE,
            ["Diabetes"],
            NONE,
            NONE,
            "No injury",
            "In the skin",
            "Blister or sore with",
            "None",
        ],
        "r_diabetic_foot_ulcer",
        Urgency.URGENT,
    ),
    (
        "a blister on a numb, pulseless foot found at the skin question (case)",
        [NONE, NONE, NONE, "No injury", "In the skin", "Blister or sore with", "Arterial disease"],
        "r_limb_threatening",
        Urgency.EMERGENCY,
    ),
    (
        "a diabetic sprain on a low-risk foot (case)",
        [NONE, ["Diabetes"], NONE, NONE, "Yes", "Top or side"],
        "r_soft_tissue_injury",
        Urgency.ROUTINE,
    ),
    (
        "a diabetic sprain on a foot with a previous ulcer (N5)",
        [NONE, ["Diabetes"], ["Previous ulcer"], NONE, "Yes", "Top or side"],
        "r_soft_tissue_injury",
        Urgency.SOON,
    ),
    (
        "cellulitis with fever during chemotherapy (case)",
        [["Fever, shivers"]],
        "r_neutropenic_sepsis",
        Urgency.EMERGENCY,
    ),
    (
        "cellulitis with fever during chemotherapy, the emergency tick missed (N3)",
        [NONE, ["Low immunity"], ["Spreading redness", "Fever"]],
        "r_cellulitis",
        Urgency.URGENT,
    ),
    (
        "burning in both feet from diabetes, not cauda equina (case)",
        [NONE, ["Diabetes"], ["Numb"], NONE, "No injury", "Not sure", "At rest", "Burning", "Both"],
        "r_diabetic_neuropathy",
        Urgency.SOON,
    ),
    (
        "stable dry gangrene in arterial disease without diabetes (case)",
        [NONE, ["Poor circulation"], ["Black or dusky toe"]],
        "r_limb_threatening",
        Urgency.EMERGENCY,
    ),
    (
        "rest pain missed on the same-day screen, found at night pain (N4)",
        [NONE, NONE, NONE, "No injury", "Top of the foot", "At rest", "Eased by hanging"],
        "r_rest_pain",
        Urgency.URGENT,
    ),
]


@pytest.mark.parametrize(
    ("patient", "answers", "result_id", "least"),
    REVIEWER_PATIENTS,
    ids=[p[0] for p in REVIEWER_PATIENTS],
)
def test_reviewer_patients_reach_a_result_at_least_as_urgent_as_the_notes_say(
    tree: Tree, patient: str, answers: list, result_id: str, least: Urgency
) -> None:
    session = WalkSession(tree)
    for answer in answers:
        session.answer_text(answer)
    assert session.current_id == result_id, patient
    assert session.effective_urgency.urgency.rank <= least.rank, patient


# The results a febrile patient on chemotherapy can reach when the first same-day tick is a
# local sign (REVIEW2 N3) say that fever during chemotherapy is neutropenic sepsis.
@pytest.mark.parametrize(
    "result_id", ["r_cellulitis", "r_hot_joint", "r_septic_arthritis", "r_dvt"]
)
def test_results_behind_a_local_tick_warn_of_neutropenic_sepsis(tree: Tree, result_id: str) -> None:
    result = tree.result(result_id)
    assert any("chemotherapy" in p and "neutropenic sepsis" in p for p in result.pitfalls), (
        result_id
    )
    assert any(ref.source == "nice_cg151" for ref in result.sources), result_id
