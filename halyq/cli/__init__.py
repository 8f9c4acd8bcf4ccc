"""The `halyq` command: parses arguments, calls the library, prints results. Nothing more.

Each module here holds one group of commands and registers it on the root app on import;
a new group is a new module and one line below.
"""

# One import a line: each registers its command group on `app`.
from halyq.cli import api_keys as api_keys
from halyq.cli import cases as cases
from halyq.cli import city as city
from halyq.cli import civil as civil
from halyq.cli import corrections as corrections
from halyq.cli import ingest as ingest
from halyq.cli import nlp as nlp
from halyq.cli import posts as posts
from halyq.cli import report as report
from halyq.cli import service as service
from halyq.cli import sources as sources
from halyq.cli import telegram as telegram
from halyq.cli.base import app as app


def main() -> None:
    app()


if __name__ == "__main__":
    main()
