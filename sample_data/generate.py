"""Generate the synthetic sample registry (incubators and projects with stage histories).

Run `python sample_data/generate.py` to rewrite `registry.json`; the seed makes it repeatable.
Everything here is invented for demonstration: no real company or person is described.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20251
OUT = Path(__file__).with_name("registry.json")

INCUBATORS = [
    # name, district, level, demonstration, industries
    ("温州市科技创业孵化中心", "鹿城区", "national", True, ["I65", "C39"]),
    ("瓯江口电气产业加速器", "乐清市", "provincial", True, ["C382", "C3823"]),
    ("瑞安汽摩配创新工场", "瑞安市", "provincial", True, ["C367", "C34"]),
    ("龙湾智能装备孵化器", "龙湾区", "national", True, ["C34", "C35"]),
    ("瓯海眼镜与医疗器械众创园", "瓯海区", "municipal", False, ["C3587", "C358"]),
    ("永嘉泵阀产业创新中心", "永嘉县", "provincial", True, ["C344"]),
    ("平阳包装印刷创业园", "平阳县", "municipal", False, ["C223", "C23"]),
    ("温州海经区新能源新材料孵化器", "温州海经区", "municipal", False, ["C384", "C26"]),
]

# industry code, stems for names, description template
TOPICS = {
    "I65": (["云启", "数智", "码上", "瓯云"], "面向{x}的软件平台与数据服务"),
    "C39": (["芯联", "光感", "微电"], "{x}用电子元器件与模组研发"),
    "C3823": (["智配", "安开", "正泰联"], "智能配电开关与{x}控制设备"),
    "C3824": (["电容", "稳压"], "{x}电力电子元器件"),
    "C3670": (["驰远", "精锻", "速联"], "新能源汽车{x}零部件"),
    "C3441": (["流体", "泵力"], "{x}高效节能泵"),
    "C3443": (["阀宝", "精阀", "流控"], "{x}智能阀门与执行器"),
    "C3587": (["明眸", "视康"], "{x}功能性眼镜与镜片"),
    "C3581": (["康测", "医联"], "{x}医疗监护与诊断设备"),
    "C2231": (["绿包", "纸艺"], "{x}环保纸制包装"),
    "C2319": (["彩印", "数印"], "{x}数字印刷与包装印刷"),
    "C3841": (["锂动", "储能"], "{x}锂离子电池与储能系统"),
    "C2651": (["新材", "高分子"], "{x}高性能工程塑料"),
    "C3491": (["机器人", "智造"], "{x}工业机器人与自动化产线"),
}
TOPIC_BY_INCUBATOR = {
    0: ["I65", "C39"],
    1: ["C3823", "C3824"],
    2: ["C3670", "C3491"],
    3: ["C3491", "C3441"],
    4: ["C3587", "C3581"],
    5: ["C3441", "C3443"],
    6: ["C2231", "C2319"],
    7: ["C3841", "C2651"],
}
MARKETS = ["制造企业", "中小企业", "出口市场", "城市管网", "储能电站", "医院", "电商", "新能源车企"]
SUFFIXES = ["科技", "智能", "新材料", "电气", "医疗", "精密"]
NEED_BY_STAGE = {
    "nursery": ("office", 50, 200),
    "incubation": ("office", 200, 800),
    "acceleration": ("lab", 500, 2000),
    "industrialization": ("plant", 2000, 20000),
}


def project(rng: random.Random, index: int, incubator: int) -> dict:
    code = rng.choice(TOPIC_BY_INCUBATOR[incubator])
    stems, template = TOPICS[code]
    name = f"温州{rng.choice(stems)}{rng.choice(SUFFIXES)}有限公司（示例{index:03d}）"
    # The path a project has walked so far: admitted at some stage, then steps.
    admitted = rng.choice(["nursery", "nursery", "incubation", "acceleration"])
    steps = []
    stages = ["nursery", "incubation", "acceleration"]
    stage = admitted
    admitted_days_ago = days = rng.randint(400, 1100)
    for _ in range(rng.randint(0, 3)):
        days -= rng.randint(60, 300)
        if days < 5:
            break
        if stage in ("incubation", "acceleration") and rng.random() < 0.45:
            steps.append(["graduate", days, "达到毕业条件，申请产业化落地"])
            stage = "industrialization"
            break
        if stage != "acceleration":
            stage = stages[stages.index(stage) + 1]
            steps.append(["advance", days, "完成阶段评审"])
    if stage != "industrialization" and rng.random() < 0.08:
        steps.append(["exit", max(days - 30, 1), "团队解散，退出孵化"])
    space_type, low, high = NEED_BY_STAGE[stage]
    area_min = round(rng.uniform(low, high), -1)
    return {
        "name": name,
        "incubator": INCUBATORS[incubator][0],
        "industries": [code],
        "description": template.format(x=rng.choice(MARKETS)),
        "stage": admitted,
        "admitted_days_ago": admitted_days_ago,
        "steps": steps,
        "team_size": rng.randint(3, 120),
        "revenue": round(rng.uniform(0, 5000), 1),
        "financing": round(rng.choice([0, 0, 200, 500, 1500, 5000]) * rng.uniform(0.5, 1.5), 1),
        "space_need": {
            "space_type": space_type,
            "area_min": area_min,
            "area_max": round(area_min * rng.uniform(1.2, 2.0), -1),
            "power_kva": rng.choice([None, 100, 250, 630, 1250]) if space_type == "plant" else None,
            "clean_room": space_type != "office" and rng.random() < 0.2,
            "hazardous": False,
        },
        "preferred_districts": [INCUBATORS[incubator][1]],
    }


def main() -> None:
    rng = random.Random(SEED)
    incubators = [
        {"name": n, "district": d, "level": lv, "demonstration": demo, "industries": ind}
        for n, d, lv, demo, ind in INCUBATORS
    ]
    projects = [project(rng, i + 1, i % len(INCUBATORS)) for i in range(48)]
    OUT.write_text(
        json.dumps({"synthetic": True, "seed": SEED, "incubators": incubators, "projects": projects},
                   ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT}: {len(incubators)} incubators, {len(projects)} projects")


if __name__ == "__main__":
    main()
