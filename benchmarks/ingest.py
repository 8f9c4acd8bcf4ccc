"""How fast a Telegram Desktop export goes into SQLite, and in how much memory.

    python -m benchmarks.ingest                       # 200,000 messages (about 140 MB)
    python -m benchmarks.ingest --messages 1500000    # about 1 GB: memory must stay flat

Writes a realistic export on the fly (the demo posts' texts, entity lists, replies, edits,
photos, stickers and service messages, as Telegram Desktop writes them), imports it into a
fresh SQLite file through `halyq ingest telegram-export`'s own path, then imports it again
(everything unchanged). Prints JSON. Run alone, one process: peak RSS is the process's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.speed import DEMO, migrated_sqlite
from halyq.city.profile import load_profile
from halyq.sources.importer import import_posts
from halyq.sources.telegram_export import read_export

# 2025-10-09, a plain epoch second like an export's date_unixtime; a message every 3 s keeps
# even 5,000,000 messages in the past (a future date would be rejected)
START = 1_760_000_000
KEY = "bench-key-0123456789"


def messages(count: int, seed: int = 6) -> Iterator[dict[str, Any]]:
    """`count` messages of a busy city chat: about 85% with text."""
    texts = [json.loads(line)["text"] for line in DEMO.read_text("utf-8").splitlines() if line]
    rng = random.Random(seed)
    for number in range(1, count + 1):
        at = START + number * 3
        message: dict[str, Any] = {"id": number, "type": "message", **_dates("date", at)}
        kind = rng.random()
        if kind < 0.05:
            message.update(type="service", actor="Ерлан", actor_id="user6120044")
            message.update(action="invite_members", members=["Дәурен"], text="")
        else:
            user = rng.randrange(2000)
            message.update({"from": f"Тұрғын {user}", "from_id": f"user{5_000_000 + user}"})
            message["text"] = "" if kind < 0.15 else _text(rng.choice(texts), rng)
            if kind < 0.15:
                message.update(file="stickers/sticker.webp", media_type="sticker")
            elif kind < 0.30:
                message.update(photo=f"photos/photo_{number}@01-11-2026_10-00-00.jpg")
            if rng.random() < 0.3 and number > 1:
                message["reply_to_message_id"] = number - rng.randint(1, min(number - 1, 50))
            if rng.random() < 0.05:
                message.update(_dates("edited", at + 60))
        message["text_entities"] = _entities(message["text"])
        yield message


def _dates(name: str, at: int) -> dict[str, str]:
    local = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at + 5 * 3600))
    return {name: local, f"{name}_unixtime": str(at)}


def _text(text: str, rng: random.Random) -> str | list[Any]:
    if rng.random() < 0.7:
        return text
    head, _, tail = text.partition(" ")
    return [
        {"type": "bold", "text": head},
        " ",
        tail,
        " ",
        {"type": "hashtag", "text": "#Қызылорда"},
    ]


def _entities(text: str | list[Any]) -> list[dict[str, Any]]:
    parts = [text] if isinstance(text, str) and text else text or []
    return [{"type": "plain", "text": p} if isinstance(p, str) else p for p in parts]


def write_export(path: Path, count: int) -> int:
    """Write a one-chat export of `count` messages, streaming; returns its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "name": "Қызылорда | Жалпы чат",\n "type": "public_supergroup",\n')
        out.write(' "id": 1702345678,\n "messages": [\n')
        for number, message in enumerate(messages(count)):
            out.write(",\n" if number else "")
            out.write(json.dumps(message, ensure_ascii=False, indent=1))
        out.write("\n ]\n}\n")
    return path.stat().st_size


def measure(count: int) -> dict[str, Any]:
    """Import an export of `count` messages twice; rates by wall clock and by CPU time."""
    profile = load_profile("kyzylorda")
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "result.json"
        size = write_export(export, count)
        engine, sessions = migrated_sqlite(Path(folder) / "bench.db", profile)
        report: dict[str, Any] = {"messages": count, "file_mb": size / 1e6}
        for run in ("first", "again"):
            wall, cpu = time.perf_counter(), time.process_time()
            with export.open("rb") as stream:
                summary = import_posts(sessions, read_export(stream), pseudonym_key=KEY)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            report[run] = {
                **summary.as_dict(),
                "seconds": wall,
                "messages_per_second": count / wall,
                "messages_per_cpu_second": count / cpu,
            }
        engine.dispose()
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the address space, which
    exec replaces; ru_maxrss survives exec, so a child started by a big parent (make bench)
    would report the parent's peak instead of its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def in_own_process(count: int) -> dict[str, Any]:
    """`measure` in a fresh interpreter, so peak RSS is the import's alone."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", "--messages", str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    json.dump(measure(args.messages), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
