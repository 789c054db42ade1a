"""AnalysedArticle <-> JSON: what ``khronika analyze --json`` prints and the store keeps.

The code is records-level (``khronika.records_json``), so the store can use it
without importing the analysis stages; the names are kept here for callers of the
analysis layer.
"""

from __future__ import annotations

from khronika.records_json import analysis_from_json as analysis_from_json
from khronika.records_json import analysis_json as analysis_json
