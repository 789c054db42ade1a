"""Site-level cleaning of stored articles (``reanalyze``; ``extract/site_lines.py``
has the rule, ``prepare`` applies it on ingest)."""

from __future__ import annotations

from khronika.extract.site_lines import drop_site_lines, paragraph_keys, site_line_keys, text_line_keys
from khronika.records import StoredArticle
from khronika.store.protocols import ArticleFilter, Store


def record_outlet_lines(store: Store) -> None:
    """The per-outlet line table from every stored article (those stored before it
    existed too), so that site-level cleaning sees the whole store."""
    with store.transaction():
        for article in store.articles(ArticleFilter()):
            store.record_outlet_lines(article.id, article.outlet, site_line_keys(article))


def site_cleaned(store: Store, article: StoredArticle) -> StoredArticle | None:
    """The article without the lines its outlet's other pages show to be furniture;
    None where that drops nothing."""
    if not article.outlet:
        return None
    cleaned = drop_site_lines(
        article, store.outlet_line_pages(article.outlet, text_line_keys(article), article.id, paragraph_keys(article))
    )
    return cleaned if (cleaned.text, cleaned.title) != (article.text, article.title) else None
