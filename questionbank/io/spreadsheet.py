"""The bank as a spreadsheet (xlsx or csv): one question per row.

The format is shared/spec/bank-format.md ("Spreadsheet import / export"); the cell notations are
in :mod:`questionbank.io.notation`. Reading validates every row and reports every problem as
``row N, column X`` with ``X`` the header as the file spells it; only rows without errors
become questions, and a result with any error is not ``ok`` (the service imports all or
nothing). Writing produces the same format with Chinese headers, so export → import gives back
the same questions, within these rules of the format:

* cells are trimmed, so texts that begin or end with whitespace lose it;
* line endings are ``\\n`` (``\\r`` is not kept), and control characters XML cannot hold are
  dropped on export;
* a rubric point is one line of text (its line breaks become spaces on export);
* tags are normalised (:func:`questionbank.model.parse_tags`): sorted, unique, NFKC;
* a relative image path needs the zip archive (:mod:`questionbank.io.archive`).
"""

from __future__ import annotations

from collections.abc import Sequence

from questionbank.io.common import ImportedQuestion, ImportResult
from questionbank.io.imagerefs import ImageResolver, no_image_files, rewrite_images
from questionbank.io.notation import (
    TYPE_LABELS,
    format_answer,
    format_rubric,
    option_field,
    parse_answer,
    parse_difficulty,
    parse_id,
    parse_rubric,
    parse_type,
)
from questionbank.io.tables import Column, TableResult, TableRow, read_table, write_table
from questionbank.model import (
    OPTION_KEYS,
    Question,
    QuestionContent,
    QuestionType,
    RubricPoint,
    normalise_stem,
    parse_tags,
    tag_problems,
    validate_content,
)
from questionbank.problems import N_, Problem, error, warning

OPTION_FIELDS = tuple(option_field(i) for i in range(len(OPTION_KEYS)))
BANK_COLUMNS: tuple[Column, ...] = (
    Column("type", "题型", ("type",), required=True),
    Column("stem", "题干", ("stem",), required=True),
    *(Column(f, f"选项{k}", (f,)) for f, k in zip(OPTION_FIELDS, OPTION_KEYS, strict=True)),
    Column("answer", "答案", ("answer",), required=True),
    Column("rubric", "评分要点", ("rubric",)),
    Column("explanation", "解析", ("explanation",)),
    Column("difficulty", "难度", ("difficulty",)),
    Column("tags", "标签", ("tags",)),
    Column("source", "来源", ("source",)),
    Column("id", "编号", ("id",)),
)
_COLUMN_ORDER = {column.name: index for index, column in enumerate(BANK_COLUMNS)}
#: the cells whose Markdown may show images
IMAGE_FIELDS = ("stem", *OPTION_FIELDS, "answer", "explanation")
MIN_EXPORT_OPTIONS = 4


def read_spreadsheet(data: bytes, filename: str) -> ImportResult:
    """Read a bank spreadsheet (xlsx or csv, judged by content) into questions and problems.

    Never raises for bad input; see :func:`questions_from_table`.
    """
    return questions_from_table(read_table(data, filename, BANK_COLUMNS))


def questions_from_table(
    table: TableResult, resolve_image: ImageResolver = no_image_files
) -> ImportResult:
    """Turn the rows of a bank table into questions, validating every row.

    Image paths in stems, options, answers and explanations go through ``resolve_image`` (a
    plain spreadsheet has no image files, so they are errors there). Within-file duplicates:
    the same stem (after :func:`questionbank.model.normalise_stem`) is a warning naming the
    other row; the same id on two rows is an error.
    """
    result = ImportResult(problems=list(table.problems), format=table.format)
    if table.ok and not table.rows:
        result.problems.append(warning("file", N_("the file holds no questions")))
    stems: dict[str, int] = {}
    ids: dict[int, int] = {}
    for row in table.rows:
        question, problems = _question_from_row(row, table, resolve_image)
        located = [p.at(row=row.number, column=table.label(_column_of(p, row))) for p in problems]
        key = normalise_stem(row["stem"])
        if key:
            if key in stems:
                located.append(
                    warning("stem", N_("the same stem as row %(other)s"), other=stems[key]).at(
                        row=row.number, column=table.label("stem")
                    )
                )
            else:
                stems[key] = row.number
        if question is not None and question.id is not None:
            if question.id in ids:
                located.append(
                    error(
                        "id", N_("question %(id)s is also updated by row %(other)s"),
                        id=question.id, other=ids[question.id],
                    ).at(row=row.number, column=table.label("id"))
                )  # fmt: skip
            else:
                ids[question.id] = row.number
        # report a row's problems in the order of the file's columns
        located.sort(key=lambda p: _COLUMN_ORDER.get(_column_of(p, row), len(_COLUMN_ORDER)))
        result.problems.extend(located)
        if question is not None and not any(p.severity == "error" for p in located):
            result.questions.append(ImportedQuestion(question, row=row.number))
    return result


def _column_of(problem: Problem, row: TableRow) -> str:
    """The canonical column a problem of ``validate_content`` or a parser belongs to."""
    if problem.field == "options":
        filled = [f for f in OPTION_FIELDS if row[f]]
        return filled[0] if filled else OPTION_FIELDS[0]
    return problem.field


def _question_from_row(
    row: TableRow, table: TableResult, resolve_image: ImageResolver
) -> tuple[Question | None, list[Problem]]:
    """The question of one row (``None`` if it has errors) and its problems (no location)."""
    cells = dict(row.values)
    problems: list[Problem] = []
    for name in IMAGE_FIELDS:
        if cells.get(name):
            cells[name], found = rewrite_images(cells[name], name, resolve_image)
            problems += found

    difficulty, found = parse_difficulty(cells.get("difficulty", ""))
    problems += found
    question_id, found = parse_id(cells.get("id", ""))
    problems += found
    tags = parse_tags(cells.get("tags", ""))
    for tag in tags:
        problems += tag_problems(tag, "tags")

    qtype, found = parse_type(cells.get("type", ""))
    problems += found
    if qtype is None:
        return None, problems

    answer, found = parse_answer(qtype, cells.get("answer", ""))
    problems += found
    options = _options(qtype, cells, problems)
    rubric_text = cells.get("rubric", "")
    rubric: tuple[RubricPoint, ...] = ()
    if rubric_text and qtype is not QuestionType.SHORT:
        problems.append(error("rubric", N_("only short answers have a rubric")))
    elif rubric_text:
        rubric, found = parse_rubric(rubric_text)
        problems += found

    content = QuestionContent(
        type=qtype,
        stem=cells.get("stem", ""),
        options=options,
        answer=answer if answer is not None else "",
        rubric=rubric,
        explanation=cells.get("explanation", ""),
        difficulty=difficulty if difficulty is not None else 3,
        source=cells.get("source", ""),
    )
    # a field whose cell could not be parsed already has its error: do not add a second one
    reported = {p.field for p in problems if p.severity == "error"}
    problems += [p for p in validate_content(content) if p.field not in reported]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Question(content=content, tags=tags, id=question_id), problems


def _options(
    qtype: QuestionType, cells: dict[str, str], problems: list[Problem]
) -> tuple[str, ...]:
    """The options of a row: up to the last filled option cell (gaps stay, to be reported)."""
    values = [cells.get(f, "") for f in OPTION_FIELDS]
    if not qtype.is_choice:
        for name, value in zip(OPTION_FIELDS, values, strict=True):
            if value:
                problems.append(
                    error(name, N_("options must be empty for true/false and short answers"))
                )
        return ()
    filled = [i for i, value in enumerate(values) if value]
    return tuple(values[: filled[-1] + 1]) if filled else ()


def write_spreadsheet(questions: Sequence[Question], fmt: str) -> bytes:
    """Write ``questions`` as a bank spreadsheet (``xlsx`` or ``csv``) that reads back the same.

    Chinese headers; as many option columns as the longest question needs, but at least A–D;
    the csv is UTF-8 with a BOM. Image references stay ``image:<sha256>`` (use
    :func:`questionbank.io.archive.write_archive` to ship the images too).

    :raises ValueError: if ``fmt`` is neither ``xlsx`` nor ``csv``.
    """
    width = max([MIN_EXPORT_OPTIONS, *(len(q.content.options) for q in questions)])
    width = min(width, len(OPTION_KEYS))
    header = ["题型", "题干", *(f"选项{k}" for k in OPTION_KEYS[:width])]
    header += ["答案", "评分要点", "解析", "难度", "标签", "来源", "编号"]
    widths = [8, 50, *([20] * width), 10, 30, 40, 6, 30, 20, 8]
    rows = []
    for question in questions:
        content = question.content
        options = list(content.options) + [None] * (width - len(content.options))
        rows.append(
            [
                TYPE_LABELS[content.type],
                content.stem,
                *options,
                format_answer(content.type, content.answer),
                format_rubric(content.rubric) or None,
                content.explanation or None,
                content.difficulty,
                ", ".join(question.tags) or None,
                content.source or None,
                question.id,
            ]
        )
    return write_table(header, rows, fmt, sheet_title="题库", widths=widths)
