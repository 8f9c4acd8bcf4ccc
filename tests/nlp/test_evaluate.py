"""`halyq eval` and `halyq train` through the CLI runner, and the metrics behind them."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from halyq.cli import app
from halyq.nlp.evaluate import LabelsError, read_labelled, task_report

LABELLED = [
    {
        "text": "Шұғыла ықшамауданында 3 күннен бері жылу жоқ, балалар тоңып отыр",
        "created_at": "2026-01-20T09:00:00+05:00",
        "lang": "kk",
        "is_complaint": True,
        "category": "heating",
        "urgency": "high",
        "sentiment": "negative",
    },
    {
        "text": "Поздравляем всех с праздником! Хорошего дня, Кызылорда!",
        "lang": "ru",
        "is_complaint": False,
        "category": None,
        "urgency": None,
        "sentiment": "positive",
    },
    {"text": "Su joq, Tokmagambetov koshesi 5, komektesinizder", "lang": "kk"},
]


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def test_task_report_counts_precision_recall_and_confusion() -> None:
    report = task_report("complaint", ["yes", "yes", "no", "no"], ["yes", "no", "no", "yes"])
    assert report.precision == {"no": 0.5, "yes": 0.5}
    assert report.recall == {"no": 0.5, "yes": 0.5}
    assert report.macro_f1 == 0.5 and report.accuracy == 0.5
    assert report.confusion == {"no": {"no": 1, "yes": 1}, "yes": {"no": 1, "yes": 1}}


def test_a_label_only_the_analysis_uses_is_not_averaged() -> None:
    report = task_report("category", ["water", "water"], ["water", "-"])
    assert report.labels == ("water", "-")
    assert report.macro_f1 == pytest.approx(2 / 3)


def test_read_labelled_names_the_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"lang": "kk"}\n', encoding="utf-8")
    with pytest.raises(LabelsError, match="line 2: field 'text'"):
        read_labelled(bad)


def test_eval_prints_json_per_task(tmp_path: Path) -> None:
    path = _write(tmp_path / "labelled.jsonl", LABELLED)
    result = CliRunner().invoke(app, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert list(reports) == ["lang", "complaint", "category", "urgency", "sentiment"]
    assert reports["lang"]["support"] == 3
    assert reports["complaint"]["confusion"]["yes"]["yes"] == 1
    assert {"precision", "recall", "f1", "macro_f1"} <= set(reports["category"])


WHERE_WHEN = [
    {  # a listed place with its house, the date right
        "text": "Кеше Абай даңғылы 45 үйде су жоқ, көмектесіңіздер!",
        "created_at": "2026-11-03T10:00:00+05:00",
        "places": [{"surface": "Абай даңғылы 45 үйде", "start": 5, "end": 25,
                    "canonical": "Абай", "kind": "avenue", "house": "45"}],
        "event_surface": "Кеше",
    },
    {  # a listed place the reader misses the house of, and no time stated
        "text": "Шұғылада жарық жоқ",
        "created_at": "2026-11-03T10:00:00+05:00",
        "places": [{"surface": "Шұғылада", "start": 0, "end": 8,
                    "canonical": "Шұғыла", "kind": "microdistrict", "house": "7"}],
        "event_surface": None,
    },
    {  # a place the profile does not list counts neither way; a habit is no date to read
        "text": "Бірлік көшесінде әр кеш жарық өшеді",
        "created_at": "2026-11-03T10:00:00+05:00",
        "places": [{"surface": "Бірлік көшесінде", "start": 0, "end": 16,
                    "canonical": "Бірлік", "kind": "street", "house": None}],
        "event_surface": "әр кеш",
    },
]  # fmt: skip


def test_eval_measures_places_and_dates_as_analyze_reads_them(tmp_path: Path) -> None:
    path = _write(tmp_path / "labelled.jsonl", WHERE_WHEN)
    result = CliRunner().invoke(app, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    where_when = json.loads(result.stdout)["where_when"]
    # Found ("Абай", "45") and ("Шұғыла", None); wanted ("Абай", "45") and ("Шұғыла", "7").
    assert (where_when["place_precision"], where_when["place_recall"]) == (0.5, 0.5)
    assert where_when["place_mentions"] == 2
    assert (where_when["dated_posts"], where_when["undated_posts"]) == (2, 1)
    assert where_when["false_date_rate"] == 0.0
    assert where_when["event_date_exact"] == 0.5


def test_eval_prints_readable_tables(tmp_path: Path) -> None:
    path = _write(tmp_path / "labelled.jsonl", LABELLED)
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "complaint: 2 rows" in result.stdout and "confusion" in result.stdout


def test_eval_refuses_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 1
    assert "line 1: not JSON" in result.stderr


@pytest.mark.filterwarnings("ignore:The number of unique classes")
@pytest.mark.slow
def test_train_writes_models_and_a_card_with_corrections(tmp_path: Path) -> None:
    corrections = _write(
        tmp_path / "corrections.jsonl",
        [
            {"text": "Подъезде лифт 2 апта істемейді", "is_complaint": True, "category": "housing"},
            {"text": "Ертең концерт болады ма?", "is_complaint": False},
            {"text": "Аулада иттер көп, қорқамыз", "category": "stray_animals"},
        ],
    )
    models = tmp_path / "models"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "--limit",
            "40",
            "--folder",
            str(models),
            "--corrections-file",
            str(corrections),
            "--no-ner",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in models.iterdir()} == {
        "reader.json", "reader.npy", "review_sentiment.json", "review_sentiment.npy",
        "MODEL_CARD.md",
    }  # fmt: skip
    card = (models / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "Held-out figures" in card and "KazSAnDRA" in card and "| kk |" in card
    assert "| operators' corrections | 3 |" in card


def test_train_refuses_broken_corrections(tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text('{"is_complaint": true}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--corrections-file", str(corrections)])
    assert result.exit_code == 1
    assert "line 1: field 'text'" in result.stderr
