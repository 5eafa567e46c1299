"""`vises match` as an outside script runs it: a clean environment, no settings, no database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

VISES = str(Path(sys.executable).parent / "vises")
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

GOOD: dict[str, Any] = {
    "participants": [
        {
            "id": 1,
            "gender": "woman",
            "birth_year": 1990,
            "languages": ["prs", "fa"],
            "district": "Skäggetorp",
            "occupation": "vård",
            "interests": ["fotboll", "matlagning"],
            "availability": ["mon-am", "wed-eve"],
            "waiting_days": 94,
            "wants_same_gender": True,
            "met_at_cafes": ["7"],
        },
        {"id": "p2", "gender": "man", "languages": ["ar"], "district": "Ryd"},
        {"id": "p3", "gender": "man", "ended_badly_with": [2]},
    ],
    "friends": [
        {
            "id": "f1",
            "gender": "woman",
            "birth_year": 1988,
            "languages": ["prs", "en"],
            "district": "Skäggetorp",
            "occupation": "Vård",
            "interests": ["Fotboll", "matlagning", "läsa"],
            "availability": ["mon-am"],
            "met_at_cafes": [7],
        },
        {"id": 2, "capacity": 2, "gender": "man", "languages": ["ar"], "district": "Mjärdevi"},
    ],
    "settings": {
        "today": "2026-07-01",
        "cafes": {"7": "Valla Logistik"},
        "near_districts": {"Ryd": ["Mjärdevi"]},
    },
}


def run(tmp_path: Path, document: Any, *extra: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "in.json"
    source.write_text(document if isinstance(document, str) else json.dumps(document))
    return subprocess.run(
        [VISES, "match", "--input", str(source), *extra],
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_a_good_input_gives_the_exact_pairs_scores_and_reasons(tmp_path: Path) -> None:
    done = run(tmp_path, GOOD)

    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {
        "pairs": [
            {
                "participant": 1,
                "friend": "f1",
                # café 4 + dari 3 + district 2 + field 3 + 2 interests 1 + 1 slot 1
                # + age 2·(1 − 2/15) + waiting 0.5·94/30
                "score": 17.3,
                "reasons": [
                    "träffades på caféet hos Valla Logistik",
                    "båda talar dari",
                    "bor i samma stadsdel",
                    "samma yrkesområde: vård",
                    "gemensamma intressen: fotboll, matlagning",
                    "kan träffas: måndag förmiddag",
                    "nära i ålder (2 års skillnad)",
                    "väntat 94 dagar",
                ],
            },
            {
                "participant": "p2",
                "friend": 2,
                "score": 4.0,
                "reasons": ["båda talar arabiska", "bor i stadsdelar nära varandra"],
            },
        ],
        "unmatched": ["p3"],
        "total_score": 21.3,
    }


def test_the_output_file_holds_the_same_document(tmp_path: Path) -> None:
    done = run(tmp_path, GOOD, "--output", str(tmp_path / "out.json"))

    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert json.loads((tmp_path / "out.json").read_text())["total_score"] == 21.3


def test_weights_replace_the_score_and_the_constraints(tmp_path: Path) -> None:
    document = {
        "participants": [{"id": "a", "active": False}, {"id": "b"}, {"id": "c"}],
        "friends": [{"id": "x", "capacity": 2}, {"id": "y"}],
        "weights": [[1, 5], [2, None], [None, 4.5]],
    }
    done = run(tmp_path, document)

    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "pairs": [
            {"participant": "a", "friend": "x", "score": 1.0, "reasons": []},
            {"participant": "b", "friend": "x", "score": 2.0, "reasons": []},
            {"participant": "c", "friend": "y", "score": 4.5, "reasons": []},
        ],
        "unmatched": [],
        "total_score": 7.5,
    }


def test_an_infeasible_pool_lists_everyone_unmatched(tmp_path: Path) -> None:
    document = {
        "participants": [{"id": 1, "wants_same_gender": True, "gender": "woman"}, {"id": 2}],
        "friends": [{"id": 9, "gender": "man", "unreachable_districts": ["A"]}],
        "weights": None,
    }
    document["participants"][1]["district"] = "A"  # type: ignore[index]
    done = run(tmp_path, document)

    assert done.returncode == 0
    assert json.loads(done.stdout) == {"pairs": [], "unmatched": [1, 2], "total_score": 0.0}


def _with(change: dict[str, Any]) -> dict[str, Any]:
    document = json.loads(json.dumps(GOOD))
    for path, value in change.items():
        target = document
        *steps, last = path.split("/")
        for step in steps:
            target = target[int(step) if step.isdigit() else step]
        target[int(last) if last.isdigit() else last] = value
    return document


BAD = [
    ('{"participants": [', "malformed JSON at line 1 column 19"),
    ('{"participants": [], "friends": [], "settings": {"today": NaN}}', "NaN is not a number"),
    ("[1, 2]", "input: expected an object, got list"),
    ({"friends": []}, "participants: missing"),
    (_with({"participants/1/id": 1}), "participants[1].id: duplicate id 1"),
    (_with({"friends/1/id": "f1"}), "friends[1].id: duplicate id 'f1'"),
    (_with({"participants/0/id": 1.5}), "participants[0].id: expected a string or an integer"),
    (_with({"participants/2/ended_badly_with": [3]}), "unknown friend id 3"),
    (_with({"participants/0/met_at_cafes": ["8"]}), "unknown café id '8'"),
    (_with({"friends/1/capacity": 0}), "friends[1].capacity: must be from 1 to 3, got 0"),
    (_with({"friends/1/capacity": -1}), "friends[1].capacity: must be from 1 to 3, got -1"),
    (_with({"friends/1/capacity": 4}), "friends[1].capacity: must be from 1 to 3, got 4"),
    (_with({"friends/0/languages": "ar"}), "friends[0].languages: expected a list, got string"),
    (_with({"participants/1/wants_same_gender": "yes"}), "expected true or false, got string"),
    (_with({"settings/weights": {"age": -1}}), "settings.weights.age: must be at least 0"),
    (_with({"weights": [[1, 2], [3, 4]]}), "weights: expected 3 rows (one per participant)"),
    (_with({"weights": [[1, 2], [3], [4, 5]]}), "weights[1]: expected 2 values (one per friend)"),
    (_with({"weights": [[1, 2], [3, "x"], [4, 5]]}), "weights[1][1]: expected a number or null"),
]


@pytest.mark.parametrize(("document", "named"), BAD, ids=[named for _d, named in BAD])
def test_bad_input_exits_2_with_one_line_naming_it(
    tmp_path: Path, document: Any, named: str
) -> None:
    done = run(tmp_path, document)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("vises match: ")
    assert named in done.stderr


def test_a_missing_input_file_and_bad_usage_exit_2(tmp_path: Path) -> None:
    missing = subprocess.run(
        [VISES, "match", "--input", str(tmp_path / "none.json")],
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    usage = subprocess.run(
        [VISES, "match"], env=CLEAN_ENV, capture_output=True, text=True, timeout=60
    )

    assert (missing.returncode, missing.stderr.count("\n")) == (2, 1)
    assert "No such file or directory" in missing.stderr
    assert (usage.returncode, usage.stderr.count("\n")) == (2, 1)
    assert "--input" in usage.stderr
