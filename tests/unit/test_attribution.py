"""Attribution: cues, sources, pronouns, quotes, chains; never raising."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.analysis.claims.attribution import find_claims, quote_spans
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities", "timex"))


def _analyse(text: str, lang: str = "uk") -> AnalysedArticle:
    return _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))


def test_prefix_cue_with_unpaired_quotes() -> None:
    article = _analyse('Як повідомляє «БЕЛТА", переговори відбудуться у форматі "сам на сам".')
    [claim] = find_claims(article)
    assert (claim.source, claim.source_kind, claim.cue) == ("БЕЛТА", "media", "Як повідомляє")
    assert article.text[claim.content_start : claim.content_end].startswith("переговори")


def test_descriptor_source_and_verb_with_preposition() -> None:
    [claim] = find_claims(_analyse("Правозахисники говорять про п'ятьох загиблих."))
    assert (claim.source, claim.source_kind, claim.cue) == ("правозахисники", "group", "говорять про")


def test_talking_with_is_not_a_claim() -> None:
    assert find_claims(_analyse("Лукашенко кілька разів говорив з Путіним.")) == []


def test_chain_records_the_cited_source() -> None:
    text = "Видання Bloomberg з посиланням на джерела писало, що Путін не вірить у здатність протестувальників."
    [claim] = find_claims(_analyse(text))
    assert (claim.source, claim.source_kind, claim.cited_source, claim.cited_source_kind) == (
        "Bloomberg", "media", "джерела", "unnamed",
    )  # fmt: skip
    assert claim.cue == "з посиланням на джерела писало"


def test_pronoun_resolves_to_the_subject_not_the_object() -> None:
    text = "Лукашенко кілька разів говорив з Путіним. Водночас він почав стверджувати, що країну розхитують ззовні."
    [claim] = find_claims(_analyse(text))
    assert (claim.source, claim.cue) == ("Олександр Лукашенко", "почав стверджувати")


def test_inverted_quote_with_dash() -> None:
    text = "«Ми не відступимо», — заявив Зеленський."
    [claim] = find_claims(_analyse(text))
    assert claim.quote and claim.cue == "заявив"
    assert text[claim.content_start : claim.content_end] == "Ми не відступимо"


def test_english_and_russian_cues() -> None:
    [claim] = find_claims(_analyse("Three people died, according to police.", "en"))
    assert (claim.source, claim.cue) == ("police", "according to")
    [claim] = find_claims(_analyse("По словам источников, министр подал в отставку.", "ru"))
    assert (claim.source, claim.source_kind) == ("источники", "unnamed")


def test_no_attribution_no_claims() -> None:
    assert find_claims(_analyse("Міст через Дніпро відкрили після ремонту.")) == []


def test_quote_spans_pair_mixed_marks() -> None:
    text = 'Як повідомляє «БЕЛТА", а „інші“ мовчать.'
    assert [text[s:e] for s, e in quote_spans(text)] == ["БЕЛТА", "інші"]


_PIECES = [*'абвгдеєжзиіїйклмнопрстуфхцчшщьюяАБВЛП ,.«»„“"—–-:0123456789', "заявив ", "За словами ", "він ", "що "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_find_claims_never_raises_and_spans_stay_inside(text: str) -> None:
    article = _analyse(text)
    for claim in find_claims(article):
        size = len(article.text)
        assert 0 <= claim.content_start <= claim.content_end <= size
        assert 0 <= claim.cue_start <= claim.cue_end <= size
        assert 0 <= claim.source_start <= claim.source_end <= size


def test_official_figures_cue_without_a_named_body_names_an_official_descriptor() -> None:
    from khronika.analysis.pipeline import Pipeline
    from khronika.records import AnalysedArticle, DateSource, PublicationDate

    text = "Загалом, за офіційними даними, загинули троє людей.\nПравозахисники говорять про п'ятьох загиблих."
    article = Pipeline(("sentences", "morphology", "entities", "timex", "claims", "figures", "conflicts"))(
        AnalysedArticle("uk", None, text, PublicationDate("2020-09-14", DateSource.GIVEN))
    )
    sources = {claim.source: claim.source_kind for claim in article.claims}
    assert sources.get("офіційні дані") == "official body"
    assert "за офіційними даними" not in sources  # the cue is not the source
    assert len(article.conflicts) == 1 and article.conflicts[0].measure == "deaths"


@pytest.mark.parametrize(
    ("lang", "text", "first", "second"),
    [
        ("ru", "По официальным данным, за это время погибли три человека, по данным правозащитников — пять.",
         ("официальные данные", "три"), ("правозащитники", "пять")),
        ("uk", "За офіційними даними, загинули троє людей, за даними правозахисників — п'ятеро.",
         ("офіційні дані", "троє"), ("правозахисники", "п'ятеро")),
        ("en", "Officials say three people have died since Aug. 9; human rights groups put the figure at five.",
         ("officials", "three"), ("human rights groups", "five")),
    ],
)  # fmt: skip
def test_two_sources_in_one_sentence_each_get_their_own_clause(
    lang: str, text: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    from khronika.analysis.figures.reader import find_figures
    from khronika.analysis.pipeline import Pipeline
    from khronika.records import AnalysedArticle, DateSource, PublicationDate

    article = Pipeline(("sentences", "morphology", "entities", "timex"))(
        AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE))
    )
    claims = find_claims(article)
    contents = {c.source: text[c.content_start : c.content_end] for c in claims}
    assert first[1] in contents[first[0]] and second[1] not in contents[first[0]]
    assert contents[second[0]].endswith(second[1])
    by_text = {f.text: (f.source, f.measure) for f in find_figures(article, claims)}
    assert by_text[first[1]] == (first[0], "deaths")
    assert by_text[second[1]] == (second[0], "deaths")


@pytest.mark.parametrize(
    ("lang", "text", "source", "kind"),
    [
        ("uk", "Правозахисники провели пресконференцію в Києві. Вони заявили, що загинули п'ятеро.", "правозахисники", "group"),
        ("ru", "Правозащитники провели пресс-конференцию в Минске. Они заявили, что погибли пять человек.", "правозащитники", "group"),
        ("en", "Police arrived at the square at noon. They said three people were detained.", "Police", "organisation"),
    ],
)  # fmt: skip
def test_plural_pronoun_resolves_to_the_last_group_or_organisation(
    lang: str, text: str, source: str, kind: str
) -> None:
    article = _analyse(text, lang)
    [claim] = find_claims(article)
    assert (claim.source, claim.source_kind) == (source, kind)
    assert article.text[claim.source_start : claim.source_end].lower() in {"вони", "они", "they"}


def test_plural_pronoun_skips_people_and_stays_a_pronoun_without_a_group() -> None:
    text = "Олена Коваль і Петро Бойко приїхали до Львова. Вони заявили, що переговори тривають."
    [claim] = find_claims(_analyse(text))
    assert (claim.source, claim.source_kind, claim.entity_id) == ("Вони", "group", None)


def test_a_known_body_the_tagger_missed_is_a_source() -> None:
    [claim] = find_claims(_analyse("МВС повідомило, що жертвами зіткнень стали п'ятеро людей."))
    assert (claim.source, claim.source_kind, claim.cue) == ("МВС", "official body", "повідомило")


@pytest.mark.parametrize(
    ("lang", "text", "source", "kind"),
    [
        ("ru", "Премьер Франции заявил, что санкции продлят.", "Премьер Франции", "person"),
        ("ru", "Аналитики в Москве отмечают, что рубль упадёт.", "Аналитики в Москве", "group"),
        ("ru", "Сестра сказала, что не знала об аресте.", "Сестра", "person"),
        ("ru", "Представитель МВД заявил, что задержаны 400 человек.", "Представитель МВД", "person"),
        ("uk", "Банкіри вважають, що ставки зростуть.", "Банкіри", "person"),
        # a named person, a descriptor and a body stay what they were
        ("ru", "Александр Лукашенко заявил, что выборы были честными.", "Александр Лукашенко", "person"),
        ("uk", "Правозахисники заявили, що загинули п'ятеро людей.", "правозахисники", "group"),
        ("uk", "МВС повідомило, що затримано 200 людей.", "МВС", "official body"),
    ],
)  # fmt: skip
def test_the_head_of_the_phrase_before_the_verb_is_the_source(lang: str, text: str, source: str, kind: str) -> None:
    [claim] = find_claims(_analyse(text, lang))
    assert (claim.source, claim.source_kind) == (source, kind)


@pytest.mark.parametrize(
    "text",
    ["Лукашенко заявил, что готов к интеграции, и предупредил, что если падет Беларусь, следующей будет Россия.",
     "Як повідомили в прес-службі, цього тижня він дасть інтерв'ю."],
)  # fmt: skip
def test_a_conjunction_or_adverb_before_the_verb_is_no_speaker(text: str) -> None:
    lang = "uk" if "повідомили" in text else "ru"
    sources = {claim.source for claim in find_claims(_analyse(text, lang))}
    assert not sources & {"и", "Як", "як"}


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        # a place or a person after a preposition is no speaker: the clause's subject is
        ("uk", "Світлана Тихановська звернулася до Путіна і попередила, що домовленості перегляне нова влада.",
         "Світлана Тихановська"),
        ("ru", "Накануне Александр Лукашенко побывал в Гродно и заявил, что не допустит раскола страны.", "Лукашенко"),
        # a body after one may be (the ministry reported)
        ("uk", "У Міністерстві охорони здоров'я повідомили, що госпіталізовано 14 людей.",
         "Міністерство охорони здоров'я"),
        # inverted: the official named after the verb, not his country
        ("uk", "Про це у вівторок вранці повідомив міністр закордонних справ Литви Лінас Лінкявічюс.",
         "Лінас Лінкявічюс"),
    ],
)  # fmt: skip
def test_objects_and_places_do_not_speak(lang: str, text: str, source: str) -> None:
    claims = find_claims(_analyse(text, lang))
    assert claims and source in claims[0].source, [c.source for c in claims]


def test_a_content_of_one_function_word_is_no_claim() -> None:
    text = "Як повідомили в прес-службі Лукашенка, цього тижня він дасть інтерв'ю журналістам."
    assert not [c for c in find_claims(_analyse(text, "uk")) if text[c.content_start : c.content_end] == "Як"]


@pytest.fixture
def with_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The optional Russian parse on (``KHRONIKA_RU_SYNTAX=1``)."""
    monkeypatch.setenv("KHRONIKA_RU_SYNTAX", "1")


@pytest.mark.usefixtures("with_parse")
@pytest.mark.parametrize(
    ("lang", "text", "source", "cue"),
    [
        # ru: the subject the parse reads, the phrase's head with its modifiers
        ("ru", "Французские журналисты пишут, что переговоры сорваны.", "Французские журналисты", "пишут"),
        ("ru", "Жители Тулы в один голос говорят, что света нет.", "Жители Тулы", "говорят"),
        ("ru", "Она сказала, что переедет в Минск.", "Она", "сказала"),
        ("ru", "Мы утверждаем, что голосование подделано.", "Мы", "утверждаем"),
        ("ru", "Завод закроют, утверждает эксперт.", "эксперт", "утверждает"),
        ("ru", "Брат задержанного сказал: «Его били».", "Брат задержанного", "сказал"),
        ("ru", "«Мост откроют весной», — заявил губернатор области.", "губернатор области", "заявил"),
        # uk: the same over the morphology
        ("uk", "Польські журналісти пишуть, що переговори зірвано.", "Польські журналісти", "пишуть"),
        ("uk", "Ми стверджуємо, що голосування підробили.", "Ми", "стверджуємо"),
        ("uk", "«Мосту не буде», — заявив мер Харкова.", "мер Харкова", "заявив"),
        ("uk", "Її брат розповів, що його били.", "Її брат", "розповів"),
        # en: the words before the verb
        ("en", "French journalists write that the talks collapsed.", "French journalists", "write"),
        ("en", "Analysts in Warsaw note that inflation has slowed.", "Analysts in Warsaw", "note"),
        ("en", "But one travel agent warned that prices would rise.", "one travel agent", "warned"),
    ],
)  # fmt: skip
def test_any_noun_phrase_or_pronoun_can_be_the_source(lang: str, text: str, source: str, cue: str) -> None:
    claims = find_claims(_analyse(text, lang))
    assert [(c.source.lower()[:4], c.cue) for c in claims] == [(source.lower()[:4], cue)], claims
    assert claims[0].source.lower() == source.lower() or len(source.split()) == 1


@pytest.mark.usefixtures("with_parse")
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Сообщается, что в аварии пострадали двое."),
        ("uk", "Повідомляється, що внаслідок аварії постраждали двоє."),
        ("en", "It was reported that two people were hurt."),
        ("en", "This is what has been written in a note to the board."),
        ("uk", "Я не зміг сказати, що рішення гірше за інші."),
    ],
)  # fmt: skip
def test_impersonal_passive_or_infinitive_reports_have_no_source(lang: str, text: str) -> None:
    assert find_claims(_analyse(text, lang)) == []


@pytest.mark.usefixtures("with_parse")
def test_a_pronoun_after_a_quote_is_not_the_person_inside_the_quote() -> None:
    [claim] = find_claims(_analyse("«Иван Петров опоздал на поезд», — добавил он.", "ru"))
    assert (claim.source, claim.entity_id) == ("он", None)


@pytest.mark.usefixtures("with_parse")
def test_a_pronoun_resolves_to_the_person_of_the_sentence_before() -> None:
    text = "Светлана Иванова приехала в Брест. Она сказала, что граница закрыта."
    [claim] = find_claims(_analyse(text, "ru"))
    assert claim.source == "Светлана Иванова" and claim.entity_id is not None


@pytest.mark.usefixtures("with_parse")
def test_an_object_the_parse_reads_is_no_speaker() -> None:
    claims = find_claims(_analyse("Студентам Университета ЛУИСС рассказали о встрече в Риме.", "ru"))
    assert not any("ЛУИСС" in c.source or "Университет" in c.source for c in claims)


@pytest.mark.usefixtures("with_parse")
def test_the_parse_is_one_batch_over_cue_sentences_only() -> None:
    from khronika.analysis.claims import syntax

    article = _analyse("Погода хорошая. Министр Олег Котов заявил, что дороги откроют. Завтра дождь.", "ru")
    seen: list[int] = []
    original = syntax.parse_views

    def counting(views: list[syntax.SentenceView]) -> list[syntax.Parse | None]:
        seen.extend(view.index for view in views)
        return original(views)

    syntax_parse = syntax.parse_views
    try:
        import khronika.analysis.claims.attribution as attribution

        attribution.parse_views = counting  # type: ignore[assignment]
        [claim] = find_claims(article)
    finally:
        attribution.parse_views = syntax_parse  # type: ignore[assignment]
    assert seen == [1] and claim.source == "Олег Котов"


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        # an insert set off by commas between the subject and the verb (the verb agrees)
        ("ru", "Правительство Литвы, возглавляемое консерваторами, утверждает, что угрозы нет.", "Правительство Литвы"),
        ("uk", "Асоціація, яка представляє фермерів, заявила, що врожай загинув.", "Асоціація"),
        # ``один из …`` heads the phrase, not the genitive after it
        ("ru", "Один из депутатов парламента заявил, что закон отменят.", "Один из депутатов парламента"),
        # an adverb before the verb is no part of the speaker
        ("ru", "Городские власти неожиданно заявили, что мост закроют.", "Городские власти"),
    ],
)  # fmt: skip
def test_the_rules_alone_find_the_phrase(lang: str, text: str, source: str) -> None:
    [claim] = find_claims(_analyse(text, lang))
    assert claim.source == source


def test_the_insert_rule_needs_the_verb_to_agree() -> None:
    # «Сотрудники …, говорят» — plural verb, singular first-clause subject: not that subject
    text = "Завод, где работают сотни людей, закрыли, говорят рабочие."
    assert all(c.source != "Завод" for c in find_claims(_analyse(text, "ru")))


def test_a_passive_participle_is_no_cue() -> None:
    assert find_claims(_analyse("Сокращения также были заявлены для трески и камбалы.", "ru")) == []


@pytest.mark.parametrize(
    ("lang", "text", "source", "cue"),
    [
        (
            "es",
            "La organización Médicos Sin Fronteras confirmó que los hospitales recibieron a 3.600 pacientes.",
            "Médicos Sin Fronteras",
            "confirmó",
        ),
        (
            "es",
            "Amnistía Internacional denunció que el régimen usó armas químicas.",
            "Amnistía Internacional",
            "denunció",
        ),
        ("fr", "L'ONG a souligné que les civils restaient bloqués.", "ONG", "a souligné"),
    ],
)
def test_more_reporting_verbs_of_spanish_and_french(lang: str, text: str, source: str, cue: str) -> None:
    claims = find_claims(_analyse(text, lang))
    assert [(source in (claim.source or ""), claim.cue) for claim in claims] == [(True, cue)]


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        ("es", "Los rebeldes sirios denunciaron que el régimen usó armas químicas.", "rebeldes sirios"),
        ("fr", "La télévision d'État a annoncé que le couvre-feu était levé.", "télévision d'État"),
    ],
)
def test_the_phrase_before_the_verb_speaks_in_languages_without_morphology(lang: str, text: str, source: str) -> None:
    claims = find_claims(_analyse(text, lang))
    assert [claim.source for claim in claims] == [source]


def test_a_spanish_participle_with_no_auxiliary_reports_nothing() -> None:
    claims = find_claims(
        _analyse("El Tribunal Supremo lo ha absuelto; antes fue declarado culpable por la Audiencia.", "es")
    )
    assert claims == []
