"""khronika: turn a stream of news articles into stories, chronicles and who-said-what."""

from __future__ import annotations

__version__ = "0.1.0"
# Bumped whenever extraction or analysis output changes, so stored articles made by
# an older pipeline can be found and re-run.
PIPELINE_VERSION = "3"  # 3: NER post-rules (legal forms with their quoted names, lists of places)

from khronika.api import Khronika, open  # noqa: E402,A004

__all__ = ["PIPELINE_VERSION", "Khronika", "__version__", "open"]
