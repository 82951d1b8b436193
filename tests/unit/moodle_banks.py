"""Hypothesis strategies for random valid banks, shared by the Moodle format round-trip tests."""

from decimal import Decimal

from hypothesis import strategies as st

from questionbank.io.moodlemeta import group_by_category
from questionbank.model import (
    OPTION_KEYS,
    Question,
    QuestionContent,
    QuestionType,
    RubricPoint,
    validate_content,
)

CHINESE = "值班员接到报警后首先应当通过视频复核安防设备系统故障记录处置紧急撤防"
# every character GIFT escapes, Markdown specials and punctuation, full-width punctuation too
SPECIAL = ":#={}~\\[]%*_<>&/-.,()!?'\"|`$@^+，。？！：；（）、"
ALPHABET = "abcXYZ019 " + CHINESE + SPECIAL
TEXT_ALPHABET = ALPHABET + "\n"
# tag values: no separators, nothing NFKC changes (full-width punctuation), no backslash
TAG_ALPHABET = "abcXYZ019 -_.:#={}~[]%*<>&()!?'" + CHINESE


def texts(min_size: int = 1, max_size: int = 30, alphabet: str = TEXT_ALPHABET):
    """Stripped texts (imports strip whitespace), non-empty unless ``min_size`` is 0."""
    base = st.text(alphabet, min_size=min_size, max_size=max_size).map(str.strip)
    return base if min_size == 0 else base.filter(bool)


def _tag_value():
    return (
        st.text(TAG_ALPHABET, min_size=1, max_size=20)
        .map(str.strip)
        .filter(lambda v: v and not v.endswith("\\"))
    )


def _category_value():
    segment = st.text(TAG_ALPHABET.replace("/", ""), min_size=1, max_size=8).map(str.strip)
    return st.lists(segment.filter(bool), min_size=1, max_size=3).map("/".join)


tags = st.one_of(
    st.builds(
        lambda facet, value: f"{facet}:{value}",
        st.sampled_from(["area", "chapter", "level", "source", "tag", "idnumber", "x-y", "k_2"]),
        _tag_value(),
    ),
    _category_value().map(lambda v: f"category:{v}"),
)


@st.composite
def rubrics(draw):
    """Empty, or 1–4 points whose shares sum to exactly 1."""
    n = draw(st.integers(0, 4))
    if n == 0:
        return ()
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 100]
    point_texts = draw(st.lists(texts(max_size=20), min_size=n, max_size=n))
    return tuple(
        RubricPoint(text, Decimal(bounds[i + 1] - bounds[i]) / 100)
        for i, text in enumerate(point_texts)
    )


@st.composite
def contents(draw):
    """A valid :class:`QuestionContent` of any of the four types."""
    qtype = draw(st.sampled_from(list(QuestionType)))
    stem = draw(texts(max_size=40))
    extra = {
        "explanation": draw(texts(min_size=0)),
        "difficulty": draw(st.integers(1, 5)),
        "source": draw(texts(min_size=0, max_size=20)),
    }
    if qtype.is_choice:
        n = draw(st.integers(2, len(OPTION_KEYS)))
        options = tuple(draw(st.lists(texts(max_size=15), min_size=n, max_size=n)))
        keys = OPTION_KEYS[:n]
        if qtype is QuestionType.SINGLE:
            answer: object = draw(st.sampled_from(keys))
        else:
            answer = tuple(sorted(draw(st.sets(st.sampled_from(keys), min_size=2))))
        content = QuestionContent(qtype, stem, options, answer, **extra)
    elif qtype is QuestionType.TRUEFALSE:
        content = QuestionContent(qtype, stem, answer=draw(st.booleans()), **extra)
    else:
        content = QuestionContent(
            qtype, stem, answer=draw(texts(max_size=40)), rubric=draw(rubrics()), **extra
        )
    assert validate_content(content) == []
    return content


questions = st.builds(
    lambda content, tag_list, name: Question(content, tuple(sorted(set(tag_list))), name=name),
    contents(),
    st.lists(tags, max_size=4),
    texts(min_size=0, max_size=20, alphabet=ALPHABET),
)

banks = st.lists(questions, min_size=1, max_size=6)


def expected_order(bank: list[Question]) -> list[Question]:
    """The order an export writes questions in (grouped by category)."""
    return group_by_category(bank)
