"""khronika: turn a stream of news articles into stories, chronicles and who-said-what.

``khronika.open`` and ``khronika.Khronika`` load the API (and with it the analysis,
the store and the stories) on first use, so that importing a records-level module
such as ``khronika.records`` stays cheap and nothing imports this package back
into a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
# Bumped whenever extraction or analysis output changes, so stored articles made by
# an older pipeline can be found and re-run.
PIPELINE_VERSION = "11"  # 11: rules NER types names on evidence (place words and nouns, one type per name in an article), drops lone common nouns and peoples, cuts l' and 's; alias table: Kremlin, Pentagon, White House as ORG, agencies and media; ru/uk acronym + place one ORG; a lone first name or acronym takes its full name; who said what: a subject read by agreement (any noun), the body a subjectless report names (в пресс-службе МВД сообщили), impersonal reports, outlets spoken to, more reporting verbs (ru, uk); figures: a named subject of a counting verb gives the count (ДСНС називає 19 загиблих), places inside a source name are not the event's, the date nearest the figure, elliptic counts keep the group and place before them, un millar/une centaine (about), не более (at most), launched and shot_down measures, otros/another/ещё counts add and dispute none, a total and the part its source names with it are no conflict, 15 h 13 and 17.42h are clocks, une dizaine de kilomètres a distance, trois de ses petits-enfants a group; 10: the local day of a UTC date from the same moment in local time, <time> datelines; text titles past cookie/notification banners; 9: rules NER: titles left out, names over two connectors and glued particles; scale words in every case (2 тысячах), displaced, refugees, missing and hostages counted; site-level cleaning (lines an outlet repeats dropped as site_repeat), headline runs dropped only on link or site evidence; who said what: any noun phrase or pronoun a source, Russian subjects from an optional parse; -ов surnames the dictionary reads as common words keep their form, keys of abbreviations keep every letter; 8: a number with a noun or verb of its own keeps no borrowed measure; 7: the head of the phrase before a reporting verb speaks; 6: a word the article writes in lower case is no name, a person of common words is MISC; 5: months, weekdays and time zones are no entities; 4: figures that count something only

if TYPE_CHECKING:
    from khronika.api import Khronika, open  # noqa: A004

_LAZY = {"Khronika", "open"}


def __getattr__(name: str) -> Any:
    """``khronika.open`` / ``khronika.Khronika``: imported from ``khronika.api`` when first asked for."""
    if name in _LAZY:
        from khronika import api

        value = getattr(api, name)
        globals()[name] = value  # later lookups find it without coming here
        return value
    raise AttributeError(f"module 'khronika' has no attribute {name!r}")


__all__ = ["PIPELINE_VERSION", "Khronika", "__version__", "open"]
