"""Reading posts: `halyq analyze`, `halyq ner`, `halyq train` and `halyq eval`."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from halyq.cli.base import InputPath, app, open_input, settings


@app.command("analyze")
def analyze_cmd(
    path: InputPath,
    city: Annotated[str | None, typer.Option(help="City profile (default: HALYQ_CITY).")] = None,
) -> None:
    """Analyse posts without a database: one JSON line out per good line in, same order."""
    from halyq.city.profile import load_profile
    from halyq.commands import analyze_stream

    profile = load_profile(city or settings().city)
    with ExitStack() as stack:
        stream = open_input(stack, path)
        good, bad = analyze_stream(
            profile,
            stream,
            sys.stdout,
            label=path,
            on_error=lambda message: typer.echo(message, err=True),
        )
    if good == 0 and bad > 0:
        typer.echo(f"{path}: no line could be analysed", err=True)
        raise typer.Exit(1)


@app.command("ner")
def ner_cmd(
    path: Annotated[str, typer.Argument(help="CoNLL: a token a line, blank between sentences.")],
) -> None:
    """Tag Kazakh tokens with KazNERD's IOB2 entity tags, as a second column."""
    from halyq.nlp.ner import load_model, tag_conll

    model = load_model()
    with ExitStack() as stack:
        stream = open_input(stack, path)
        lines = (line.decode("utf-8", errors="replace") for line in stream)
        for line in tag_conll(lines, model):
            sys.stdout.write(line + "\n")


@app.command("train")
def train_cmd(
    limit: Annotated[
        int | None, typer.Option(help="Only the first N texts of each source.")
    ] = None,
    folder: Annotated[
        Path | None, typer.Option(help="Where to write (default: the package).")
    ] = None,
    with_corrections: Annotated[
        bool,
        typer.Option(
            "--with-corrections",
            help="Fold in the operators' corrections stored in the database (HALYQ_DATABASE_URL).",
        ),
    ] = False,
    corrections_file: Annotated[
        Path | None,
        typer.Option(
            help="Fold in corrections given as labelled JSONL (`halyq corrections "
            "export` writes them)."
        ),
    ] = None,
    ner: Annotated[
        bool, typer.Option("--ner/--no-ner", help="Also rebuild the Kazakh NER model (~4 min).")
    ] = True,
) -> None:
    """Rebuild every trained artefact from the labelled data in the repository: the complaint,
    category and sentiment models with MODEL_CARD.md (about a minute on one core) and the
    Kazakh NER model (a few minutes). Deterministic: the same data gives the same files."""
    from halyq.city.profile import load_profile
    from halyq.commands import stored_corrections
    from halyq.nlp.evaluate import LabelsError, read_labelled
    from halyq.nlp.models.corpus import CorpusError
    from halyq.nlp.models.linear import MODELS_DIR
    from halyq.nlp.models.train import train

    target = folder or MODELS_DIR
    try:
        corrections = (
            read_labelled(corrections_file, source="corrections") if corrections_file else []
        )
        if with_corrections:
            corrections += stored_corrections(settings())
        train(load_profile(settings().city), folder=target, limit=limit, corrections=corrections)
    except (CorpusError, LabelsError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"models and model card written to {target}", err=True)
    if ner:
        from dataclasses import asdict

        from halyq.nlp.ner import MODEL_PATH
        from halyq.nlp.ner_train import DEFAULT_DATA, train_ner

        report = train_ner(DEFAULT_DATA, folder / "ner" / MODEL_PATH.name if folder else MODEL_PATH)
        typer.echo(json.dumps({"ner": asdict(report)}, ensure_ascii=False))


@app.command("eval")
def eval_cmd(
    path: Annotated[Path, typer.Argument(help="Labelled JSONL, as data/posts/README.md says.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not tables.")] = False,
    city: Annotated[str | None, typer.Option(help="City profile (default: HALYQ_CITY).")] = None,
) -> None:
    """Precision, recall, macro-F1 and confusion matrix per task on labelled posts; where rows
    label places or `event_surface`, also place precision/recall (canonical name + house) and
    event dates (exact on posts that state one, invented on posts that do not)."""
    from halyq.city.profile import load_profile
    from halyq.nlp.evaluate import LabelsError, evaluate, format_reports, read_labelled
    from halyq.nlp.places_eval import evaluate_reading

    try:
        examples = read_labelled(path)
    except LabelsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    profile = load_profile(city or settings().city)
    reports = evaluate(examples, profile)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    labelled = [r for r in rows if "places" in r or "event_surface" in r]
    where_when = evaluate_reading(labelled, profile) if labelled else None
    if as_json:
        out: dict[str, object] = {t: r.as_dict() for t, r in reports.items()}
        if where_when is not None:
            out["where_when"] = where_when
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(format_reports(reports))
    if where_when is not None:
        typer.echo("\nwhere and when (as analyze reads them)")
        for name, value in where_when.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            typer.echo(f"  {name:<18} {shown}")
