"""The bank archive: a zip of one spreadsheet and its images, both ways."""

import hashlib
import io
import os
import zipfile

import pytest
from bankio_builders import (
    BANK_HEADER,
    GIF,
    JPEG,
    PNG,
    SVG,
    WEBP,
    bank_row,
    csv_bytes,
    zip_bytes,
)

from questionbank.io.archive import read_archive, write_archive
from questionbank.io.common import ImageBlob
from questionbank.io.spreadsheet import BANK_COLUMNS
from questionbank.io.tables import read_table, write_table
from questionbank.model import Question, QuestionContent, QuestionType
from questionbank.problems import ValidationError
from questionbank.render import image_refs


def sha(data):
    return hashlib.sha256(data).hexdigest()


def located(result):
    return [p.located() for p in result.problems]


def sheet(*rows, fmt="csv"):
    if fmt == "xlsx":
        return write_table(BANK_HEADER, rows, "xlsx")
    return csv_bytes([BANK_HEADER, *rows])


def tf(stem, **cells):
    return bank_row(type="判断", stem=stem, answer="对", **cells)


def test_images_are_checked_stored_by_digest_and_rewritten():
    rows = [
        bank_row(
            type="单选",
            stem="看图 ![监控画面](images/a.png) 回答",
            option_a="![](images/b.jpg)",
            option_b="文字",
            answer="A",
            explanation='![说明](images/c.gif "标题")',
        ),
        bank_row(type="简答", stem="s", answer="见 ![](<images/d.webp>)"),
    ]
    data = zip_bytes(
        {
            "bank.xlsx": sheet(*rows, fmt="xlsx"),
            "images/a.png": PNG,
            "images/b.jpg": JPEG,
            "images/c.gif": GIF,
            "images/d.webp": WEBP,
        }
    )
    result = read_archive(data, "bank.zip")
    assert located(result) == []
    assert result.format == "zip"
    first, second = (q.question.content for q in result.questions)
    assert first.stem == f"看图 ![监控画面](image:{sha(PNG)}) 回答"
    assert first.options == (f"![](image:{sha(JPEG)})", "文字")
    assert first.explanation == f'![说明](image:{sha(GIF)} "标题")'
    assert second.answer == f"见 ![](image:{sha(WEBP)})"
    # the service finds the images a question uses with render.image_refs, titles and all
    assert image_refs(first.explanation) == {sha(GIF)}
    assert {d: (b.mime, b.data) for d, b in result.images.items()} == {
        sha(PNG): ("image/png", PNG),
        sha(JPEG): ("image/jpeg", JPEG),
        sha(GIF): ("image/gif", GIF),
        sha(WEBP): ("image/webp", WEBP),
    }


def test_paths_are_relative_to_the_spreadsheet_folder_and_forgiving():
    other = PNG + b"another picture"
    rows = [
        tf("![](图片/报警%201.png)"),  # percent-encoded space
        tf("![](Images/B.PNG)"),  # another case than the file
        tf("![](./图片/报警 1.png) 同一张"),
    ]
    data = zip_bytes(
        {"题库/bank.csv": sheet(*rows), "题库/图片/报警 1.png": PNG, "题库/images/b.png": other}
    )
    result = read_archive(data)
    assert located(result) == []
    stems = [q.question.content.stem for q in result.questions]
    assert stems == [
        f"![](image:{sha(PNG)})",
        f"![](image:{sha(other)})",
        f"![](image:{sha(PNG)}) 同一张",
    ]
    assert set(result.images) == {sha(PNG), sha(other)}


class GbkName(zipfile.ZipInfo):
    """A member named in GBK without the UTF-8 flag, as Windows' own zip tool writes it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_gbk_member_names_from_windows_are_understood():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("bank.csv", sheet(tf("![](图片/报警.png)")))
        zf.writestr(GbkName("图片/报警.png"), PNG)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        assert "图片/报警.png" not in zf.namelist()  # zipfile alone sees mojibake
    result = read_archive(out.getvalue())
    assert located(result) == []
    assert set(result.images) == {sha(PNG)}


def test_image_problems_are_located_at_their_row_and_column():
    rows = [
        tf("![](images/missing.png)"),
        tf("![](../outside.png)"),
        tf("ok", explanation="![](images/x.svg)"),
        tf("![](images/text.png)"),
        tf("![](images/empty.png)"),
        bank_row(type="单选", stem="s", option_a="a", option_b="![](images/big.png)", answer="A"),
    ]
    data = zip_bytes(
        {
            "bank.csv": sheet(*rows),
            "images/x.svg": SVG,
            "images/text.png": b"<html><script>alert(1)</script></html>",
            "images/empty.png": b"",
            "images/big.png": PNG + os.urandom(5 * 1024 * 1024),
        },
        compression=zipfile.ZIP_STORED,
    )
    result = read_archive(data)
    assert located(result) == [
        "row 2, column 题干: image images/missing.png is not in the zip",
        "row 3, column 题干: image ../outside.png is not a path inside the zip",
        "row 4, column 解析: images/x.svg is not a PNG, JPEG, GIF or WebP image",
        "row 5, column 题干: images/text.png is not a PNG, JPEG, GIF or WebP image",
        "row 6, column 题干: images/empty.png is empty",
        "row 7, column 选项B: images/big.png is larger than 5 MB",
    ]
    assert result.questions == []
    assert result.images == {}


def test_magic_bytes_decide_the_type_over_the_name():
    data = zip_bytes({"bank.csv": sheet(tf("![](images/photo.png)")), "images/photo.png": JPEG})
    result = read_archive(data)
    assert located(result) == [
        "row 2, column 题干: images/photo.png is named like image/png but holds image/jpeg:"
        " taken as image/jpeg"
    ]
    assert result.ok
    assert result.images[sha(JPEG)].mime == "image/jpeg"


@pytest.mark.parametrize(
    "name", ["../evil.png", "images/../../evil.png", "/etc/cron.d/x", "images\\evil.png", "C:/x"]
)
def test_zip_slip_names_refuse_the_whole_archive(name):
    data = zip_bytes({"bank.csv": sheet(tf("ok")), name: PNG})
    result = read_archive(data)
    assert located(result) == [f"file: zip member {name} has an unsafe path: refused"]
    assert result.questions == []


def test_exactly_one_spreadsheet_junk_ignored_unused_files_warned():
    result = read_archive(zip_bytes({"images/a.png": PNG}))
    assert located(result) == [
        "file: the zip must hold exactly one spreadsheet (.xlsx or .csv), not 0"
    ]
    result = read_archive(zip_bytes({"a.csv": sheet(tf("x")), "b.xlsx": sheet(tf("y"))}))
    assert located(result) == [
        "file: the zip must hold exactly one spreadsheet (.xlsx or .csv), not 2"
    ]
    data = zip_bytes(
        {
            "bank.csv": sheet(tf("x")),
            "~$bank.xlsx": b"lock",
            "__MACOSX/._bank.csv": b"fork",
            "images/.DS_Store": b"junk",
            "images/": b"",
            "images/unused.png": PNG,
        }
    )
    result = read_archive(data)
    assert located(result) == ["file: images/unused.png is not used by any question"]
    assert result.ok
    assert len(result.questions) == 1


def test_an_xlsx_given_as_archive_is_named_for_what_it_is():
    workbook = write_table(BANK_HEADER, [tf("x")], "xlsx")
    assert located(read_archive(workbook)) == [
        "file: an xlsx workbook, not a bank archive: import it as xlsx"
    ]


def test_spreadsheet_problems_come_through():
    data = zip_bytes({"bank.csv": sheet(bank_row(type="单选", stem="s", answer="A"))})
    assert located(read_archive(data)) == [
        "row 2, column 选项A: a choice question needs at least 2 options",
        "row 2, column 答案: key A names no option",
    ]


def test_hostile_archives_are_refused():
    bomb = zip_bytes({"bank.csv": sheet(tf("x")), "images/a.png": PNG + b"\0" * (20 << 20)})
    assert located(read_archive(bomb)) == [
        "file: zip member images/a.png inflates more than 100 times (a zip bomb?)"
    ]
    many = zip_bytes({f"images/{i}.png": b"" for i in range(10_001)}, zipfile.ZIP_STORED)
    assert located(read_archive(many)) == ["file: the zip has 10001 members, more than 10000"]
    assert located(read_archive(b"PK\x03\x04not really")) == [
        "file: not a zip file (no central directory)"
    ]


# --------------------------------------------------------------------------- export


def image_question(png_digest, jpeg_digest, qid=None):
    return Question(
        QuestionContent(
            type=QuestionType.SHORT,
            stem=f"看图 ![画面](image:{png_digest}) 与 ![](image:{jpeg_digest})",
            answer=f"参考 ![](image:{png_digest})",
            explanation=f'![说明](image:{jpeg_digest} "标题")',
        ),
        tags=("area:basics",),
        id=qid,
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_the_same_questions_and_images(fmt):
    images = {
        sha(PNG): ImageBlob(sha(PNG), "image/png", PNG),
        sha(JPEG): ImageBlob(sha(JPEG), "image/jpeg", JPEG),
        sha(GIF): ImageBlob(sha(GIF), "image/gif", GIF),  # not used: not exported
    }
    questions = [
        image_question(sha(PNG), sha(JPEG), qid=3),
        Question(
            QuestionContent(
                QuestionType.SINGLE, "s", options=(f"![](image:{sha(PNG)})", "b"), answer="B"
            )
        ),
    ]
    data = write_archive(questions, images, fmt=fmt)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == sorted(
            [f"bank.{fmt}", f"images/{sha(PNG)}.png", f"images/{sha(JPEG)}.jpg"]
        )
        table = read_table(zf.read(f"bank.{fmt}"), f"bank.{fmt}", BANK_COLUMNS)
    assert table.rows[0]["stem"] == (
        f"看图 ![画面](images/{sha(PNG)}.png) 与 ![](images/{sha(JPEG)}.jpg)"
    )
    result = read_archive(data)
    assert located(result) == []
    assert [q.question for q in result.questions] == questions
    assert result.images == {k: v for k, v in images.items() if k != sha(GIF)}


def test_export_takes_images_from_the_question_or_refuses():
    question = image_question(sha(PNG), sha(JPEG))
    own = Question(question.content, question.tags, images={sha(PNG): PNG, sha(JPEG): JPEG})
    result = read_archive(write_archive([own]))
    assert [q.question for q in result.questions] == [question]
    with pytest.raises(ValidationError) as raised:
        write_archive([question], {sha(PNG): ImageBlob(sha(PNG), "image/png", PNG)})
    assert [p.located() for p in raised.value.problems] == [
        f"images: image {sha(JPEG)} of question (new) is missing",
    ]
    with pytest.raises(ValueError, match="unknown table format"):
        write_archive([], fmt="ods")
