"""The issue's "done when": the demo workbook imports, and the H1 report states the head's figures
exactly, in JSON and in the DOCX and PDF, in Kazakh and in Russian."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from halyq.cli import app

WORKBOOK = Path(__file__).parents[2] / "data" / "civil" / "kyzylorda-2026-h1.xlsx"
SAYS = {
    "kk": [
        "қалада 487 үкіметтік емес ұйым тіркелген: 301 қоғамдық бірлестік және 186 қоғамдық қор.",
        "жалпы сомасы 22 227 000 теңге (22,2 млн теңге) болатын 7 әлеуметтік жобаны іске асырды.",
        "қалалық ақпараттық-түсіндіру тобы 37 кездесу, үкіметтік емес ұйымдар жобалар аясында "
        "15 кездесу өткізді.",
        "3 медиаөнім дайындалды: 3 бейнеролик.",
    ],
    "ru": [
        "в городе зарегистрировано 487 неправительственных организаций: 301 общественное "
        "объединение и 186 общественных фондов.",
        "реализовали 7 социальных проектов на общую сумму 22 227 000 тенге (22,2 млн тенге).",
        "Из них 37 встреч провела городская информационно-разъяснительная группа, 15 встреч – "
        "неправительственные организации в рамках проектов.",
        "подготовлено 3 медиапродукта: 3 видеоролика.",
    ],
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path / "var")}


def test_the_demo_workbook_gives_the_heads_figures(env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    imported = runner.invoke(app, ["civil", "import", str(WORKBOOK)], env=env)
    assert imported.exit_code == 0, imported.output
    assert all(sheet["rejected"] == 0 for sheet in json.loads(imported.stdout).values())
    report = runner.invoke(app, ["report", "--period", "2026-H1", "--out", "-"], env=env)
    data = json.loads(report.stdout)
    assert data["ngos"]["active"] == 487
    assert data["ngos"]["by_form"]["public_association"] == 301
    assert data["ngos"]["by_form"]["public_foundation"] == 186
    assert (data["projects"]["count"], data["projects"]["budget_tenge"]) == (7, 22_227_000)
    assert data["events"]["by_organiser"] == {"group": 37, "ngo": 15}
    assert data["media"]["by_kind"]["video"] == 3 and data["media"]["count"] == 3
    for lang in ("kk", "ru"):
        docx, pdf = tmp_path / f"h1-{lang}.docx", tmp_path / f"h1-{lang}.pdf"
        for out in (docx, pdf):
            args = ["report", "--period", "2026-H1", "--lang", lang, "--out", str(out)]
            assert runner.invoke(app, args, env=env).exit_code == 0
        docx_text = flat(" ".join(p.text for p in Document(str(docx)).paragraphs))
        pdf_text = flat(
            " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.read_bytes())).pages)
        )
        for sentence in SAYS[lang]:
            assert flat(sentence) in docx_text
            assert flat(sentence) in pdf_text
