"""The `halyq` command: parses arguments, calls the library, prints results. Nothing more.

Each module here holds one group of commands and registers it on the root app on import;
a new group is a new module and one line below.
"""

from halyq.cli import cases, city, ingest, nlp, service
from halyq.cli.base import app

__all__ = ["app", "cases", "city", "ingest", "main", "nlp", "service"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
