"""Term bags for story assignment: content lemmas, the title weighted up, slim tokens for workers."""

from __future__ import annotations

from khronika.records import AnalysedArticle, DateSource, EntityMention, EntityType, Field, PublicationDate, Token
from khronika.stories.assign import TITLE_WEIGHT, document, story_tokens, term_bag
from khronika.stories.clustering import ClusterConfig


def _analysis() -> AnalysedArticle:
    tokens = (
        Token("Floods", 0, 6, Field.TITLE, "flood"),
        Token("in", 7, 9, Field.TITLE, "in"),
        Token("Chile", 10, 15, Field.TITLE, "Chile"),
        Token("Флот", 0, 4, Field.TEXT, "флот", "NOUN"),
        Token("у", 5, 6, Field.TEXT, "у", "PREP"),
        Token("Floods", 7, 13, Field.TEXT, "flood"),
        Token("2020", 14, 18, Field.TEXT, "2020"),
    )
    chile = EntityMention("Chile", 10, 15, Field.TITLE, EntityType.LOC, "Chile", "loc:chile")
    return AnalysedArticle(
        "en", "Floods in Chile", "Флот у Floods 2020", PublicationDate("2020-09-14", DateSource.GIVEN),
        tokens=tokens, entities=(chile, chile),
    )  # fmt: skip


def test_term_bag_keeps_content_lemmas_and_weights_the_title() -> None:
    bag = term_bag(_analysis())
    assert bag.terms == {"flood": TITLE_WEIGHT + 1, "chile": TITLE_WEIGHT, "флот": 1.0}
    assert bag.title_terms == ("flood", "chile")
    assert bag.entities == ("loc:chile", "loc:chile")
    assert bag.day == "2020-09-14"


def test_slim_tokens_give_the_same_bag() -> None:
    analysis = _analysis()
    slim = AnalysedArticle(analysis.lang, analysis.title, analysis.text, analysis.published,
                           tokens=story_tokens(analysis.tokens), entities=analysis.entities)  # fmt: skip
    assert term_bag(slim) == term_bag(analysis)


def test_entity_mentions_can_count_as_terms() -> None:
    bag = term_bag(_analysis())
    read = document(7, bag, ClusterConfig(words_as_terms=0.0, entities_as_terms=2.0))
    assert read.terms == {"@loc:chile": 4.0}
    assert read.id == "7"
