"""The `halyq` command: parses arguments, calls the library, prints results. Nothing more."""

from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer

from halyq.config import Settings

app = typer.Typer(help="Halyq: residents' posts in, routed cases out.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
ingest_app = typer.Typer(help="Take posts in from files and channels.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo Kyzylorda data set.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts of the people who use Halyq.", no_args_is_help=True)
calendar_app = typer.Typer(help="The city's working calendar.", no_args_is_help=True)
city_app = typer.Typer(help="The city profile.", no_args_is_help=True)
cases_app = typer.Typer(help="Cases: export, show, history.", no_args_is_help=True)
for sub, name in (
    (db_app, "db"),
    (ingest_app, "ingest"),
    (demo_app, "demo"),
    (users_app, "users"),
    (calendar_app, "calendar"),
    (city_app, "city"),
    (cases_app, "cases"),
):
    app.add_typer(sub, name=name)

InputPath = Annotated[str, typer.Argument(help="A JSONL file, or - for standard input.")]


def settings() -> Settings:
    return Settings()


def _open_input(stack: ExitStack, path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return stack.enter_context(Path(path).open("rb"))
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from None


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Alembic announces each of its plugins at INFO: noise for a person running Halyq.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the schema, then load the city profile's departments."""
    from halyq.commands import prepare_database

    conf = settings()
    prepare_database(conf, revision=revision)
    typer.echo(f"database is at {revision}: {conf.database_url}", err=True)


@ingest_app.command("jsonl")
def ingest_jsonl(
    path: InputPath,
    source: Annotated[str, typer.Option(help="Source for lines that name none.")] = "import",
) -> None:
    """Import posts, one JSON object per line: id, text, created_at, author, source, url."""
    from halyq.commands import ingest_stream

    with ExitStack() as stack:
        stream = _open_input(stack, path)
        summary = ingest_stream(settings(), stream, default_source=source, label=path)
    for error in summary.errors:
        typer.echo(f"{path}: {error}", err=True)
    typer.echo(json.dumps(summary.as_dict()))


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
        stream = _open_input(stack, path)
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


@app.command("worker")
def worker(once: Annotated[bool, typer.Option(help="Drain the queue and exit.")] = False) -> None:
    """Analyse new posts and open routed cases, in batches; runs until stopped."""
    from halyq.commands import run_worker

    run_worker(settings(), once=once)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Default: HALYQ_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: HALYQ_PORT.")] = None,
) -> None:
    """Start the web app (creates the admin account on first run and prints its password)."""
    import uvicorn

    from halyq.commands import ensure_admin_account
    from halyq.web.app import create_app

    conf = settings()
    password = ensure_admin_account(conf)
    address = f"http://{host or conf.host}:{port or conf.port}/"
    typer.echo(f"Halyq is starting at {address}")
    if password:
        typer.echo(f"Log in as admin with password {password}  (shown once; only a hash is kept)")
    else:
        typer.echo(
            "Log in as admin (password was printed on first run; "
            "`halyq users reset-password admin` makes a new one)"
        )
    uvicorn.run(create_app(conf), host=host or conf.host, port=port or conf.port, log_level="info")


@demo_app.command("load")
def demo_load() -> None:
    """Import the bundled demo posts from Kyzylorda (idempotent: a second run adds nothing)."""
    from halyq.commands import DEMO_POSTS, ingest_stream

    with DEMO_POSTS.open("rb") as stream:
        summary = ingest_stream(settings(), stream, default_source="demo", label="demo")
    typer.echo(json.dumps(summary.as_dict()))


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="admin, analyst, executor or head.")] = "analyst",
    department: Annotated[str | None, typer.Option(help="Department code (executors).")] = None,
) -> None:
    """Create an account and print its generated password once."""
    from halyq.commands import UserError, add_user

    try:
        password = add_user(settings(), username=username, role=role, department=department)
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(f"{username}: {password}")


@users_app.command("reset-password")
def users_reset(username: str) -> None:
    """Give an account a new generated password and print it once."""
    from halyq.commands import UserError, reset_password

    try:
        typer.echo(f"{username}: {reset_password(settings(), username=username)}")
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None


@calendar_app.command("add-working-days")
def add_working_days(start: str, days: int) -> None:
    """Print the date DAYS working days after START (ISO date), skipping holidays."""
    from halyq.city.calendar import load_calendar
    from halyq.city.profile import load_profile

    try:
        first = date.fromisoformat(start)
    except ValueError:
        raise typer.BadParameter(f"'{start}' is not an ISO date like 2026-12-11") from None
    calendar = load_calendar(load_profile(settings().city))
    typer.echo(calendar.add_working_days(first, days).isoformat())


@city_app.command("check")
def city_check(city: Annotated[str | None, typer.Argument()] = None) -> None:
    """Validate a city profile and print what it holds."""
    from halyq.city.profile import ProfileError, load_profile

    started = time.monotonic()
    try:
        profile = load_profile(city or settings().city)
    except ProfileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        json.dumps(
            {
                "city": profile.code,
                "departments": len(profile.departments),
                "categories": len(profile.categories),
                "places": len(profile.places),
                "seconds": round(time.monotonic() - started, 3),
            }
        )
    )


@city_app.command("import-osm")
def city_import_osm(
    path: Annotated[Path, typer.Argument(help="An .osm, .osm.pbf or Overpass .geojson file.")],
    city: Annotated[str | None, typer.Option(help="City profile (default: HALYQ_CITY).")] = None,
) -> None:
    """Add OSM streets, address points, facilities and boundaries to the city profile."""
    from halyq.city.osm_store import import_osm
    from halyq.city.profile import ProfileError, profile_dir

    try:
        summary = import_osm(path, profile_dir(city or settings().city))
    except (ProfileError, ValueError, OSError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))


@app.command("ner")
def ner_cmd(
    path: Annotated[str, typer.Argument(help="CoNLL: a token a line, blank between sentences.")],
) -> None:
    """Tag Kazakh tokens with KazNERD's IOB2 entity tags, as a second column."""
    from halyq.nlp.ner import load_model, tag_conll

    model = load_model()
    with ExitStack() as stack:
        stream = _open_input(stack, path)
        lines = (line.decode("utf-8", errors="replace") for line in stream)
        for line in tag_conll(lines, model):
            sys.stdout.write(line + "\n")


@cases_app.command("export")
def cases_export(
    format: Annotated[str, typer.Option("--format", help="Only jsonl for now.")] = "jsonl",
) -> None:
    """Print every case as one JSON line: case_id, category, department, status, track, place,
    opened_at, due_at, post_ids (as given at ingest), residents."""
    from halyq.commands import export_cases

    if format != "jsonl":
        raise typer.BadParameter(
            f"'{format}' is not a known format; use jsonl", param_hint="--format"
        )
    written = export_cases(settings(), sys.stdout)
    typer.echo(f"{written} cases", err=True)


@cases_app.command("show")
def cases_show(case_id: int) -> None:
    """Print one case: facts, deadlines, residents and its posts (personal data removed)."""
    report = _case_report(case_id)
    for key in ("case_id", "status", "category", "department", "track", "place", "urgency",
                "opened_at", "respond_by", "due_at", "residents", "duplicate_of"):  # fmt: skip
        typer.echo(f"{key:>12}: {report[key] if report[key] is not None else '—'}")
    typer.echo(f"{'summary':>12}: {report['summary']}")
    typer.echo(f"{'posts':>12}: {len(report['posts'])}")
    for post in report["posts"]:
        typer.echo(f"  {post['created_at']}  {post['source']}  {post['id']}")
        typer.echo(f"      {post['text'] or '(not analysed yet)'}")


@cases_app.command("history")
def cases_history(case_id: int) -> None:
    """Print a case's audit trail, oldest first: when, who, what, from → to, why."""
    for event in _case_report(case_id)["events"]:
        change = f"{event['from'] or ''} → {event['to'] or ''}".strip()
        why = f"  ({event['reason']})" if event["reason"] else ""
        typer.echo(f"{event['at']}  {event['actor']}  {event['action']}  {change}{why}")


def _case_report(case_id: int) -> dict[str, Any]:
    from halyq.commands import case_report

    report = case_report(settings(), case_id)
    if report is None:
        typer.echo(f"no case {case_id}; `halyq cases export` lists them", err=True)
        raise typer.Exit(1)
    return report


@app.command("train")
def train_cmd(
    limit: Annotated[
        int | None, typer.Option(help="Only the first N texts of each source.")
    ] = None,
    folder: Annotated[
        Path | None, typer.Option(help="Where to write (default: the package).")
    ] = None,
    with_corrections: Annotated[
        Path | None,
        typer.Option(help="Operators' corrections as labelled JSONL, folded into training."),
    ] = None,
    ner: Annotated[
        bool, typer.Option("--ner/--no-ner", help="Also rebuild the Kazakh NER model (~4 min).")
    ] = True,
) -> None:
    """Rebuild every trained artefact from the labelled data in the repository: the complaint,
    category and sentiment models with MODEL_CARD.md (about a minute on one core) and the
    Kazakh NER model (a few minutes). Deterministic: the same data gives the same files."""
    from halyq.city.profile import load_profile
    from halyq.nlp.evaluate import LabelsError, read_labelled
    from halyq.nlp.models.corpus import CorpusError
    from halyq.nlp.models.linear import MODELS_DIR
    from halyq.nlp.models.train import train

    target = folder or MODELS_DIR
    try:
        corrections = (
            read_labelled(with_corrections, source="corrections") if with_corrections else []
        )
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
    """Precision, recall, macro-F1 and confusion matrix per task on labelled posts."""
    from halyq.city.profile import load_profile
    from halyq.nlp.evaluate import LabelsError, evaluate, format_reports, read_labelled

    try:
        examples = read_labelled(path)
    except LabelsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    reports = evaluate(examples, load_profile(city or settings().city))
    if as_json:
        typer.echo(json.dumps({t: r.as_dict() for t, r in reports.items()}, ensure_ascii=False))
    else:
        typer.echo(format_reports(reports))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
