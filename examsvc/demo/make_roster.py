"""Generate the demo roster (``examsvc/demo/roster.csv``): 150 believable, entirely synthetic
contestants from Beijing security, property, transport, retail and education units.

Run ``python -m examsvc.demo.make_roster`` to rewrite the file; the output is deterministic
(a fixed seed), so the file only changes when this script does. ID numbers are synthetic but
valid (:func:`questionbank.identity.make_id_number`); mobile numbers use the 1380000xxxx block
so they do not look like anyone's real number.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from questionbank.identity import make_id_number
from questionbank.io.tables import write_table

OUT = Path(__file__).with_name("roster.csv")
SEED = 2025
HEADER = [
    "姓名",
    "性别",
    "身份证号",
    "工作单位",
    "手机",
    "工会会员卡",
    "岗位",
    "考点",
    "考场",
    "座位号",
]
VENUE = "北京政法职业学院实训楼"

#: (organisation, how many contestants, typical positions); the first sends 30, enough for the
#: "Excellent Organising Unit" certificate (10 or more)
ORGANISATIONS = [
    ("北京京安保安服务有限公司", 30, ["保安员", "监控中心值机员", "安防项目主管"]),
    ("北京城宇物业管理有限公司", 20, ["消防控制室值班员", "物业安防主管", "监控中心值机员"]),
    ("北京轨道交通运营管理有限公司", 18, ["车站综控员", "安检值机员", "监控中心值机员"]),
    ("北京政法职业学院", 15, ["安全防范技术专业学生", "教师"]),
    ("北京市西城区蓝盾世安职业技能培训学校", 10, ["培训教师", "学员"]),
    ("北京华联商厦股份有限公司", 12, ["商场监控室值班员", "安保主管"]),
    ("北京中关村科技园区物业服务中心", 12, ["监控中心值机员", "消防控制室值班员"]),
    ("北京首都机场物业管理有限公司", 12, ["安防监控员", "值班长"]),
    ("北京朝阳医院后勤服务中心", 10, ["安防值班员", "保卫干事"]),
    ("北京银泰中心物业管理有限公司", 11, ["监控中心值机员", "保安领班"]),
]
#: Beijing district codes, with a few from neighbouring provinces (people commute to work)
REGIONS = [
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
    "130102", "130602", "131002", "120104", "370102", "410105",
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英红梅琳雪莉倩婷颖晶慧佳蕾琪雯璐洁萍燕丹"


def _name(rng: random.Random, male: bool, taken: set[str]) -> str:
    pool = GIVEN_MALE if male else GIVEN_FEMALE
    while True:
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.6 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def rows(seed: int = SEED) -> list[list[str]]:
    """The demo roster's rows (deterministic for a seed)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    out = []
    seat = 0
    for organisation, count, positions in ORGANISATIONS:
        for _ in range(count):
            male = rng.random() < 0.62
            student = "学生" in positions[0] and rng.random() < 0.7
            age_days = (
                rng.randint(19 * 365, 23 * 365) if student else rng.randint(21 * 365, 52 * 365)
            )
            born = date(2025, 7, 25) - timedelta(days=age_days)
            id_number = make_id_number(
                rng.choice(REGIONS), born, rng.randint(0, 499), "男" if male else "女"
            )
            seat += 1
            out.append(
                [
                    _name(rng, male, taken),
                    "男" if male else "女",
                    id_number,
                    organisation,
                    f"1380000{rng.randint(0, 9999):04d}" if rng.random() < 0.7 else "",
                    "是" if rng.random() < 0.4 else "否",
                    positions[0] if student else rng.choice(positions),
                    VENUE,
                    f"第{(seat - 1) // 20 + 1}考场",
                    f"{(seat - 1) % 20 + 1:02d}",
                ]
            )
    return out


def main() -> None:
    """Write the roster file."""
    OUT.write_bytes(write_table(HEADER, rows(), "csv"))
    print(f"wrote {len(rows())} contestants to {OUT}")


if __name__ == "__main__":
    main()
