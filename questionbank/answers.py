"""A contestant's answer values: checking them and mapping shuffled option keys.

When options are shuffled, a contestant sees the options in another order and answers with the
keys they saw. A paper records, per item, ``option_order``: the ORIGINAL keys in display order.
``("C", "A", "D", "B")`` means the contestant's A is the original C, their B the original A, and
so on. Answers are stored and graded in original keys; they are shown back in shown keys.

Values have the JSON shape of the API (shared/spec/interfaces.md): single ``"B"``; multiple
``["A", "C"]`` (returned sorted); true/false ``true`` / ``false``; short a string of at most
5,000 characters; ``None`` clears the answer. An empty multiple-choice selection ``[]`` is the
same as no answer and comes back as ``None``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from questionbank.model import MAX_OPTIONS, MIN_OPTIONS, OPTION_KEYS, QuestionType
from questionbank.problems import N_, ValidationError, error

MAX_ANSWER_CHARS = 5000

#: An answer value in its JSON shape.
JsonAnswer = str | list[str] | bool | None


class BadAnswerError(ValidationError):
    """A submitted value is not a valid answer for the item (the API answers 422)."""


def _bad(message: str, **params: object) -> BadAnswerError:
    return BadAnswerError([error("value", message, **params)])


def _norm_key(raw: object) -> str:
    if not isinstance(raw, str):
        raise _bad(N_("an option key must be a letter, not %(value)s"), value=repr(raw))
    # full-width Ｂ and a lower-case b are the same key
    return unicodedata.normalize("NFKC", raw).strip().upper()


def _check_key(key: str, option_count: int) -> str:
    if len(key) != 1 or key not in OPTION_KEYS[:option_count]:
        raise _bad(
            N_("%(key)s is not one of the options A–%(last)s"),
            key=key,
            last=OPTION_KEYS[option_count - 1],
        )
    return key


def validate_response(
    qtype: QuestionType, value: object, option_count: int, max_chars: int = MAX_ANSWER_CHARS
) -> JsonAnswer:
    """``value`` checked and normalised as an answer to an item with ``option_count`` options.

    Keys are upper-cased and full-width letters folded; a multiple-choice list comes back
    sorted; ``[]`` comes back as ``None``. ``option_count`` is ignored for true/false and
    short answers.

    :raises BadAnswerError: for a value of the wrong type, a key beyond the options, a key
        given twice, or a short answer longer than ``max_chars``.
    :raises ValueError: if ``option_count`` is not 2–8 for a choice type.
    """
    qtype = QuestionType(qtype)
    if value is None:
        return None
    if qtype.is_choice and not MIN_OPTIONS <= option_count <= MAX_OPTIONS:
        raise ValueError(f"a choice item has 2–8 options, not {option_count}")
    match qtype:
        case QuestionType.SINGLE:
            if not isinstance(value, str):
                raise _bad(N_('a single-choice answer is one key, e.g. "B"'))
            return _check_key(_norm_key(value), option_count)
        case QuestionType.MULTIPLE:
            if not isinstance(value, list | tuple):
                raise _bad(N_('a multiple-choice answer is a list of keys, e.g. ["A", "C"]'))
            keys = [_check_key(_norm_key(k), option_count) for k in value]
            if len(set(keys)) != len(keys):
                raise _bad(N_("a key is given twice"))
            return sorted(keys) or None
        case QuestionType.TRUEFALSE:
            if not isinstance(value, bool):
                raise _bad(N_("a true/false answer is true or false"))
            return value
        case QuestionType.SHORT:
            if not isinstance(value, str):
                raise _bad(N_("a short answer is text"))
            if len(value) > max_chars:
                raise _bad(
                    N_("a short answer has at most %(max)s characters, not %(n)s"),
                    max=max_chars,
                    n=len(value),
                )
            return value
    raise ValueError(f"unknown question type {qtype!r}")  # pragma: no cover


def _check_order(qtype: QuestionType, option_order: Sequence[str]) -> tuple[str, ...]:
    order = tuple(option_order)
    if qtype.is_choice and sorted(order) != list(OPTION_KEYS[: len(order)]):
        raise ValueError(f"option_order {order!r} is not a permutation of A, B, …")
    return order


def to_original(
    qtype: QuestionType,
    shown_value: object,
    option_order: Sequence[str],
    max_chars: int = MAX_ANSWER_CHARS,
) -> JsonAnswer:
    """A contestant's answer (in the keys they saw) in the question's original keys.

    ``option_order`` lists the original keys in display order; it is ignored for true/false
    and short answers. The value is validated as by :func:`validate_response`.

    :raises BadAnswerError: if the value is not a valid answer (e.g. a key beyond the options
        shown).
    :raises ValueError: if ``option_order`` is not a permutation of the first option keys.
    """
    qtype = QuestionType(qtype)
    order = _check_order(qtype, option_order)
    value = validate_response(qtype, shown_value, len(order), max_chars)
    return _map(qtype, value, lambda shown: order[OPTION_KEYS.index(shown)])


def to_shown(
    qtype: QuestionType,
    original_value: object,
    option_order: Sequence[str],
    max_chars: int = MAX_ANSWER_CHARS,
) -> JsonAnswer:
    """A stored answer (in original keys) in the keys the contestant sees.

    The inverse of :func:`to_original`: ``to_original(t, to_shown(t, v, o), o)`` is ``v``
    normalised.

    :raises BadAnswerError: if the value is not a valid answer for the item.
    :raises ValueError: if ``option_order`` is not a permutation of the first option keys.
    """
    qtype = QuestionType(qtype)
    order = _check_order(qtype, option_order)
    value = validate_response(qtype, original_value, len(order), max_chars)
    return _map(qtype, value, lambda original: OPTION_KEYS[order.index(original)])


def _map(qtype: QuestionType, value: JsonAnswer, key_map: Callable[[str], str]) -> JsonAnswer:
    if value is None:
        return None
    if qtype is QuestionType.SINGLE:
        return key_map(value)  # type: ignore[arg-type]
    if qtype is QuestionType.MULTIPLE:
        return sorted(key_map(k) for k in value)  # type: ignore[union-attr]
    return value
