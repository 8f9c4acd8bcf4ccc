"""The Kazakh NER model: tagging, the `halyq ner` command, deterministic training."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from halyq.city.profile import CityProfile
from halyq.cli import app
from halyq.nlp.ner import Entity, NerModel, load_model, tag_conll, tokenize
from halyq.nlp.ner_places import find_places_with_ner
from halyq.nlp.ner_train import DEFAULT_DATA, entity_f1, read_conll, split, train_ner

CONLL = """Кеше O
Астанада O
жиналыс O
өтті O
. O

2024 O
жылғы O
12 O
қарашада O
Алматыда O
жаңа O
мектеп O
ашылды O
. O
"""


@pytest.fixture(scope="module")
def model() -> NerModel:
    return load_model()


def test_the_committed_model_finds_places_and_dates(model: NerModel) -> None:
    text = "2024 жылғы 12 қарашада Астанада жаңа мектеп ашылды."
    found = model.entities(text)
    assert Entity("DATE", 0, 22, "2024 жылғы 12 қарашада") in found
    assert Entity("GPE", 23, 31, "Астанада") in found
    for entity in found:
        assert text[entity.start : entity.end] == entity.text


def test_conll_in_conll_out_with_blank_lines_kept(model: NerModel) -> None:
    lines = list(tag_conll(CONLL.splitlines(keepends=True), model))
    assert len(lines) == len(CONLL.splitlines())
    assert lines[5] == ""
    tags = dict(line.split() for line in lines if line)
    assert tags["Астанада"] == "B-GPE" and tags["Алматыда"] == "B-GPE"
    assert tags["2024"] == "B-DATE" and tags["қарашада"] == "I-DATE"


def test_the_ner_command_reads_standard_input() -> None:
    result = CliRunner().invoke(app, ["ner", "-"], input=CONLL)
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[1] == "Астанада B-GPE"
    assert out[5] == ""
    assert [line.split()[0] for line in out if line] == [
        line.split()[0] for line in CONLL.splitlines() if line
    ]


def test_the_fallback_runs_only_when_the_gazetteer_finds_nothing(
    profile: CityProfile, model: NerModel
) -> None:
    found = find_places_with_ner("Кеше Астанада жиналыс өтті", profile.places, model=model)
    assert [(p.surface, p.canonical) for p in found] == [("Астанада", "Астана")]  # gazetteer
    found = find_places_with_ner("Ақтөбеде жаңа мектеп ашылды", profile.places, model=model)
    assert [(p.surface, p.canonical, p.kind) for p in found] == [("Ақтөбеде", None, "city")]


def test_tokens_keep_their_offsets() -> None:
    assert tokenize("Абай, 45-үй") == [("Абай", 0, 4), (",", 4, 5), ("45-үй", 6, 11)]


def test_training_on_a_small_part_is_deterministic(tmp_path: Path) -> None:
    sample = tmp_path / "sample.txt"
    lines = DEFAULT_DATA.read_text(encoding="utf-8").split("\n\n")[:150]
    sample.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    first = train_ner(sample, tmp_path / "a.crfsuite", max_iterations=15)
    second = train_ner(sample, tmp_path / "b.crfsuite", max_iterations=15)
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert (first.train_sentences, first.test_sentences) == (135, 15)
    assert first.f1_all == second.f1_all


def test_the_held_out_part_is_every_tenth_sentence() -> None:
    sentences = read_conll(DEFAULT_DATA)
    train, test = split(sentences)
    assert len(sentences) == 11167
    assert (len(train), len(test)) == (10050, 1117)
    assert test[1] == sentences[10]


def test_a_line_without_a_tag_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("Абай B-PERSON\nжолы\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_conll(broken)


def test_entity_f1_counts_exact_spans() -> None:
    gold = [{(0, 0, 1, "GPE"), (0, 2, 4, "DATE")}]
    found = [{(0, 0, 1, "GPE"), (0, 2, 3, "DATE")}]
    assert entity_f1(gold, found, frozenset({"GPE"})) == 1.0
    assert entity_f1(gold, found, None) == 0.5
