"""Take docs/screenshot.png: the open cases page with the demo data, in headless Chromium.

Uses the system Chromium (Debian package `chromium`); Playwright's own browser download is
never used. Usage: python scripts/screenshot.py OUT.png
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from halyq.commands import add_user, prepare_database, run_worker
from halyq.config import Settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "HALYQ_DATABASE_URL": f"sqlite:///{folder}/halyq.db",
            "HALYQ_VAR_DIR": folder,
            "HALYQ_PORT": str(free_port()),
        }
        os.environ.update(env)
        conf = Settings()
        prepare_database(conf)
        subprocess.run([sys.executable, "-m", "halyq.cli", "demo", "load"], check=True, env=env)
        run_worker(conf, once=True)
        password = add_user(conf, username="aigerim", role="analyst", department=None)
        server = subprocess.Popen(
            [sys.executable, "-m", "halyq.cli", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            shoot(f"http://127.0.0.1:{conf.port}", password, out)
        finally:
            server.terminate()
            server.wait(10)


def shoot(base: str, password: str, out: Path) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), 0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "aigerim")
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out), full_page=False)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
