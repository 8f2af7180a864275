"""Spending item name → one of the eleven spending categories, by keyword rules tried in order."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "康复",
    "教育",
    "就业",
    "托养与社保",
    "无障碍",
    "文化体育",
    "宣传",
    "维权信访",
    "组织建设",
    "运行保障",
    "其他",
)

# First matching rule wins, so the order matters: a name often mentions two topics and the more specific
# one comes first (家庭无障碍改造 is accessibility even though it is rehabilitation-adjacent; 文化宣传艺术 is
# culture, not publicity; 康复教育 is rehabilitation of children, not schooling).
CATEGORY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("无障碍", ("无障碍", "盲道")),
    ("维权信访", ("维权", "信访", "权益", "法律援助", "法律服务", "法律救助")),
    ("文化体育", ("文化", "体育", "文体", "运动", "特奥", "残奥", "艺术", "书屋", "健身")),
    ("宣传", ("宣传", "助残日", "新闻", "媒体", "舆论")),
    ("就业", ("就业", "创业", "职业", "技能培训", "按摩", "扶贫", "增收", "实用技术")),
    ("康复", ("康复", "辅助器具", "辅具", "助听器", "假肢", "矫形", "人工耳蜗", "白内障", "孤独症", "脑瘫", "助视")),
    ("教育", ("教育", "助学", "特教", "就学", "学生", "入学", "奖学", "学前", "上学")),
    (
        "托养与社保",
        (
            "托养",
            "社会保障",
            "社保",
            "养老",
            "医疗保险",
            "生活补贴",
            "护理补贴",
            "两项补贴",
            "救助",
            "照护",
            "居家服务",
            "低保",
            "困难",
            "社会福利",
            "托管",
            "日间照料",
        ),
    ),
    (
        "组织建设",
        (
            "基层组织",
            "组织建设",
            "专职委员",
            "协会",
            "残疾人证",
            "办证",
            "评残",
            "残疾评定",
            "等级评定",
            "人才",
            "党建",
            "换届",
            "代表大会",
            "调查",
            "统计",
            "信息化",
        ),
    ),
    (
        "运行保障",
        (
            "运行",
            "工资",
            "福利支出",
            "商品和服务",
            "基本支出",
            "人员经费",
            "公用经费",
            "办公",
            "机关",
            "物业",
            "差旅",
            "会议",
            "维修",
            "保障经费",
            "对个人和家庭",
        ),
    ),
)


def spending_category(name: str, kind: str = "project") -> str:
    """The category of a spending line, from keywords of its name; 其他 when nothing matches.

    Basic spending (工资福利支出, 资本性支出 ...) is the unit's running cost whatever its economic item is called.
    """
    if kind == "basic":
        return "运行保障"
    for category, keywords in CATEGORY_RULES:
        if any(keyword in name for keyword in keywords):
            return category
    return "其他"
