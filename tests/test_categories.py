"""Spending item names → categories by keyword rules (first match wins; 其他 otherwise)."""

from __future__ import annotations

import pytest

from etl.categories import CATEGORIES, CATEGORY_RULES, spending_category


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("残疾人康复支出", "康复"),
        ("残疾人康复服务相关工作预算", "康复"),
        ("残疾儿童康复教育补助", "康复"),
        ("辅助器具适配", "康复"),
        ("残疾学生助学金", "教育"),
        ("特殊教育补助", "教育"),
        ("残疾人就业与扶贫支出", "就业"),
        ("残疾人就业服务相关工作预算", "就业"),
        ("盲人按摩培训", "就业"),
        ("困难残疾人生活补贴和重度残疾人护理补贴", "托养与社保"),
        ("残疾人托养服务", "托养与社保"),
        ("用于社会福利的彩票公益金支出", "托养与社保"),
        ("困难重度残疾人家庭无障碍改造", "无障碍"),
        ("残疾人文化宣传艺术培养相关工作预算", "文化体育"),
        ("残疾人体育运动相关工作预算", "文化体育"),
        ("全国助残日宣传活动", "宣传"),
        ("残疾人权益保障和社会工作预算", "维权信访"),
        ("信访维稳工作经费", "维权信访"),
        ("残疾人基层组织建设及服务经费", "组织建设"),
        ("第二代残疾人证办证经费", "组织建设"),
        ("市残联各机构运行经费预算", "运行保障"),
        ("工资福利支出", "运行保障"),
        ("商品和服务支出", "运行保障"),
        ("其他残疾人事业支出", "其他"),
        ("其他项目支出", "其他"),
        ("", "其他"),
    ],
)
def test_spending_category(name: str, expected: str) -> None:
    assert spending_category(name) == expected


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [("资本性支出", "basic", "运行保障"), ("资本性支出", "project", "其他"), ("残疾人康复支出", "basic", "运行保障")],
)
def test_basic_spending_is_running_cost(name: str, kind: str, expected: str) -> None:
    assert spending_category(name, kind) == expected


def test_every_rule_names_a_known_category() -> None:
    assert {category for category, _ in CATEGORY_RULES} == set(CATEGORIES) - {"其他"}
