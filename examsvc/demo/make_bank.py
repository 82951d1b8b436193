"""Generate the demo question bank ``bank.csv`` that ``examsvc demo`` imports.

Run from the repository root::

    python examsvc/demo/make_bank.py           # (re)write examsvc/demo/bank.csv
    python examsvc/demo/make_bank.py --check   # exit 1 if bank.csv is not what this file makes

The questions are original writing for the demo contest (安全防范设备值机员), kept here as
Python data so that a reviewer reads them in one place: for every choice question the right
option(s) and the wrong ones are written apart, so the key can be checked at a glance. The
script lays the options out (the right option of a single choice goes to a position derived
from a hash of its stem, the options of a multiple choice are shuffled by the same hash), so
the layout is stable when other questions are added or removed.

This file uses the standard library only: it is run as a script and loaded by the unit test
by path, never imported as part of the ``examsvc`` package.

Tags written for every question
-------------------------------
* ``area:`` one of :data:`AREAS` (the five skill areas of the notice plus basics,
  duty management and law / ethics);
* ``source:`` ``textbook`` or ``standard``, derived from the chapter (below);
* ``chapter:`` a chapter of the imagined textbook outline :data:`TEXTBOOK` (``textbook-2.5``)
  or a chapter of T/BAX 0001 :data:`STANDARD` (``TBAX0001.2-9``);
* ``level:`` ``remember`` / ``understand`` / ``apply``;
* ``provenance:`` how sure the fact is:

  - ``clause-verified``: checked against the official clause text. Not used: nothing here could
    be checked against an official text.
  - ``secondary``: an established fact of the field, or of the law / standard named in 来源,
    from general professional knowledge or third-party copies of the text, not checked
    clause by clause. For T/BAX 0001 the chapter titles are those of the published table of
    contents; which clause states a rule is not verified.
  - ``needs-expert``: a detail (a number, a code structure, a specific rule attributed to a
    document) that may be wrong or version-dependent; a reviewer should check it first.

The 来源 cell names the chapter and, where one applies, the law or national standard the fact
comes from (``basis=``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

BANK_PATH = Path(__file__).with_name("bank.csv")

HEADER = (
    "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E",
    "答案", "评分要点", "解析", "难度", "标签", "来源",
)  # fmt: skip
OPTION_KEYS = "ABCDE"

AREAS = (
    "basics",
    "equipment-operation",
    "video-grouping",
    "alarm-screening",
    "alarm-handling",
    "fault-handling",
    "duty-management",
    "law-ethics",
)
LEVELS = ("remember", "understand", "apply")
PROVENANCES = ("clause-verified", "secondary", "needs-expert")

#: The imagined outline of the training textbook 《安全防范设备值机员》 (the real one is not
#: public); ``chapter:textbook-<n>.<m>`` tags and the 来源 cells use it.
TEXTBOOK = {
    "1": "安全防范基础",
    "1.1": "安全防范的概念与基本手段",
    "1.2": "安全防范的基本要素与防护原则",
    "1.3": "安全防范系统的组成",
    "1.4": "安防监控中心",
    "2": "安全防范系统设备基本操作",
    "2.1": "视频监控系统设备",
    "2.2": "视频管理平台与电视墙操作",
    "2.3": "录像检索、回放与导出",
    "2.4": "云台摄像机与预置位",
    "2.5": "入侵和紧急报警系统操作",
    "2.6": "出入口控制、电子巡查与停车库（场）管理",
    "2.7": "防爆安全检查设备",
    "3": "视频监控编组",
    "3.1": "编组的目的与原则",
    "3.2": "轮巡与显示布局",
    "3.3": "点位、盲区与视场衔接",
    "3.4": "设备命名与统一编码",
    "4": "报警信息甄别",
    "4.1": "报警信息的分类",
    "4.2": "误报与漏报的原因",
    "4.3": "报警复核方法",
    "5": "报警分析与警情处置",
    "5.1": "警情处置的基本流程",
    "5.2": "常见警情的处置",
    "5.3": "报警求助与联动",
    "5.4": "现场保护与证据保全",
    "6": "系统故障处置",
    "6.1": "视频图像故障",
    "6.2": "存储、网络与平台故障",
    "6.3": "报警系统故障与电源",
    "6.4": "临时措施与故障报告",
    "7": "值机工作管理",
    "7.1": "值班制度与交接班",
    "7.2": "监控中心安全与保密",
    "8": "法律法规与职业道德",
    "8.1": "公共安全视频图像信息系统管理条例",
    "8.2": "保安服务管理条例",
    "8.3": "个人信息保护法",
    "8.4": "职业道德",
}

#: T/BAX 0001《安防监控中心值机工作与服务要求》: Part 1 值机工作要求 (its chapters are not
#: listed here: questions on it carry the part only), Part 2 值机服务要求 T/BAX 0001.2-2021 with
#: the chapters of its published table of contents.
STANDARD = {
    "TBAX0001.1": "团体标准 T/BAX 0001.1 第1部分 值机工作要求",
    "TBAX0001.2-foreword": "团体标准 T/BAX 0001.2-2021 前言",
    "TBAX0001.2-4": "团体标准 T/BAX 0001.2-2021 第4章 基本要求",
    "TBAX0001.2-5": "团体标准 T/BAX 0001.2-2021 第5章 组织管理与资源保障",
    "TBAX0001.2-6": "团体标准 T/BAX 0001.2-2021 第6章 值机服务风险管理",
    "TBAX0001.2-7": "团体标准 T/BAX 0001.2-2021 第7章 服务方案编制",
    "TBAX0001.2-8": "团体标准 T/BAX 0001.2-2021 第8章 进驻",
    "TBAX0001.2-9": "团体标准 T/BAX 0001.2-2021 第9章 值机服务",
    "TBAX0001.2-10": "团体标准 T/BAX 0001.2-2021 第10章 服务质量监督与评价",
    "TBAX0001.2-11": "团体标准 T/BAX 0001.2-2021 第11章 服务解除与移交",
    "TBAX0001.2-A": "团体标准 T/BAX 0001.2-2021 附录A 值机服务人员背景可信基本信息清单",
}

TYPE_LABELS = {"single": "单选", "multiple": "多选", "truefalse": "判断", "short": "简答"}


def chapter_source(chapter: str) -> tuple[str, str]:
    """The ``source:`` value and the 来源 text of a chapter key.

    :raises KeyError: if the chapter is in neither outline.
    """
    if chapter in STANDARD:
        return "standard", STANDARD[chapter]
    number = chapter.removeprefix("textbook-")
    title = TEXTBOOK[number]
    top = number.split(".")[0]
    if number == top:
        return "textbook", f"教材 第{top}章 {title}"
    return "textbook", f"教材 第{top}章 {number} {title}"


@dataclass(frozen=True)
class Item:
    """One question as written here, before its options are laid out."""

    type: str
    stem: str
    explanation: str
    difficulty: int
    area: str
    chapter: str
    level: str
    provenance: str
    basis: str = ""
    right: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    #: fixed options and key for choice items whose options have a natural order
    fixed: tuple[tuple[str, ...], str] | None = None
    truth: bool | None = None
    answer: str = ""
    points: tuple[str, ...] = ()

    def tags(self) -> tuple[str, ...]:
        """The tags of the question, in a fixed order."""
        source, _ = chapter_source(self.chapter)
        return (
            f"area:{self.area}",
            f"source:{source}",
            f"level:{self.level}",
            f"provenance:{self.provenance}",
            f"chapter:{self.chapter}",
        )

    def source_text(self) -> str:
        """The 来源 cell: the chapter, then the law or standard the fact rests on."""
        _, text = chapter_source(self.chapter)
        return f"{text}；{self.basis}" if self.basis else text


@dataclass
class Topic:
    """A block of questions sharing an area and a default chapter.

    Every method appends one question; ``d`` is the difficulty (1–5), ``lv`` the cognitive
    level, ``prov`` the provenance, ``ch`` overrides the chapter and ``basis`` names the law or
    national standard behind the fact.
    """

    area: str
    chapter: str
    items: list[Item] = field(default_factory=list)

    def _add(
        self,
        type_: str,
        stem: str,
        why: str,
        d: int,
        lv: str,
        *,
        prov: str = "secondary",
        ch: str | None = None,
        basis: str = "",
        **content: object,
    ) -> None:
        # an unknown keyword (a typo) reaches Item() and fails loudly there
        self.items.append(
            Item(
                type=type_,
                stem=stem,
                explanation=why,
                difficulty=d,
                area=self.area,
                chapter=ch or self.chapter,
                level=lv,
                provenance=prov,
                basis=basis,
                **content,  # type: ignore[arg-type]
            )
        )

    def single(
        self, stem: str, right: str, wrong: Iterable[str], why: str, *, d: int, lv: str, **kw
    ) -> None:
        """A single choice: one right option and three wrong ones."""
        self._add("single", stem, why, d, lv, right=(right,), wrong=tuple(wrong), **kw)

    def single_fixed(
        self, stem: str, options: Iterable[str], key: str, why: str, *, d: int, lv: str, **kw
    ) -> None:
        """A single choice whose options keep the order given (numbers, dates)."""
        self._add("single", stem, why, d, lv, fixed=(tuple(options), key), **kw)

    def multiple(
        self,
        stem: str,
        right: Iterable[str],
        wrong: Iterable[str],
        why: str,
        *,
        d: int,
        lv: str,
        **kw,
    ) -> None:
        """A multiple choice: two or more right options and one or more wrong ones."""
        self._add("multiple", stem, why, d, lv, right=tuple(right), wrong=tuple(wrong), **kw)

    def judge(self, stem: str, truth: bool, why: str, *, d: int, lv: str, **kw) -> None:
        """A true/false statement."""
        self._add("truefalse", stem, why, d, lv, truth=truth, **kw)

    def short(
        self,
        stem: str,
        answer: str,
        points: Iterable[str],
        why: str,
        *,
        d: int,
        lv: str,
        **kw,
    ) -> None:
        """A short answer: the reference answer and its scoring points (equal shares)."""
        self._add("short", stem, why, d, lv, answer=answer, points=tuple(points), **kw)


# --------------------------------------------------------------------------- layout


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def lay_out(item: Item) -> tuple[tuple[str, ...], str]:
    """The options (A, B, …) and the answer cell of a choice question."""
    if item.fixed is not None:
        return item.fixed
    if item.type == "single":
        options = list(item.wrong)
        position = _digest(item.stem) % 4
        options.insert(position, item.right[0])
        return tuple(options), OPTION_KEYS[position]
    marked = [(text, True) for text in item.right] + [(text, False) for text in item.wrong]
    random.Random(_digest(item.stem)).shuffle(marked)
    keys = "".join(OPTION_KEYS[i] for i, (_, ok) in enumerate(marked) if ok)
    return tuple(text for text, _ in marked), keys


def rubric_cell(points: tuple[str, ...]) -> str:
    """Scoring points as ``text|share`` lines with equal shares that sum to exactly 1.

    :raises ValueError: if 1/n is not an exact two-decimal share (use 2, 4, 5 or 10 points).
    """
    share = Decimal(1) / len(points)
    if share != share.quantize(Decimal("0.01")) or share * len(points) != 1:
        raise ValueError(f"{len(points)} scoring points do not share 1 exactly")
    return "\n".join(f"{text}|{share.quantize(Decimal('0.01'))}" for text in points)


def check_item(item: Item) -> list[str]:
    """What is wrong with an item as written (empty when fine)."""
    problems = []
    if item.area not in AREAS:
        problems.append(f"unknown area {item.area}")
    if item.level not in LEVELS:
        problems.append(f"unknown level {item.level}")
    if item.provenance not in PROVENANCES:
        problems.append(f"unknown provenance {item.provenance}")
    if not 1 <= item.difficulty <= 5:
        problems.append(f"difficulty {item.difficulty}")
    try:
        chapter_source(item.chapter)
    except KeyError:
        problems.append(f"unknown chapter {item.chapter}")
    if not item.explanation.strip():
        problems.append("no explanation")
    if item.type == "single" and item.fixed is not None:
        options, key = item.fixed
        if len(options) != 4 or key not in OPTION_KEYS[:4]:
            problems.append("a fixed single choice needs 4 options and a key A–D")
    elif item.type == "single" and (len(item.right) != 1 or len(item.wrong) != 3):
        problems.append("a single choice needs 1 right and 3 wrong options")
    if item.type == "multiple":
        total = len(item.right) + len(item.wrong)
        if len(item.right) < 2 or not item.wrong or not 4 <= total <= 5:
            problems.append("a multiple choice needs 2+ right, 1+ wrong, 4–5 options")
    if item.type == "short" and not 2 <= len(item.points) <= 10:
        problems.append("a short answer needs 2–10 scoring points")
    for text in (*item.right, *item.wrong, *item.points):
        if not text.strip() or "|" in text or "｜" in text:
            problems.append(f"bad option or point text {text!r}")
    return problems


def row(item: Item) -> list[str]:
    """The CSV row of one question."""
    options: tuple[str, ...] = ()
    rubric = ""
    if item.type in ("single", "multiple"):
        options, answer = lay_out(item)
    elif item.type == "truefalse":
        answer = "对" if item.truth else "错"
    else:
        answer = item.answer
        rubric = rubric_cell(item.points)
    cells = list(options) + [""] * (len(OPTION_KEYS) - len(options))
    return [
        TYPE_LABELS[item.type],
        item.stem,
        *cells,
        answer,
        rubric,
        item.explanation,
        str(item.difficulty),
        ",".join(item.tags()),
        item.source_text(),
    ]


def all_items() -> list[Item]:
    """Every question of the demo bank, in the order written."""
    return [item for topic in TOPICS for item in topic.items]


def render_csv(items: list[Item] | None = None) -> str:
    """The whole bank as CSV text (header first, CRLF rows, no BOM).

    :raises ValueError: listing every item that is malformed or whose stem repeats.
    """
    items = all_items() if items is None else items
    problems = []
    seen: set[str] = set()
    for item in items:
        problems += [f"{item.stem[:30]}…: {p}" for p in check_item(item)]
        if item.stem in seen:
            problems.append(f"{item.stem[:30]}…: duplicate stem")
        seen.add(item.stem)
    if problems:
        raise ValueError("\n".join(problems))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(row(item) for item in items)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write bank.csv (UTF-8 with BOM, so that Excel shows the Chinese), or check it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check bank.csv is current")
    args = parser.parse_args(argv)
    text = render_csv()
    if args.check:
        current = BANK_PATH.read_text(encoding="utf-8-sig") if BANK_PATH.exists() else ""
        if current.replace("\r\n", "\n") != text.replace("\r\n", "\n"):
            print(f"{BANK_PATH} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    with BANK_PATH.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(text)
    counts: dict[str, int] = {}
    for item in all_items():
        counts[item.type] = counts.get(item.type, 0) + 1
    print(f"wrote {BANK_PATH}: {sum(counts.values())} questions {counts}")
    return 0


# =========================================================================== the questions
# --------------------------------------------------------------------------- basics

basics = Topic("basics", "textbook-1.1")

basics.single(
    "安全防范工作中常说的“物防”是指（　）。",
    "利用建（构）筑物、屏障、器具、设备等实体设施阻挡和推迟入侵",
    [
        "由保安人员进行门岗值守和巡逻守护",
        "利用视频监控、入侵报警等电子技术发现入侵",
        "制定并落实出入登记等安全管理制度",
    ],
    "物防即实体防范，依靠围墙、门窗、锁具、保险柜等实体设施阻挡和推迟入侵；"
    "门岗巡逻属于人防，视频和报警属于技防，管理制度是人防的组织手段。",
    d=1,
    lv="remember",
)
basics.single(
    "安全防范的三个基本要素是（　）。",
    "探测、延迟、反应",
    ["监视、记录、回放", "报警、复核、出警", "人防、物防、技防"],
    "探测、延迟、反应是安全防范的三个基本要素；人防、物防、技防是三种基本手段，"
    "不要把“要素”和“手段”混淆。",
    d=2,
    lv="remember",
    ch="textbook-1.2",
    basis="GB 55029-2022 第1.0.3条",
)
basics.single(
    "要使安全防范措施真正有效，探测、延迟、反应三个要素在时间上应满足（　）。",
    "从发现入侵到处置力量到场的反应时间，短于入侵者被发现后突破延迟设施仍需的时间",
    [
        "延迟时间越短越好，以便尽快发现入侵者",
        "只要探测足够灵敏，反应时间长短无关紧要",
        "反应应在探测之前完成",
    ],
    "探测发现入侵后，实体设施的延迟为处置争取时间；只有处置力量在入侵者达到目的之前到场，"
    "防范才有效，三者必须相互协调。",
    d=4,
    lv="understand",
    ch="textbook-1.2",
)
basics.single(
    "纵深防护的含义是（　）。",
    "根据防护对象的重要程度，由外到内设置多层防护，层层设防",
    [
        "在一个区域内安装尽可能多的摄像机",
        "只在周界设防，内部区域不再设防",
        "各部位采用完全相同的设备和防护措施",
    ],
    "纵深防护要求由周界到核心部位分层设防，即使外层被突破，内层仍能探测和延迟入侵。",
    d=2,
    lv="understand",
    ch="textbook-1.2",
)
basics.single(
    "均衡防护的含义是（　）。",
    "安全防范系统各部分的防护水平基本一致，不存在明显的薄弱环节",
    [
        "所有防护区域安装数量相同的探测器",
        "白天和夜间使用同样的值班人数",
        "人防、物防、技防的投资额相等",
    ],
    "入侵者总是选择最薄弱的环节突破，均衡防护要求各部分防护能力相当，避免“短板”。",
    d=3,
    lv="understand",
    ch="textbook-1.2",
)
basics.single(
    "按纵深防护的思路，防护区域由外向内通常依次为（　）。",
    "周界、监视区、防护区、禁区",
    ["禁区、防护区、监视区、周界", "监视区、周界、禁区、防护区", "防护区、周界、监视区、禁区"],
    "周界是最外层警戒线，其内是监视区，再向内是防护目标所在的防护区，"
    "最核心的是不允许未授权人员进入的禁区。",
    d=3,
    lv="remember",
    ch="textbook-1.2",
    basis="GB 50348 安全防范工程技术标准（术语）",
)
basics.single(
    "下列不属于安全防范系统子系统的是（　）。",
    "建筑给排水系统",
    ["入侵和紧急报警系统", "视频监控系统", "出入口控制系统"],
    "入侵和紧急报警、视频监控、出入口控制都是安全防范系统的子系统；给排水属于建筑设备。",
    d=1,
    lv="remember",
    ch="textbook-1.3",
)
basics.single(
    "安全防范系统中，对人员进出目标区域实施身份识别、授权和控制的子系统是（　）。",
    "出入口控制系统",
    ["电子巡查系统", "视频监控系统", "入侵和紧急报警系统"],
    "出入口控制系统（门禁）通过卡、密码、生物特征等凭证识别身份，并按授权控制门的开启。",
    d=1,
    lv="remember",
    ch="textbook-1.3",
)
basics.single(
    "电子巡查系统的主要作用是（　）。",
    "对保安巡查人员的巡查路线、方式和过程进行管理和记录",
    [
        "自动识别进出车辆的号牌",
        "探测非法入侵并发出报警",
        "对进出人员进行身份认证",
    ],
    "电子巡查系统记录巡查人员何时到达哪个巡查点，用于检查巡查是否按计划完成。",
    d=2,
    lv="remember",
    ch="textbook-1.3",
)
basics.single(
    "关于人防、物防、技防三者的关系，下列说法正确的是（　）。",
    "技防不能取代人防，报警和图像最终需要人员判断和处置",
    [
        "有了完善的技防系统，就可以取消值班人员",
        "物防只包括围墙，其他实体设施不属于物防",
        "三者各自独立运行，不需要相互配合",
    ],
    "安全防范强调人防、物防、技防相结合：技防负责发现和记录，物防负责阻挡和延迟，"
    "人防负责判断和处置，缺一不可。",
    d=2,
    lv="understand",
)
basics.single(
    "确定一个单位安全防范系统的防护级别，主要依据是防护对象的（　）。",
    "风险等级",
    ["建筑面积", "员工人数", "装修档次"],
    "防范与风险相适应是安全防范的基本原则：风险等级越高，防护级别应越高。",
    d=3,
    lv="understand",
    ch="textbook-1.2",
    basis="GB 55029-2022 第1.0.3条",
)
basics.single(
    "对安防监控中心的设置要求，下列说法正确的是（　）。",
    "应设置为禁区，并有保证自身安全的防护措施",
    [
        "应对外开放，方便来访人员参观监督",
        "可以兼作员工休息室使用",
        "宜设在人员往来频繁的公共通道内",
    ],
    "监控中心是安全防范系统的核心，应设为禁区，有自身防护措施、内外联络手段和紧急报警装置。",
    d=3,
    lv="remember",
    ch="textbook-1.4",
    basis="JGJ 16-2008 第14.9.4条（该规范已由 GB 51348-2019 替代）",
)
basics.single(
    "防爆安全检查中，用于检查行李、包裹内部是否藏有违禁物品的设备是（　）。",
    "X射线安全检查设备",
    ["通过式金属探测门", "手持式金属探测器", "车底检查镜"],
    "X射线安检设备透视行李物品内部；金属探测门和手持金属探测器用于人身检查，"
    "车底检查镜用于车辆底部检查。",
    d=2,
    lv="remember",
    ch="textbook-1.3",
)

basics.multiple(
    "下列属于人力防范（人防）的有（　）。",
    ["保安员门岗值守", "保安员巡逻守护", "保安员对来访人员进行登记核查"],
    ["为一层窗户加装防盗护栏", "在车行出入口设置防撞柱"],
    "人防依靠人员的值守、巡逻、核查等活动；防盗护栏、防撞柱是实体设施，属于物防。",
    d=2,
    lv="remember",
)
basics.multiple(
    "下列属于实体防范（物防）设施的有（　）。",
    ["围墙和栅栏", "防盗安全门", "保险柜", "窗户防护栏"],
    ["视频监控摄像机"],
    "物防是能阻挡、推迟入侵的实体设施；摄像机只能发现和记录，属于技防。",
    d=2,
    lv="remember",
)
basics.multiple(
    "关于探测、延迟、反应，下列说法正确的有（　）。",
    [
        "探测是发现入侵行为或异常情况",
        "延迟是利用实体屏障等推迟入侵进程",
        "反应是组织力量对事件进行处置",
    ],
    ["只要探测足够灵敏，延迟和反应可以省略"],
    "三要素缺一不可：只探测不延迟、不反应，报警后无人处置，入侵者仍能达到目的。",
    d=2,
    lv="understand",
    ch="textbook-1.2",
)
basics.multiple(
    "安全防范工程建设和系统运行应遵循的原则有（　）。",
    [
        "防范与风险相适应",
        "人力防范、实体防范、电子防范相结合",
        "满足纵深防护、均衡防护的要求",
    ],
    ["设备数量越多越好，不必考虑实际风险"],
    "这些原则出自安全防范工程通用规范的总则；防护措施应与风险相适应，而不是越多越好。",
    d=4,
    lv="remember",
    ch="textbook-1.2",
    basis="GB 55029-2022 第1.0.3条",
)
basics.multiple(
    "下列属于安全防范系统常见子系统的有（　）。",
    ["视频监控系统", "电子巡查系统", "停车库（场）安全管理系统", "楼寓（访客）对讲系统"],
    ["中央空调控制系统"],
    "视频监控、电子巡查、停车库（场）安全管理、楼寓对讲都是安全防范系统的子系统；"
    "空调控制属于建筑设备监控。",
    d=3,
    lv="remember",
    ch="textbook-1.3",
    basis="GB 50348-2018 安全防范工程技术标准",
)
basics.multiple(
    "安防监控中心通常应具备的条件有（　）。",
    [
        "设为禁区，有保证自身安全的防护措施",
        "有进行内外联络的通信手段",
        "设置紧急报警装置",
        "留有向上一级接处警中心报警的通信接口",
    ],
    ["对公众开放，便于社会监督"],
    "监控中心应设为禁区，配备内外联络通信手段和紧急报警装置，并留有向上级接处警中心报警的接口。",
    d=4,
    lv="remember",
    ch="textbook-1.4",
    basis="JGJ 16-2008 第14.9.4条（该规范已由 GB 51348-2019 替代）",
)

basics.judge(
    "安全防范的三种基本手段是人力防范、实体防范和电子（技术）防范。",
    True,
    "人防、物防、技防（电子防范）是安全防范的三种基本手段，应相互结合。",
    d=1,
    lv="remember",
)
basics.judge(
    "有了完善的技术防范系统，就可以取消人力防范。",
    False,
    "技防负责发现和记录，报警的判断和处置必须由人完成，技防不能取代人防。",
    d=1,
    lv="understand",
)
basics.judge(
    "延迟的作用是推迟入侵者达到目的的时间，为反应争取时间。",
    True,
    "门、墙、锁、保险柜等实体设施推迟入侵进程，使处置力量能在入侵者得手前到场。",
    d=2,
    lv="understand",
    ch="textbook-1.2",
)
basics.judge(
    "均衡防护要求系统各部分的防护水平基本一致，避免出现明显的薄弱环节。",
    True,
    "入侵者会选择最薄弱处突破，均衡防护就是不留“短板”。",
    d=2,
    lv="remember",
    ch="textbook-1.2",
)
basics.judge(
    "按纵深防护原则，只要加强周界防护，内部区域就无需再设防。",
    False,
    "纵深防护要求由外到内层层设防，周界被突破后内层仍能探测和延迟。",
    d=2,
    lv="understand",
    ch="textbook-1.2",
)
basics.judge(
    "安防监控中心可以与消防控制室合用，但合用时应设有专用的工作区。",
    True,
    "监控中心可与消防、建筑设备监控等控制室合用或毗邻，合用时应有安防专用工作区。",
    d=3,
    lv="remember",
    ch="textbook-1.4",
    prov="needs-expert",
    basis="JGJ 16-2008 第14.9.1条（该规范已由 GB 51348-2019 替代，现行条文待核）",
)
basics.judge(
    "电子巡查系统可以记录巡查人员到达各巡查点的时间，用于检查巡查是否按规定完成。",
    True,
    "电子巡查系统记录巡查人员、巡查点和到达时间，可据此发现漏巡、错巡和迟巡。",
    d=2,
    lv="remember",
    ch="textbook-1.3",
)
basics.judge(
    "X射线安全检查设备主要用于对人员身体进行检查。",
    False,
    "防爆安检中的X射线安全检查设备主要用于检查行李、包裹等物品内部；"
    "人身检查主要使用金属探测门和手持金属探测器。",
    d=2,
    lv="remember",
    ch="textbook-1.3",
)

basics.short(
    "简述安全防范的三个基本要素及其相互关系。",
    "1. 探测：发现入侵行为或异常情况；\n"
    "2. 延迟：利用实体屏障等推迟入侵进程；\n"
    "3. 反应：组织人员对事件进行处置；\n"
    "4. 三者相互协调：处置力量到场的时间应短于入侵者被发现后突破延迟所需的时间。",
    [
        "探测：发现入侵或异常",
        "延迟：以实体屏障推迟入侵进程",
        "反应：组织力量处置",
        "相互关系：反应时间应短于探测后的延迟时间，三者协调、缺一不可",
    ],
    "前三项各答出含义即得分；第四项需说明时间上的协调关系。",
    d=3,
    lv="understand",
    ch="textbook-1.2",
)
basics.short(
    "按纵深防护原则，防护区域一般由外向内分为哪几个层次？",
    "由外向内依次为：周界、监视区、防护区、禁区。",
    ["周界", "监视区", "防护区", "禁区"],
    "每答出一个层次得一个要点。",
    d=3,
    lv="remember",
    ch="textbook-1.2",
    basis="GB 50348 安全防范工程技术标准（术语）",
)
basics.short(
    "简述入侵和紧急报警系统、视频监控系统、出入口控制系统、电子巡查系统的主要功能。",
    "1. 入侵和紧急报警系统：探测非法入侵，以及在危急情况下人为触发紧急报警，并发出报警信息；\n"
    "2. 视频监控系统：对监视区域进行实时监视、图像显示、记录与回放；\n"
    "3. 出入口控制系统：对人员进出进行身份识别、授权和控制并记录；\n"
    "4. 电子巡查系统：对巡查人员的巡查路线、方式和过程进行管理和记录。",
    [
        "入侵和紧急报警系统：探测入侵、紧急报警并发出报警信息",
        "视频监控系统：实时监视、显示、记录与回放",
        "出入口控制系统：识别、授权、控制进出并记录",
        "电子巡查系统：管理和记录巡查路线与过程",
    ],
    "每个子系统答出主要功能即得该要点。",
    d=3,
    lv="understand",
    ch="textbook-1.3",
)

# --------------------------------------------------------------------------- equipment operation

equipment = Topic("equipment-operation", "textbook-2.1")

equipment.single(
    "在视频监控客户端中查看某路摄像机昨天某一时段的图像，应使用的功能是（　）。",
    "录像回放",
    ["实时预览", "视频轮巡", "云台控制"],
    "查看过去时段的图像要从存储设备检索录像并回放；预览和轮巡只显示实时图像。",
    d=1,
    lv="remember",
    ch="textbook-2.3",
)
equipment.single(
    "网络硬盘录像机的常用英文缩写是（　）。",
    "NVR",
    ["DVR", "IPC", "PTZ"],
    "NVR 是网络硬盘录像机，接入网络摄像机；DVR 是接模拟摄像机的数字硬盘录像机，"
    "IPC 是网络摄像机，PTZ 指云台的平移、俯仰、变倍。",
    d=1,
    lv="remember",
)
equipment.single(
    "云台摄像机常说的“PTZ”分别指（　）。",
    "水平转动（Pan）、俯仰转动（Tilt）、变倍（Zoom）",
    [
        "拍照（Photo）、传输（Transfer）、缩放（Zoom）",
        "电源（Power）、温度（Temperature）、区域（Zone）",
        "预置位（Preset）、巡航（Tour）、变倍（Zoom）",
    ],
    "PTZ 即 Pan/Tilt/Zoom，指云台左右转动、上下俯仰和镜头变倍。",
    d=2,
    lv="remember",
    ch="textbook-2.4",
)
equipment.single(
    "云台摄像机的“预置位”功能是指（　）。",
    "保存云台的水平、垂直位置和镜头变倍、聚焦等状态，需要时一键调用",
    [
        "设置录像文件的保存天数",
        "按固定顺序把多路图像切换到同一窗口",
        "调整图像的亮度、对比度和色彩",
    ],
    "预置位记录云台和镜头的状态，调用后摄像机自动转到该画面；按顺序切换多路图像是轮巡。",
    d=2,
    lv="remember",
    ch="textbook-2.4",
)
equipment.single(
    "云台摄像机按设定顺序在多个预置位之间自动转动，并在每个预置位停留一定时间，这一功能通常称为（　）。",
    "巡航",
    ["画面分割", "移动侦测", "隐私遮挡"],
    "巡航把若干预置位串成路径，按设定的停留时间和速度自动循环。",
    d=3,
    lv="remember",
    ch="textbook-2.4",
)
equipment.single(
    "需要把一段录像作为证据提供给公安机关时，下列做法正确的是（　）。",
    "按规定审批后，用系统导出功能导出原始录像，并登记导出记录",
    [
        "为了方便，用手机对着屏幕翻拍后发送",
        "先剪辑、调色使画面更清楚，再导出提交",
        "把整块硬盘拆下直接交给来人",
    ],
    "证据录像应保持原始、完整，经审批后用系统功能导出并登记；翻拍和剪辑会损害证据效力，"
    "拆硬盘会中断录像并造成其他资料失控。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
equipment.single(
    "大屏（电视墙）显示网络摄像机的图像，通常由（　）把视频码流还原后输出到显示单元。",
    "解码器（解码拼控设备）",
    ["编码器", "网络交换机", "光端机"],
    "网络视频码流需经解码器（或带解码功能的拼控设备）解码后，才能输出到大屏显示单元；"
    "编码器的作用正相反，是把模拟信号编码成码流。",
    d=4,
    lv="understand",
    ch="textbook-2.2",
)
equipment.single(
    "在视频监控客户端中，需要把某一时刻的画面保存为图片时，应使用的功能是（　）。",
    "抓图（截图）",
    ["手动录像", "语音对讲", "录像回放"],
    "抓图把当前画面保存为图片文件；手动录像保存的是一段视频。",
    d=1,
    lv="remember",
    ch="textbook-2.2",
)
equipment.single(
    "入侵报警系统中，使系统的部分或全部防区处于警戒状态的操作称为（　）。",
    "设防（布防）",
    ["撤防", "旁路", "复位"],
    "设防使防区进入警戒状态；撤防解除警戒；旁路使个别防区暂不响应；复位是报警处理后恢复正常状态。",
    d=2,
    lv="remember",
    ch="textbook-2.5",
    basis="GB 50394 入侵报警系统工程设计规范（术语）",
)
equipment.single(
    "某防区探测器故障待修，需要让该防区暂时不响应、其他防区照常设防，应使用的操作是（　）。",
    "旁路该防区",
    ["撤防全部防区", "拆除该探测器", "只对报警声音消音"],
    "旁路只让指定防区暂不响应，其他防区仍处于警戒；旁路期间应有权限审批、记录，并采取补偿措施。",
    d=3,
    lv="apply",
    ch="textbook-2.5",
)
equipment.single(
    "入侵报警控制器发出报警后，对报警信息的要求是（　）。",
    "报警信息应保持到手动复位，不应自动复位",
    [
        "报警30秒后自动复位，无需人工处理",
        "按下消音键即视为报警处理完毕",
        "撤防后报警记录自动清除",
    ],
    "入侵报警应保持到人工确认并手动复位，以免值班员漏看；消音只是停止声响，不等于处理完毕，"
    "报警记录也不能被清除。",
    d=3,
    lv="remember",
    ch="textbook-2.5",
    basis="GB 50394-2007 第5.2.3条",
)
equipment.single(
    "紧急报警装置（如紧急按钮）被触发后，应当（　）。",
    "自锁并保持报警状态，直到有权限的人员手动复位",
    [
        "几秒后自动恢复，不留记录",
        "只在系统设防时才会报警",
        "由触发人再按一次自行解除",
    ],
    "紧急报警装置应不可撤防、有防误触发措施，被触发后应自锁，报警保持到手动复位。",
    d=3,
    lv="remember",
    ch="textbook-2.5",
    basis="GB 50394-2007 第5.2.3条",
)
equipment.single(
    "出入口控制系统的下列识别方式中，属于生物特征识别的是（　）。",
    "指纹识别",
    ["IC卡识别", "密码识别", "二维码识别"],
    "指纹、人脸、虹膜、指静脉等属于生物特征识别；卡、密码、二维码是“持有物”或“知识”类凭证。",
    d=1,
    lv="remember",
    ch="textbook-2.6",
)
equipment.single(
    "发生火灾等紧急情况时，疏散通道上由门禁控制的电控门应（　）。",
    "能与消防联动自动释放，或能手动快速开启，保证人员疏散",
    [
        "保持锁闭，防止外人趁乱进入",
        "由值班员逐一远程核实身份后开启",
        "断电后保持锁闭状态",
    ],
    "出入口控制系统必须满足紧急逃生时人员疏散的要求，疏散通道上的门应能自动释放或就地手动开启。",
    d=2,
    lv="understand",
    ch="textbook-2.6",
    basis="GB 50396 出入口控制系统工程设计规范",
)
equipment.single(
    "停车库（场）安全管理系统的出入口最常用的车辆自动识别方式是（　）。",
    "车牌识别",
    ["人脸识别", "指静脉识别", "声纹识别"],
    "停车库（场）出入口通过车牌识别（或车辆卡）识别车辆；人脸、指静脉、声纹识别的是人。",
    d=1,
    lv="remember",
    ch="textbook-2.6",
)
equipment.single(
    "使用离线式电子巡查系统时，巡查人员到达巡查点后应（　）。",
    "用巡查采集器（巡更棒）读取该巡查点的信息装置",
    [
        "用对讲机向监控中心报告后即可离开，无需其他操作",
        "在巡查点附近的摄像机前挥手示意",
        "刷本人门禁卡打开巡查点附近的门",
    ],
    "离线式电子巡查靠采集器读取巡查点的信息钮或标签，记录到达时间，事后上传数据核查。",
    d=2,
    lv="apply",
    ch="textbook-2.6",
)
equipment.single(
    "回放录像时，要快速找出画面中指定区域有物体活动的时段，可使用的功能是（　）。",
    "智能检索（移动侦测检索）",
    ["画面分割", "调用预置位", "云台锁定"],
    "智能（移动侦测）检索只筛选出指定区域画面发生变化的片段，比逐段回放快得多。",
    d=3,
    lv="apply",
    ch="textbook-2.3",
)
equipment.single(
    "网络摄像机的主码流与子码流相比，一般（　）。",
    "主码流分辨率高、占用带宽大，多用于录像和单画面查看",
    [
        "主码流分辨率低，专门用于多画面预览",
        "两者分辨率和带宽完全相同",
        "子码流只能用于录像，不能用于预览",
    ],
    "主码流画质高用于存储和大画面；子码流分辨率低、带宽小，适合多画面预览和远程查看。",
    d=3,
    lv="understand",
)
equipment.single(
    "在视频管理平台上把某路摄像机图像显示到电视墙的某个窗口，通常的操作是（　）。",
    "在电视墙界面将该摄像机拖放到目标窗口（解码通道）",
    ["重启该摄像机", "修改该摄像机的IP地址", "格式化录像机硬盘"],
    "平台通过电视墙界面把摄像机与解码输出窗口关联即可上墙；其余操作与上墙无关且可能影响系统运行。",
    d=2,
    lv="apply",
    ch="textbook-2.2",
)
equipment.single(
    "用手持金属探测器检查人员时探测器报警，正确的做法是（　）。",
    "对报警部位进一步检查，查明引起报警的物品",
    [
        "立即认定其携带危险物品并加以控制",
        "忽略报警，继续检查其他部位",
        "要求其立即离开检查区域",
    ],
    "金属探测器只说明有金属物品（钥匙、皮带扣等也会报警），应进一步检查确认，不能直接下结论。",
    d=2,
    lv="apply",
    ch="textbook-2.7",
)

equipment.single_fixed(
    "采用分线制或总线制的入侵报警系统，其报警响应时间一般应不大于（　）。",
    ["2 s", "10 s", "20 s", "60 s"],
    "A",
    "入侵报警系统工程设计规范对分线制、总线制和无线制系统的报警响应时间要求一般为不大于 2 s；"
    "经公共电话网传输的系统要求较宽（如不大于 20 s）。具体数值以现行规范为准。",
    d=4,
    lv="remember",
    ch="textbook-2.5",
    prov="needs-expert",
    basis="GB 50394 入侵报警系统工程设计规范（响应时间待核）",
)

equipment.multiple(
    "网络硬盘录像机（NVR）常见的功能有（　）。",
    ["接入网络摄像机并存储录像", "录像检索与回放", "录像备份（导出）", "报警联动录像"],
    ["对进出人员进行身份识别并控制开门"],
    "NVR 负责视频的接入、存储、回放、备份和联动录像；身份识别和开门控制是出入口控制系统的功能。",
    d=3,
    lv="remember",
)
equipment.multiple(
    "入侵报警控制器的基本操作包括（　）。",
    ["设防", "撤防", "旁路", "复位"],
    ["修改报警历史记录"],
    "设防、撤防、旁路、复位是日常操作；报警记录是事后追查的依据，不允许修改。",
    d=2,
    lv="remember",
    ch="textbook-2.5",
)
equipment.multiple(
    "导出录像作为证据时，应注意的事项有（　）。",
    [
        "按规定履行审批和登记手续",
        "导出原始格式的录像，保持内容完整",
        "记录导出的摄像机、时间段、导出人和接收人",
        "核对设备时间与标准时间的偏差并注明",
    ],
    ["对画面进行裁剪和美化，使其更清楚"],
    "证据录像要原始、完整、来源可追溯；时间偏差要注明，以免对事件时间的认定产生争议；"
    "任何加工都会损害证据效力。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-9",
)
equipment.multiple(
    "云台摄像机在客户端中可进行的操作有（　）。",
    ["上下左右转动", "镜头变倍", "调用预置位"],
    ["调整录像机的磁盘阵列级别"],
    "转动、变倍、调用预置位都是云台控制；磁盘阵列属于存储设备配置，与云台无关。",
    d=2,
    lv="remember",
    ch="textbook-2.4",
)
equipment.multiple(
    "出入口控制系统常用的身份凭证（识别方式）有（　）。",
    ["密码", "IC卡等卡片", "指纹、人脸等生物特征"],
    ["电子巡查系统的巡查信息钮"],
    "出入口控制的凭证分为知识（密码）、持有物（卡）和生物特征；巡查信息钮是电子巡查系统的巡查点装置。",
    d=2,
    lv="remember",
    ch="textbook-2.6",
)
equipment.multiple(
    "防爆安全检查中常用的设备有（　）。",
    ["通过式金属探测门", "手持式金属探测器", "X射线安全检查设备", "爆炸物探测仪"],
    ["主动红外对射探测器"],
    "主动红外对射探测器用于周界入侵探测，不是安检设备。",
    d=3,
    lv="remember",
    ch="textbook-2.7",
)
equipment.multiple(
    "电子巡查系统的记录可用于核查（　）。",
    ["执行巡查的人员", "到达各巡查点的时间", "是否有漏巡、错巡"],
    ["巡查途中现场的视频图像"],
    "巡查记录包含人员、巡查点和时间；现场图像要到视频监控系统中调取。",
    d=2,
    lv="understand",
    ch="textbook-2.6",
)
equipment.multiple(
    "在大屏（电视墙）上显示图像时，常用的操作有（　）。",
    ["画面分割（一个窗口显示多路图像）", "开窗、漫游和窗口叠加", "按预案一键切换显示场景"],
    ["在大屏上删除前端摄像机的录像"],
    "大屏操作管理的是显示；录像的删除既不是大屏功能，也不允许值班员随意进行。",
    d=3,
    lv="remember",
    ch="textbook-2.2",
)
equipment.multiple(
    "报警联动是指报警发生时系统自动执行预先设定的动作，常见的联动有（　）。",
    ["自动弹出报警点附近摄像机的图像", "云台摄像机转到报警点的预置位", "启动报警录像"],
    ["自动删除报警前的录像", "自动撤防全部防区"],
    "联动的目的是帮助复核和留存证据，删除录像或撤防都与之相反。",
    d=3,
    lv="understand",
    ch="textbook-2.5",
)

equipment.judge(
    "NVR 是网络硬盘录像机，主要用于接入网络摄像机并存储录像。",
    True,
    "NVR（Network Video Recorder）接入网络摄像机，完成录像存储、回放和备份。",
    d=1,
    lv="remember",
)
equipment.judge(
    "云台的预置位一旦设置就不能修改。",
    False,
    "有权限的人员可以重新调整画面后覆盖保存预置位，也可以删除预置位。",
    d=2,
    lv="remember",
    ch="textbook-2.4",
)
equipment.judge(
    "紧急报警装置应设置为不可撤防状态。",
    True,
    "紧急报警随时可能发生，必须 24 小时有效，不能随系统撤防而失效。",
    d=2,
    lv="remember",
    ch="textbook-2.5",
    basis="GB 50394-2007 第5.2.3条",
)
equipment.judge(
    "在撤防状态下，入侵探测器探测到人员活动时，系统也应发出入侵报警。",
    False,
    "撤防状态下系统不应对入侵探测器的报警状态做出响应；紧急报警和防拆报警不受设防、撤防影响。",
    d=4,
    lv="understand",
    ch="textbook-2.5",
    basis="GB 50394-2007 第5.2.3条",
)
equipment.judge(
    "入侵报警发生后，系统应能自动复位，无需人工操作。",
    False,
    "报警发生后系统应手动复位，不应自动复位，以保证每一次报警都经过人工确认。",
    d=3,
    lv="remember",
    ch="textbook-2.5",
    basis="GB 50394-2007 第5.2.3条",
)
equipment.judge(
    "防区被旁路期间不会产生入侵报警，因此旁路操作应有权限控制并做好记录。",
    True,
    "旁路使防区失去保护，应限定权限、登记原因和时间，并用人员巡查等方式补偿，修复后及时恢复。",
    d=3,
    lv="understand",
    ch="textbook-2.5",
)
equipment.judge(
    "导出录像作为证据时，可以先对原始录像进行剪辑和调色，使画面更美观。",
    False,
    "证据录像应保持原始、完整，任何剪辑、调色都会影响其真实性和证据效力。",
    d=1,
    lv="understand",
    ch="textbook-2.3",
)
equipment.judge(
    "子码流通常分辨率较低、占用带宽较小，适合多画面预览。",
    True,
    "多画面预览时每个窗口都很小，用子码流可以节省带宽和解码资源。",
    d=3,
    lv="understand",
)
equipment.judge(
    "出入口控制系统应满足紧急情况下人员疏散的要求。",
    True,
    "疏散通道上的受控门在紧急情况下应能自动释放或手动开启，保障生命安全优先。",
    d=2,
    lv="remember",
    ch="textbook-2.6",
    basis="GB 50396 出入口控制系统工程设计规范",
)
equipment.judge(
    "手持金属探测器报警，即可认定被检人员携带了危险物品。",
    False,
    "钥匙、硬币、皮带扣等普通金属物品也会引起报警，应进一步检查确认。",
    d=1,
    lv="understand",
    ch="textbook-2.7",
)
equipment.judge(
    "回放录像时，可以用倍速播放快速浏览，用逐帧播放仔细查看细节。",
    True,
    "倍速和逐帧是回放查找事件的常用手段：先快速定位，再逐帧确认。",
    d=1,
    lv="remember",
    ch="textbook-2.3",
)

equipment.short(
    "简述在视频监控客户端中回放并导出一段录像的基本步骤。",
    "1. 选择摄像机（通道）和日期、时间段检索录像；\n"
    "2. 回放核实内容，确认是所需片段；\n"
    "3. 设置导出起止时间、文件格式和存储位置（介质），执行导出；\n"
    "4. 检查导出文件能正常播放，并登记导出信息（审批、导出人、用途、接收人）。",
    [
        "选择通道和时间段检索录像",
        "回放核实内容",
        "设置起止时间、格式、存储位置并导出",
        "检查导出文件可播放并登记",
    ],
    "按步骤给分；步骤表述不同但意思相同的给分。",
    d=3,
    lv="apply",
    ch="textbook-2.3",
)
equipment.short(
    "简述入侵报警控制器“设防、撤防、旁路、复位”四种操作的含义。",
    "1. 设防：使系统的部分或全部防区处于警戒状态；\n"
    "2. 撤防：使系统的部分或全部防区解除警戒状态；\n"
    "3. 旁路：使指定防区暂时不响应报警，其余防区照常工作；\n"
    "4. 复位：报警处理完毕后，人工将报警状态恢复到正常状态。",
    ["设防的含义", "撤防的含义", "旁路的含义", "复位的含义"],
    "每种操作答出含义即得该要点。",
    d=3,
    lv="remember",
    ch="textbook-2.5",
)
equipment.short(
    "简述为云台摄像机设置预置位和巡航的基本步骤。",
    "1. 控制云台转动，调整变倍、聚焦，使画面对准目标；\n"
    "2. 将该画面保存为预置位（编号并命名）；重复设置其他预置位；\n"
    "3. 新建巡航路径，按顺序加入预置位，设置停留时间和转动速度；\n"
    "4. 启动巡航，观察运行效果并调整。",
    [
        "转动云台、变倍聚焦对准目标",
        "保存为预置位并编号命名",
        "把预置位按顺序加入巡航并设停留时间和速度",
        "启动巡航并检查效果",
    ],
    "按步骤给分。",
    d=4,
    lv="apply",
    ch="textbook-2.4",
)
equipment.short(
    "防爆安全检查中，对人员和随身物品检查常用哪些设备？简述各自用途。",
    "1. 通过式金属探测门：检查人员身上是否携带金属物品；\n"
    "2. 手持式金属探测器：对报警人员逐部位复查，确定金属物品位置；\n"
    "3. X射线安全检查设备：透视检查行李、包裹内部；\n"
    "4. 爆炸物探测仪：检测物品或人体表面残留的爆炸物痕量。",
    [
        "通过式金属探测门及用途",
        "手持式金属探测器及用途",
        "X射线安全检查设备及用途",
        "爆炸物探测仪及用途",
    ],
    "设备和用途都答对得该要点；只答设备名称的，每项给一半（由阅卷人掌握）。",
    d=4,
    lv="understand",
    ch="textbook-2.7",
)
equipment.short(
    "回放录像时，为快速找到目标事件，可以采用哪些检索方法？",
    "1. 按时间检索：选择日期和时间段，在时间轴上定位；\n"
    "2. 按事件检索：检索报警录像、报警联动录像等事件记录；\n"
    "3. 智能检索：移动侦测检索，或按越线、区域入侵、人车特征等检索；\n"
    "4. 辅助手段：倍速播放、标签（书签）标记后再逐帧确认。",
    ["按时间检索", "按报警或事件检索", "移动侦测或智能检索", "倍速播放、标签等辅助手段"],
    "每类方法一个要点。",
    d=4,
    lv="apply",
    ch="textbook-2.3",
)

equipment.single_fixed(
    "某监控中心有 16 路摄像机，每路码率 4 Mbit/s，全天连续录像，要求录像保存 30 天，"
    "所需存储容量约为（　）。（按 1 TB = 1000 GB、1 GB = 1000 MB 计算）",
    ["约 2.1 TB", "约 6.9 TB", "约 20.7 TB", "约 207 TB"],
    "C",
    "4 Mbit/s = 0.5 MB/s；16 路为 8 MB/s；一天 86400 s，约 691.2 GB；30 天约 20736 GB，即约 20.7 TB。",
    d=5,
    lv="apply",
    ch="textbook-2.1",
)

# --------------------------------------------------------------------------- video grouping

grouping = Topic("video-grouping", "textbook-3.1")

grouping.single(
    "视频监控编组的主要目的是（　）。",
    "按区域、功能或风险等级把摄像机组织成组，便于有序监看、快速调用和轮巡",
    ["减少录像占用的存储空间", "提高摄像机的图像分辨率", "代替入侵报警系统探测入侵"],
    "编组解决的是“看什么、怎么看”：把大量摄像机按规律组织起来，值班员才能有序监看、快速调用。",
    d=2,
    lv="understand",
)
grouping.single(
    "下列编组方式中，最有利于沿人员行走路线连续追踪目标的是（　）。",
    "按相邻区域和通行路线编组",
    ["按摄像机品牌编组", "按摄像机安装时间编组", "按摄像机IP地址顺序编组"],
    "按路线编组后，目标离开一个画面时，下一台摄像机就在同组相邻位置，便于接力追踪。",
    d=3,
    lv="apply",
)
grouping.single(
    "对周界、主要出入口、金库等重点部位的摄像机，编组和显示时一般应（　）。",
    "单独编组，固定显示或缩短轮巡间隔，保证重点监看",
    [
        "与普通区域混编，按相同间隔轮巡",
        "只在白天显示，夜间只录像",
        "只录像，不在大屏上显示",
    ],
    "重点部位风险高，应优先保证实时可见；混编或只录像会延误发现。",
    d=3,
    lv="apply",
    ch="textbook-3.2",
)
grouping.single(
    "轮巡的停留时间设置过长，可能带来的问题是（　）。",
    "同组其他画面长时间得不到显示，容易漏看异常",
    ["录像文件损坏", "摄像机过热", "云台失去控制"],
    "轮巡是轮流显示，单个画面停留越久，其余画面“空窗”越长；停留太短又看不清，应按风险合理设置。",
    d=2,
    lv="understand",
    ch="textbook-3.2",
)
grouping.single(
    "视频监控中的“盲区”是指（　）。",
    "需要监视但没有被任何摄像机有效覆盖的区域",
    [
        "画面上叠加时间和名称字幕的区域",
        "被两台以上摄像机同时覆盖的区域",
        "画面中心最清晰的区域",
    ],
    "盲区是应看而看不到的地方，入侵者常利用盲区活动，需要通过调整点位或人员巡查弥补。",
    d=1,
    lv="remember",
    ch="textbook-3.3",
)
grouping.single(
    "值班员发现某通道存在监控盲区，最恰当的做法是（　）。",
    "记录并报告，建议调整摄像机或增设点位，整改前安排人员加强巡查",
    [
        "不予理会，因为盲区无法完全消除",
        "交接班时口头提一句即可",
        "把附近所有摄像机都改为轮巡显示",
    ],
    "盲区要有人负责：记录报告、提出整改建议，并在整改前用人防补位。",
    d=3,
    lv="apply",
    ch="textbook-3.3",
)
grouping.single_fixed(
    "按照 GB/T 28181，视频监控联网系统中设备和系统的统一编码一般为（　）位十进制数字。",
    ["10", "18", "20", "32"],
    "C",
    "GB/T 28181 规定联网系统的设备、用户和系统采用 20 位十进制数字的统一编码。",
    d=3,
    lv="remember",
    ch="textbook-3.4",
    basis="GB/T 28181 公共安全视频监控联网系统信息传输、交换、控制技术要求（编码规则）",
)
grouping.single(
    "GB/T 28181 统一编码中，前 8 位通常表示（　）。",
    "中心编码（所在行政区划及基层单位）",
    ["设备序号", "行业编码", "网络标识"],
    "20 位编码由中心编码（8 位）、行业编码（2 位）、类型编码（3 位）、网络标识（1 位）和序号（6 位）组成，"
    "前 8 位表示所属行政区划和基层单位。",
    d=4,
    lv="remember",
    ch="textbook-3.4",
    prov="needs-expert",
    basis="GB/T 28181 编码规则（位段划分待核）",
)
grouping.single(
    "GB/T 28181 统一编码中，第 11～13 位表示（　）。",
    "类型编码（设备或系统的类型）",
    ["行政区划代码", "设备序号", "校验码"],
    "第 9～10 位为行业编码，第 11～13 位为类型编码，用于区分录像机、摄像机、平台等设备类型。",
    d=5,
    lv="remember",
    ch="textbook-3.4",
    prov="needs-expert",
    basis="GB/T 28181 编码规则（位段划分待核）",
)
grouping.single(
    "摄像机命名（标注名称）的较好做法是（　）。",
    "按“区域＋楼层＋位置＋朝向”等统一规则命名，名称与现场位置一一对应",
    [
        "按安装先后用 1、2、3 顺序编号即可",
        "直接使用厂家出厂默认名称",
        "由各班值班员按个人习惯命名",
    ],
    "统一、能对应现场位置的名称，能让任何一班值班员在报警时迅速找到画面并指引现场人员。",
    d=2,
    lv="apply",
    ch="textbook-3.4",
)
grouping.single(
    "相邻摄像机的监视范围应适当重叠衔接，主要目的是（　）。",
    "避免两台摄像机之间出现盲区，便于连续追踪目标",
    ["减少摄像机数量", "让画面构图更美观", "降低录像码率"],
    "视场衔接保证目标从一个画面走出时立即进入下一个画面，轨迹不断档。",
    d=2,
    lv="understand",
    ch="textbook-3.3",
)
grouping.single(
    "编制夜间监看方案时，对夜间无人值守区域的摄像机，较合理的安排是（　）。",
    "结合入侵报警和智能分析联动，报警时自动弹出画面，平时适当轮巡",
    [
        "夜间关闭这些摄像机以节约电能",
        "夜间停止录像，白天再恢复",
        "只在白天安排轮巡",
    ],
    "夜间无人区域画面大多静止，靠人盯效率低；用报警和智能分析联动弹出，再辅以轮巡，既省人力又不漏看。",
    d=4,
    lv="apply",
    ch="textbook-3.2",
)
grouping.single(
    "一名值班员同时监看的画面数量过多，最可能带来的问题是（　）。",
    "注意力分散，容易漏看异常情况",
    ["录像保存天数变短", "摄像机使用寿命缩短", "报警控制器无法设防"],
    "人的注意力有限，画面过多会显著增加漏看；应通过编组、轮巡和报警联动控制每人监看的画面数。",
    d=2,
    lv="understand",
    ch="textbook-3.2",
)
grouping.single(
    "大型活动期间临时调整视频编组和大屏布局，主要依据是（　）。",
    "活动的重点区域、人员聚集和疏散路线以及安保方案",
    ["摄像机的生产厂家", "值班员的个人喜好", "摄像机的采购时间"],
    "临时编组应服务于活动安保：重点区域、人流聚集点和疏散路线优先上墙。",
    d=3,
    lv="apply",
    ch="textbook-3.2",
)
grouping.single(
    "规划出入口摄像机的监视画面时，首要应保证（　）。",
    "能清晰辨认进出人员的面部特征或车辆号牌",
    [
        "拍到尽可能大的全景，人员在画面中小一些也无妨",
        "能同时看到天空，以便判断天气",
        "只拍地面，避免拍到人脸",
    ],
    "出入口是人员车辆必经之处，画面要能“认得清”，事后才能据此辨认人员和车辆。",
    d=3,
    lv="understand",
    ch="textbook-3.3",
)

grouping.multiple(
    "视频监控编组常用的依据有（　）。",
    [
        "地理区域（楼栋、楼层、周界分段）",
        "功能（出入口、停车场、通道）",
        "风险等级（重点部位、一般部位）",
    ],
    ["摄像机的采购价格"],
    "编组按“在哪里、干什么用、风险多大”组织；价格与监看无关。",
    d=3,
    lv="remember",
)
grouping.multiple(
    "造成监控盲区的常见原因有（　）。",
    [
        "摄像机安装位置或角度不当",
        "树木生长、广告牌、堆放物等遮挡",
        "点位数量不足",
        "云台转动后没有回到原预置位",
    ],
    ["录像保存天数不足"],
    "盲区是覆盖问题；保存天数影响能回看多久，不影响画面覆盖范围。",
    d=3,
    lv="understand",
    ch="textbook-3.3",
)
grouping.multiple(
    "设置视频轮巡时，需要确定的参数有（　）。",
    ["参与轮巡的摄像机或分组", "每路画面的停留时间", "轮巡显示的窗口或监视器"],
    ["摄像机的出厂序列号"],
    "轮巡要明确“轮哪些、每路多久、在哪里显示”；序列号与轮巡设置无关。",
    d=3,
    lv="apply",
    ch="textbook-3.2",
)
grouping.multiple(
    "对重点部位加强视频监看的措施有（　）。",
    [
        "单独编组并固定显示在大屏上",
        "缩短该组的轮巡间隔",
        "配置报警联动，报警时自动弹出画面",
        "设置区域入侵等智能分析规则",
    ],
    ["降低该部位的录像分辨率以节省存储空间"],
    "降低分辨率会削弱事后辨认能力，与加强监看背道而驰。",
    d=4,
    lv="apply",
    ch="textbook-3.2",
)
grouping.multiple(
    "关于视频监控编组，下列说法正确的有（　）。",
    [
        "现场新增点位或区域调整后，编组应及时更新",
        "分组名称应清晰统一，便于交接和调用",
        "编组方案应形成文档备查",
    ],
    ["一台摄像机只能属于一个分组"],
    "同一台摄像机可以同时属于区域组、路线组、重点部位组等多个分组，这正是编组灵活的地方。",
    d=4,
    lv="understand",
)
grouping.multiple(
    "为便于追踪可疑人员而按路线编组时，应考虑（　）。",
    ["人员可能的行进路线", "相邻摄像机视场的衔接", "出入口、电梯厅等必经节点"],
    ["摄像机外壳的颜色"],
    "路线编组围绕“人怎么走”：路线、衔接和必经节点决定能否连续追踪。",
    d=3,
    lv="apply",
    ch="textbook-3.3",
)
grouping.multiple(
    "摄像机的名称（标签）中通常宜包含的信息有（　）。",
    ["所在区域或楼栋", "楼层或具体位置", "监视方向或对象", "设备编号"],
    ["安装该摄像机的施工人员姓名"],
    "名称要能让人迅速对应到现场位置；施工人员姓名与监看无关，应记录在工程资料里。",
    d=3,
    lv="apply",
    ch="textbook-3.4",
)

grouping.judge(
    "轮巡停留时间越短越好，这样单位时间内能看到更多画面。",
    False,
    "停留过短，值班员来不及看清画面内容；停留时间应按画面复杂程度和风险合理设定。",
    d=2,
    lv="understand",
    ch="textbook-3.2",
)
grouping.judge(
    "监控盲区可以通过增加点位、调整摄像机角度或加强人员巡查等方式弥补。",
    True,
    "技术手段（点位、角度）和人防手段（巡查）都能弥补盲区，整改前应先用人防补位。",
    d=2,
    lv="understand",
    ch="textbook-3.3",
)
grouping.judge(
    "对重点部位的摄像机，只录像、不上墙显示，也不影响实时发现异常。",
    False,
    "只录像意味着只能事后查看，无法实时发现；重点部位应固定显示或优先轮巡。",
    d=2,
    lv="understand",
    ch="textbook-3.2",
)
grouping.judge(
    "编组方案确定后应长期保持不变，即使现场增加了摄像机也无需调整。",
    False,
    "现场点位、区域用途变化后，编组应及时更新，否则新增摄像机可能无人监看。",
    d=1,
    lv="understand",
)
grouping.judge(
    "重点部位的摄像机可以设置为报警时自动弹出到指定窗口。",
    True,
    "报警联动弹出画面能让值班员第一时间复核，是重点部位常用的配置。",
    d=2,
    lv="remember",
    ch="textbook-3.2",
)
grouping.judge(
    "摄像机使用厂家默认名称（如“Camera 01”），最便于值班员快速识别其位置。",
    False,
    "默认名称不含位置信息，应按统一规则标注区域、楼层、位置和朝向。",
    d=1,
    lv="understand",
    ch="textbook-3.4",
)
grouping.judge(
    "树木生长、临时堆放物等可能使原本覆盖良好的画面出现遮挡，应定期检查各画面的覆盖情况。",
    True,
    "覆盖情况会随现场环境变化，定期检查才能及时发现新出现的盲区。",
    d=2,
    lv="understand",
    ch="textbook-3.3",
)
grouping.judge(
    "大型活动期间，可以根据安保方案临时调整视频编组和大屏布局。",
    True,
    "临时编组能让活动重点区域、人流聚集点和疏散路线优先显示，活动结束后应恢复原方案。",
    d=2,
    lv="apply",
    ch="textbook-3.2",
)
grouping.judge(
    "按风险等级编组时，风险等级越高的部位，一般越应固定显示或缩短轮巡间隔。",
    True,
    "风险越高越需要实时可见，这是按风险编组的出发点。",
    d=3,
    lv="understand",
)

grouping.short(
    "简述视频监控编组的常用方法（依据）。",
    "1. 按区域编组：楼栋、楼层、周界分段等；\n"
    "2. 按功能编组：出入口、停车场、通道、电梯等；\n"
    "3. 按风险等级编组：重点部位单独成组；\n"
    "4. 按路线编组：沿人员、车辆通行路线组织，便于追踪。",
    ["按区域编组", "按功能编组", "按风险等级（重点部位）编组", "按通行路线编组"],
    "每种方法一个要点，举例恰当即可。",
    d=3,
    lv="remember",
)
grouping.short(
    "值班员发现监控盲区后应如何处理？",
    "1. 核实盲区位置、范围和形成原因，并在值班记录中登记；\n"
    "2. 向主管和运维人员报告；\n"
    "3. 整改前采取临时措施：调整相邻云台摄像机或预置位覆盖，或安排人员巡查、定点值守；\n"
    "4. 提出整改建议（调整角度、增设点位、清除遮挡）并跟踪落实。",
    ["核实并记录", "报告主管和运维", "采取临时补位措施", "提出整改建议并跟踪"],
    "每项措施一个要点。",
    d=4,
    lv="apply",
    ch="textbook-3.3",
)
grouping.short(
    "简述 GB/T 28181 中 20 位统一编码的组成。",
    "1. 中心编码（第 1～8 位）：所属行政区划及基层单位；\n"
    "2. 行业编码（第 9～10 位）；\n"
    "3. 类型编码（第 11～13 位）：设备、用户或系统的类型；\n"
    "4. 网络标识（第 14 位）；\n"
    "5. 序号（第 15～20 位）。",
    ["中心编码（8位）", "行业编码（2位）", "类型编码（3位）", "网络标识（1位）", "序号（6位）"],
    "每一组成部分（名称与位数）一个要点；只答名称未答位数的酌情给分。",
    d=5,
    lv="remember",
    ch="textbook-3.4",
    prov="needs-expert",
    basis="GB/T 28181 编码规则（位段划分待核）",
)
grouping.short(
    "制定视频轮巡方案时应考虑哪些因素？",
    "1. 参与轮巡的摄像机和分组，重点部位优先；\n"
    "2. 每路画面的停留时间；\n"
    "3. 显示的窗口、监视器及画面分割方式；\n"
    "4. 不同时段（白天、夜间、重大活动）的差异；\n"
    "5. 与报警联动、固定显示画面的配合。",
    ["参与的摄像机和分组", "停留时间", "显示窗口与画面分割", "不同时段的差异", "与报警联动的配合"],
    "每个因素一个要点。",
    d=4,
    lv="apply",
    ch="textbook-3.2",
)

# --------------------------------------------------------------------------- alarm screening

screening = Topic("alarm-screening", "textbook-4.3")

screening.single(
    "报警信息甄别的首要目的是（　）。",
    "判断报警是真实警情、误报还是设备故障，以便采取相应处置",
    ["统计每个防区的报警次数", "尽快让报警声音停止", "确定报警设备的生产厂家"],
    "甄别决定后续怎么处置：真实警情立即处置，误报查找原因，故障及时报修。",
    d=2,
    lv="understand",
    ch="textbook-4.1",
)
screening.single(
    "下列不属于入侵报警误报原因的是（　）。",
    "报警控制器处于撤防状态",
    ["小动物进入探测区域", "大风吹动树枝、飘挂物", "探测器安装位置不当"],
    "撤防状态下入侵探测器的报警不被响应，不会产生入侵报警，更谈不上误报；其余三项都是常见误报原因。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.single(
    "被动红外探测器探测的是（　）。",
    "人体等目标发出的红外辐射变化",
    ["环境中的声音变化", "墙体或玻璃的振动", "磁场的变化"],
    "被动红外探测器本身不发射信号，感知探测区内红外辐射（热）的变化；振动、磁场分别由振动探测器、门磁探测。",
    d=2,
    lv="remember",
    ch="textbook-4.2",
)
screening.single(
    "被动红外探测器正对空调出风口或暖气片安装，最容易造成（　）。",
    "误报",
    ["防拆报警", "主机断电", "录像丢失"],
    "冷热气流引起的温度快速变化会被当作人体活动，导致误报；安装时应避开热源和气流。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.single(
    "主动红外对射探测器在浓雾、大雪天气中容易出现的问题是（　）。",
    "红外光束被衰减或遮挡而产生误报",
    ["报警控制器自动撤防", "录像文件丢失", "出入口控制系统失效"],
    "对射探测器靠发射端与接收端之间的光束工作，浓雾、大雪、大雨都会衰减光束，触发报警。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.single(
    "某门磁（磁开关）探测器频繁报警，现场无人开门，最可能的原因是（　）。",
    "门扇松动或门缝过大，磁体与干簧管错位",
    ["附近摄像机镜头脏污", "录像机硬盘已满", "网络存在延时"],
    "门磁由磁体和干簧管组成，二者距离变大即报警；门扇晃动会使其时开时合，造成反复误报。",
    d=3,
    lv="apply",
    ch="textbook-4.2",
)
screening.single(
    "临街墙体上的振动探测器频繁报警，复核画面均无人，最可能的原因是（　）。",
    "过往重型车辆等引起的环境振动",
    ["有人从正门正常进出", "该防区已被旁路", "报警控制器备用电池充满"],
    "振动探测器对环境振动敏感，安装在临街墙体上易受车辆振动干扰，应调整灵敏度或安装位置；"
    "被旁路的防区不会报警。",
    d=3,
    lv="apply",
    ch="textbook-4.2",
)
screening.single(
    "收到某防区入侵报警后进行视频复核，应首先调看（　）。",
    "该防区联动摄像机的实时图像和报警前后的录像",
    ["与报警防区无关的其他画面", "前一天同一时段的录像", "停车场的收费记录"],
    "实时图像看现场现状，报警前后录像看触发原因和人员去向，二者结合才能判断。",
    d=3,
    lv="apply",
)
screening.single(
    "视频复核发现报警区域内有一只猫在活动，无人员入侵迹象，该报警应判定为（　）。",
    "小动物引起的误报",
    ["真实入侵警情", "设备故障报警", "紧急求助报警"],
    "报警由小动物触发，不存在入侵，属误报；应记录，必要时调整探测器（如选用防宠物型）。",
    d=2,
    lv="apply",
)
screening.single(
    "室外摄像机的越界侦测在夜间频繁报警，回放发现是过往车灯的光影晃动，最合理的判断是（　）。",
    "光线变化引起的智能分析误报",
    ["有人真实越界入侵", "硬盘故障", "网络遭受攻击"],
    "车灯、阴影等光线变化是视频智能分析误报的常见原因，可通过调整检测区域、灵敏度和目标过滤减少。",
    d=4,
    lv="apply",
    ch="textbook-4.2",
)
screening.single(
    "因入侵探测器机壳被打开而产生的报警属于（　）。",
    "防拆报警",
    ["火灾报警", "紧急报警", "故障恢复提示"],
    "探测器、控制器的外壳被打开会触发防拆装置，这是防破坏措施，无论设防还是撤防都会报警。",
    d=2,
    lv="remember",
    ch="textbook-4.1",
    basis="GB 50394-2007 第5.2.4条",
)
screening.single(
    "同一防区在短时间内多次报警，每次复核均无异常，较合理的处理是（　）。",
    "按误报记录并报修；确需旁路的，按权限审批，并安排人员巡查补位",
    [
        "直接拆除该探测器",
        "关闭报警控制器电源",
        "不作记录，等下次报警再说",
    ],
    "反复误报说明设备或环境有问题，要记录、报修；旁路会使防区失去保护，必须审批并用人防补位。",
    d=4,
    lv="apply",
    ch="TBAX0001.1",
)
screening.single(
    "夜间沿围墙相邻的 3 个周界防区在 1 分钟内依次报警，联动画面中隐约可见人影移动，这一报警特征通常说明（　）。",
    "有人正沿围墙移动，真实入侵的可能性很大",
    ["3 个探测器恰好同时老化失效", "报警控制器的时钟不准", "网络延时造成报警信息重复"],
    "相邻防区按顺序报警、时间间隔与人的行走速度相符，再加上画面中的人影，是典型的入侵特征，应立即派人并持续跟踪。",
    d=3,
    lv="apply",
)
screening.single(
    "关于误报与漏报，下列说法正确的是（　）。",
    "漏报是发生入侵而系统未报警，危害更大；误报也应认真复核并查找原因",
    [
        "误报没有造成损失，不需要记录",
        "只要探测器质量合格，就不可能发生漏报",
        "误报和漏报是同一个意思",
    ],
    "入侵报警系统不得有漏报警；误报虽然没有警情，但频繁误报会使人麻痹，同样要查因整改。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
    basis="GB 50394-2007 第5.2.2条",
)
screening.single(
    "没有视频覆盖的防区发生报警时，值班员核实警情的可行方式是（　）。",
    "派保安员到现场查看，或通过对讲、电话联系现场人员",
    ["直接判定为误报", "等待下一次报警", "直接复位后继续值班"],
    "无图像可看时，要用人员到场或电话、对讲核实，不能因为“看不到”就当作误报。",
    d=2,
    lv="apply",
)
screening.single(
    "报警经复核判定为误报后，下列做法**错误**的是（　）。",
    "误报不写入值班记录，以免影响考核",
    [
        "在值班记录中登记报警时间、防区和误报原因",
        "处理完毕后由有权限人员复位报警",
        "对反复误报的探测器报修",
    ],
    "误报同样要如实记录，这是查找规律、整改设备的依据；隐瞒误报违反值班纪律。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
screening.single(
    "微波与被动红外复合（双鉴）探测器相比单一的被动红外探测器，主要优点是（　）。",
    "两种技术同时探测到才报警，误报率较低",
    ["不需要供电", "可以探测火灾", "不受任何遮挡影响"],
    "双鉴探测器要求微波和红外同时确认，单一干扰（如热气流）不易触发，因而误报率较低。",
    d=4,
    lv="understand",
    ch="textbook-4.2",
)
screening.single(
    "某夜监控中心收到以下报警：\n\n"
    "| 时间 | 防区 | 类型 | 视频复核情况 |\n"
    "|---|---|---|---|\n"
    "| 01:12 | 3号 周界对射 | 入侵 | 大雾，画面中无人 |\n"
    "| 01:40 | 3号 周界对射 | 入侵 | 大雾，画面中无人 |\n"
    "| 02:05 | 7号 财务室门磁 | 入侵 | 联动摄像机画面被遮挡 |\n\n"
    "值班员最应优先处置的是（　）。",
    "02:05 的 7 号财务室防区报警",
    [
        "01:12 的 3 号周界防区报警",
        "01:40 的 3 号周界防区报警",
        "先把 3 号防区的误报全部处理完再处理 7 号防区",
    ],
    "3 号防区报警与大雾天气吻合，很可能是对射误报；7 号是财务室门磁报警且画面被遮挡，"
    "存在人为遮挡、蓄意入侵的可能，应立即派人核实并做好报警准备。",
    d=5,
    lv="apply",
)

screening.multiple(
    "入侵报警误报的常见原因有（　）。",
    ["小动物活动", "风、雨、雪、雾等恶劣天气", "探测器安装不当或老化", "用户未撤防就进入设防区域"],
    ["有人翻越围墙触发周界探测器"],
    "误报可归为环境、生物、设备、人为四类；有人翻越围墙触发报警是真实入侵，不是误报。",
    d=3,
    lv="remember",
    ch="textbook-4.2",
)
screening.multiple(
    "报警复核的手段有（　）。",
    ["调看联动摄像机的实时图像", "回放报警前后的录像", "声音复核（监听现场）", "派人到现场核实"],
    ["凭经验直接判定为误报"],
    "复核要有依据：图像、声音、人员到场都是复核手段；凭经验判断不是复核。",
    d=2,
    lv="remember",
)
screening.multiple(
    "下列情形中，应按真实警情先行处置的有（　）。",
    [
        "紧急报警按钮被触发，拨打现场电话无人接听",
        "视频可见有人正在翻越围墙",
        "金库防区入侵报警的同时，该探测器出现防拆报警",
    ],
    ["复核发现报警由飘动的塑料袋引起"],
    "紧急报警后电话无人接听、入侵与防拆同时报警、画面可见有人翻墙，都有真实警情的迹象或无法排除警情，应先按警情处置；塑料袋飘动已查明为误报。",
    d=4,
    lv="apply",
)
screening.multiple(
    "被动红外探测器误报的常见诱因有（　）。",
    ["正对空调、暖气等热源或出风口", "阳光直射或强光照射变化", "宠物、老鼠等小动物活动"],
    ["门窗关闭严密"],
    "被动红外对温度变化敏感，热源、强光、小动物都可能引起误报；门窗关严反而减少气流干扰。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.multiple(
    "判断一次报警是否为误报，应综合考虑（　）。",
    [
        "视频、声音等复核结果",
        "当时的天气和环境情况",
        "该防区近期的报警和故障记录",
        "防区位置及探测器类型",
    ],
    ["报警声音的音量大小"],
    "复核结果是直接依据，天气环境、历史记录和探测器类型帮助分析原因；音量只是提示方式。",
    d=4,
    lv="apply",
)
screening.multiple(
    "视频智能分析（越界侦测、区域入侵侦测等）误报的常见原因有（　）。",
    ["车灯、阴影等光线变化", "树叶晃动、雨雪、飞虫等干扰", "检测区域和灵敏度设置不当"],
    ["摄像机安装牢固、画面稳定"],
    "光线、动态背景和参数设置是智能分析误报的主要来源；画面稳定有利于减少误报。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.multiple(
    "报警甄别结束后，值班记录中应记录的内容有（　）。",
    ["报警时间和防区（位置）", "复核方式与结果", "采取的处置措施", "处理人"],
    ["与报警无关的个人猜测和评论"],
    "记录要客观、完整，可供追溯；与事实无关的猜测和评论不应写入。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
screening.multiple(
    "为减少误报，可以采取的措施有（　）。",
    [
        "按环境选用合适的探测器（如防宠物型、双鉴型）",
        "调整探测器安装位置和角度，避开干扰源",
        "合理调整灵敏度",
    ],
    ["把误报多的防区长期旁路", "拆除误报多的探测器"],
    "减少误报要从选型、安装、调试入手；长期旁路或拆除会让防区失去保护，造成漏报风险。",
    d=4,
    lv="apply",
    ch="textbook-4.2",
)

screening.judge(
    "复核报警时，只要实时画面中看不到人员，就可以直接判定为误报。",
    False,
    "入侵者可能已离开画面或躲在盲区，还应回放报警前后录像，必要时派人核实。",
    d=3,
    lv="apply",
)
screening.judge(
    "漏报是指发生了入侵，而系统没有发出报警。",
    True,
    "漏报是入侵报警系统最严重的缺陷，系统不得有漏报警。",
    d=1,
    lv="remember",
    ch="textbook-4.2",
    basis="GB 50394-2007 第5.2.2条",
)
screening.judge(
    "误报频繁会使值班员产生麻痹思想，因此应查明误报原因并整改。",
    True,
    "“狼来了”效应会让值班员对报警失去警惕，真实警情来临时反应迟缓。",
    d=2,
    lv="understand",
    ch="textbook-4.2",
)
screening.judge(
    "复核报警时，应同时查看报警前后的录像，因为入侵者可能已经离开实时画面。",
    True,
    "实时画面只反映当下，报警前后录像才能看清触发原因和人员去向。",
    d=2,
    lv="apply",
)
screening.judge(
    "故障报警不是警情，可以等交接班后再统一处理。",
    False,
    "故障意味着部分防区或设备失去保护，应立即记录、报修并采取临时措施。",
    d=2,
    lv="understand",
    ch="TBAX0001.1",
)
screening.judge(
    "防拆报警只在系统设防状态下才会产生。",
    False,
    "设备外壳被打开、线路被破坏等防拆（防破坏）报警在设防和撤防状态下都应产生。",
    d=4,
    lv="remember",
    ch="textbook-4.1",
    basis="GB 50394-2007 第5.2.4条",
)
screening.judge(
    "用户未撤防就开门进入设防区域而引起的报警，属于操作失误造成的误报。",
    True,
    "这是最常见的人为误报之一，应提醒用户规范设防、撤防操作。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.judge(
    "振动探测器的灵敏度调得越高越好，可以避免漏报。",
    False,
    "灵敏度过高会对车辆、风等环境振动产生大量误报，应按现场情况调试到合适水平。",
    d=2,
    lv="understand",
    ch="textbook-4.2",
)
screening.judge(
    "报警信息显示的防区编号应与现场平面图和防区表相对应，便于迅速确定报警位置。",
    True,
    "防区表和平面图是甄别和派警的基础资料，应放在值班台并随现场变化更新。",
    d=2,
    lv="remember",
    ch="textbook-4.1",
)

screening.short(
    "入侵报警误报的原因可以归为哪几类？请各举一例。",
    "1. 环境因素：风、雨、雪、雾，光线、温度、气流变化，环境振动等；\n"
    "2. 生物因素：猫、鼠、鸟、昆虫等小动物活动；\n"
    "3. 设备因素：探测器选型或安装不当、灵敏度设置不当、老化故障；\n"
    "4. 人为因素：未撤防就进入、误触紧急按钮等操作失误。",
    ["环境因素及举例", "生物（小动物）因素及举例", "设备因素及举例", "人为操作因素及举例"],
    "每类原因答出并举例恰当得该要点。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)
screening.short(
    "简述收到入侵报警后进行视频复核的步骤。",
    "1. 确认报警防区的位置和对应（联动）摄像机；\n"
    "2. 调看实时图像，观察现场有无人员和异常；\n"
    "3. 回放报警前后的录像，查找触发原因和人员去向；\n"
    "4. 图像不能确认时，结合声音复核、电话对讲或派人到现场核实；\n"
    "5. 作出判断（真实警情、误报或故障），按规定处置并记录。",
    [
        "确定防区位置和联动摄像机",
        "查看实时图像",
        "回放报警前后录像",
        "无法确认时用其他方式核实",
        "作出判断并处置、记录",
    ],
    "按步骤给分。",
    d=4,
    lv="apply",
)
screening.short(
    "深夜前台的紧急报警按钮被触发，值班员拨打前台电话，对方称“没事，按错了”，但语气紧张、急于挂断。"
    "请写出值班员接下来的处置要点。",
    "1. 不能仅凭对方一句话判定为误触发，对方可能受到胁迫，应按紧急警情对待；\n"
    "2. 用预先约定的暗语或追问细节进一步核实，注意不要让可能在场的嫌疑人察觉；\n"
    "3. 立即派保安员到前台查看，同时持续监视前台及周边出入口画面；\n"
    "4. 确认有警情的，按预案处置并拨打 110；确认确属误触发的，由有权限人员复位；\n"
    "5. 在值班记录中登记全过程，并向上级报告。",
    [
        "按紧急警情对待，考虑受胁迫的可能",
        "用暗语或追问进一步核实且不打草惊蛇",
        "派人到场并持续监视前台和出入口",
        "按核实结果处置报警或复位",
        "记录并报告",
    ],
    "每项一个要点；直接复位、不再核实的，第1、4项不得分。",
    d=5,
    lv="apply",
)
screening.short(
    "简述误报与漏报的区别，并说明为什么误报也必须认真对待。",
    "1. 误报：没有入侵或紧急情况，系统却发出了报警；\n"
    "2. 漏报：发生了入侵或紧急情况，系统却没有报警；\n"
    "3. 漏报危害更大，入侵报警系统不得有漏报警；\n"
    "4. 误报频繁会使人麻痹、可能掩盖真实警情并浪费处置力量，必须复核、记录并查因整改。",
    ["误报的含义", "漏报的含义", "漏报危害更大、不得漏报", "误报的危害与对策"],
    "每项一个要点。",
    d=3,
    lv="understand",
    ch="textbook-4.2",
)

screening.multiple(
    "某晚值班期间收到以下报警：\n\n"
    "| 时间 | 防区 | 报警信息 | 视频复核情况 |\n"
    "|---|---|---|---|\n"
    "| 22:10 | 5号 东侧围墙对射 | 入侵报警 | 大雾，画面中无人 |\n"
    "| 22:11 | 5号 东侧围墙对射 | 入侵报警 | 大雾，画面中无人 |\n"
    "| 23:40 | 12号 机房门磁 | 防拆报警 | 画面正常，无人 |\n"
    "| 00:15 | 2号 前台紧急按钮 | 紧急报警 | 前台人员站立，画面无异常 |\n\n"
    "下列判断正确的有（　）。",
    [
        "5号防区报警与大雾天气吻合，可能是误报，但仍应记录，必要时派人查看",
        "12号防区的防拆报警说明探测器外壳可能被打开，应派人查看",
        "上述每一起报警都应记入值班记录",
    ],
    [
        "2号紧急报警画面无异常，可以直接复位",
        "12号防区如处于撤防状态，就不会产生防拆报警",
    ],
    "大雾中对射误报常见，但不能不记录、不核实；防拆报警在设防、撤防状态下都会产生，应派人查看；"
    "紧急报警画面无异常也要按警情核实到人，不能直接复位。",
    d=5,
    lv="apply",
)

# --------------------------------------------------------------------------- alarm handling

handling = Topic("alarm-handling", "textbook-5.1")

handling.single(
    "值班员接到报警后，处置的一般流程是（　）。",
    "接警→核实→处置（派警）→上报→跟踪→记录",
    [
        "记录→接警→上报→核实→处置→跟踪",
        "上报→记录→接警→处置→核实→跟踪",
        "处置→接警→记录→核实→上报→跟踪",
    ],
    "先接警确认信息，再核实真伪，然后处置、按需上报，跟踪到结束，最后完整记录。",
    d=2,
    lv="remember",
    ch="TBAX0001.1",
)
handling.single(
    "值班员通过视频发现有人正在翻越围墙，派保安员前往的同时，还应（　）。",
    "持续用视频跟踪其去向，视情况拨打 110，并向上级报告",
    [
        "离开监控中心亲自去追赶",
        "关闭该区域摄像机，以免打草惊蛇",
        "等其离开后再回放录像",
    ],
    "值班员的作用是“眼睛”和“指挥”：持续跟踪并通报位置，按需报警和上报，不能离岗或中断监视。",
    d=4,
    lv="apply",
)
handling.single(
    "值班员通过视频发现楼内冒烟起火，应拨打的报警电话是（　）。",
    "119",
    ["110", "120", "122"],
    "119 是火警电话；110 是治安报警，120 是医疗急救，122 是交通事故报警。",
    d=1,
    lv="remember",
    ch="textbook-5.3",
)
handling.single(
    "视频中发现有人突然晕倒、呼之不应，应拨打的求助电话是（　）。",
    "120",
    ["110", "119", "122"],
    "人员急病、受伤需要医疗急救时拨打 120，同时派人到场并引导救护人员。",
    d=1,
    lv="remember",
    ch="textbook-5.3",
)
handling.single(
    "向 110 报警时，首先要讲清楚的是（　）。",
    "事发的详细地点和警情性质",
    ["监控系统的品牌和型号", "值班员的排班情况", "报警人所在单位的发展历史"],
    "地点和警情性质决定出警的去向和力量，应首先讲清，再补充人数、伤亡、嫌疑人特征等。",
    d=2,
    lv="apply",
    ch="textbook-5.3",
)
handling.single(
    "警情处置完毕后，值班员应（　）。",
    "如实、完整地填写报警处置记录，并保存相关录像",
    ["立即删除相关录像以节省空间", "只口头告诉下一班", "等到月底统一补记"],
    "处置记录和录像是追溯和证明的依据，应当及时、如实、完整地形成并保存。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
handling.single(
    "发生盗窃案件后，对案发时段的相关录像，正确的做法是（　）。",
    "立即备份或锁定，防止被循环覆盖，并按规定移交",
    [
        "按正常保存期限让其自动覆盖",
        "剪辑精彩片段发到工作群",
        "交给任何前来询问的人员",
    ],
    "录像会被循环覆盖，案件相关录像应第一时间保全，经审批后按规定移交公安机关。",
    d=3,
    lv="apply",
    ch="textbook-5.4",
)
handling.single(
    "保安员到达案发现场后，值班员指导其保护现场，正确的是（　）。",
    "划定保护范围，禁止无关人员进入，不触动现场物品，等待公安机关勘查",
    [
        "清扫现场，尽快恢复正常秩序",
        "允许围观群众进入拍照",
        "把现场物证收集起来送到监控中心保管",
    ],
    "现场痕迹物证是破案依据，保护现场就是保持原状、控制进入，等待公安机关勘查。",
    d=3,
    lv="apply",
    ch="textbook-5.4",
)
handling.single(
    "值班员通过视频发现有人在停车场逐一拉拽车门，较恰当的处置是（　）。",
    "持续监视并派保安员前往盘查劝离，视情况报警，并保存录像",
    [
        "通过广播公开该人的体貌特征和姓名",
        "不予理会，因为车门未被打开",
        "关闭停车场照明，迫使其离开",
    ],
    "拉拽车门是盗窃前兆，应盯住目标、派人处置、保全录像；公开个人信息和关灯都不妥当。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.single(
    "监控中心接到电话，称某处发生纠纷并有人受伤，值班员应（　）。",
    "问清地点和伤情，调看视频核实，同时派人到场，需要时拨打 120、110",
    [
        "等对方再次来电确认后再处理",
        "让当事人自行协商解决",
        "先把值班记录写完再处理",
    ],
    "有人受伤时时间就是生命：边核实边派人，需要时立即拨打急救和报警电话，记录可事后补全细节。",
    d=4,
    lv="apply",
    ch="textbook-5.2",
)
handling.single(
    "处置警情时需要有人赶赴现场，监控中心值班员正确的做法是（　）。",
    "派其他保安员前往，监控中心不得无人值守",
    [
        "锁好监控中心门后亲自前往",
        "关闭系统后前往，回来再查看录像",
        "请保洁人员临时代为看守监控中心",
    ],
    "监控中心是指挥和监视的中枢，处置警情时更不能脱岗；现场处置由保安员完成，值班员持续监视和指挥。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
handling.single(
    "发现火情并拨打 119 后，值班员还应（　）。",
    "按预案通知现场人员初期扑救、组织疏散，并安排人员接应消防车",
    ["关闭所有监控画面", "等火势扩大后再通知相关人员", "先调查起火原因和责任人"],
    "报警后要立即启动预案：初期扑救、疏散人员、引导消防车，同时向负责人报告。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.single(
    "指挥保安员处置持械伤人等暴力事件时，值班员首先应强调的是（　）。",
    "在确保自身安全的前提下疏散群众、控制事态，并立即报警",
    ["不惜一切代价独自制服行凶者", "优先保护监控设备", "先拍照取证再处置"],
    "处置暴力事件要“报警、疏散、控制、自保”，保安员不应孤身冒险，应等待公安机关处置。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.single(
    "对报警处置记录的要求是（　）。",
    "及时、真实、准确、完整",
    ["可以事后凭记忆补写，不必写明时间", "只记录真实警情，误报不记", "为简洁只写“已处理”"],
    "处置记录是追溯依据，要写清时间、地点、经过、措施和结果，误报也要登记。",
    d=2,
    lv="remember",
    ch="TBAX0001.1",
)
handling.single(
    "值班员发现警情超出本单位的处置能力时，应（　）。",
    "立即向公安、消防等部门报警，并报告单位负责人",
    ["等天亮后再向领导报告", "由本单位自行处理，不对外报告", "只在值班记录中写明"],
    "超出能力的警情必须借助专业力量，报警和向上报告要同时进行，不能拖延或隐瞒。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
handling.single(
    "报警处置流程中“跟踪”环节的含义是（　）。",
    "持续关注警情进展和处置结果，直至事件结束并得到反馈",
    ["跟随嫌疑人到其住所", "只等待公安机关的通知", "处置结束后删除记录"],
    "跟踪要求值班员对警情“有始有终”，掌握处置进展，直到事件结束才闭环。",
    d=3,
    lv="understand",
    ch="TBAX0001.1",
)
handling.single(
    "派出保安员赶赴现场后，值班员应通过对讲机（　）。",
    "持续通报嫌疑人的位置和动向，引导其到达现场",
    ["关闭对讲机，以免干扰保安员", "等保安员到场后再联系", "要求保安员先回监控中心领取指令"],
    "值班员能在画面中看到全局，应实时通报目标动向，使现场力量少走弯路。",
    d=2,
    lv="apply",
    ch="textbook-5.1",
)
handling.single(
    "公安机关民警前来调取录像时，监控中心应（　）。",
    "查验民警的证件和调取手续，按规定审批、登记后提供",
    ["只要口头说明即可直接拷贝", "一律拒绝，必须先征得当事人同意", "让民警自行操作系统拷贝"],
    "依法调取应予配合，但要核验身份和手续、登记调取内容，由本单位人员操作导出。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
handling.single(
    "值班员电话报警后，在等待民警到达期间应（　）。",
    "保持电话畅通，安排人员接应引导民警，并持续监视现场",
    ["认为已经报警，事情与己无关", "关掉相关画面以防泄露", "自行结束处置并复位报警"],
    "报警后值班员仍是现场信息的来源：保持联系、接应引导、持续监视并把新情况告知民警。",
    d=3,
    lv="apply",
    ch="textbook-5.3",
)

handling.multiple(
    "向 110 报警时应说清的内容有（　）。",
    ["事发的详细地点", "警情性质和现场情况（人数、有无凶器、伤亡）", "报警人姓名和联系电话"],
    ["监控中心设备的品牌型号"],
    "地点、警情、联系方式是出警必需的信息；设备品牌与出警无关。",
    d=2,
    lv="remember",
    ch="textbook-5.3",
)
handling.multiple(
    "警情处置过程中保全证据的做法有（　）。",
    ["及时备份或锁定相关录像", "保护好案发现场", "记录处置过程和各时间节点"],
    ["对录像画面进行修饰后保存", "允许围观人员进入现场拍照"],
    "证据要原始、完整；修饰录像、破坏现场都会损害证据。",
    d=3,
    lv="apply",
    ch="textbook-5.4",
)
handling.multiple(
    "值班员处置警情时应遵循的原则有（　）。",
    ["人员生命安全第一", "快速反应、及时报告", "依法依规处置"],
    ["先保护设备财产，后救助人员", "为免麻烦，小事不报告"],
    "生命安全优先、快速报告、依法处置是警情处置的基本原则。",
    d=3,
    lv="understand",
    ch="TBAX0001.1",
)
handling.multiple(
    "报警处置记录一般应包括（　）。",
    ["报警时间和位置", "报警类型和核实结果", "处置措施和结果（派警、报警情况）", "处置人员"],
    ["值班员对当事人的主观评价"],
    "记录要客观反映事件经过，供追溯、统计和考核；主观评价不应写入。",
    d=3,
    lv="remember",
    ch="TBAX0001.1",
)
handling.multiple(
    "发现火情后，值班员应采取的措施有（　）。",
    [
        "确认火情后立即拨打 119",
        "通知现场人员用灭火器材初期扑救并组织疏散",
        "启动应急预案并报告负责人",
        "安排人员接应、引导消防车",
    ],
    ["先组织人员搬运贵重设备，再报警"],
    "报警和疏散永远优先于抢救财物，延误报警可能造成更大损失。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.multiple(
    "值班员通过对讲机与现场保安员沟通时，应做到（　）。",
    ["指令明确、简短", "持续通报目标动向", "确认对方已收到指令"],
    ["在公共对讲频道播报当事人的身份证号码"],
    "对讲沟通要清楚、及时、可确认；公开播报个人敏感信息违反个人信息保护要求。",
    d=3,
    lv="apply",
    ch="textbook-5.1",
)
handling.multiple(
    "发现疑似爆炸物等可疑物品时，正确的做法有（　）。",
    ["不触动、不移动可疑物品", "疏散周围人员并设置警戒区域", "立即拨打 110 报警"],
    ["打开包装查看内部物品", "将可疑物品移到监控中心保管"],
    "可疑物品可能被触动引爆，只能隔离、疏散、报警，交由专业人员处置。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.multiple(
    "收到电梯困人报警时，值班员应采取的措施有（　）。",
    [
        "通过电梯对讲安抚被困人员并了解情况",
        "通知电梯维保单位到场救援",
        "通过轿厢摄像机观察人员状况，有伤病时联系 120",
    ],
    ["指导被困人员自行扒开轿厢门出来"],
    "困人救援应由专业维保人员进行，自行扒门可能造成坠落等严重后果。",
    d=3,
    lv="apply",
    ch="textbook-5.2",
)
handling.multiple(
    "报警处置结束后的收尾工作包括（　）。",
    ["确认报警已复位、系统恢复正常设防", "填写处置记录", "保存相关录像资料", "向上级汇报处置结果"],
    ["删除本次报警的历史记录"],
    "收尾要让系统恢复、记录完整、资料留存、结果上报；报警历史记录不允许删除。",
    d=3,
    lv="apply",
    ch="TBAX0001.1",
)

handling.judge(
    "接到报警后，值班员应通过视频、声音或派人等方式核实，并根据核实结果采取相应处置。",
    True,
    "核实决定处置方式；紧急情况下可以边核实边派人，但不能不经核实就判定和结束。",
    d=1,
    lv="remember",
    ch="TBAX0001.1",
)
handling.judge(
    "发生火灾时，应组织人员乘坐电梯快速疏散。",
    False,
    "火灾时电梯可能断电停运、井道可能充满烟气，应通过疏散楼梯疏散。",
    d=1,
    lv="remember",
    ch="textbook-5.2",
)
handling.judge(
    "案件发生后，为防止泄露，应尽快删除相关录像。",
    False,
    "相关录像是重要证据，应立即备份保全并按规定移交，删除录像可能承担法律责任。",
    d=1,
    lv="understand",
    ch="textbook-5.4",
)
handling.judge(
    "向 110 报警时，应等接警员把情况问清楚后再挂断电话。",
    True,
    "接警员需要确认地点、警情和联系方式，报警人先挂断电话会导致信息不全、延误出警。",
    d=2,
    lv="apply",
    ch="textbook-5.3",
)
handling.judge(
    "处置暴力事件时，应在确保自身安全的前提下开展处置。",
    True,
    "处置人员受伤会使事态更难控制，应先报警、疏散群众，在保证自身安全的前提下控制事态。",
    d=2,
    lv="understand",
    ch="textbook-5.2",
)
handling.judge(
    "值班员处置一起警情期间，可以关闭其他报警的声光提示，以便专心处置。",
    False,
    "处置一起警情时其他防区仍可能报警，关闭提示会造成漏接警；应请求增援，而不是屏蔽报警。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
handling.judge(
    "向 110 报警后，值班员仍应持续监视现场，并把新情况及时告知出警民警。",
    True,
    "值班员掌握画面信息，能为民警提供嫌疑人去向等实时情况。",
    d=2,
    lv="apply",
    ch="textbook-5.3",
)
handling.judge(
    "发现可疑爆炸物时，应立即把它搬到空旷处，以减少危害。",
    False,
    "搬动可能引爆，应不触动、不移动，疏散人员、设置警戒并报警，由专业人员处置。",
    d=2,
    lv="apply",
    ch="textbook-5.2",
)
handling.judge(
    "警情处置记录可以在月底集中补填。",
    False,
    "记录应及时填写，事后补写容易遗漏和失真，也失去了过程记录的意义。",
    d=1,
    lv="remember",
    ch="TBAX0001.1",
)
handling.judge(
    "对需要保全的录像，应在其被循环覆盖之前及时备份或锁定。",
    True,
    "录像达到保存期限后会被新录像覆盖，保全必须赶在覆盖之前。",
    d=3,
    lv="understand",
    ch="textbook-5.4",
)
handling.judge(
    "处置警情过程中，现场保安员应通过对讲机及时向监控中心反馈处置进展。",
    True,
    "现场反馈让值班员掌握进展、及时调整指挥，并为上报和记录提供依据。",
    d=2,
    lv="understand",
    ch="TBAX0001.1",
)

handling.short(
    "简述值班员接到入侵报警后的处置流程。",
    "1. 接警：确认报警防区、位置和时间；\n"
    "2. 核实：通过视频、声音或派人到现场核实；\n"
    "3. 处置：确认警情后派保安员到场处置，持续跟踪嫌疑人并保护现场；\n"
    "4. 上报：按需拨打 110，并向单位负责人报告；\n"
    "5. 跟踪与记录：跟踪直至事件结束，保全录像，如实填写处置记录。",
    [
        "接警",
        "核实",
        "处置（派警、跟踪、保护现场）",
        "上报（110、负责人）",
        "跟踪结束并记录、保全录像",
    ],
    "每个环节一个要点，环节内容正确即可。",
    d=3,
    lv="apply",
    ch="TBAX0001.1",
)
handling.short(
    "向 110 报警时，应向接警员讲清哪些内容？",
    "1. 事发的详细地点（单位名称、地址、具体部位）；\n"
    "2. 警情性质和经过；\n"
    "3. 现场情况：人数、有无凶器、伤亡情况，嫌疑人特征和去向；\n"
    "4. 报警人姓名、单位和联系电话。",
    [
        "详细地点",
        "警情性质和经过",
        "现场情况（人数、凶器、伤亡、嫌疑人特征去向）",
        "报警人姓名和联系方式",
    ],
    "每项一个要点。",
    d=3,
    lv="remember",
    ch="textbook-5.3",
)
handling.short(
    "简述发现火情后值班员的处置要点。",
    "1. 通过视频、火灾报警信息或派人确认火情；\n"
    "2. 立即拨打 119，并报告单位负责人；\n"
    "3. 启动预案，通知现场人员初期扑救，组织人员从疏散楼梯疏散（不乘电梯）；\n"
    "4. 安排人员到路口接应、引导消防车；\n"
    "5. 持续监视火情，保存录像，做好记录。",
    [
        "确认火情",
        "拨打 119 并报告负责人",
        "启动预案、初期扑救、组织疏散",
        "接应引导消防车",
        "持续监视、保存录像、记录",
    ],
    "每项一个要点。",
    d=4,
    lv="apply",
    ch="textbook-5.2",
)
handling.short(
    "案件发生后，监控中心应如何保全视频证据？",
    "1. 立即锁定或备份相关点位、相关时段的原始录像，防止被覆盖；\n"
    "2. 核对并记录录像设备时间与标准时间的偏差；\n"
    "3. 按审批程序导出，登记导出人、时间、内容和接收人；\n"
    "4. 妥善保管存储介质，严格控制知悉范围，不得外传。",
    ["锁定或备份原始录像", "核对记录时间偏差", "审批导出并登记", "妥善保管、控制知悉范围"],
    "每项一个要点。",
    d=5,
    lv="apply",
    ch="textbook-5.4",
)
handling.short(
    "简述发现疑似爆炸物时的处置要点。",
    "1. 不触动、不移动、不打开可疑物品；\n"
    "2. 立即拨打 110 报警，并报告单位负责人；\n"
    "3. 疏散周围人员，设置警戒区域，禁止无关人员靠近；\n"
    "4. 持续视频监视可疑物品及周边，保存录像，查找放置人员。",
    ["不触动、不移动、不打开", "报警并报告", "疏散人员、设置警戒", "持续监视、保存录像"],
    "每项一个要点。",
    d=4,
    lv="apply",
    ch="textbook-5.2",
)
handling.short(
    "简述警情处置记录应包含的主要内容。",
    "1. 报警时间、地点（防区）；\n"
    "2. 报警类型、核实方式和核实结果；\n"
    "3. 采取的处置措施（派警、报警、联动）及处置结果；\n"
    "4. 处置人、记录人以及上报和交接情况。",
    ["时间和地点", "报警类型与核实情况", "处置措施及结果", "处置人、记录人、上报交接情况"],
    "每项一个要点。",
    d=3,
    lv="remember",
    ch="TBAX0001.1",
)

handling.short(
    "某日凌晨 2 时，仓库周界对射报警，联动画面显示两名男子翻墙进入，正在撬仓库门。请写出值班员的处置步骤。",
    "1. 立即派保安员前往，提醒其结伴行动、注意自身安全，不单独冒险；\n"
    "2. 立即拨打 110，说明地点、人数、体貌特征和正在实施的行为；\n"
    "3. 持续视频跟踪二人动向，通过对讲向保安员和出警民警通报位置，并锁定、保存相关录像；\n"
    "4. 向单位负责人报告；\n"
    "5. 警情结束后复位报警、恢复设防，如实填写处置记录，配合公安机关调取证据。",
    [
        "派保安员前往并注意安全",
        "拨打 110 并讲清要素",
        "持续跟踪通报并保全录像",
        "向单位负责人报告",
        "复位、记录并配合取证",
    ],
    "每个步骤一个要点；只派人不报警，或只报警不跟踪的，相应要点不得分。",
    d=5,
    lv="apply",
    ch="textbook-5.2",
)

# --------------------------------------------------------------------------- fault handling

fault = Topic("fault-handling", "textbook-6.1")

fault.single(
    "某一路画面黑屏并提示“无视频信号”，值班员最先应检查的是（　）。",
    "摄像机供电和传输线路（网线、接头、交换机端口）是否正常",
    ["重新安装视频管理平台软件", "更换值班台的显示器", "格式化录像机硬盘"],
    "单路无信号多为前端供电或传输中断，应由简到繁从供电、线路查起；重装、格式化会造成更大损失。",
    d=3,
    lv="apply",
)
fault.single(
    "模拟视频图像出现雪花点或滚动干扰条纹，常见原因是（　）。",
    "传输线路接触不良、受电磁干扰或接地不良",
    ["录像机硬盘已满", "录像计划设置错误", "客户端登录密码过期"],
    "雪花和干扰条纹是信号质量问题，多由线路接头、强电干扰或地电位差引起；存储和账号问题不影响画面质量。",
    d=3,
    lv="understand",
)
fault.single(
    "摄像机画面模糊不清，首先可以考虑的原因是（　）。",
    "镜头脏污、聚焦不准或防护罩起雾",
    ["报警控制器处于撤防状态", "设备时间不同步", "录像存储空间不足"],
    "模糊是光学问题：镜头、聚焦和防护罩最常见；其余选项不影响图像清晰度。",
    d=2,
    lv="understand",
)
fault.single(
    "网络摄像机画面卡顿、时断时续，较常见的原因是（　）。",
    "网络带宽不足、丢包或交换机端口故障",
    ["镜头焦距过长", "报警防区数量过多", "监视器分辨率过高"],
    "网络视频依赖稳定带宽，带宽不足、丢包、端口协商异常都会造成卡顿和掉线。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)
fault.single(
    "回放时发现某路摄像机有一段时间没有录像，应首先检查（　）。",
    "录像计划设置、硬盘状态，以及该时段设备或网络是否离线",
    ["值班台显示器的亮度", "报警控制器的用户密码", "门禁卡是否过期"],
    "录像断档的原因不外乎“没让录”（计划）、“录不了”（存储）和“收不到”（离线、断电）。",
    d=4,
    lv="apply",
    ch="textbook-6.2",
)
fault.single(
    "硬盘录像机提示“硬盘错误”，值班员正确的做法是（　）。",
    "记录故障现象和时间，及时报告运维人员检修，并检查各通道录像是否正常",
    [
        "立即自行格式化该硬盘",
        "自行拆开机箱更换硬盘",
        "关闭录像机电源，等待其自行恢复",
    ],
    "值班员的职责是发现、记录、报告和采取临时措施；格式化、拆机可能导致录像永久丢失，应由运维人员处理。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
fault.single(
    "某摄像机白天图像正常，夜间画面几乎全黑，最可能的原因是（　）。",
    "红外补光灯损坏或日夜转换功能失效",
    ["录像机硬盘损坏", "网线断开", "录像计划设置错误"],
    "白天正常说明供电、线路和存储正常；夜间全黑说明缺少补光或没有切换到夜间模式。",
    d=4,
    lv="apply",
)
fault.single(
    "白天彩色画面整体严重偏色（如偏红、偏紫），较可能的原因是（　）。",
    "白平衡异常或红外滤光片切换故障",
    ["硬盘已满", "网络 IP 地址冲突", "报警控制器故障"],
    "红外滤光片卡在夜间位置或白平衡失常时，白天画面会明显偏色；存储、网络问题不会造成偏色。",
    d=4,
    lv="understand",
)
fault.single(
    "多路摄像机同时离线，最可能的故障点是（　）。",
    "这些摄像机共用的交换机、电源或主干线路",
    ["每台摄像机恰好同时损坏", "值班台显示器损坏", "值班员账号权限不足"],
    "多点同时故障应先找共同点，几台摄像机同时独立损坏的可能性极小。",
    d=3,
    lv="apply",
    ch="textbook-6.2",
)
fault.single(
    "画面上叠加的时间与北京时间相差较大，值班员应（　）。",
    "报告运维人员校时（如启用网络校时），并在记录中注明偏差",
    ["不处理，时间不影响录像", "自行修改已有的录像文件", "重启所有摄像机"],
    "时间不准会影响对事件时间的认定，应校时并记录偏差；已有录像不得修改。",
    d=3,
    lv="apply",
    ch="textbook-6.2",
)
fault.single(
    "报警控制器显示某防区“故障”，现场核查无异常，值班员应（　）。",
    "记录并报修，确需旁路时经批准执行，并安排人员加强该部位巡查",
    ["剪断该防区的线路", "长期撤防整个系统", "不予理会"],
    "故障防区失去保护，要记录报修；旁路须审批，并用人防补位，修复后及时恢复。",
    d=4,
    lv="apply",
    ch="textbook-6.3",
)
fault.single(
    "入侵报警系统主电源（市电）断电后，维持系统继续工作的是（　）。",
    "备用电源（蓄电池）",
    ["录像机硬盘", "摄像机存储卡", "门禁读卡器"],
    "报警控制器配有蓄电池等备用电源，市电断电时自动切换，保证系统继续工作。",
    d=1,
    lv="remember",
    ch="textbook-6.3",
)
fault.single_fixed(
    "入侵报警系统备用电源的容量，一般应能保证系统在主电源断电后连续正常工作不少于（　）。",
    ["2 h", "4 h", "8 h", "24 h"],
    "C",
    "常见规范要求入侵报警系统备用电源满足系统连续正常工作不少于 8 h（具体以现行规范及设计要求为准）。",
    d=4,
    lv="remember",
    ch="textbook-6.3",
    prov="needs-expert",
    basis="GB 50394 / GB 55029-2022 备用电源要求（时长待核）",
)
fault.single(
    "系统发生故障、短时间内无法修复时，值班员应（　）。",
    "采取临时措施（调整相邻摄像机、增派人员巡查），并报告和记录",
    ["等修好后再恢复值守", "隐瞒故障，以免被追责", "关闭全部系统等待维修"],
    "故障期间防护出现缺口，要用临时措施补位，并让上级和下一班知道。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
fault.single(
    "监控客户端登录时提示“用户名或密码错误”，值班员正确的做法是（　）。",
    "确认输入无误后联系系统管理员处理，不得借用他人账号",
    ["借用同事的账号登录", "反复尝试各种可能的密码", "使用设备出厂默认密码登录"],
    "账号专人专用，操作才能追溯到人；反复试密码可能锁定账号，默认密码本应已被修改。",
    d=2,
    lv="apply",
    ch="textbook-6.2",
)
fault.single(
    "云台摄像机画面正常，但无法控制其转动，较可能的原因是（　）。",
    "云台机械故障、控制参数设置错误或当前用户没有云台控制权限",
    ["录像机硬盘故障", "值班台显示器损坏", "录像计划设置错误"],
    "画面正常说明视频通道没有问题，应从云台本身、控制参数和权限三方面排查。",
    d=4,
    lv="apply",
)
fault.single(
    "故障修复后，值班员应（　）。",
    "检查确认图像、录像、报警等功能恢复正常，并记录修复时间和结果",
    ["直接关闭故障记录，不必检查", "等下次出故障时一并检查", "只口头告诉下一班"],
    "修复要验证，结果要记录，故障处置才算闭环。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
fault.single(
    "录像存储空间已满且未启用循环覆盖时，可能导致（　）。",
    "新的录像无法写入，造成录像缺失",
    ["实时预览画面出现雪花", "报警控制器无法设防", "云台无法转动"],
    "存储满后不覆盖就无法继续录像；实时预览、报警和云台与存储空间无关。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)
fault.single(
    "巡检时发现下列情况：\n\n"
    "| 通道 | 接入位置 | 状态 |\n"
    "|---|---|---|\n"
    "| 1～8 号 | 3 号楼弱电间交换机 | 同时离线 |\n"
    "| 9～16 号 | 4 号楼弱电间交换机 | 正常 |\n"
    "| 录像机 | 监控中心 | 运行正常 |\n\n"
    "最可能的故障原因是（　）。",
    "3 号楼弱电间交换机或其供电、上联线路故障",
    ["录像机硬盘故障", "1～8 号摄像机同时损坏", "4 号楼交换机故障"],
    "离线的 8 路恰好都接在 3 号楼交换机上，而录像机和其他通道正常，故障点应在这台交换机及其供电、上联链路。",
    d=4,
    lv="apply",
    ch="textbook-6.2",
)

fault.multiple(
    "视频“无信号”故障的常见原因有（　）。",
    ["摄像机断电或损坏", "传输线路断开或接头松动", "交换机端口故障", "摄像机 IP 地址冲突"],
    ["录像保存天数设置过短"],
    "无信号是前端、传输或网络问题；保存天数只影响录像能保留多久。",
    d=3,
    lv="understand",
)
fault.multiple(
    "图像模糊的常见原因有（　）。",
    ["镜头脏污", "聚焦不准", "防护罩起雾或有水滴"],
    ["报警控制器处于撤防状态"],
    "模糊多由光学部件引起；报警控制器的状态与图像无关。",
    d=2,
    lv="understand",
)
fault.multiple(
    "录像缺失（录像断档）的常见原因有（　）。",
    ["录像计划设置不当", "硬盘故障或存满后未覆盖", "摄像机或网络离线", "设备停电"],
    ["值班台显示器亮度过低"],
    "断档是存储链路问题；显示器亮度只影响观看。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)
fault.multiple(
    "设备故障短时间内无法修复时，可以采取的临时措施有（　）。",
    [
        "调整相邻云台摄像机覆盖故障区域",
        "增派人员对故障部位巡查或定点值守",
        "启用备用设备或备用线路",
    ],
    ["关闭故障区域的全部报警防区且不告知任何人"],
    "临时措施是为了补上防护缺口；擅自关闭防区且隐瞒会扩大缺口。",
    d=3,
    lv="apply",
    ch="TBAX0001.1",
)
fault.multiple(
    "故障报修时应说明的内容有（　）。",
    ["故障设备的名称和位置", "故障现象", "发现故障的时间", "已经采取的临时措施"],
    ["与故障无关的个人猜测"],
    "报修信息要让维修人员能快速定位和准备；无关猜测会干扰判断。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
fault.multiple(
    "下列情况中，入侵报警控制器应发出防破坏或故障报警的有（　）。",
    ["探测器信号线路被剪断", "探测器信号线路被短路", "探测器机壳被打开", "主电源断电"],
    ["紧急按钮被按下"],
    "线路断路短路、机壳被打开、电源异常都属于防破坏或故障报警；紧急按钮被按下是紧急报警。",
    d=4,
    lv="remember",
    ch="textbook-6.3",
    basis="GB 50394-2007 第5.2.4条",
)
fault.multiple(
    "值班员发现某摄像机画面被人为遮挡或转向，应当（　）。",
    ["回放录像查看遮挡或转向前的情况和相关人员", "派人到现场查看并恢复", "视情况按警情处置并报告"],
    ["认为是设备自然现象，不予处理"],
    "人为遮挡、转向往往是作案前的准备，应当作异常情况查明并处置。",
    d=3,
    lv="apply",
)
fault.multiple(
    "为防止硬盘故障造成录像丢失，可以采取的措施有（　）。",
    ["采用磁盘阵列（RAID）等冗余存储", "定期巡检硬盘健康状态", "重要录像及时备份"],
    ["关闭录像以减少硬盘读写"],
    "冗余、巡检和备份都能降低数据丢失风险；关闭录像则失去了录像的意义。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)

fault.judge(
    "故障未修复前，值班员应采取临时措施，并在交接班时向接班人员交代清楚。",
    True,
    "故障和临时措施必须延续到下一班，否则接班人员不知道哪里失去了防护。",
    d=2,
    lv="apply",
    ch="TBAX0001.1",
)
fault.judge(
    "硬盘录像机提示硬盘错误时，值班员可以直接格式化硬盘来恢复录像。",
    False,
    "格式化会清除硬盘上的全部录像，应报告运维人员处理，必要时先保全重要录像。",
    d=1,
    lv="apply",
    ch="textbook-6.2",
)
fault.judge(
    "系统故障属于设备问题，值班员无需在值班记录中登记。",
    False,
    "故障的发现、报修、临时措施和修复情况都应记录，这是交接和追溯的依据。",
    d=1,
    lv="remember",
    ch="TBAX0001.1",
)
fault.judge(
    "线缆接头氧化、接触不良，是视频信号受干扰或时有时无的常见原因之一。",
    True,
    "接头问题会造成信号衰减、干扰和间歇性中断，是排查时的重点。",
    d=2,
    lv="understand",
)
fault.judge(
    "入侵报警控制器只要接有市电，就不需要配备备用电源。",
    False,
    "断电可能是意外也可能是人为破坏，备用电源保证断电时系统仍能报警。",
    d=2,
    lv="understand",
    ch="textbook-6.3",
)
fault.judge(
    "录像设备的时间不准，会影响录像作为证据时对事件时间的认定。",
    True,
    "应定期校时，发现偏差时记录偏差值，导出证据录像时注明。",
    d=2,
    lv="understand",
    ch="textbook-6.2",
)
fault.judge(
    "值班员发现设备故障后，即使未经授权，也可以自行拆开设备进行维修。",
    False,
    "值班员应记录、报告并采取临时措施，维修由有资质、经授权的运维人员进行。",
    d=1,
    lv="remember",
    ch="TBAX0001.1",
)
fault.judge(
    "IP 地址冲突可能导致网络摄像机时断时续或无法访问。",
    True,
    "两台设备使用同一 IP 地址时，网络通信会相互干扰，表现为掉线或无法访问。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)
fault.judge(
    "摄像机画面被人为遮挡，属于一般设备问题，不需要作为异常情况处理。",
    False,
    "人为遮挡可能是作案前兆，应回放查明原因、派人到场并按异常情况处置。",
    d=2,
    lv="apply",
)
fault.judge(
    "硬盘录像机一般采用循环覆盖方式，达到保存期限的录像会被新录像覆盖。",
    True,
    "循环覆盖保证持续录像，因此需要保全的录像必须在覆盖前备份或锁定。",
    d=2,
    lv="remember",
    ch="textbook-6.2",
)
fault.judge(
    "报警控制器的备用电池需要定期检查，发现电压不足或老化应及时更换。",
    True,
    "电池老化会使断电时的续航大大缩短，甚至无法工作，应定期检查维护。",
    d=2,
    lv="understand",
    ch="textbook-6.3",
)

fault.short(
    "简述视频画面“无信号”故障的排查步骤。",
    "1. 判断范围：是单路还是多路，多路时先找共用设备；\n"
    "2. 检查摄像机供电；\n"
    "3. 检查传输线路、接头和交换机端口指示灯；\n"
    "4. 检查网络和设备状态（IP 地址、能否连通、平台上的在线状态）；\n"
    "5. 无法自行恢复的，报修并采取临时措施，做好记录。",
    [
        "判断故障范围",
        "检查供电",
        "检查线路、接头和端口",
        "检查网络和设备状态",
        "报修、临时措施和记录",
    ],
    "按步骤给分，顺序合理即可。",
    d=4,
    lv="apply",
)
fault.short(
    "简述录像缺失的常见原因，以及值班员发现后应采取的措施。",
    "1. 原因之一：录像计划设置不当；\n"
    "2. 原因之二：硬盘故障，或存满后未覆盖；\n"
    "3. 原因之三：摄像机或网络离线、设备停电；\n"
    "4. 措施：记录缺失的通道和时段，报告并报修；如涉及事件，查找相邻摄像机或备份中的录像。",
    ["录像计划原因", "存储原因", "离线或停电原因", "记录、报修并查找替代录像"],
    "前三项各答出一类原因得分，第四项答出处置措施得分。",
    d=3,
    lv="understand",
    ch="textbook-6.2",
)
fault.short(
    "系统出现故障、短时间内无法修复时，值班员可以采取哪些临时措施？",
    "1. 调整相邻云台摄像机或预置位覆盖故障区域；\n"
    "2. 增派人员对故障部位巡查或定点值守；\n"
    "3. 启用备用设备、备用线路或备用电源；\n"
    "4. 报告上级，在值班记录中登记，并在交接班时交代清楚。",
    ["调整相邻摄像机覆盖", "人员巡查或定点值守", "启用备用设备、线路或电源", "报告、记录并交接"],
    "每项一个要点。",
    d=3,
    lv="apply",
    ch="TBAX0001.1",
)
fault.short(
    "简述故障报修时应报告的内容。",
    "1. 故障设备的名称、编号和位置；\n"
    "2. 故障现象；\n"
    "3. 发现时间和影响范围；\n"
    "4. 已经采取的临时措施；\n"
    "5. 报告人和联系方式。",
    [
        "设备名称、编号、位置",
        "故障现象",
        "发现时间和影响范围",
        "已采取的临时措施",
        "报告人和联系方式",
    ],
    "每项一个要点。",
    d=3,
    lv="remember",
    ch="TBAX0001.1",
)
fault.short(
    "简述摄像机图像模糊的可能原因及处理方法。",
    "1. 镜头脏污：由运维人员清洁镜头；\n"
    "2. 聚焦不准或变倍后失焦：重新聚焦，或调用已校准的预置位；\n"
    "3. 防护罩起雾、有水滴或污渍：除雾、清洁防护罩；\n"
    "4. 镜头或摄像机故障、编码参数设置过低：报修或调整参数。",
    ["镜头脏污及处理", "聚焦问题及处理", "防护罩起雾污渍及处理", "设备故障或参数问题及处理"],
    "原因与处理都答出得该要点。",
    d=4,
    lv="understand",
)

fault.multiple(
    "值班员每班对系统进行例行巡检时，应检查的内容有（　）。",
    ["各路图像是否正常", "录像是否正常进行", "报警系统的设防状态和故障提示", "设备时间是否准确"],
    ["摄像机内部电路板的焊点"],
    "例行巡检检查的是运行状态，发现问题及时记录报修；拆机检查电路属于维修人员的工作。",
    d=3,
    lv="apply",
    ch="TBAX0001.1",
)

# --------------------------------------------------------------------------- duty management

duty = Topic("duty-management", "TBAX0001.1")

duty.single(
    "值班员交接班时，正确的做法是（　）。",
    "当面交接，核对设备运行、未结事项和物品，双方在值班记录上签字",
    ["接班人未到时，交班人可先行离岗", "电话告知接班人即可", "只交接钥匙，其他情况不必说明"],
    "交接班要当面、逐项核对并签字确认，保证值守不断档、责任分得清。",
    d=2,
    lv="apply",
)
duty.single(
    "接班人员未按时到岗时，交班人员应（　）。",
    "继续值守并报告主管，不得擅自离岗",
    ["留下纸条后离开", "关闭系统后离开", "请保洁人员临时代班"],
    "监控中心不能出现空岗，交班人在接班人到岗并完成交接前仍负有值守责任。",
    d=2,
    lv="apply",
)
duty.single(
    "值班记录（值机日志）应当记录的是（　）。",
    "值班期间的设备运行、报警处置、故障报修和交接班等情况",
    ["只记录发生的刑事案件", "只记录值班员的考勤", "只记录领导检查的情况"],
    "值班记录全面反映一个班次的工作，是交接、追溯和考核的依据。",
    d=2,
    lv="remember",
)
duty.single(
    "对进入监控中心的外来人员，正确的管理方式是（　）。",
    "未经批准不得进入；经批准进入的，登记并由专人陪同",
    ["穿着工作服即可进入", "熟人可以随意进入", "口头说明来意即可进入"],
    "监控中心是禁区，外来人员进入须经批准、登记、陪同，防止信息泄露和设备遭破坏。",
    d=2,
    lv="apply",
)
duty.single(
    "值班期间，下列行为符合要求的是（　）。",
    "坚守岗位，专注监看，按规定巡检和记录",
    [
        "用监控电脑浏览与工作无关的网站",
        "在值班台小睡，报警响了再起来处理",
        "出于好奇调看与工作无关的画面",
    ],
    "值班纪律要求在岗、专注、按规定工作；其他行为会延误报警处置或侵犯他人隐私。",
    d=1,
    lv="understand",
)
duty.single(
    "值机服务单位进驻新项目现场时，首先应（　）。",
    "与委托方办理交接，核对系统设备、资料和运行状况，明确职责和工作界面",
    ["立即更换全部前端设备", "先开始值班，资料以后再交接", "清除原有录像和日志，以便重新开始"],
    "进驻时先摸清家底、明确责任，否则出现问题时无法分清是原有缺陷还是服务过程造成的。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-8",
)
duty.single(
    "服务解除时，值机服务单位应（　）。",
    "按约定移交系统设备、资料、账号和值班记录等，办理书面交接手续",
    ["带走全部值班记录", "删除系统中的录像和日志", "不通知委托方直接撤离"],
    "服务解除与移交要完整、书面，保证委托方或新服务单位能无缝接手。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-11",
)
duty.single_fixed(
    "“值机服务人员背景可信基本信息清单”出现在 T/BAX 0001.2-2021 的（　）。",
    ["第3章 术语和定义", "第5章 组织管理与资源保障", "第9章 值机服务", "附录A"],
    "D",
    "T/BAX 0001.2-2021 以附录A给出值机服务人员背景可信基本信息清单。",
    d=5,
    lv="remember",
    ch="TBAX0001.2-A",
)
duty.single(
    "T/BAX 0001《安防监控中心值机工作与服务要求》的第2部分是（　）。",
    "值机服务要求",
    ["值机工作要求", "监控中心设计要求", "设备检验要求"],
    "T/BAX 0001 分为两部分：第1部分 值机工作要求，第2部分 值机服务要求。",
    d=3,
    lv="remember",
    ch="TBAX0001.2-foreword",
)
duty.single(
    "团体标准 T/BAX 0001《安防监控中心值机工作与服务要求》的发布单位是（　）。",
    "北京安全防范行业协会",
    ["公安部", "国家标准化管理委员会", "北京市人民政府"],
    "T/BAX 是北京安全防范行业协会的团体标准代号，该标准由协会提出、归口并发布。",
    d=2,
    lv="remember",
    ch="TBAX0001.2-foreword",
)
duty.single(
    "值机服务风险管理的主要目的是（　）。",
    "事先识别服务过程中人员、设备、信息安全等方面的风险，并采取控制措施",
    ["把所有风险转嫁给委托方", "只在事故发生后追究责任", "减少值机人员数量以降低成本"],
    "风险管理重在事前识别和控制，而不是事后追责或转嫁。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-6",
)
duty.single(
    "值机服务方案中通常**不需要**包含的内容是（　）。",
    "值机人员家庭成员的收入情况",
    ["人员配置与排班", "值机工作流程和应急预案", "服务质量标准与考核办法"],
    "服务方案规定怎样提供服务：人员、流程、预案、质量标准；家庭收入与服务无关，也属于个人隐私。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-7",
)
duty.single(
    "服务质量监督评价中发现问题后，应（　）。",
    "分析原因，制定整改措施，并跟踪验证整改效果",
    ["口头批评即可，不作记录", "等合同到期后再处理", "对委托方隐瞒问题"],
    "监督评价的目的是持续改进，发现问题要形成“原因—措施—验证”的闭环。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-10",
)
duty.single(
    "值班员发现有人尾随同事通过监控中心门禁进入，应（　）。",
    "立即询问核实其身份和来意，未经批准的请其离开并报告",
    ["视为同事的朋友，不予过问", "自己离开以避免冲突", "请其临时代为值守"],
    "尾随是监控中心出入管理的常见漏洞，发现后应立即核实并报告。",
    d=2,
    lv="apply",
)
duty.single(
    "对监控系统账号和密码的管理，正确的是（　）。",
    "专人专号，妥善保管密码，定期更换，不得转借他人",
    [
        "全班共用一个管理员账号，便于交接",
        "把密码贴在显示器边上以免忘记",
        "继续使用设备出厂默认密码",
    ],
    "专人专号才能让每一次操作都能追溯到人；共用账号、明示密码、默认密码都是安全隐患。",
    d=1,
    lv="apply",
)
duty.single(
    "值班员因连续值班出现严重疲劳时，较恰当的做法是（　）。",
    "按规定向主管报告，申请调整或替换",
    ["趴在操作台上小睡一会儿", "关闭报警声音提示以免被打扰", "让系统自动值守"],
    "疲劳值守极易漏看漏接警，应报告主管调整，不能靠睡岗或屏蔽报警解决。",
    d=2,
    lv="apply",
)
duty.single(
    "值机人员上岗前应当具备的条件中，**不包括**（　）。",
    "持有服务单位的股份",
    ["经过岗位培训并考核合格", "熟悉系统操作和处置预案", "通过背景可信审查"],
    "上岗条件关注能力和可信：培训考核、熟悉系统和预案、背景可信；是否持股与能否胜任无关。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-5",
)
duty.single(
    "对值机服务人员进行背景可信审查，主要目的是（　）。",
    "确保接触监控系统和视频信息的人员可靠，防范内部泄密或作案",
    ["了解人员的兴趣爱好以便排班", "作为确定工资标准的依据", "代替岗位技能培训"],
    "值机人员能接触大量视频和安防信息，背景可信是防范内部风险的基础。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-A",
)
duty.single(
    "委托方某部门人员要求值班员调看录像，查看某员工每天何时离开办公室，值班员应（　）。",
    "告知需按规定的审批程序办理，未经授权不得调看和提供",
    [
        "因为是委托方要求，直接调看并告知结果",
        "直接拒绝，且不向任何人报告",
        "让对方自己在客户端上查看",
    ],
    "视频信息只能按规定用途、经授权使用；与安全无关的调看须经审批，值班员不能擅自提供。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-9",
)

duty.multiple(
    "交接班时应交接的内容有（　）。",
    ["设备和系统运行状况", "尚未处理完的警情和故障", "上级交办的事项", "钥匙、对讲机等物品"],
    ["交班人的个人私事"],
    "交接的是工作，保证接班人对当前状况心中有数。",
    d=2,
    lv="remember",
)
duty.multiple(
    "值班记录一般应记录的内容有（　）。",
    ["值班时间和值班人员", "设备运行和故障情况", "报警及处置情况", "交接班情况"],
    ["对同事的私人评价"],
    "值班记录客观反映班次工作；私人评价不属于记录内容。",
    d=2,
    lv="remember",
)
duty.multiple(
    "监控中心应做好的保密措施有（　）。",
    [
        "严格控制人员进出",
        "不得私自拷贝、传播视频图像",
        "系统账号专人使用",
        "不对外透露系统布局和点位信息",
    ],
    ["在社交群里分享有趣的监控画面以活跃气氛"],
    "视频图像和系统信息都需要保密；在社交群分享画面属于违规传播。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
duty.multiple(
    "T/BAX 0001.2-2021《值机服务要求》中设有的章节有（　）。",
    ["组织管理与资源保障", "值机服务风险管理", "进驻", "服务解除与移交"],
    ["系统工程施工工艺"],
    "第2部分的章节包括基本要求、组织管理与资源保障、值机服务风险管理、服务方案编制、进驻、"
    "值机服务、服务质量监督与评价、服务解除与移交等；工程施工不是其内容。",
    d=5,
    lv="remember",
    ch="TBAX0001.2-foreword",
)
duty.multiple(
    "值机服务单位应为值机服务提供的资源保障有（　）。",
    ["配备数量足够、经过培训的值机人员", "必要的通信工具和办公设施", "应急物资和应急预案"],
    ["值机人员可以兼任其他岗位而不在监控中心值守"],
    "资源保障的目的是保证监控中心持续有人、有能力值守；兼岗离岗与此相反。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-5",
)
duty.multiple(
    "值机人员应遵守的工作纪律有（　）。",
    ["不得擅离职守", "值班时不做与工作无关的事", "不得私自调看、拷贝与工作无关的视频", "如实记录"],
    ["可以把系统账号借给熟悉系统的朋友使用"],
    "账号外借会使操作无法追溯，并造成信息泄露风险。",
    d=2,
    lv="remember",
)
duty.multiple(
    "对值机服务质量进行监督评价，可以采用的方式有（　）。",
    ["检查值班记录", "抽查录像和报警处置情况", "开展委托方满意度评价", "定期考核和应急演练"],
    ["以值班员自我评价代替其他一切检查"],
    "监督评价应多渠道、可验证；只靠自评无法客观反映服务质量。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-10",
)
duty.multiple(
    "进驻阶段，值机服务单位通常应完成的工作有（　）。",
    [
        "现场勘察，确认系统设备状况",
        "与委托方明确职责、联系人和沟通机制",
        "制定或确认值机服务方案和应急预案",
        "对值机人员进行现场培训",
    ],
    ["在未办理交接的情况下直接修改系统配置"],
    "进驻要先交接、后作业；未交接就修改配置会造成责任不清和系统风险。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-8",
)
duty.multiple(
    "值机服务单位对值机人员的管理措施有（　）。",
    ["岗前培训和考核", "背景可信审查", "合理排班，防止疲劳值守", "定期复训和演练"],
    ["允许未经培训的人员独立顶岗"],
    "人员可信、能力合格、状态良好，是值机服务质量的基础。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-5",
)

duty.judge(
    "交接班过程中发生报警，应由交班人员负责处置，接班人员协助，处置完毕后再继续交接。",
    True,
    "交接完成前责任仍在交班人员，由其主导处置可避免职责不清；接班人员协助并借此了解情况。",
    d=3,
    lv="apply",
)
duty.judge(
    "值班记录应真实、及时、完整，不得随意涂改或事后编造。",
    True,
    "值班记录是追溯依据，确需更正的应按规定更正并签名，不能涂改或编造。",
    d=1,
    lv="remember",
)
duty.judge(
    "只要是本单位员工，都可以不经登记随时进入监控中心。",
    False,
    "监控中心是禁区，非值班人员进入须经批准并登记，本单位员工也不例外。",
    d=1,
    lv="remember",
)
duty.judge(
    "值机服务单位应对值机人员进行岗位培训，考核合格后方可上岗。",
    True,
    "值机工作专业性强，未经培训考核的人员不能独立值守。",
    d=1,
    lv="remember",
    ch="TBAX0001.2-5",
)
duty.judge(
    "多名值班员可以共用一个系统账号，这样交接更方便。",
    False,
    "共用账号使操作无法追溯到人，应一人一号。",
    d=1,
    lv="understand",
)
duty.judge(
    "服务解除时，值机服务单位应按约定将值班记录等资料移交委托方。",
    True,
    "值班记录等资料属于项目资料，服务解除时应完整移交并办理书面手续。",
    d=2,
    lv="remember",
    ch="TBAX0001.2-11",
)
duty.judge(
    "T/BAX 0001《安防监控中心值机工作与服务要求》分为“值机工作要求”和“值机服务要求”两个部分。",
    True,
    "第1部分为值机工作要求，第2部分为值机服务要求（T/BAX 0001.2-2021）。",
    d=3,
    lv="remember",
    ch="TBAX0001.2-foreword",
)
duty.judge(
    "值机服务风险管理只需要在发生事故后进行。",
    False,
    "风险管理重在事前识别、评估和控制，事后总结只是其中一环。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-6",
)
duty.judge(
    "交接班时发现设备异常，应由交、接班双方共同确认并记录后再完成交接。",
    True,
    "共同确认能分清责任，也保证接班人知道异常情况并继续跟进。",
    d=2,
    lv="apply",
)
duty.judge(
    "值班期间可以在监控电脑上安装游戏等与工作无关的软件，只要不影响监看即可。",
    False,
    "监控电脑只能用于工作，安装无关软件既违反纪律，也可能带来病毒等安全风险。",
    d=1,
    lv="understand",
)
duty.judge(
    "值机人员可以把自己的监控中心门禁卡借给同事使用。",
    False,
    "门禁卡与身份绑定，外借会使出入记录失真、管理失控。",
    d=1,
    lv="remember",
)
duty.judge(
    "值机人员调离岗位时，应及时注销或变更其系统账号和门禁权限。",
    True,
    "离岗人员的权限不及时收回，会留下未授权访问的隐患。",
    d=2,
    lv="apply",
    ch="TBAX0001.2-5",
)

duty.short(
    "简述交接班的主要内容和要求。",
    "1. 当面交接，接班人未到岗时交班人不得离岗；\n"
    "2. 交接设备和系统运行状况；\n"
    "3. 交接未处理完的警情、故障和上级交办事项；\n"
    "4. 交接钥匙、对讲机、记录本等物品；\n"
    "5. 双方核对无误后在值班记录上签字。",
    [
        "当面交接、不得空岗",
        "交接设备运行状况",
        "交接未结警情、故障和交办事项",
        "交接物品",
        "核对后双方签字",
    ],
    "每项一个要点。",
    d=3,
    lv="remember",
)
duty.short(
    "简述值班记录应记录的主要内容。",
    "1. 值班时间和值班人员；\n"
    "2. 设备运行和巡检情况；\n"
    "3. 报警及处置情况；\n"
    "4. 故障及报修情况；\n"
    "5. 交接班情况和交办事项。",
    ["值班时间和人员", "设备运行和巡检", "报警及处置", "故障及报修", "交接班和交办事项"],
    "每项一个要点。",
    d=3,
    lv="remember",
)
duty.short(
    "按 T/BAX 0001.2 的结构，简述值机服务从准备到结束的主要阶段。",
    "1. 服务方案编制：确定人员配置、流程、预案和质量标准；\n"
    "2. 进驻：现场勘察、交接、明确职责、人员培训；\n"
    "3. 值机服务：监看、报警和故障处置、记录、交接班；\n"
    "4. 服务质量监督与评价：检查、考核、整改；\n"
    "5. 服务解除与移交：移交设备、资料、账号和记录。",
    ["服务方案编制", "进驻", "值机服务", "服务质量监督与评价", "服务解除与移交"],
    "每个阶段答出名称及主要内容得该要点。",
    d=5,
    lv="understand",
    ch="TBAX0001.2-foreword",
)
duty.short(
    "简述监控中心的保密管理要求。",
    "1. 控制人员进出，外来人员经批准、登记、陪同；\n"
    "2. 视频资料的查阅、复制、导出须审批和登记；\n"
    "3. 不得私自拷贝、翻拍、传播视频图像；\n"
    "4. 账号专人专用，密码妥善保管；\n"
    "5. 不泄露系统布局、点位和设备配置等信息。",
    [
        "人员进出管控",
        "资料查阅导出审批登记",
        "不得私自拷贝、翻拍、传播",
        "账号专人专用",
        "不泄露系统布局和点位",
    ],
    "每项一个要点。",
    d=4,
    lv="understand",
    ch="TBAX0001.2-9",
)
duty.short(
    "值机服务中常见哪些风险？分别可以采取什么控制措施？",
    "1. 人员风险（背景不可信、能力不足、疲劳、脱岗）：背景审查、培训考核、合理排班、监督检查；\n"
    "2. 设备系统风险（故障、停电）：定期巡检、备品备件、备用电源、故障应急预案；\n"
    "3. 信息安全风险（视频泄露、滥用）：权限管理、审批登记、保密教育；\n"
    "4. 突发事件风险（火灾、暴力事件等）：应急预案、应急物资和定期演练。",
    ["人员风险及措施", "设备系统风险及措施", "信息安全风险及措施", "突发事件风险及措施"],
    "风险类别与对应措施都答出得该要点。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-6",
)

duty.single(
    "值机服务中发现委托方系统存在重大安全隐患（如周界多处探测器长期失效），值机服务单位应（　）。",
    "及时书面告知委托方并提出整改建议，同时采取临时防范措施",
    ["认为不属于服务范围，不予理会", "自行拆换委托方的设备", "等委托方自己发现"],
    "值机服务单位最了解系统的实际运行情况，发现重大隐患应书面告知、提出建议并先行补位，既尽到义务，也分清责任。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-9",
)
duty.single(
    "编制值机服务方案的主要依据是（　）。",
    "委托方的需求、现场风险评估结果和相关标准规范",
    ["服务单位现有人员的空闲时间", "值机人员的个人意愿", "其他项目的方案，原样照搬即可"],
    "服务方案要针对具体项目：满足委托方需求、回应现场风险、符合标准规范，不能照搬。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-7",
)
duty.single(
    "进驻交接时发现委托方部分设备已经损坏，值机服务单位应（　）。",
    "在交接记录中如实注明，与委托方确认后约定处理方式",
    ["不作记录，以后再说", "私下更换，不告知委托方", "拒绝进驻"],
    "如实记录设备现状、双方确认，是日后分清责任的依据。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-8",
)
duty.single(
    "值机服务单位安排值班时，应当（　）。",
    "保证每个班次的在岗人数满足值守要求，并避免人员连续超时值守",
    [
        "让新入职、未经培训的人员单独值夜班",
        "由值机人员按个人意愿随意调班，无需报批",
        "为节省人力，夜间只安排一人兼顾值守和外出巡逻",
    ],
    "排班要保证人员在岗、有能力、不疲劳；未培训上岗、随意调班和一人兼岗都会造成值守缺口。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-5",
)
duty.single(
    "对值机服务进行质量评价，其结果的主要用途是（　）。",
    "发现服务中的问题并持续改进",
    ["作为删除不良值班记录的依据", "只用于对值机人员罚款", "代替日常的监督检查"],
    "质量评价是改进的起点：找出问题、分析原因、落实整改。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-10",
)
duty.single(
    "下列风险中，属于值机服务“信息安全风险”的是（　）。",
    "视频资料被非法拷贝外传",
    ["前端摄像机镜头脏污", "值机人员连续值班疲劳", "暴雨造成室外线路进水"],
    "信息安全风险指视频和系统信息被泄露、篡改、滥用；镜头脏污、线路进水属于设备风险，疲劳属于人员风险。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-6",
)
duty.single(
    "值班员接到委托方某负责人的电话，要求立即删除某一段录像，值班员应（　）。",
    "不得擅自删除，向本单位主管报告，录像按管理制度保存",
    ["立即删除，因为是委托方的要求", "先删除，再补办手续", "把录像拷贝带回家保存，以防万一"],
    "监控录像不得擅自删改，保安服务管理条例也禁止删改监控影像资料；此类要求应报告主管，按制度处理。",
    d=4,
    lv="apply",
    ch="TBAX0001.2-9",
    basis="《保安服务管理条例》",
)
duty.multiple(
    "值机服务的应急预案通常应涵盖的情形有（　）。",
    ["火灾", "入侵、抢劫等治安事件", "系统大面积故障或停电", "值机人员突发疾病"],
    ["值机人员按计划正常轮休"],
    "应急预案针对突发情况；按计划轮休是日常排班内容，不需要应急预案。",
    d=3,
    lv="understand",
    ch="TBAX0001.2-7",
)
duty.multiple(
    "值机服务过程中，应及时向委托方报告的事项有（　）。",
    ["发生的警情及处置结果", "系统故障和安全隐患", "值机服务人员的重要变动"],
    ["值机人员的私人生活情况"],
    "警情、故障隐患和人员变动都影响委托方的安全，应及时报告；私人生活与服务无关。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)
duty.judge(
    "进驻时对系统设备现状进行确认并记录，有助于日后分清责任。",
    True,
    "设备现状经双方确认并记录，出现问题时能分清是原有缺陷还是服务过程造成。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-8",
)
duty.judge(
    "服务解除后，值机服务单位可以保留委托方系统的管理员账号，以便日后提供帮助。",
    False,
    "服务解除时应移交全部账号并由委托方修改密码，保留账号会留下未授权访问的隐患。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-11",
)
duty.judge(
    "值机服务单位应定期组织应急演练，检验应急预案是否可行。",
    True,
    "预案只有经过演练才能发现问题、让人员熟悉流程。",
    d=2,
    lv="remember",
    ch="TBAX0001.2-7",
)
duty.judge(
    "值机服务质量的监督评价只需在合同到期时进行一次。",
    False,
    "监督评价应贯穿服务全过程，日常检查与定期评价相结合，才能及时发现和纠正问题。",
    d=2,
    lv="understand",
    ch="TBAX0001.2-10",
)
duty.judge(
    "一名值机人员可以同时兼任监控中心值守和外出巡逻，只要巡逻时锁好监控中心的门即可。",
    False,
    "值守期间监控中心不能无人，锁门离开等于空岗，报警无人接收。",
    d=2,
    lv="apply",
    ch="TBAX0001.2-5",
)

# --------------------------------------------------------------------------- law and ethics

law = Topic("law-ethics", "textbook-8.1")

REG799 = "《公共安全视频图像信息系统管理条例》（国务院令第799号）"
PIPL = "《中华人民共和国个人信息保护法》"
SECURITY_REG = "《保安服务管理条例》"

law.single_fixed(
    "《公共安全视频图像信息系统管理条例》自（　）起施行。",
    ["2024年12月16日", "2025年1月13日", "2025年4月1日", "2026年1月1日"],
    "C",
    "条例于 2024 年 12 月 16 日国务院常务会议通过，2025 年 1 月 13 日公布，自 2025 年 4 月 1 日起施行。",
    d=3,
    lv="remember",
    basis=REG799,
)
law.single_fixed(
    "按照常见的公共安全视频图像信息管理要求，视频图像信息的保存期限一般不少于（　）。",
    ["7 天", "15 天", "30 天", "180 天"],
    "C",
    "多数管理规定要求视频图像信息至少保存 30 天，重点部位和特殊行业可能要求更长；"
    "具体期限以适用的法规、地方规定和行业标准为准。",
    d=3,
    lv="remember",
    prov="needs-expert",
    basis="公共安全视频图像信息系统管理相关规定（期限以现行规定为准）",
)

law.single(
    "《公共安全视频图像信息系统管理条例》的公布形式是（　）。",
    "国务院令（第799号）",
    ["公安部令", "国家主席令", "北京市人民政府令"],
    "该条例是国务院制定的行政法规，以国务院令第799号公布；国家主席令用于公布法律，公安部令用于公布部门规章。",
    d=2,
    lv="remember",
    basis=REG799,
)
law.single(
    "根据《公共安全视频图像信息系统管理条例》，负责全国公共安全视频系统建设、使用的指导和监督管理工作的是（　）。",
    "国务院公安部门",
    ["国家网信部门", "国务院住房城乡建设主管部门", "国务院市场监督管理部门"],
    "条例规定国务院公安部门负责全国公共安全视频系统建设、使用的指导和监督管理，其他部门在各自职责范围内负责相关工作。",
    d=4,
    lv="remember",
    basis=REG799,
)
law.single(
    "按照《个人信息保护法》，处理个人信息应遵循的原则中，**不包括**（　）。",
    "尽可能多地收集，以备将来使用",
    ["合法、正当、必要和诚信", "目的明确合理，并与处理目的直接相关", "公开、透明"],
    "个人信息保护法要求收集个人信息限于实现处理目的的最小范围，不得过度收集。",
    d=3,
    lv="understand",
    ch="textbook-8.3",
    basis=PIPL,
)
law.single(
    "在公共场所安装图像采集设备，应当（　）。",
    "设置显著的提示标识",
    ["隐蔽安装，不让公众察觉", "将实时画面向社会公开直播", "由值班员自行决定安装位置"],
    "个人信息保护法和公共安全视频图像信息系统管理条例都要求在公共场所安装图像采集设备时设置显著的提示标识。",
    d=2,
    lv="remember",
    basis=f"{REG799}；{PIPL}第二十六条",
)
law.single(
    "值班员把监控拍到的他人隐私画面发到网上，主要违反了（　）。",
    "个人信息和隐私保护的法律规定以及保密纪律",
    ["道路交通安全法", "消防法", "劳动合同法"],
    "擅自传播他人图像侵犯隐私权和个人信息权益，也违反单位保密纪律，可能承担法律责任。",
    d=1,
    lv="understand",
    ch="textbook-8.4",
)
law.single_fixed(
    "《中华人民共和国个人信息保护法》自（　）起施行。",
    ["2017年6月1日", "2021年9月1日", "2021年11月1日", "2025年4月1日"],
    "C",
    "个人信息保护法于 2021 年 8 月 20 日通过，自 2021 年 11 月 1 日起施行（2017 年 6 月 1 日施行的是网络安全法，"
    "2021 年 9 月 1 日施行的是数据安全法）。",
    d=4,
    lv="remember",
    ch="textbook-8.3",
    basis=PIPL,
)
law.single(
    "根据《个人信息保护法》，在公共场所安装图像采集、个人身份识别设备所收集的个人图像、身份识别信息（　）。",
    "只能用于维护公共安全的目的，取得个人单独同意的除外",
    ["可以用于商业营销分析", "可以向社会公开以便监督", "可以有偿提供给第三方"],
    "个人信息保护法第二十六条规定了这一目的限制：公共场所的图像只能用于维护公共安全。",
    d=4,
    lv="remember",
    ch="textbook-8.3",
    basis=f"{PIPL}第二十六条",
)
law.single(
    "对于监控中获取的视频图像信息，下列做法正确的是（　）。",
    "仅用于安全防范等合法目的，按权限查阅，不得非法提供或公开",
    [
        "提供给广告公司分析客流以获取收益",
        "应邻居请求提供其家人的出入情况",
        "在短视频平台发布以吸引关注",
    ],
    "视频图像信息的使用要合法、限于目的、按权限，其余做法都属于非法提供或公开。",
    d=2,
    lv="apply",
    ch="textbook-8.4",
)
law.single(
    "根据《保安服务管理条例》，保安员在服务区域内发现违法犯罪行为时，应当（　）。",
    "及时制止；对制止无效的，立即报警，同时采取措施保护现场",
    ["对违法行为人搜身并扣押其证件", "自行审问并作出处罚", "不予理会，以免惹上麻烦"],
    "保安员有及时制止和报警、保护现场的义务，但无权搜身、扣押证件或处罚他人。",
    d=4,
    lv="remember",
    ch="textbook-8.2",
    basis=SECURITY_REG,
)
law.single(
    "值班员出于好奇，利用监控系统长时间跟踪观察某位员工，这种行为（　）。",
    "违反职业道德和隐私保护要求，应当禁止",
    ["属于正常的监看工作", "只要不外传就可以", "在非值班时间可以这样做"],
    "监控系统只能用于安全防范目的，出于个人目的跟踪观察他人侵犯隐私、违反职业道德。",
    d=1,
    lv="understand",
    ch="textbook-8.4",
)

law.multiple(
    "下列场所或区域中，禁止安装图像采集设备的有（　）。",
    ["宾馆、民宿的客房内部", "学生宿舍、职工宿舍的内部", "公共浴室、更衣室、卫生间"],
    ["商场的主要出入口", "住宅小区的大门"],
    "客房、宿舍内部和浴室、更衣室、卫生间等可能泄露他人隐私的场所禁止安装；出入口属于应当加强监控的公共区域。",
    d=3,
    lv="remember",
    basis=REG799,
)
law.multiple(
    "值机人员在工作中应当保守的秘密和信息有（　）。",
    ["工作中获知的国家秘密", "客户的商业秘密", "他人的个人隐私", "监控系统的布局和点位信息"],
    ["政府已依法公开发布的通告"],
    "已依法公开的信息不属于保密范围，其余各项都应保密。",
    d=3,
    lv="understand",
    ch="textbook-8.4",
)
law.multiple(
    "值机人员应遵守的职业道德有（　）。",
    ["遵纪守法、忠于职守", "保守秘密、尊重隐私", "客观真实地记录和报告"],
    ["利用职务之便为亲友查询他人行踪"],
    "利用职务之便查询他人行踪既违反职业道德，也可能违法。",
    d=2,
    lv="remember",
    ch="textbook-8.4",
)
law.multiple(
    "根据《保安服务管理条例》，保安员不得有的行为有（　）。",
    [
        "限制他人人身自由、搜查他人身体",
        "扣押、没收他人证件、财物",
        "删改或者扩散保安服务中形成的监控影像资料、报警记录",
    ],
    ["在服务区域内巡逻、守护", "发现违法犯罪行为时及时报警"],
    "条例明确禁止限制人身自由、搜身、扣押证件财物、删改扩散监控影像和报警记录等行为；巡逻守护和报警是保安员的职责。",
    d=4,
    lv="remember",
    ch="textbook-8.2",
    basis=SECURITY_REG,
)
law.multiple(
    "按照《个人信息保护法》，下列属于敏感个人信息的有（　）。",
    ["生物识别信息（如人脸）", "医疗健康信息", "金融账户信息", "行踪轨迹信息"],
    ["单位的名称和办公地址"],
    "敏感个人信息包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等；单位名称地址不是个人信息。",
    d=4,
    lv="remember",
    ch="textbook-8.3",
    basis=f"{PIPL}第二十八条",
)

law.judge(
    "建设、使用公共安全视频图像信息系统，不得损害个人、组织的合法权益。",
    True,
    "条例要求建设、使用公共安全视频系统应当遵守法律法规，不得危害国家安全、公共利益，不得损害个人、组织的合法权益。",
    d=1,
    lv="remember",
    basis=REG799,
)
law.judge(
    "在自家门口安装摄像头，可以把镜头对准邻居家门内进行拍摄。",
    False,
    "拍摄他人住宅内部侵犯他人隐私，无论安装在何处都不允许。",
    d=1,
    lv="understand",
    ch="textbook-8.4",
)
law.judge(
    "值班员可以把有趣的监控画面转发到个人社交媒体上。",
    False,
    "监控画面只能用于工作目的，擅自转发属于违规传播，可能侵犯他人隐私和个人信息权益。",
    d=1,
    lv="understand",
    ch="textbook-8.4",
)
law.judge(
    "个人信息处理者应当采取必要措施，保障所处理的个人信息的安全。",
    True,
    "个人信息保护法要求处理者采取管理制度、权限控制、加密等措施，防止个人信息泄露、篡改、丢失。",
    d=2,
    lv="remember",
    ch="textbook-8.3",
    basis=PIPL,
)
law.judge(
    "视频图像需要公开播放时，一般应对与事件无关人员的面部等个人特征采取遮挡等保护措施。",
    True,
    "公开使用视频图像应尽量减少对无关人员的影响，这是保护个人隐私和个人信息的通行做法。",
    d=3,
    lv="understand",
    ch="textbook-8.3",
    prov="needs-expert",
)
law.judge(
    "值机人员离职后，就可以公开在职期间掌握的监控点位和系统布局信息。",
    False,
    "保密义务不因离职而解除，泄露系统布局可能被不法分子利用。",
    d=2,
    lv="understand",
    ch="textbook-8.4",
)

law.short(
    "简述值机人员在使用视频图像信息时应遵守的个人信息和隐私保护要求。",
    "1. 仅用于安全防范等合法目的，不得挪作他用；\n"
    "2. 按权限查阅，调取、复制、导出须经审批并登记；\n"
    "3. 不得私自拷贝、翻拍、传播或公开；\n"
    "4. 对外提供须依法履行手续，公开使用时对无关人员采取遮挡等保护措施。",
    ["限于合法目的", "按权限查阅、审批登记", "不得私自拷贝翻拍传播", "依法对外提供并保护无关人员"],
    "每项一个要点。",
    d=4,
    lv="understand",
    ch="textbook-8.3",
    basis=PIPL,
)
law.short(
    "保安员在保安服务中，哪些行为是《保安服务管理条例》明令禁止的？请列举四种。",
    "1. 限制他人人身自由、搜查他人身体或者侮辱、殴打他人；\n"
    "2. 扣押、没收他人证件、财物；\n"
    "3. 删改或者扩散保安服务中形成的监控影像资料、报警记录；\n"
    "4. 侵犯个人隐私，或者泄露在保安服务中获知的国家秘密、商业秘密等。\n"
    "（其他如阻碍依法执行公务、参与追索债务等，也属禁止行为。）",
    [
        "限制人身自由、搜身、侮辱殴打",
        "扣押、没收证件财物",
        "删改或扩散监控影像资料、报警记录",
        "侵犯隐私或泄露秘密",
    ],
    "答出条例列举的其他禁止行为（如阻碍依法执行公务、参与追索债务）的，可替代相应要点。",
    d=5,
    lv="remember",
    ch="textbook-8.2",
    basis=SECURITY_REG,
)
law.short(
    "公安机关依法调取监控录像时，监控中心应如何配合？",
    "1. 查验执法人员的证件和调取手续；\n"
    "2. 按单位规定报批；\n"
    "3. 由本单位人员导出原始录像，如实登记调取的时间、内容、人员；\n"
    "4. 对调取事项和内容保密。",
    ["查验证件和手续", "按规定报批", "导出原始录像并登记", "对调取事项保密"],
    "每项一个要点。",
    d=3,
    lv="apply",
    ch="TBAX0001.2-9",
)

TOPICS = [basics, equipment, grouping, screening, handling, fault, duty, law]

if __name__ == "__main__":
    sys.exit(main())
