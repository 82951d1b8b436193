"""``examsvc bank import|export``: summaries, every error by row and column, exit codes,
all-or-nothing writes, and export → import round trips."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.models import Question, QuestionVersion

CSV = (
    "题型,题干,选项A,选项B,选项C,选项D,答案,评分要点,解析,难度,标签,来源\n"
    "单选,值班员交接班时应当？,口头交代,签字确认,不交接,离岗,B,,,易,area:duty-management,教材\n"
    "多选,误报的常见原因有？,小动物,安装不当,交接班,温度变化,ABD,,,3,area:alarm-screening,教材\n"
    "判断,紧急报警装置可以被撤防。,,,,,错,,,2,area:alarm-handling,GB 50394\n"
    '简答,简述接警处置步骤。,,,,,核实、报告、处置、记录,"核实｜0.5\n记录｜0.5",,4,area:alarm-handling,教材\n'
)


def write(tmp_path, text, name="bank.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def counts(app):
    with app.app_context():
        found = (
            db.session.scalar(select(func.count()).select_from(Question)),
            db.session.scalar(select(func.count()).select_from(QuestionVersion)),
        )
        db.session.rollback()
        return found


def test_dry_run_reports_and_writes_nothing(app, runner, tmp_path):
    result = runner.invoke(args=["bank", "import", str(write(tmp_path, CSV)), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (
        "bank.csv: csv, 4 question(s): single 1, multiple 1, truefalse 1, short 1" in result.output
    )
    assert "would import: 4 new (as draft)" in result.output
    assert "dry run: nothing was written" in result.output
    assert counts(app) == (0, 0)


def test_import_prints_counts_per_type_and_status(app, runner, tmp_path):
    result = runner.invoke(args=["bank", "import", str(write(tmp_path, CSV)), "--status", "active"])
    assert result.exit_code == 0, result.output
    assert "imported: 4 new (as active), 0 updated" in result.output
    lines = result.output.splitlines()
    table = lines[lines.index("the bank now holds:") + 1 :]
    assert table[0].split() == ["type", "draft", "review", "active", "retired", "total"]
    assert table[1].split() == ["single", "0", "0", "1", "0", "1"]
    assert counts(app) == (4, 4)
    # the same file again: duplicate stems are warnings naming the questions
    again = runner.invoke(args=["bank", "import", str(write(tmp_path, CSV)), "--dry-run"])
    assert again.exit_code == 0
    assert "warnings (4):" in again.output
    assert "row 2, column 题干: 题干与题库中已有的题目" in again.output


def test_one_bad_row_imports_nothing_and_lists_every_problem(app, runner, tmp_path):
    bad = CSV + "单选,第五题？,甲,乙,,,Z,,,9,nofacet,\n判断,,,,,,也许,,,,,\n"
    result = runner.invoke(args=["bank", "import", str(write(tmp_path, bad))])
    assert result.exit_code == 1
    output = result.output
    assert "row 6, column 答案:" in output
    assert "row 6, column 难度:" in output
    assert "row 6, column 标签:" in output
    assert "row 7, column 题干:" in output and "row 7, column 答案:" in output
    assert "Error: nothing imported" in output
    assert counts(app) == (0, 0)


def test_a_failure_while_writing_rolls_back_every_chunk(app, runner, tmp_path, monkeypatch):
    """The import writes in chunks under a progress bar; a failure in a late chunk must not
    leave the early chunks behind."""
    from examsvc.bank import commands, services

    monkeypatch.setattr(commands, "CHUNK", 1)
    real = services.create_question
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            from examsvc.errors import ConflictError

            raise ConflictError("the bank changed meanwhile")
        return real(*args, **kwargs)

    monkeypatch.setattr("examsvc.bank.transfer.create_question", flaky)
    result = runner.invoke(args=["bank", "import", str(write(tmp_path, CSV))])
    assert result.exit_code == 1 and "the bank changed meanwhile" in result.output
    assert counts(app) == (0, 0)


def test_export_and_reimport_round_trip(app, runner, tmp_path):
    runner.invoke(args=["bank", "import", str(write(tmp_path, CSV))])
    out = tmp_path / "out.xlsx"
    result = runner.invoke(args=["bank", "export", str(out), "--tag", "area:alarm-handling"])
    assert result.exit_code == 0, result.output
    assert "exported 2 question(s) (short 1, truefalse 1)" in result.output
    assert out.read_bytes()[:2] == b"PK"
    assert not (tmp_path / "out.xlsx.partial").exists()
    again = runner.invoke(args=["bank", "import", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 new (as draft), 0 updated (new versions), 2 unchanged" in again.output
    assert counts(app) == (4, 4)
    csv_out = tmp_path / "all.csv"
    result = runner.invoke(
        args=["bank", "export", str(csv_out), "--type", "single", "--status", "draft"]
    )
    assert "exported 1 question(s) (single 1)" in result.output
    assert "值班员交接班时应当？" in csv_out.read_text(encoding="utf-8-sig")


def test_edited_export_updates_questions_with_new_versions(app, runner, tmp_path):
    runner.invoke(args=["bank", "import", str(write(tmp_path, CSV))])
    out = tmp_path / "bank.csv"
    runner.invoke(args=["bank", "export", str(out), "--type", "single"])
    text = out.read_text(encoding="utf-8-sig").replace("签字确认", "双方签字确认")
    out.write_text(text, encoding="utf-8-sig")
    result = runner.invoke(args=["bank", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 new (as draft), 1 updated (new versions)" in result.output
    assert counts(app) == (4, 5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xls"], "Invalid value for '--format'"),
        (["--status", "retired"], "Invalid value for '--status'"),
    ],
)
def test_bad_options_exit_non_zero(runner, tmp_path, args, message):
    result = runner.invoke(args=["bank", "import", str(write(tmp_path, CSV)), *args])
    assert result.exit_code == 2 and message in result.output


def test_unreadable_file_is_one_clean_error(app, runner, tmp_path):
    path = tmp_path / "bank.bin"
    path.write_bytes(b"\x00\x01\x02 not a bank")
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Error: nothing imported" in result.output
    assert counts(app) == (0, 0)


GIFT = """// 报警处置
::Q1:: 值班员发现报警信息时，首先应当？ {=核实报警信息 ~关闭报警主机 ~离开岗位}

::Q2:: 紧急报警装置可以被撤防。 {F}

::M1:: 匹配下列设备与用途 { =摄像机 -> 采集图像 =报警主机 -> 接收报警 =硬盘录像机 -> 存储录像 }
"""


def test_unsupported_moodle_questions_refuse_the_file_unless_skipped(app, runner, tmp_path):
    path = write(tmp_path, GIFT, "bank.gift")
    dry = runner.invoke(args=["bank", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "gift, 2 question(s): single 1, truefalse 1" in dry.output
    assert "unsupported (1, a real import refuses the file without --skip-unsupported):" in (
        dry.output
    )
    assert "row 6:" in dry.output
    refused = runner.invoke(args=["bank", "import", str(path)])
    assert refused.exit_code == 1 and "row 6:" in refused.output
    assert counts(app) == (0, 0)
    done = runner.invoke(args=["bank", "import", str(path), "--skip-unsupported"])
    assert done.exit_code == 0, done.output
    assert "imported: 2 new" in done.output and "unsupported (1, skipped):" in done.output
    assert counts(app) == (2, 2)
    out = tmp_path / "out.gift"
    assert runner.invoke(args=["bank", "export", str(out)]).exit_code == 0
    assert "核实报警信息" in out.read_text(encoding="utf-8")
