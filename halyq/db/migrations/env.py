"""Alembic environment: one engine from the configured URL, batch mode for SQLite."""

from alembic import context
from sqlalchemy import Connection

from halyq.db.engine import make_engine
from halyq.db.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
if url is None:
    raise RuntimeError("sqlalchemy.url is not set; run migrations through `halyq db upgrade`")


def run(connection: Connection) -> None:
    # SQLite's batch mode copies a table and drops the old one; with foreign keys on, that drop
    # would cascade and empty every table pointing at it (case_posts, case_events).
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # end the transaction the PRAGMA began, so Alembic's commits
    try:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


connectable = config.attributes.get("connection")
if connectable is None:
    engine = make_engine(url)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()
else:
    run(connectable)
