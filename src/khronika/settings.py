"""One options object shared by the Python API, the CLI and (later) the web app."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from khronika import __version__

DEFAULT_DB = "khronika.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # pages larger than this are refused, not parsed
DEFAULT_TIMEOUT_S = 20.0
USER_AGENT = f"khronika/{__version__} (+https://github.com/khronika/khronika; news story tracker)"


def default_workers() -> int:
    """Worker processes for big ingests: the machine's cores, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def default_db_path() -> Path:
    """``$KHRONIKA_DB`` if set, else ``./khronika.db``."""
    return Path(os.environ.get("KHRONIKA_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES
    http_timeout_s: float = DEFAULT_TIMEOUT_S
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    # fetch from loopback, private, link-local and metadata addresses too (--allow-private-addresses);
    # off: a URL from a feed or a web API caller cannot reach this machine's network (ingest/addresses.py)
    allow_private_addresses: bool = False
    # how many documents an ingest must have before it shows a progress bar
    progress_threshold: int = 5
    show_progress: bool = True
    # the analysis stages run on every ingest, by registry name (analysis/pipeline.py)
    analysis_stages: tuple[str, ...] = (
        "sentences", "morphology", "entities", "timex", "claims", "figures", "conflicts",
    )  # fmt: skip
    analyse_on_ingest: bool = True
    # the chronicle of each story and storyline an ingest, reanalyse, recluster or correction
    # changes is built anew and kept at once, so that reading it is a read (khronika/chronicles.py);
    # off: built (and kept) when it is first read after the change
    keep_chronicles: bool = True
    # story and storyline clustering: a config file with a section per level (ClusterConfig,
    # e.g. quality/clusters-news-e5.json); None: the built-in news weights (stories/assign.py);
    # default $KHRONIKA_STORIES_CONFIG (the CLI's --stories-config)
    stories_config: str | None = field(default_factory=lambda: os.environ.get("KHRONIKA_STORIES_CONFIG") or None)
    # processes that extract and analyse documents during big ingests (run/processes.py)
    workers: int = field(default_factory=default_workers)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
