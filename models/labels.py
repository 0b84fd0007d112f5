"""The Chinese names staff read for every coded value: one table for models, reports and pages.

Keys are the stored values; the models' `StrEnum` members equal them, so a member looks its
name up as well as the plain string does (``STAGE_NAMES[Stage.nursery] == STAGE_NAMES["nursery"]``).
The ranking engine (`matching/`) writes its own sentences and keeps only the nouns it puts
in them (`matching.wording`).
"""

from __future__ import annotations

__all__ = [
    "ACTION_NAMES",
    "ADMISSION_NAMES",
    "ALERT_KIND_NAMES",
    "ALERT_SEVERITY_NAMES",
    "CARRIER_SPACE_TYPE_NAMES",
    "DROP_REASON_NAMES",
    "EVENT_KIND_NAMES",
    "FACTOR_NAMES",
    "INCUBATOR_KIND_NAMES",
    "INCUBATOR_LEVEL_NAMES",
    "MATCH_ACTION_NAMES",
    "MATCH_STATUS_NAMES",
    "METRIC_NAMES",
    "OBJECTIVE_NAMES",
    "RECORD_KIND_NAMES",
    "ROLE_NAMES",
    "SITE_KIND_NAMES",
    "SPACE_TYPE_NAMES",
    "STAGE_NAMES",
    "STATUS_NAMES",
    "TRANSFER_STATUS_NAMES",
]

STAGE_NAMES = {"nursery": "创业苗圃", "incubation": "孵化", "acceleration": "加速", "industrialization": "产业化"}
STATUS_NAMES = {"prospect": "待入孵", "active": "在孵", "graduated": "已毕业待落地", "signed": "签约待落地", "landed": "已落地",
                "exited": "已退出"}
# A project's stage actions.
ACTION_NAMES = {"admit": "入孵", "advance": "升段", "graduate": "毕业", "exit": "退出", "land": "落地", "sign": "签约",
                "unsign": "撤销签约", "transfer": "接续"}
# Carriers (载体) and their spaces.
INCUBATOR_KIND_NAMES = {"maker_space": "众创空间", "incubator": "孵化器", "accelerator": "加速器",
                        "university_park": "大学科技园"}
INCUBATOR_LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "municipal": "市级", "other": "其他"}
CARRIER_SPACE_TYPE_NAMES = {"desk": "工位", "office": "办公室", "lab": "实验室", "pilot_plant": "中试厂房"}
TRANSFER_STATUS_NAMES = {"pending": "待接收", "accepted": "已接收", "declined": "已拒绝", "cancelled": "已撤回"}

SITE_KIND_NAMES = {"district": "区县用地", "park": "园区", "custom_plant": "定制厂房"}
# A site's industry admission rule (产业准入).
ADMISSION_NAMES = {"open": "不限", "chain": "产业链", "listed": "目录内"}
SPACE_TYPE_NAMES = {"office": "办公", "lab": "研发", "plant": "厂房", "land": "土地"}

MATCH_STATUS_NAMES = {
    "proposed": "已推荐", "contacted": "已联系", "visited": "已考察", "negotiating": "洽谈中", "signed": "已签约",
    "landed": "已落地", "dropped": "已放弃",
}
MATCH_ACTION_NAMES = {"propose": "推荐", "contact": "联系", "visit": "考察", "negotiate": "洽谈", "sign": "签约",
                      "land": "落地", "drop": "放弃"}
# Why a match was dropped: the fixed list staff choose from (read back by weight learning).
DROP_REASON_NAMES = {"area": "面积不符", "rent": "租金", "location": "区位", "industry": "产业不符", "policy": "政策",
                     "company": "企业原因", "other": "其他"}
# Supervision alerts (督办/预警).
ALERT_KIND_NAMES = {
    "unmatched_graduate": "毕业未匹配", "stalled_match": "匹配停滞", "overdue_action": "待办逾期",
    "signed_not_landed": "签约未落地", "relocation_risk": "外迁风险", "reservation_on_exited": "退出项目占用空间",
}
ALERT_SEVERITY_NAMES = {"high": "紧急", "medium": "关注", "low": "提示"}

EVENT_KIND_NAMES = {"matchmaking": "对接会", "signing": "签约会"}
# What an assignment maximises.
OBJECTIVE_NAMES = {
    "equal": "每个项目同等重要（匹配得分之和最大）",
    "area": "按需求面积加权（优先保障大项目）",
    "priority": "按工作人员设定的优先级加权",
}
# The ranking's factors (level: the carrier matching's rating and demonstration status).
FACTOR_NAMES = {"industry": "产业", "space": "空间", "locality": "区位", "level": "等级"}

ROLE_NAMES = {"admin": "管理员", "promotion": "招商人员", "incubator": "孵化器"}
# What an import, an export or a template holds.
RECORD_KIND_NAMES = {"projects": "项目", "sites": "落地空间", "incubators": "孵化器", "financings": "到账融资",
                     "annual-figures": "年度经营数据"}

# The plan's Annex 2 metrics, in the plan's order.
METRIC_NAMES = {
    "new_incubation_space_10k_m2": "新增孵化空间（万㎡）",
    "new_demonstration_incubators": "新增“20孵化器”",
    "new_professional_operators": "新增专业运营机构",
    "new_provincial_incubators": "新增省级及以上孵化器",
    "new_incubated_projects": "新增在孵项目",
    "new_startup_jobs": "新增创业就业",
    "new_provincial_tech_enterprises": "新增省级以上科技型企业",
}
