"""Story corrections by hand that last: ``story merge`` and ``story move``.

A correction is stored as a decision about articles, never about story ids (which
``recluster`` renumbers), and applied twice over:

1. at once, to the live clusters: a merge folds one story's centroid into the
   other's (``OnlineClusterer.merge``), a move takes one document out of its story
   and into another (``OnlineClusterer.move``); the storyline level follows, so a
   story's articles keep sharing one storyline;
2. on every later placement (ingest and ``recluster``), through ``StoryConstraints``
   (an ``article delete``, ``stories/deletion.py``, takes the article out of them):
   - ``story merge A B``: A's and B's articles (as they were) belong together;
   - ``story move ARTICLE S``: the article belongs with S's earliest article (its
     anchor) and never with the other articles of the story it left.
   An article bound to an article already placed is forced into that article's
   story; otherwise it is placed as usual, never in a story holding an article it
   must stay apart from. Decisions replay in the order they were made: a later move
   takes the article out of a group an earlier merge put it in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from khronika.errors import NotFoundError, UsageError
from khronika.store.protocols.decisions import ARTICLE_DELETE, STORY_MERGE, STORY_MOVE
from khronika.store.protocols.stories import MembershipStore

if TYPE_CHECKING:
    from khronika.stories.assign import Lemmatise, StoryAssigner
    from khronika.stories.clustering import Level


@dataclass
class StoryConstraints:
    """Which articles belong together and which must stay apart, from the decisions."""

    groups: dict[int, set[int]] = field(default_factory=dict)  # article -> its group (a shared set)
    apart: dict[int, set[int]] = field(default_factory=dict)

    @classmethod
    def from_decisions(cls, decisions: Iterable[dict[str, Any]]) -> StoryConstraints:
        constraints = cls()
        for decision in decisions:
            arguments = decision["arguments"]
            if decision["kind"] == STORY_MERGE:
                constraints.join([int(a) for a in arguments["articles"]])
            elif decision["kind"] == STORY_MOVE:
                article = int(arguments["article"])
                constraints.leave(article)
                constraints.join([int(arguments["anchor"]), article])
                for other in arguments["apart_from"]:
                    constraints.apart.setdefault(article, set()).add(int(other))
                    constraints.apart.setdefault(int(other), set()).add(article)
            elif decision["kind"] == ARTICLE_DELETE:  # gone: its id may name a later article
                constraints.forget(int(arguments["article"]))
        return constraints

    def join(self, articles: list[int]) -> None:
        group: set[int] = set()
        for article in articles:
            group |= self.groups.get(article, {article})
        for article in group:
            self.groups[article] = group
            if article in self.apart:
                self.apart[article] -= group

    def forget(self, article: int) -> None:
        self.leave(article)
        for other in self.apart.pop(article, set()):
            self.apart.get(other, set()).discard(article)

    def leave(self, article: int) -> None:
        group = self.groups.pop(article, None)
        if group is not None:
            group.discard(article)

    def placement(self, stories: MembershipStore, article_id: int) -> tuple[int | None, set[int]]:
        """(the cluster id the article is forced into or None, cluster ids it may not join)."""
        if not self.groups and not self.apart:
            return None, set()
        into = None
        for partner in sorted(self.groups.get(article_id, ())):
            story = stories.story_of(partner) if partner != article_id else None
            if story is not None:
                into = story - 1
                break
        avoid = {
            story - 1 for other in self.apart.get(article_id, ()) if (story := stories.story_of(other)) is not None
        }
        return into, avoid


def _existing_story(stories: MembershipStore, story_id: int) -> list[int]:
    members = stories.story_members(story_id)
    if not members:
        raise NotFoundError(f"no story with id {story_id}")
    return members


def refresh_days(assigner: StoryAssigner, level: Level, cluster_id: int, members: list[int]) -> None:
    """A cluster that lost an article spans the days of the articles it keeps."""
    days = sorted(date.fromisoformat(bag.day) for bag in assigner.stories.bags(members) if bag.day)
    cluster = assigner.clusterer(level).clusters[cluster_id]
    cluster.first_published, cluster.last_published = (days[0], days[-1]) if days else (None, None)


def _follow_storyline(
    assigner: StoryAssigner, articles: list[int], source: int | None, target: int | None, lemmatise: Lemmatise | None
) -> None:
    """Move the articles' storyline documents where their story now is."""
    if source is None or target is None or source == target:
        return
    clusterer = assigner.clusterer("storyline")
    for article in articles:
        clusterer.move(assigner.read(article, assigner.bag(article, lemmatise), "storyline"), source - 1, target - 1)
    refresh_days(assigner, "storyline", source - 1, assigner.stories.storyline_members(source))
    assigner.save("storyline", source - 1)
    assigner.save("storyline", target - 1)


def merge_stories(
    assigner: StoryAssigner, story_id: int, merged_id: int, lemmatise: Lemmatise | None = None
) -> dict[str, Any]:
    """``story merge A B``: B's articles join A, now and after every recluster (``lemmatise``
    makes the bag of an article stored without one, as ``recluster`` does)."""
    if story_id == merged_id:
        raise UsageError(f"cannot merge story {story_id} with itself")
    stories = assigner.stories
    kept, moved = _existing_story(stories, story_id), _existing_story(stories, merged_id)
    with assigner.transaction():
        decision = assigner.store.record_decision(
            STORY_MERGE, {"story": story_id, "merged": merged_id, "articles": sorted(kept + moved)}
        )
        assigner.clusterer("story").merge(story_id - 1, merged_id - 1)
        assigner.save("story", story_id - 1)
        assigner.save("story", merged_id - 1)
        for article in moved:
            stories.assign(article, story_id, assigner.clusterer("story").stats.documents)
        storyline, merged_storyline = stories.storyline_of(story_id), stories.storyline_of(merged_id)
        _follow_storyline(assigner, moved, merged_storyline, storyline, lemmatise)
        stories.set_storyline(merged_id, None)
    assigner.forget()
    return {"decision": decision, "story": story_id, "merged": merged_id, "articles_moved": moved,
            "articles": len(kept) + len(moved), "storyline": storyline}  # fmt: skip


def move_article(
    assigner: StoryAssigner, article_id: int, story_id: int, lemmatise: Lemmatise | None = None
) -> dict[str, Any]:
    """``story move ARTICLE STORY``: the article leaves its story for STORY, for good."""
    stories = assigner.stories
    assigner.store.article(article_id)  # NotFoundError for an unknown article
    source = stories.story_of(article_id)
    if source is None:
        raise UsageError(f"article {article_id} is in no story yet (run khronika recluster)")
    target_members = _existing_story(stories, story_id)
    if source == story_id:
        raise UsageError(f"article {article_id} is already in story {story_id}")
    anchor = target_members[0]
    apart_from = [article for article in stories.story_members(source) if article != article_id]
    with assigner.transaction():
        decision = assigner.store.record_decision(
            STORY_MOVE, {"article": article_id, "story": story_id, "from_story": source, "anchor": anchor,
                         "apart_from": apart_from},
        )  # fmt: skip
        bag = assigner.bag(article_id, lemmatise)
        assigner.clusterer("story").move(assigner.read(article_id, bag, "story"), source - 1, story_id - 1)
        refresh_days(assigner, "story", source - 1, apart_from)
        assigner.save("story", source - 1)
        assigner.save("story", story_id - 1)
        stories.assign(article_id, story_id, assigner.clusterer("story").stats.documents)
        storyline, old_storyline = stories.storyline_of(story_id), stories.storyline_of(source)
        _follow_storyline(assigner, [article_id], old_storyline, storyline, lemmatise)
        if not apart_from:
            stories.set_storyline(source, None)
    assigner.forget()
    return {"decision": decision, "article": article_id, "story": story_id, "from_story": source,
            "storyline": storyline, "from_storyline": old_storyline}  # fmt: skip
