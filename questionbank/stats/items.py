"""Item analysis: how each question behaved, across every paper that carried it.

Papers are drawn at random per contestant, so a question sits at different positions with its
options in different orders; everything here is gathered *by question* (``question_id``),
whatever its position, and choices are counted by ORIGINAL option key (responses are stored in
original keys; ``option_order`` is only used to count by displayed position).

For a question answered by ``n`` contestants, with ``x`` = score / points of each (0–1),
``T`` = raw paper score / full marks and ``R`` = the rest of the paper,
``(raw − score) / (full − points)``:

* **facility** = mean(x): the mean score as a share of the points (Moodle's facility index).
* **SD** = the sample standard deviation of x.
* **discrimination index** D = mean x of the top 27% by T − mean x of the bottom 27% by T
  (Kelley's groups). The groups hold exactly 0.27·n contestants' worth of weight, so small
  stages need no rounding rule, and **ties are shared, never broken arbitrarily**: when the
  cut falls inside a block of equal totals, every member of the block joins the group with the
  same fractional weight (the places left ÷ the block's size). The result never depends on
  input order. D runs from −1 to 1; ``None`` for fewer than two contestants.
* **item-rest correlation** r = Pearson's r between x and R: the point-biserial correlation
  with the rest of the paper for right/wrong items, the item-rest correlation for partly
  scored ones (multiple choice with partial credit, short answers). Using the rest, not the
  total, keeps the item from correlating with itself. This is what Moodle calls its
  "discrimination index". ``None`` when x or R does not vary.
* **discriminative efficiency** = cov(x, R) / cov_max(x, R), where cov_max pairs the sorted x
  with the sorted R (the largest covariance these values could have): Moodle's definition.
  ``None`` when cov_max is 0.
* **options** (choice questions): for every original option, how many chose it and their
  share of the n contestants (for multiple choice the shares add up to more than 1), the mean R
  of those who chose it, and r between choosing it and R: a key option should attract the
  stronger contestants (r > 0), a working distractor the weaker ones (r < 0). True/false items
  have the options ``true`` and ``false``. ``omitted`` counts unanswered items.
* **positions**: choices counted by the letter the contestant saw, for guessing bias.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from questionbank.model import OPTION_KEYS, QuestionType
from questionbank.stats.data import FALSE_KEY, TRUE_KEY, AttemptResult, ItemResult
from questionbank.stats.descriptive import covariance, mean, pearson, sample_sd

if TYPE_CHECKING:
    from questionbank.stats.flags import ItemFlag

#: Kelley's share of contestants in the upper and lower groups
GROUP_SHARE = 0.27


@dataclass(frozen=True)
class OptionStat:
    """One original option of a choice question: who chose it."""

    key: str
    is_key: bool
    count: int
    share: float
    #: mean rest-of-paper score (share of its full marks) of those who chose it
    rest_mean: float | None
    #: correlation of choosing it with the rest of the paper
    correlation: float | None


@dataclass(frozen=True)
class ItemStats:
    """The statistics of one question in a stage (see the module docstring)."""

    question_id: int
    qtype: QuestionType
    n: int
    versions: tuple[int, ...]
    points: tuple[Decimal, ...]
    sections: tuple[int, ...]
    mean_score: float | None
    facility: float | None
    sd: float | None
    discrimination: float | None
    upper_facility: float | None
    lower_facility: float | None
    item_rest: float | None
    efficiency: float | None
    omitted: int = 0
    options: tuple[OptionStat, ...] = ()
    #: displayed letter → how many chose the option shown there
    positions: tuple[tuple[str, int], ...] = ()
    flags: tuple[ItemFlag, ...] = field(default=())

    @property
    def has_options(self) -> bool:
        """Whether answers pick options (single, multiple, true/false): everything but short
        answers."""
        return self.qtype is not QuestionType.SHORT

    @property
    def key_options(self) -> tuple[OptionStat, ...]:
        """The options that are (part of) the key."""
        return tuple(o for o in self.options if o.is_key)

    @property
    def distractors(self) -> tuple[OptionStat, ...]:
        """The options that are not part of the key."""
        return tuple(o for o in self.options if not o.is_key)


# --------------------------------------------------------------------------- helpers


def displayed_key(original: str, option_order: str) -> str:
    """The letter under which the contestant saw original option ``original``.

    ``option_order`` lists the original keys in display order (``"CADB"``: the contestant's A
    is the original C, so the original A was shown as B). An empty order means unshuffled.

    :raises ValueError: if ``original`` is not in a non-empty ``option_order``.
    """
    if not option_order:
        return original
    index = option_order.find(original)
    if index < 0:
        raise ValueError(f"option {original!r} is not in the order {option_order!r}")
    return OPTION_KEYS[index]


def chosen_options(item: ItemResult) -> frozenset[str]:
    """The original options a response chose (``true``/``false`` for true/false items);
    empty when unanswered, for short answers, or for a malformed response."""
    response = item.response
    if response is None:
        return frozenset()
    match item.qtype:
        case QuestionType.SINGLE:
            return frozenset([response]) if isinstance(response, str) else frozenset()
        case QuestionType.MULTIPLE:
            if isinstance(response, list | tuple):
                return frozenset(k for k in response if isinstance(k, str))
            return frozenset()
        case QuestionType.TRUEFALSE:
            if isinstance(response, bool):
                return frozenset([TRUE_KEY if response else FALSE_KEY])
            return frozenset()
    return frozenset()


def key_options(item: ItemResult) -> frozenset[str]:
    """The original options that make up the item's key (as :func:`chosen_options` names
    them)."""
    key = item.key
    match item.qtype:
        case QuestionType.SINGLE:
            return frozenset([key]) if isinstance(key, str) else frozenset()
        case QuestionType.MULTIPLE:
            return frozenset(key) if isinstance(key, list | tuple) else frozenset()
        case QuestionType.TRUEFALSE:
            if isinstance(key, bool):
                return frozenset([TRUE_KEY if key else FALSE_KEY])
    return frozenset()


def option_keys(qtype: QuestionType, option_count: int) -> tuple[str, ...]:
    """Every option of an item, in order (``A``… or ``true``, ``false``)."""
    if qtype is QuestionType.TRUEFALSE:
        return (TRUE_KEY, FALSE_KEY)
    if qtype.is_choice:
        return tuple(OPTION_KEYS[:option_count])
    return ()


def rest_fraction(item: ItemResult, attempt: AttemptResult) -> float | None:
    """The rest of the paper, ``(raw − score) / (full − points)``; ``None`` when the item is
    the whole paper."""
    rest_full = attempt.full_marks - item.points
    if rest_full <= 0:
        return None
    return float((attempt.raw - item.score) / rest_full)


def tail_weights(
    totals: Sequence[float], share: float = GROUP_SHARE
) -> tuple[list[float], list[float]]:
    """Each contestant's weight (0–1) in the lower and the upper group.

    Each group holds ``share × n`` contestants' worth of weight, filled from the lowest
    (highest) total; a block of equal totals that the cut falls into is shared equally (see
    the module docstring).

    :raises ValueError: if ``share`` is not in (0, 0.5].
    """
    if not 0 < share <= 0.5:
        raise ValueError(f"a tail share is in (0, 0.5], not {share}")
    n = len(totals)
    # totals that print alike are alike: a 1e-12 wobble of a float must not split a tie
    keys = [round(t, 12) for t in totals]
    ascending = sorted(range(n), key=lambda i: keys[i])
    lower = _fill(ascending, keys, share * n)
    upper = _fill(list(reversed(ascending)), keys, share * n)
    return lower, upper


def _fill(order: list[int], keys: list[float], capacity: float) -> list[float]:
    weights = [0.0] * len(order)
    left, i = capacity, 0
    while i < len(order) and left > 1e-12:
        j = i
        while j < len(order) and keys[order[j]] == keys[order[i]]:
            j += 1
        block = order[i:j]
        weight = min(1.0, left / len(block))
        for index in block:
            weights[index] = weight
        left -= weight * len(block)
        i = j
    return weights


def discrimination_index(
    fractions: Sequence[float], totals: Sequence[float], share: float = GROUP_SHARE
) -> tuple[float | None, float | None, float | None]:
    """``(D, upper facility, lower facility)`` of an item (see the module docstring);
    three ``None`` for fewer than two contestants.

    :raises ValueError: if the sequences differ in length.
    """
    if len(fractions) != len(totals):
        raise ValueError("discrimination_index needs one total per score")
    if len(fractions) < 2:
        return None, None, None
    lower, upper = tail_weights(totals, share)
    up = math.fsum(w * x for w, x in zip(upper, fractions, strict=True)) / math.fsum(upper)
    low = math.fsum(w * x for w, x in zip(lower, fractions, strict=True)) / math.fsum(lower)
    return up - low, up, low


def discriminative_efficiency(xs: Sequence[float], rests: Sequence[float]) -> float | None:
    """``cov(x, R) / cov(sorted x, sorted R)`` (Moodle); ``None`` when the maximum is 0 or
    there are fewer than two pairs."""
    cov = covariance(xs, rests)
    cov_max = covariance(sorted(xs), sorted(rests))
    if cov is None or cov_max is None or cov_max <= 1e-15:
        return None
    return cov / cov_max


# --------------------------------------------------------------------------- the analysis


def item_statistics(
    attempts: Iterable[AttemptResult], share: float = GROUP_SHARE
) -> list[ItemStats]:
    """The statistics of every question on the given marked papers, by question id."""
    observations: dict[int, list[tuple[ItemResult, AttemptResult]]] = defaultdict(list)
    for attempt in attempts:
        for item in attempt.items:
            observations[item.question_id].append((item, attempt))
    return [
        question_statistics(question_id, rows, share)
        for question_id, rows in sorted(observations.items())
    ]


def question_statistics(
    question_id: int,
    rows: Sequence[tuple[ItemResult, AttemptResult]],
    share: float = GROUP_SHARE,
) -> ItemStats:
    """The statistics of one question from its ``(item, paper)`` observations.

    :raises ValueError: if there are no observations.
    """
    if not rows:
        raise ValueError("no observations")
    latest = max(rows, key=lambda row: row[0].version_id)[0]
    qtype = latest.qtype
    xs = [item.fraction for item, _ in rows]
    totals = [attempt.fraction for _, attempt in rows]
    rests = [rest_fraction(item, attempt) for item, attempt in rows]
    d, upper, lower = discrimination_index(xs, totals, share)
    paired = [(x, rest) for x, rest in zip(xs, rests, strict=True) if rest is not None]
    px = [x for x, _ in paired]
    prest = [r for _, r in paired]
    options, positions = _options(rows, rests, latest)
    return ItemStats(
        question_id=question_id,
        qtype=qtype,
        n=len(rows),
        versions=tuple(sorted({item.version_id for item, _ in rows})),
        points=tuple(sorted({item.points for item, _ in rows})),
        sections=tuple(sorted({item.section for item, _ in rows})),
        mean_score=mean([float(item.score) for item, _ in rows]),
        facility=mean(xs),
        sd=sample_sd(xs),
        discrimination=d,
        upper_facility=upper,
        lower_facility=lower,
        item_rest=pearson(px, prest),
        efficiency=discriminative_efficiency(px, prest),
        omitted=sum(1 for item, _ in rows if item.response is None),
        options=options,
        positions=positions,
    )


def _options(
    rows: Sequence[tuple[ItemResult, AttemptResult]],
    rests: Sequence[float | None],
    latest: ItemResult,
) -> tuple[tuple[OptionStat, ...], tuple[tuple[str, int], ...]]:
    if not latest.qtype.is_objective:
        return (), ()
    count = max(item.option_count for item, _ in rows)
    keys = option_keys(latest.qtype, count)
    right = key_options(latest)
    n = len(rows)
    chosen = [chosen_options(item) for item, _ in rows]
    stats = []
    for key in keys:
        picks = [key in c for c in chosen]
        pairs = [(1.0 if p else 0.0, r) for p, r in zip(picks, rests, strict=True) if r is not None]
        chooser_rests = [r for p, r in zip(picks, rests, strict=True) if p and r is not None]
        stats.append(
            OptionStat(
                key=key,
                is_key=key in right,
                count=sum(picks),
                share=sum(picks) / n,
                rest_mean=mean(chooser_rests),
                correlation=pearson([a for a, _ in pairs], [b for _, b in pairs]),
            )
        )
    positions: Counter[str] = Counter()
    if latest.qtype is not QuestionType.TRUEFALSE:
        for (item, _), picked in zip(rows, chosen, strict=True):
            for key in picked:
                if key in item.option_order or not item.option_order:
                    positions[displayed_key(key, item.option_order)] += 1
    return tuple(stats), tuple(sorted(positions.items()))


@dataclass(frozen=True)
class PositionBias:
    """Single-choice answers by the letter shown (A, B, …): where the contestants clicked and
    where the keys were shown. With shuffled options the keys spread evenly; a letter chosen
    far more often than its share of keys shows guessing habits."""

    letters: tuple[str, ...]
    answers: tuple[int, ...]
    keys: tuple[int, ...]

    @property
    def answer_shares(self) -> tuple[float, ...]:
        """Each letter's share of the answers."""
        total = sum(self.answers)
        return tuple(a / total if total else 0.0 for a in self.answers)

    @property
    def key_shares(self) -> tuple[float, ...]:
        """Each letter's share of the keys shown."""
        total = sum(self.keys)
        return tuple(k / total if total else 0.0 for k in self.keys)


def position_bias(attempts: Iterable[AttemptResult]) -> PositionBias:
    """Single-choice answers and keys counted by displayed letter over every paper."""
    answers: Counter[str] = Counter()
    keys: Counter[str] = Counter()
    widest = 0
    for attempt in attempts:
        for item in attempt.items:
            if item.qtype is not QuestionType.SINGLE or not isinstance(item.key, str):
                continue
            widest = max(widest, item.option_count, len(item.option_order))
            try:
                keys[displayed_key(item.key, item.option_order)] += 1
                if isinstance(item.response, str):
                    answers[displayed_key(item.response, item.option_order)] += 1
            except ValueError:
                continue  # a response outside the options shown: nothing to count
    letters = tuple(OPTION_KEYS[:widest])
    return PositionBias(
        letters, tuple(answers[x] for x in letters), tuple(keys[x] for x in letters)
    )
