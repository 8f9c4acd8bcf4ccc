from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from halyq.config import Settings

README = Path(__file__).parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(HALYQ_[A-Z0-9_]+)`", readme))
    expected = {f"HALYQ_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set(), "add these to the configuration table in README.md"


def test_defaults_are_the_embedded_sqlite_and_kyzylorda(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"HALYQ_{name.upper()}", raising=False)
    conf = Settings(_env_file=None)  # type: ignore[call-arg]
    assert conf.database_url == "sqlite:///var/halyq.db"
    assert conf.city == "kyzylorda"
    assert (conf.host, conf.port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "CHANGEME", "short"])
def test_placeholder_secret_keys_are_refused(
    monkeypatch: pytest.MonkeyPatch, placeholder: str
) -> None:
    monkeypatch.setenv("HALYQ_SECRET_KEY", placeholder)
    with pytest.raises(ValidationError, match="HALYQ_SECRET_KEY"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_secret_key_is_generated_once_into_var(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HALYQ_SECRET_KEY", raising=False)
    conf = Settings(_env_file=None, var_dir=tmp_path / "var")  # type: ignore[call-arg]
    first = conf.resolved_secret_key()
    assert len(first) >= 32
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    assert conf.resolved_secret_key() == first


def test_configured_secret_key_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HALYQ_SECRET_KEY", "k" * 40)
    conf = Settings(_env_file=None, var_dir=tmp_path)  # type: ignore[call-arg]
    assert conf.resolved_secret_key() == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_pseudonym_key_is_kept_apart_from_the_session_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HALYQ_SECRET_KEY", raising=False)
    monkeypatch.delenv("HALYQ_PSEUDONYM_KEY", raising=False)
    conf = Settings(_env_file=None, var_dir=tmp_path)  # type: ignore[call-arg]
    pseudonyms = conf.resolved_pseudonym_key()
    assert pseudonyms != conf.resolved_secret_key()
    assert (tmp_path / "pseudonym_key").read_text(encoding="utf-8").strip() == pseudonyms
