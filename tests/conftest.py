"""Shared fixtures: a fresh database per test, a CLI runner, the seed page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import khronika
from khronika.cli.main import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def kh(db_path: Path) -> Iterator[khronika.Khronika]:
    with khronika.open(db_path) as handle:
        yield handle


class Cli:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:  # noqa: A002
        return self.runner.invoke(main, ["--db", str(self.db_path), *args], input=input, catch_exceptions=False)

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


def requires_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (it ships beside the project, in ../shared)")
