"""Deleting articles by hand (``khronika delete``), kept as decisions like the corrections.

For each article, in one unit of writes with the others:

1. its story and storyline lose it: the article's term bag is taken out of both
   clusters (``OnlineClusterer.remove``), their day spans shrink to what remains, and
   the title kept with each is that of its earliest remaining article (never the
   deleted headline); a story left empty leaves its storyline;
2. a decision ``article delete`` keeps its id and URL, so that ``recluster`` (which
   rebuilds from the stored articles: the deleted one is gone) and the story
   decisions replayed on every placement forget it (``StoryConstraints``);
3. the store deletes every row kept of it and remembers the URL
   (``ArticleStore.delete_article``): an ingest of that URL again is refused unless
   ``--restore`` is given (``run/writer.py``).

Document frequencies (the IDF counts) keep the deleted article's terms until the next
``recluster``, as they do for a hand move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khronika.errors import UsageError
from khronika.store.protocols.decisions import ARTICLE_DELETE
from khronika.stories.corrections import refresh_days

if TYPE_CHECKING:
    from khronika.stories.assign import Lemmatise, StoryAssigner
    from khronika.stories.clustering import Level


def delete_articles(
    assigner: StoryAssigner, article_ids: list[int], lemmatise: Lemmatise | None = None
) -> list[dict[str, Any]]:
    """Delete the articles (all or none); for each: decision, article, url, story, storyline."""
    if len(set(article_ids)) != len(article_ids):
        raise UsageError("an article id is named twice")
    for article_id in article_ids:
        assigner.store.article(article_id)  # NotFoundError for an unknown id, before anything is written
    deleted = []
    with assigner.transaction():
        for article_id in article_ids:
            deleted.append(_delete_one(assigner, article_id, lemmatise))
    assigner.forget()
    return deleted


def _delete_one(assigner: StoryAssigner, article_id: int, lemmatise: Lemmatise | None) -> dict[str, Any]:
    stories, store = assigner.stories, assigner.store
    article = store.article(article_id)
    story = stories.story_of(article_id)
    storyline = stories.storyline_of(story) if story is not None else None
    if story is not None:
        bag = assigner.bag(article_id, lemmatise)
        remaining = [member for member in stories.story_members(story) if member != article_id]
        _take_out(assigner, "story", story, assigner.read(article_id, bag, "story"), remaining)
        if storyline is not None:
            line_remaining = [member for member in stories.storyline_members(storyline) if member != article_id]
            _take_out(assigner, "storyline", storyline, assigner.read(article_id, bag, "storyline"), line_remaining)
        if not remaining:
            stories.set_storyline(story, None)
    decision = store.record_decision(
        ARTICLE_DELETE, {"article": article_id, "url": article.url, "story": story, "storyline": storyline}
    )
    store.delete_article(article_id)
    return {"decision": decision, "article": article_id, "url": article.url, "story": story, "storyline": storyline}


def _take_out(assigner: StoryAssigner, level: Level, row_id: int, read: Any, remaining: list[int]) -> None:
    """One level's cluster (store id ``row_id``) without the article read as ``read``;
    its kept title (never the deleted headline) is that of its earliest remaining article."""
    assigner.clusterer(level).remove(read, row_id - 1)
    refresh_days(assigner, level, row_id - 1, remaining)
    assigner.save(level, row_id - 1)
    listings = sorted(
        assigner.stories.article_listings(remaining).values(),
        key=lambda listing: (listing.published is None, listing.published or "", listing.id),
    )
    assigner.stories.set_title(level, row_id, listings[0].title if listings else None)
