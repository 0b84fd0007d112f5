"""Generate the synthetic sample registry: incubators, landing sites and projects.

Run `python3 sample_data/generate.py` to rewrite `registry.json`; the fixed seed makes it repeatable.

Everything written here is SYNTHETIC and invented for demonstration. The districts and their
leading industries follow Wenzhou's real industrial profile, but every incubator, park, custom
plant, offer, project and number is made up: no real company, park or person is described, and
project names carry a "（示例NNN）" marker so they cannot be taken for registered companies.

The script checks its own output (`check`) against the rules the loader enforces before it writes
anything, and uses only the Python standard library.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

SEED = 20251
HERE = Path(__file__).resolve().parent
OUT = HERE / "registry.json"
INDUSTRIES_CSV = HERE.parent / "matchmaker" / "data" / "industries.csv"

TODAY = date(2026, 11, 22)  # reference date: graduates need space 3-18 months after it
SQM_PER_MU = 666.67  # 1 亩 in ㎡
PROJECT_COUNT = 330
FINAL_STATES = {  # how many projects end in each stage / status
    "nursery": 72,
    "incubation": 82,
    "acceleration": 82,
    "graduated": 78,
    "exited": 16,
}

# ---------------------------------------------------------------------------------------------
# Geography: approximate centroids (lat, lon) and how far a site may be jittered from them.
# ---------------------------------------------------------------------------------------------

DISTRICTS = {
    "鹿城区": (28.066, 120.556, 0.05),
    "龙湾区": (27.890, 120.810, 0.05),
    "瓯海区": (27.970, 120.548, 0.05),
    "洞头区": (27.925, 121.030, 0.02),
    "乐清市": (28.251, 121.006, 0.05),
    "瑞安市": (27.827, 120.457, 0.05),
    "永嘉县": (28.334, 120.658, 0.05),
    "文成县": (27.810, 120.018, 0.05),
    "平阳县": (27.635, 120.381, 0.05),
    "泰顺县": (27.534, 119.874, 0.05),
    "苍南县": (27.420, 120.421, 0.05),
    "龙港市": (27.536, 120.571, 0.05),
    "温州海经区": (27.980, 120.930, 0.05),
}

# A project's second preferred district is usually a neighbour or a related industrial base.
NEIGHBOURS = {
    "鹿城区": ["瓯海区", "龙湾区", "永嘉县"],
    "龙湾区": ["温州海经区", "瓯海区", "鹿城区"],
    "瓯海区": ["鹿城区", "瑞安市", "龙湾区"],
    "洞头区": ["温州海经区", "龙湾区"],
    "乐清市": ["永嘉县", "温州海经区", "龙湾区"],
    "瑞安市": ["瓯海区", "平阳县", "文成县"],
    "永嘉县": ["鹿城区", "乐清市"],
    "文成县": ["瑞安市", "泰顺县"],
    "平阳县": ["瑞安市", "苍南县", "龙港市"],
    "泰顺县": ["文成县", "苍南县"],
    "苍南县": ["龙港市", "平阳县"],
    "龙港市": ["苍南县", "平阳县"],
    "温州海经区": ["龙湾区", "洞头区", "乐清市"],
}

# ---------------------------------------------------------------------------------------------
# District sites: leading industries, a description, and industrial land parcels (亩, hazardous).
# ---------------------------------------------------------------------------------------------

DISTRICT_PROFILES = {
    "鹿城区": (["C19", "C1952", "C18", "I65"],
             "温州中心城区，以鞋革、服装等时尚产业和软件信息、商务服务为主导，工业用地以小地块为主。",
             [(28, False), (45, False)]),
    "龙湾区": (["C344", "C3443", "C26", "C27"],
             "高新技术产业集聚区，泵阀、新材料和生物医药产业基础较好，毗邻机场和港区。",
             [(62, True), (118, False), (35, False)]),
    "瓯海区": (["C3587", "C358", "C18"],
             "眼镜、时尚服饰和医疗器械产业基础雄厚，大学城科研资源集中。",
             [(48, False), (86, False)]),
    "洞头区": (["C4023", "C3415", "D4415"],
             "海岛区，发展海洋经济、海上风电与新能源配套产业，用地有限，注重生态保护。",
             [(55, False)]),
    "乐清市": (["C382", "C3823", "C40", "C4012"],
             "电气产业重镇，输配电及控制设备、电工仪器仪表产业链完整，配套企业众多。",
             [(132, False), (76, False), (40, False)]),
    "瑞安市": (["C3670", "C367", "C34", "C35"],
             "汽摩配产业基地，汽车零部件、智能装备和机械制造配套齐全，并培育生物医药产业。",
             [(165, False), (58, False), (92, False)]),
    "永嘉县": (["C344", "C3441", "C3443"],
             "泵阀产业集群完整，流体装备上下游配套齐全，兼有服饰辅料等轻工产业。",
             [(70, False), (38, False)]),
    "文成县": (["C15", "C2730"],
             "山区生态县，适合发展茶叶精制、中药材加工等低能耗、低排放的生态轻工业。",
             [(22, False)]),
    "平阳县": (["C223", "C2231", "C23", "C19"],
             "包装印刷、皮革及宠物用品产业集聚，滨海片区可供应较大规模工业用地。",
             [(88, False), (46, False)]),
    "泰顺县": (["C20", "C15"],
             "山区生态县，以竹木制品、茶叶等生态产业为主，适合小规模绿色加工项目。",
             [(20, False)]),
    "苍南县": (["C23", "C2319", "C40", "C3825"],
             "印刷包装、仪器仪表产业基础较好，沿海布局新能源装备产业。",
             [(96, False), (52, False)]),
    "龙港市": (["C23", "C2319", "C223"],
             "印刷包装全产业链集聚，推进新型印刷与包装新材料升级。",
             [(74, False), (30, False)]),
    "温州海经区": (["C384", "C3841", "C26", "C2651"],
               "临港产业平台，重点发展锂电池与储能、新材料等产业，可承接大项目，部分地块允许危险工艺。",
               [(200, True), (145, True), (80, False)]),
}

# ---------------------------------------------------------------------------------------------
# Parks (invented names): name, district, leading industries, state-owned, offer profile.
# ---------------------------------------------------------------------------------------------

PARKS = [
    ("乐清经济开发区智能电气产业园", "乐清市", ["C3823", "C382", "C4012"], True, "factory"),
    ("乐清柳白电气小微企业园", "乐清市", ["C3823", "C3829"], False, "factory"),
    ("乐清湾港区新能源装备园", "乐清市", ["C3825", "C3824", "C3415"], True, "factory"),
    ("乐清智能仪表科创园", "乐清市", ["C4012", "C4011", "C401"], True, "electronics"),
    ("乐清中心区工业互联网创新园", "乐清市", ["I6531", "I65", "C4011"], True, "tech"),
    ("乐清虹桥电子元器件产业园", "乐清市", ["C398", "C3824"], False, "electronics"),
    ("瑞安经济开发区汽摩配产业园", "瑞安市", ["C3670", "C367"], True, "factory"),
    ("瑞安塘下汽车零部件小微园", "瑞安市", ["C3670", "C3484"], False, "factory"),
    ("瑞安高新区智能装备园", "瑞安市", ["C3491", "C34", "C35"], True, "factory"),
    ("瑞安生物医药产业园", "瑞安市", ["C27", "C358", "C2720"], True, "health"),
    ("瑞安飞云江科创园", "瑞安市", ["I65", "C39"], True, "tech"),
    ("龙湾高新区泵阀智造产业园", "龙湾区", ["C3443", "C3441", "C344"], True, "factory"),
    ("龙湾新材料产业园", "龙湾区", ["C2651", "C2661", "C26"], True, "chemical"),
    ("龙湾生命健康产业园", "龙湾区", ["C27", "C2761", "C358"], True, "health"),
    ("龙湾空港智能装备园", "龙湾区", ["C3491", "C3493", "C34"], False, "factory"),
    ("温州国际科技城光电园", "龙湾区", ["C3976", "C39", "C3983"], True, "electronics"),
    ("瓯海眼镜产业园", "瓯海区", ["C3587", "C358"], True, "light"),
    ("瓯海生命健康小镇医疗器械园", "瓯海区", ["C3581", "C3584", "C358"], True, "health"),
    ("瓯海时尚智造园", "瓯海区", ["C18", "C1830", "C1922"], False, "creative"),
    ("瓯海经济开发区智能制造园", "瓯海区", ["C34", "C3484", "C3525"], True, "factory"),
    ("瓯海大学城科创园", "瓯海区", ["I65", "M73", "C358"], True, "tech"),
    ("鹿城鞋都时尚产业园", "鹿城区", ["C1952", "C19", "C1922"], True, "creative"),
    ("鹿城数字经济产业园", "鹿城区", ["I6513", "I64", "I65"], True, "tech"),
    ("鹿城轻工智造小微园", "鹿城区", ["C19", "C18", "C2927"], False, "light"),
    ("永嘉瓯北泵阀产业园", "永嘉县", ["C3443", "C3441"], True, "factory"),
    ("永嘉流体装备小微企业园", "永嘉县", ["C344", "C3444"], False, "factory"),
    ("永嘉服饰辅料产业园", "永嘉县", ["C1830", "C29"], True, "light"),
    ("永嘉教玩具产业园", "永嘉县", ["C24"], False, "light"),
    ("平阳滨海包装印刷产业园", "平阳县", ["C2231", "C2319", "C223"], True, "light"),
    ("平阳皮革与宠物用品产业园", "平阳县", ["C19", "C1910", "C2929"], True, "chemical"),
    ("平阳万全智能装备园", "平阳县", ["C34", "C3484"], False, "factory"),
    ("苍南仪器仪表产业园", "苍南县", ["C4012", "C4016", "C40"], True, "electronics"),
    ("苍南印刷包装小微园", "苍南县", ["C2319", "C23"], False, "light"),
    ("苍南新能源装备产业园", "苍南县", ["C3825", "C3415", "C382"], True, "factory"),
    ("龙港新型印刷产业园", "龙港市", ["C2319", "C2320", "C23"], True, "light"),
    ("龙港包装新材料产业园", "龙港市", ["C2231", "C2239", "C2921"], True, "light"),
    ("龙港数字创意园", "龙港市", ["I65", "C2319"], False, "tech"),
    ("温州海经区新能源电池产业园", "温州海经区", ["C3841", "C384", "C3849"], True, "battery"),
    ("温州海经区新材料化工园", "温州海经区", ["C2651", "C2661", "C26"], True, "chemical"),
    ("温州海经区储能装备园", "温州海经区", ["C3841", "C3824", "C3825"], True, "electronics"),
    ("温州海经区智能制造标准厂房园", "温州海经区", ["C34", "C35", "C3670"], False, "factory"),
    ("洞头海洋经济科创园", "洞头区", ["C4023", "C3575", "M73"], True, "tech"),
    ("洞头海上风电装备园", "洞头区", ["C3415", "C3825", "D4415"], True, "factory"),
    ("文成生态工业园", "文成县", ["C15", "C2730", "C14"], True, "light"),
    ("泰顺竹木生态产业园", "泰顺县", ["C20", "C21", "C15"], True, "light"),
]

# The offers a park of each profile lists, in order; a park lists the first 1-4 of them.
PARK_OFFER_PATTERNS = {
    "factory": ["plant", "plant", "office", "plant"],
    "electronics": ["plant", "lab", "office", "plant"],
    "tech": ["office", "lab", "office", "plant"],
    "health": ["lab", "plant", "office", "lab"],
    "chemical": ["plant", "plant", "lab", "office"],
    "battery": ["plant", "plant", "lab", "office"],
    "creative": ["office", "plant", "office", "lab"],
    "light": ["plant", "office", "plant", "plant"],
}
# profile: plant area range (㎡), floor load range, clear height range, plant rent range, clean share
PARK_PLANT_SPECS = {
    "factory": ((2000, 40000), (8, 15), (8, 12), (14, 24), 0.05),
    "electronics": ((1500, 15000), (5, 10), (6, 9), (18, 30), 0.5),
    "tech": ((1000, 5000), (5, 8), (6, 8), (20, 30), 0.2),
    "health": ((1500, 12000), (5, 10), (6, 9), (20, 30), 0.7),
    "chemical": ((3000, 30000), (8, 15), (8, 12), (12, 22), 0.0),
    "battery": ((5000, 40000), (8, 15), (8, 12), (15, 26), 0.5),
    "creative": ((1000, 6000), (5, 8), (6, 8), (15, 26), 0.0),
    "light": ((1000, 12000), (5, 10), (6, 9), (12, 20), 0.05),
}
HAZARDOUS_PROFILES = {"chemical", "battery"}

# ---------------------------------------------------------------------------------------------
# Custom plants (厂房定制): name, district, industries, state-owned, clean room, hazardous.
# ---------------------------------------------------------------------------------------------

CUSTOM_PLANTS = [
    ("乐清经济开发区电气定制厂房（A地块）", "乐清市", ["C3823", "C382"], True, False, False),
    ("乐清湾新能源定制厂房", "乐清市", ["C3825", "C3824"], True, True, False),
    ("乐清智能仪表定制厂房", "乐清市", ["C4012", "C401"], False, True, False),
    ("瑞安汽摩配定制厂房（塘下片区）", "瑞安市", ["C3670"], True, False, False),
    ("瑞安高新区智能装备定制厂房", "瑞安市", ["C34", "C3491"], True, False, False),
    ("瑞安生物医药GMP定制厂房", "瑞安市", ["C27", "C358"], True, True, True),
    ("龙湾泵阀定制厂房", "龙湾区", ["C344"], True, False, False),
    ("龙湾医药化工定制厂房", "龙湾区", ["C27", "C26"], True, True, True),
    ("瓯海医疗器械洁净定制厂房", "瓯海区", ["C358", "C3587"], True, True, False),
    ("瓯海眼镜智造定制厂房", "瓯海区", ["C3587"], False, False, False),
    ("永嘉泵阀定制厂房（瓯北片区）", "永嘉县", ["C3443", "C3441"], True, False, False),
    ("永嘉流体装备定制厂房（三江片区）", "永嘉县", ["C344"], False, False, False),
    ("温州海经区锂电池定制厂房", "温州海经区", ["C3841", "C384"], True, True, True),
    ("温州海经区新材料定制厂房", "温州海经区", ["C26", "C2651"], True, False, True),
    ("平阳包装印刷定制厂房", "平阳县", ["C223", "C23"], True, False, False),
    ("苍南仪器仪表定制厂房", "苍南县", ["C40"], True, False, False),
    ("龙港印刷包装定制厂房", "龙港市", ["C23", "C223"], True, False, False),
]

# ---------------------------------------------------------------------------------------------
# Incubators: name, district, level, demonstration, focus industries, project topics.
# The first eight are the names of the earlier, smaller sample.
# ---------------------------------------------------------------------------------------------

INCUBATORS = [
    ("温州市科技创业孵化中心", "鹿城区", "national", True, ["I65", "C39"], ["I6513", "I6531", "C3983", "C3976"]),
    ("瓯江口电气产业加速器", "乐清市", "provincial", True, ["C382", "C3823"], ["C3823", "C3824", "C3821"]),
    ("瑞安汽摩配创新工场", "瑞安市", "provincial", True, ["C367", "C34"], ["C3670", "C3484", "C3491"]),
    ("龙湾智能装备孵化器", "龙湾区", "national", True, ["C34", "C35"], ["C3491", "C3493", "C3525", "C3441"]),
    ("瓯海眼镜与医疗器械众创园", "瓯海区", "municipal", False, ["C3587", "C358"], ["C3587", "C3581", "C3584"]),
    ("永嘉泵阀产业创新中心", "永嘉县", "provincial", True, ["C344"], ["C3441", "C3443", "C3444"]),
    ("平阳包装印刷创业园", "平阳县", "municipal", False, ["C223", "C23"], ["C2231", "C2319"]),
    ("温州海经区新能源新材料孵化器", "温州海经区", "municipal", False, ["C384", "C26"], ["C3841", "C2651", "C2661"]),
    ("瓯江数字经济孵化器", "鹿城区", "national", True, ["I65", "I64"], ["I6513", "I6450", "I6432", "I6531"]),
    ("鹿城鞋服时尚创意孵化园", "鹿城区", "municipal", False, ["C19", "C18"], ["C1952", "C1922", "C1819"]),
    ("乐清智能仪表众创空间", "乐清市", "provincial", True, ["C40", "C382"], ["C4012", "C4011", "C4016", "C3823"]),
    ("乐清新能源电力电子加速器", "乐清市", "national", True, ["C3824", "C3825"], ["C3824", "C3825"]),
    ("瑞安智能装备科创园", "瑞安市", "provincial", False, ["C34", "C35"], ["C3484", "C3491", "C3525"]),
    ("瑞安生物医药孵化器", "瑞安市", "provincial", True, ["C27", "C358"], ["C2720", "C2761", "C3581"]),
    ("龙湾生物医药与新材料加速器", "龙湾区", "national", True, ["C27", "C26"], ["C2720", "C2761", "C2651", "C2661"]),
    ("瓯海生命健康科创园", "瓯海区", "provincial", True, ["C358", "C27"], ["C3581", "C3584", "C3586", "C2770"]),
    ("瓯海时尚智造孵化器", "瓯海区", "other", False, ["C18", "C3587"], ["C1819", "C1830", "C3587"]),
    ("永嘉流体装备数字化孵化器", "永嘉县", "provincial", False, ["C344", "I65"], ["C3443", "C3441", "I6531"]),
    ("苍南仪器仪表与印刷创业园", "苍南县", "municipal", False, ["C40", "C23"], ["C4012", "C4016", "C2319"]),
    ("龙港印刷包装创新服务综合体", "龙港市", "provincial", True, ["C23", "C223"], ["C2319", "C2231", "C2239"]),
    ("平阳皮革与宠物用品孵化器", "平阳县", "other", False, ["C19", "C29"], ["C1922", "C2929", "C1910"]),
    ("温州海经区储能产业加速器", "温州海经区", "national", True, ["C384", "C3825"], ["C3841", "C3849", "C3825"]),
    ("洞头海洋科技孵化器", "洞头区", "municipal", False, ["C4023", "C3415"], ["C4023", "C3415"]),
    ("文成生态科创孵化器", "文成县", "other", False, ["C15", "C27"], ["C15", "C2730"]),
    ("泰顺竹木与生态产品创业园", "泰顺县", "other", False, ["C20", "C15"], ["C20", "C15"]),
    ("瓯越青年创业苗圃", "鹿城区", "municipal", False, ["I65", "I64"], ["I6513", "I6572", "I6432"]),
    ("龙湾激光与光电孵化器", "龙湾区", "provincial", False, ["C39"], ["C3976", "C3983", "C3982"]),
    ("乐清工业互联网孵化器", "乐清市", "municipal", True, ["I65", "C4011"], ["I6531", "C4011", "I6513"]),
]
# How many projects an incubator of each level hosts, relatively.
LEVEL_WEIGHTS = {"national": 16, "provincial": 12, "municipal": 9, "other": 6}

# ---------------------------------------------------------------------------------------------
# Project topics: what a project does, per industry class.
# ---------------------------------------------------------------------------------------------


class Topic(NamedTuple):
    kind: str  # see KINDS
    brand: str  # characters for the second half of a brand name
    suffix: str  # company type in the name
    products: list[str]  # first sentence of the description
    customers: list[str]
    related: list[str]  # a possible second industry code


TOPICS = {
    "I6513": Topic("software", "云数码启联讯", "科技", [
        "面向中小制造企业的SaaS生产管理软件", "基于大模型的企业智能客服与知识库系统",
        "智慧社区与物业服务应用软件", "跨境电商店铺运营与数据分析工具"],
        ["本地制造企业", "鞋服外贸企业", "社区物业公司"], ["I6450", "I6531"]),
    "I6531": Topic("software", "联控网链数云", "信息技术", [
        "泵阀、电气企业的工业互联网平台与设备联网集成", "工厂MES系统实施与数字化车间集成",
        "园区能耗监测物联网系统集成"],
        ["电气企业", "泵阀企业", "工业园区"], ["I6532", "C4011"]),
    "I6450": Topic("software", "数图算析链", "数据科技", [
        "工业设备运行数据采集与分析服务", "城市交通与商圈客流大数据服务", "企业信用与供应链数据服务"],
        ["制造企业", "商贸企业", "金融机构"], ["I6513"]),
    "I6432": Topic("software", "邻享乐到家", "网络科技", [
        "本地生活服务与社区团购平台", "鞋服尾货与直播电商撮合平台", "家政与养老服务预约平台"],
        ["社区居民", "鞋服品牌", "养老机构"], ["I6513"]),
    "I6572": Topic("software", "画境游幻梦", "文化科技", [
        "瓯越文化题材动漫与数字内容制作", "休闲游戏研发与数字IP运营", "文旅场景的虚拟现实内容制作"],
        ["文旅企业", "游戏发行平台"], ["I6513"]),
    "C3983": Topic("electronics", "感测芯微敏", "传感科技", [
        "MEMS压力与温湿度传感器", "新能源汽车用电流传感器", "工业气体检测传感器模组"],
        ["汽车零部件企业", "电气设备厂商", "环保监测企业"], ["C3976", "C4011"]),
    "C3976": Topic("electronics", "光激芯曜星", "光电科技", [
        "激光器与光电探测器件", "光通信用高速光模块", "车载激光雷达光学组件"],
        ["通信设备厂商", "激光设备企业", "汽车电子企业"], ["C3983"]),
    "C3982": Topic("electronics", "路板电联芯", "电子", [
        "高频高速印制电路板", "柔性电路板与组件"],
        ["消费电子企业", "汽车电子企业"], ["C3983"]),
    "C3823": Topic("machinery", "开配正安电控", "电气", [
        "智能低压断路器与配电开关柜", "新能源场站用直流开关设备", "智能配电终端与一二次融合开关"],
        ["电网公司", "新能源场站", "建筑配电企业"], ["C3829", "C4012", "C3824"]),
    "C3824": Topic("electronics", "芯功变能源", "电力科技", [
        "IGBT功率模块与驱动板", "储能变流器用电力电子器件", "充电桩功率模块"],
        ["储能系统集成商", "充电设备厂商"], ["C3825", "C3823"]),
    "C3821": Topic("machinery", "变压能电源", "电力设备", [
        "干式变压器与箱式变电站", "新能源用升压变压器"],
        ["电网公司", "光伏电站"], ["C3823"]),
    "C3825": Topic("electronics", "阳光伏晶辉", "新能源", [
        "光伏逆变器与汇流设备", "分布式光伏接线盒与智能关断器", "光伏电池片检测设备"],
        ["光伏电站开发商", "工商业屋顶业主"], ["C3824", "D4416"]),
    "C4012": Topic("electronics", "表测仪准电", "仪表", [
        "智能电能表与用电信息采集终端", "电气安全检测仪器", "电力设备在线监测装置"],
        ["电网公司", "电气企业"], ["C3823", "C4011"]),
    "C4011": Topic("electronics", "控自动驰联", "自动化", [
        "小型PLC与运动控制器", "工业自动化控制系统与边缘网关"],
        ["装备制造企业", "泵阀企业"], ["I6531", "C3491"]),
    "C4016": Topic("electronics", "量流计表准", "仪表", [
        "智能燃气表与水表", "超声波流量计量仪表"],
        ["燃气公司", "水务公司"], ["C4012"]),
    "C4023": Topic("electronics", "海洋测浪帆", "海洋科技", [
        "海洋水质在线监测浮标", "海洋渔业声呐探测仪器"],
        ["海洋渔业企业", "海洋环境监测机构"], ["C3575"]),
    "C3415": Topic("machinery", "风能帆动力", "风电装备", [
        "海上风电机组关键零部件", "小型风力发电机组"],
        ["风电整机企业", "海上风电场"], ["D4415"]),
    "C3670": Topic("machinery", "驰速锻联达", "汽车部件", [
        "新能源汽车电驱系统零部件", "汽车制动与底盘精密零件", "汽车线束与连接器"],
        ["整车企业", "一级零部件供应商"], ["C3484", "C2929"]),
    "C3484": Topic("machinery", "精机锻铸工", "机械", [
        "精密机械零部件数控加工", "汽车与摩托车精密铸锻件加工"],
        ["汽摩配企业", "装备制造企业"], ["C3670"]),
    "C3491": Topic("machinery", "智造臂机灵", "智能装备", [
        "焊接与搬运工业机器人", "协作机器人及视觉分拣工作站"],
        ["汽摩配企业", "电气制造企业"], ["C4011"]),
    "C3493": Topic("machinery", "增材造塑型", "增材科技", [
        "金属3D打印设备与打印服务", "工业级增材制造装备"],
        ["模具企业", "医疗器械企业"], ["C3525"]),
    "C3525": Topic("machinery", "模精塑具", "模具", [
        "汽车与家电精密注塑模具", "鞋模与眼镜模具"],
        ["汽车零部件企业", "鞋企"], ["C3484"]),
    "C3441": Topic("machinery", "泵流力源", "泵业", [
        "高效节能离心泵", "化工流程泵与磁力泵", "智能一体化供水泵站"],
        ["化工企业", "城市水务"], ["C3443", "C4011"]),
    "C3443": Topic("machinery", "阀控流密", "阀门", [
        "智能调节阀与电动执行器", "LNG超低温阀门", "核电与化工用特种阀门"],
        ["石化企业", "燃气公司"], ["C3441"]),
    "C3444": Topic("machinery", "液压力动", "液压科技", [
        "液压元件与液压系统", "电液伺服控制元件"],
        ["工程机械企业", "冶金设备企业"], ["C3441"]),
    "C3587": Topic("light", "视明眸光镜", "眼镜", [
        "功能性光学镜片", "智能眼镜与光学显示模组", "钛合金眼镜架智能制造"],
        ["眼镜品牌商", "出口市场"], ["C4040"]),
    "C3581": Topic("medical", "康测医护心", "医疗器械", [
        "便携式心电监护与诊断设备", "家用医疗监测设备", "医学影像辅助诊断设备"],
        ["医院", "基层医疗机构", "家庭用户"], ["C3589", "I6513"]),
    "C3584": Topic("medical", "微创医安", "医疗科技", [
        "微创外科手术器械", "一次性医用耗材与穿刺器械"],
        ["医院", "医疗器械经销商"], ["C2770"]),
    "C3586": Topic("medical", "康行复健", "康复科技", [
        "康复训练机器人与康复辅具", "智能轮椅与助行器具"],
        ["康复医院", "养老机构"], ["C3581"]),
    "C2720": Topic("pharma", "药康瓯济", "制药", [
        "化学药品制剂研发与生产", "缓控释制剂及创新给药系统"],
        ["医院", "医药流通企业"], ["C2710", "M7340"]),
    "C2761": Topic("pharma", "生源瑞因", "生物科技", [
        "体外诊断试剂与生物制品", "细胞治疗药物研发", "重组蛋白药物"],
        ["医院", "医药企业"], ["M7340"]),
    "C2770": Topic("medical", "护洁康敷", "卫生材料", [
        "医用敷料与卫生材料", "医用防护用品"],
        ["医院", "连锁药店"], ["C3584"]),
    "C2730": Topic("light", "草本药源", "中药饮片", [
        "道地中药材饮片加工", "药食同源产品精深加工"],
        ["中医院", "连锁药店"], ["C15"]),
    "C2651": Topic("chemical", "材塑聚合", "新材料", [
        "高性能工程塑料与改性材料", "生物可降解塑料"],
        ["汽车零部件企业", "包装企业"], ["C2929"]),
    "C2661": Topic("chemical", "化剂纯净", "化工科技", [
        "电子化学品与化学助剂", "环保型水处理药剂"],
        ["电子企业", "印染企业"], ["C2666"]),
    "C3841": Topic("battery", "锂能储电芯", "新能源", [
        "动力锂电池与电池模组", "工商业储能锂电池系统", "锂电池回收与梯次利用"],
        ["储能电站", "新能源车企"], ["C3849", "C3824"]),
    "C3849": Topic("battery", "钠固能电", "储能科技", [
        "钠离子电池电芯", "固态电池关键材料与电芯"],
        ["储能电站", "电动两轮车企业"], ["C3841"]),
    "C2231": Topic("light", "绿纸包盒", "包装", [
        "环保纸质包装箱与纸托", "食品级纸杯纸碗容器"],
        ["电商企业", "食品企业"], ["C2319"]),
    "C2319": Topic("light", "彩印数艺", "印刷", [
        "数字印刷与个性化包装印刷", "防伪标签与智能包装印刷", "绿色环保彩盒印刷"],
        ["电商企业", "食品企业", "药企"], ["C2231", "C2642"]),
    "C2239": Topic("light", "纸艺文创", "纸品", [
        "纸制文创与礼品包装", "纸浆模塑环保制品"],
        ["文创品牌", "电子产品企业"], ["C2231"]),
    "C1952": Topic("light", "步履鞋尚", "鞋业", [
        "时尚女鞋设计与柔性制造", "功能性皮鞋定制"],
        ["电商平台", "鞋服品牌"], ["C1922"]),
    "C1922": Topic("light", "包革尚品", "皮具", [
        "时尚皮具箱包设计制造", "宠物皮革用品"],
        ["电商平台", "出口市场"], ["C1952"]),
    "C1819": Topic("light", "衣尚裳织", "服饰", [
        "时尚女装设计与小单快反生产", "校服与职业装定制"],
        ["电商平台", "学校与企业"], ["C1830"]),
    "C1830": Topic("light", "扣饰辅尚", "服饰", [
        "纽扣与服装辅料", "服饰配件设计制造"],
        ["服装品牌", "出口市场"], ["C1819"]),
    "C2929": Topic("light", "宠塑乐件", "宠物用品", [
        "宠物咬胶与塑料用品", "宠物智能喂养器具"],
        ["宠物用品品牌", "出口市场"], ["C1922"]),
    "C1910": Topic("chemical", "革鞣皮", "皮革", [
        "生态皮革鞣制与后整理", "无铬鞣制新工艺皮革"],
        ["鞋企", "皮具企业"], ["C1952"]),
    "C15": Topic("light", "茶香山", "茶业", [
        "高山生态茶叶精制加工", "茶饮料与茶食品开发"],
        ["茶叶经销商", "连锁茶饮品牌"], ["C2730"]),
    "C20": Topic("light", "竹木林", "竹木制品", [
        "竹木家居用品与竹制品", "竹纤维新材料制品"],
        ["家居品牌", "出口市场"], ["C21"]),
}

BRAND_PREFIX = "瓯鹿雁楠恒鼎创博锐华宏嘉瑞东泰德"


class Kind(NamedTuple):
    """What a kind of project needs once it builds or rents a factory."""

    grad_area: tuple[int, int] | None  # plant area of a graduate, ㎡
    land_share: float  # share of graduates wanting land instead of a plant
    clean: float  # share needing a clean room
    hazardous: float  # share with hazardous processes
    floor_load: tuple[float, float] | None  # kN/㎡
    clear_height: tuple[float, float] | None  # m
    kva_per_sqm: tuple[float, float] | None


KINDS = {
    "software": Kind(None, 0.0, 0.0, 0.0, None, None, None),
    "electronics": Kind((1000, 10000), 0.15, 0.5, 0.0, (5, 8), (6, 8), (0.10, 0.20)),
    "machinery": Kind((2000, 20000), 0.35, 0.0, 0.05, (8, 15), (8, 12), (0.12, 0.25)),
    "medical": Kind((1000, 8000), 0.10, 0.7, 0.0, (4, 7), (4.5, 6), (0.08, 0.15)),
    "pharma": Kind((2000, 15000), 0.30, 0.8, 0.3, (5, 8), (6, 9), (0.12, 0.25)),
    "chemical": Kind((3000, 20000), 0.40, 0.0, 0.7, (8, 12), (8, 12), (0.15, 0.30)),
    "battery": Kind((3000, 20000), 0.35, 0.6, 0.5, (8, 12), (8, 10), (0.20, 0.35)),
    "light": Kind((1000, 8000), 0.10, 0.05, 0.0, (3, 6), (5, 7), (0.05, 0.12)),
}
LAB_KINDS = {"medical", "pharma", "chemical", "battery"}

STAGE_SENTENCES = {
    "nursery": ["团队正在完成产品原型与市场验证。", "已获得首批试用客户，正在打磨产品。"],
    "incubation": ["已完成首版产品，开始向{c}小批量交付。", "已与{c}签订试用协议，正在完善产品。"],
    "acceleration": ["产品已进入{c}供应链，正在建设中试线。", "订单快速增长，主要客户为{c}。"],
    "industrialization": ["已达到毕业条件，计划建设规模化生产线，寻求产业化落地空间。",
                          "已获{c}批量订单，需要扩大产能就地产业化。"],
}
SOFTWARE_SENTENCES = {
    "acceleration": ["用户规模快速增长，计划扩充研发团队。"],
    "industrialization": ["已达到毕业条件，需要集中办公与研发空间以扩大团队。"],
}
REASONS = {
    "incubation": ["通过转段评审，完成产品原型", "完成首轮市场验证，转入孵化阶段"],
    "acceleration": ["通过转段评审，营收与融资达到加速条件", "完成小批量交付，转入加速阶段"],
    "graduate": ["达到毕业条件，申请产业化落地", "营收与团队规模达到毕业标准，申请就地产业化"],
    "exit_active": ["团队解散，退出孵化", "孵化期满未达转段条件，予以退出", "业务转型，主动申请退出"],
    "exit_graduated": ["毕业后未能落地，企业迁往外地发展", "毕业后经营困难，企业注销"],
}

CHAIN = ["nursery", "incubation", "acceleration"]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def industry_names() -> dict[str, str]:
    with INDUSTRIES_CSV.open(encoding="utf-8-sig", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def used_codes() -> set[str]:
    """Every industry code in the tables above, to be checked against the shipped classification."""
    codes = set(TOPICS)
    for topic in TOPICS.values():
        codes.update(topic.related)
    for industries, _, _ in DISTRICT_PROFILES.values():
        codes.update(industries)
    for row in PARKS + CUSTOM_PLANTS:
        codes.update(row[2])
    for row in INCUBATORS:
        codes.update(row[4])
        codes.update(row[5])
    return codes


def between(rng: random.Random, low: float, high: float, step: float = 1.0) -> float:
    """A uniform value in [low, high], rounded to `step`."""
    value = round(rng.uniform(low, high) / step) * step
    return float(round(min(max(value, low), high), 2))


def log_between(rng: random.Random, low: float, high: float, step: float = 10.0) -> float:
    """A value in [low, high], more often small than large (log-uniform), rounded to `step`."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return float(round(max(low, min(high, round(value / step) * step)), 2))


def some_date(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def location(rng: random.Random, district: str, jitter: bool = True) -> dict[str, float]:
    lat, lon, span = DISTRICTS[district]
    if not jitter:
        return {"lat": lat, "lon": lon}
    span *= 0.95  # stay inside the allowed box after rounding
    return {"lat": round(lat + rng.uniform(-span, span), 4), "lon": round(lon + rng.uniform(-span, span), 4)}


def offer(ref: int, space_type: str, area: float, **fields) -> dict:
    """An offer with every field present; `fields` override the empty defaults."""
    record = {
        "ref": str(ref), "space_type": space_type, "available_area": float(area),
        "min_area": None, "max_area": None, "rent": None, "available_from": None,
        "floor_load": None, "clear_height": None, "power_kva": None,
        "clean_room": False, "hazardous_allowed": False, "lead_time_days": None,
    }
    unknown = set(fields) - set(record)
    assert not unknown, unknown
    record.update(fields)
    return record


# ---------------------------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------------------------


def district_site(rng: random.Random, district: str) -> dict:
    industries, description, parcels = DISTRICT_PROFILES[district]
    offers = []
    for ref, (mu, hazardous) in enumerate(parcels, start=1):
        area = float(round(mu * SQM_PER_MU))
        divisible = mu >= 60
        offers.append(offer(
            ref, "land", area,
            min_area=float(round(rng.choice([15, 20, 30]) * SQM_PER_MU)) if divisible else None,
            max_area=area if divisible else None,
            available_from=some_date(rng, date(2026, 1, 1), date(2027, 12, 31)),
            power_kva=between(rng, 4000, 20000, 500),
            hazardous_allowed=hazardous,
        ))
    return {
        "kind": "district", "name": f"{district}产业用地", "district": district,
        "industries": industries, "state_owned": True, "location": location(rng, district, jitter=False),
        "description": description, "offers": offers,
    }


def park_offer(rng: random.Random, ref: int, space_type: str, profile: str) -> dict:
    when = some_date(rng, date(2026, 6, 1), date(2027, 12, 31))
    hazardous = profile in HAZARDOUS_PROFILES
    plant_area, load, height, rent, clean_share = PARK_PLANT_SPECS[profile]
    if space_type == "plant":
        area = log_between(rng, *plant_area, step=100)
        divisible = rng.random() < 0.7
        heavy = rng.random() < 0.5  # ground-floor single-storey vs upper floors of a multi-storey block
        floor_load = between(rng, (load[0] + load[1]) / 2, load[1], 0.5) if heavy else between(rng, load[0], (load[0] + load[1]) / 2, 0.5)
        return offer(
            ref, "plant", area,
            min_area=float(min(area, rng.choice([500, 800, 1000, 2000]))) if divisible else None,
            max_area=area if divisible else None,
            rent=between(rng, *rent, 0.5), available_from=when,
            floor_load=floor_load, clear_height=between(rng, *height, 0.5),
            power_kva=float(min(5000, max(200, round(area * rng.uniform(0.08, 0.2) / 50) * 50))),
            clean_room=rng.random() < clean_share, hazardous_allowed=hazardous,
        )
    if space_type == "lab":
        area = log_between(rng, 300, 3000, step=10)
        clean = rng.random() < (0.6 if profile in ("health", "electronics", "battery") else 0.2)
        return offer(
            ref, "lab", area,
            min_area=float(min(area, rng.choice([150, 200, 300]))) if rng.random() < 0.6 else None,
            max_area=area if rng.random() < 0.6 else None,
            rent=between(rng, 35, 80, 1), available_from=when,
            floor_load=between(rng, 4, 8, 0.5), clear_height=between(rng, 4.5, 6, 0.1),
            power_kva=between(rng, 100, 800, 10), clean_room=clean, hazardous_allowed=hazardous,
        )
    area = log_between(rng, 200, 5000, step=10)
    return offer(
        ref, "office", area,
        min_area=float(min(area, rng.choice([50, 100, 200]))) if rng.random() < 0.8 else None,
        max_area=area,
        rent=between(rng, 30, 90, 1), available_from=when,
    )


def park_site(rng: random.Random, row: tuple, names: dict[str, str]) -> dict:
    name, district, industries, state_owned, profile = row
    count = rng.choice([1, 2, 2, 3, 3, 4])
    offers = [park_offer(rng, i + 1, kind, profile) for i, kind in enumerate(PARK_OFFER_PATTERNS[profile][:count])]
    kinds = "、".join(dict.fromkeys({"plant": "标准厂房", "lab": "研发实验室", "office": "研发办公"}[o["space_type"]] for o in offers))
    leading = "、".join(names[c] for c in industries[:2])
    owner = "国有园区" if state_owned else "民营园区"
    extra = "，园区具备危险化学品工艺审批与配套环保设施" if profile in HAZARDOUS_PROFILES else ""
    return {
        "kind": "park", "name": name, "district": district, "industries": industries,
        "state_owned": state_owned, "location": location(rng, district),
        "description": f"以{leading}为主导产业的{owner}，现有{kinds}可供租赁{extra}。",
        "offers": offers,
    }


def custom_plant_site(rng: random.Random, row: tuple, names: dict[str, str]) -> dict:
    name, district, industries, state_owned, clean, hazardous = row
    min_area = between(rng, 3000, 8000, 500)
    max_area = min(30000.0, min_area + between(rng, 4000, 15000, 500))
    lead = rng.randint(6, 18) * 30
    spec = "，可按洁净车间标准建设" if clean else ""
    spec += "，地块允许危险工艺" if hazardous else ""
    return {
        "kind": "custom_plant", "name": name, "district": district, "industries": industries,
        "state_owned": state_owned, "location": location(rng, district),
        "description": (f"按企业需求定制建设的厂房，可建面积{min_area:,.0f}–{max_area:,.0f}㎡，建设周期约"
                        f"{lead // 30}个月，适合{names[industries[0]]}项目{spec}。"),
        "offers": [offer(
            1, "plant", max_area, min_area=min_area, max_area=max_area,
            rent=between(rng, 16, 28, 0.5),
            floor_load=between(rng, 8, 15, 0.5), clear_height=between(rng, 8, 12, 0.5),
            power_kva=between(rng, 1000, 6000, 250),
            clean_room=clean, hazardous_allowed=hazardous, lead_time_days=lead,
        )],
    }


def make_sites(rng: random.Random, names: dict[str, str]) -> list[dict]:
    sites = [district_site(rng, d) for d in DISTRICTS]
    sites += [park_site(rng, row, names) for row in PARKS]
    sites += [custom_plant_site(rng, row, names) for row in CUSTOM_PLANTS]
    return sites


# ---------------------------------------------------------------------------------------------
# Incubators and projects
# ---------------------------------------------------------------------------------------------


def make_incubators() -> list[dict]:
    return [
        {"name": name, "district": district, "level": level, "demonstration": demo, "industries": industries}
        for name, district, level, demo, industries, _ in INCUBATORS
    ]


def project_counts() -> list[int]:
    """Projects per incubator, by level weight, summing to PROJECT_COUNT (largest remainder)."""
    weights = [LEVEL_WEIGHTS[row[2]] for row in INCUBATORS]
    shares = [PROJECT_COUNT * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: PROJECT_COUNT - sum(counts)]:
        counts[i] += 1
    return counts


def stage_path(rng: random.Random, final: str) -> tuple[str, list[tuple[str, str]], str]:
    """Admission stage, the actions taken (action, reason), and the stage whose need applies."""
    if final == "exited":
        before = rng.choices(["nursery", "incubation", "acceleration", "graduated"], [35, 30, 25, 10])[0]
        admitted, actions, stage = stage_path(rng, before)
        reasons = REASONS["exit_graduated" if before == "graduated" else "exit_active"]
        return admitted, actions + [("exit", rng.choice(reasons))], stage
    if final == "graduated":
        from_stage = rng.choices(["incubation", "acceleration"], [35, 65])[0]
        admitted, actions, _ = stage_path(rng, from_stage)
        return admitted, actions + [("graduate", rng.choice(REASONS["graduate"]))], "industrialization"
    top = CHAIN.index(final)
    admitted = CHAIN[rng.choices(range(top + 1), [50, 30, 20][: top + 1])[0]]
    actions = [("advance", rng.choice(REASONS[stage])) for stage in CHAIN[CHAIN.index(admitted) + 1: top + 1]]
    return admitted, actions, final


def step_days(rng: random.Random, final: str, actions: list[tuple[str, str]]) -> tuple[int, list[int]]:
    """Days ago of admission and of each action: counted backwards from today, strictly decreasing."""
    since_last = {"graduated": (5, 240), "exited": (5, 400)}.get(final, (20, 420))
    days = rng.randint(*since_last)
    stamps = []
    for _ in actions:
        stamps.append(days)
        days += rng.randint(90, 540)  # time spent in the stage before that action
    return days, stamps[::-1]


def metrics(rng: random.Random, stage: str) -> tuple[int, float, float]:
    """Team size, yearly revenue (万元) and total financing (万元), growing with the stage."""
    team, revenue, financing, zero_revenue, zero_financing = {
        "nursery": ((3, 12), (5, 80), (20, 300), 0.5, 0.5),
        "incubation": ((5, 40), (20, 800), (100, 2000), 0.2, 0.3),
        "acceleration": ((12, 120), (150, 4000), (300, 8000), 0.0, 0.15),
        "industrialization": ((30, 300), (1500, 20000), (1000, 30000), 0.0, 0.1),
    }[stage]
    return (
        int(log_between(rng, *team, step=1)),
        0.0 if rng.random() < zero_revenue else log_between(rng, *revenue, step=0.1),
        0.0 if rng.random() < zero_financing else log_between(rng, *financing, step=0.1),
    )


def need(space_type: str, area_min: float, area_max: float, **fields) -> dict:
    record = {
        "space_type": space_type, "area_min": float(area_min), "area_max": float(max(area_min, area_max)),
        "needed_by": None, "power_kva": None, "floor_load": None, "clear_height": None,
        "clean_room": False, "hazardous": False, "max_rent": None,
    }
    unknown = set(fields) - set(record)
    assert not unknown, unknown
    record.update(fields)
    return record


def factory_need(rng: random.Random, kind: Kind, space_type: str, low: float, high: float, *,
                 attribute_share: float, needed_by: str | None, max_rent: bool) -> dict:
    """A plant or land need with the technical attributes a factory cares about."""
    if space_type == "land":
        area_min = float(round(rng.randint(10, 50) * SQM_PER_MU))
        area_max = float(round(area_min * rng.uniform(1.1, 1.5)))
    else:
        area_min = log_between(rng, low, high, step=100)
        area_max = float(round(area_min * rng.uniform(1.2, 1.8), -2))
    detailed = rng.random() < attribute_share
    power = min(8000 if space_type == "land" else 5000, max(100, round(area_min * rng.uniform(*kind.kva_per_sqm) / 50) * 50))
    return need(
        space_type, area_min, area_max, needed_by=needed_by,
        power_kva=float(power),
        floor_load=between(rng, *kind.floor_load, 0.5) if detailed and space_type == "plant" else None,
        clear_height=between(rng, *kind.clear_height, 0.5) if detailed and space_type == "plant" else None,
        clean_room=space_type == "plant" and rng.random() < kind.clean,
        hazardous=rng.random() < kind.hazardous,
        max_rent=between(rng, 15, 30, 1) if max_rent and space_type == "plant" else None,
    )


def space_need(rng: random.Random, stage: str, kind_name: str, graduated: bool) -> dict:
    """The space a project needs for its next step, by stage and kind of business."""
    kind = KINDS[kind_name]
    later = some_date(rng, TODAY + timedelta(days=60), TODAY + timedelta(days=540)) if rng.random() < 0.4 else None
    office_rent = between(rng, 40, 80, 1) if rng.random() < 0.8 else None
    if stage == "nursery":
        low = log_between(rng, 30, 120)
        return need("office", low, round(low * rng.uniform(1.3, 2.0), -1), max_rent=office_rent)
    if stage == "incubation":
        if kind_name in LAB_KINDS or (kind_name == "electronics" and rng.random() < 0.5):
            low = log_between(rng, 100, 500)
            return need("lab", low, round(low * rng.uniform(1.2, 1.8), -1), needed_by=later,
                        clean_room=rng.random() < kind.clean / 2, max_rent=between(rng, 35, 70, 1))
        low = log_between(rng, 100, 600)
        return need("office", low, round(low * rng.uniform(1.2, 1.8), -1), needed_by=later, max_rent=office_rent)
    if stage == "acceleration":
        if kind_name == "software":
            low = log_between(rng, 300, 2000)
            return need("office", low, round(low * rng.uniform(1.2, 1.6), -1), needed_by=later, max_rent=office_rent)
        if kind_name in LAB_KINDS or (kind_name == "electronics" and rng.random() < 0.4):
            low = log_between(rng, 300, 2000)
            return need("lab", low, round(low * rng.uniform(1.2, 1.6), -1), needed_by=later,
                        clean_room=rng.random() < kind.clean, hazardous=rng.random() < kind.hazardous / 2,
                        max_rent=between(rng, 35, 70, 1) if rng.random() < 0.7 else None)
        return factory_need(rng, kind, "plant", 500, 3000, attribute_share=0.6, needed_by=later, max_rent=True)
    # industrialization: a graduate needs space within 3-18 months of today
    by = some_date(rng, TODAY + timedelta(days=92), TODAY + timedelta(days=540)) if graduated else None
    if kind_name == "software":
        low = log_between(rng, 800, 5000, step=50)
        return need("office", low, round(low * rng.uniform(1.2, 1.5), -1), needed_by=by, max_rent=between(rng, 40, 80, 1))
    space_type = "land" if rng.random() < kind.land_share else "plant"
    return factory_need(rng, kind, space_type, *kind.grad_area, attribute_share=0.85, needed_by=by,
                        max_rent=rng.random() < 0.8)


def preferred_districts(rng: random.Random, home: str) -> list[str]:
    roll = rng.random()
    if roll < 0.07:
        return []
    if roll < 0.30:
        return [home, rng.choice(NEIGHBOURS[home])]
    return [home]


def company_name(rng: random.Random, index: int, topic: Topic, district: str, taken: set[str]) -> str:
    """An invented name, unique even without its "（示例NNN）" marker."""
    while True:
        place = district[:-1] if len(district) == 3 and rng.random() < 0.4 else "温州"
        base = f"{place}{rng.choice(BRAND_PREFIX)}{rng.choice(topic.brand)}{topic.suffix}有限公司"
        if base not in taken:
            taken.add(base)
            return f"{base}（示例{index:03d}）"


def description(rng: random.Random, topic: Topic, stage: str) -> str:
    sentences = SOFTWARE_SENTENCES.get(stage) if topic.kind == "software" else None
    second = rng.choice(sentences or STAGE_SENTENCES[stage]).format(c=rng.choice(topic.customers))
    return f"专注于{rng.choice(topic.products)}。{second}"


def make_project(rng: random.Random, index: int, incubator: tuple, final: str, taken: set[str]) -> dict:
    name, district, _, _, _, topics = incubator
    code = rng.choice(topics)
    topic = TOPICS[code]
    admitted, actions, stage = stage_path(rng, final)
    admitted_days_ago, days = step_days(rng, final, actions)
    industries = [code]
    if rng.random() < 0.35:
        industries.append(rng.choice(topic.related))
    team, revenue, financing = metrics(rng, stage)
    graduated = final == "graduated"
    return {
        "name": company_name(rng, index, topic, district, taken),
        "incubator": name,
        "industries": industries,
        "description": description(rng, topic, stage),
        "stage": admitted,
        "admitted_days_ago": admitted_days_ago,
        "steps": [[action, day, reason] for (action, reason), day in zip(actions, days)],
        "team_size": team,
        "revenue": revenue,
        "financing": financing,
        "space_need": space_need(rng, stage, topic.kind, graduated),
        "preferred_districts": preferred_districts(rng, district),
    }


def make_projects(rng: random.Random) -> list[dict]:
    finals = [state for state, n in FINAL_STATES.items() for _ in range(n)]
    rng.shuffle(finals)
    owners = [row for row, n in zip(INCUBATORS, project_counts()) for _ in range(n)]
    taken: set[str] = set()
    return [make_project(rng, i + 1, owner, final, taken) for i, (owner, final) in enumerate(zip(owners, finals))]


# ---------------------------------------------------------------------------------------------
# Self-check: the rules the loader enforces, plus the shape asked of the sample
# ---------------------------------------------------------------------------------------------

INCUBATOR_KEYS = ["name", "district", "level", "demonstration", "industries"]
SITE_KEYS = ["kind", "name", "district", "industries", "state_owned", "location", "description", "offers"]
OFFER_KEYS = ["ref", "space_type", "available_area", "min_area", "max_area", "rent", "available_from",
              "floor_load", "clear_height", "power_kva", "clean_room", "hazardous_allowed", "lead_time_days"]
PROJECT_KEYS = ["name", "incubator", "industries", "description", "stage", "admitted_days_ago", "steps",
                "team_size", "revenue", "financing", "space_need", "preferred_districts"]
NEED_KEYS = ["space_type", "area_min", "area_max", "needed_by", "power_kva", "floor_load", "clear_height",
             "clean_room", "hazardous", "max_rent"]
SPACE_TYPES = {"office", "lab", "plant", "land"}


def is_number(value, *, allow_none: bool = False) -> bool:
    if value is None:
        return allow_none
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_date(value, *, allow_none: bool = True) -> bool:
    if value is None:
        return allow_none
    try:
        return date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        return False


def final_state(project: dict) -> tuple[str, str]:
    """Replay the stage machine over a project's steps; the (stage, status) it ends in."""
    stage, status = project["stage"], "active"
    assert stage in CHAIN, project["name"]
    for action, _, _ in project["steps"]:
        assert status in ("active", "graduated"), f"{project['name']}: {action} after exit"
        if action == "exit":
            status = "exited"
        elif action == "advance":
            assert status == "active" and stage in ("nursery", "incubation"), f"{project['name']}: advance from {stage}"
            stage = CHAIN[CHAIN.index(stage) + 1]
        elif action == "graduate":
            assert status == "active" and stage in ("incubation", "acceleration"), f"{project['name']}: graduate from {stage}"
            stage, status = "industrialization", "graduated"
        else:
            raise AssertionError(f"{project['name']}: unknown action {action}")
    return stage, status


def check_incubators(incubators: list[dict], codes: set[str]) -> None:
    assert len(incubators) >= 26
    assert len({i["name"] for i in incubators}) == len(incubators), "incubator names must be unique"
    for item in incubators:
        assert list(item) == INCUBATOR_KEYS, item
        assert item["district"] in DISTRICTS and item["level"] in LEVEL_WEIGHTS, item
        assert isinstance(item["demonstration"], bool) and item["industries"], item
        assert set(item["industries"]) <= codes, item
    assert 12 <= sum(i["demonstration"] for i in incubators) <= 20
    levels = Counter(i["level"] for i in incubators)
    assert 5 <= levels["national"] <= 7 and 9 <= levels["provincial"] <= 11, levels
    assert {"鹿城区", "龙湾区", "瓯海区", "乐清市", "瑞安市", "永嘉县", "温州海经区"} <= {i["district"] for i in incubators}


def check_offer(site: dict, item: dict) -> None:
    where = f"{site['name']} offer {item.get('ref')}"
    assert list(item) == OFFER_KEYS, where
    assert item["space_type"] in SPACE_TYPES, where
    assert is_number(item["available_area"]) and item["available_area"] > 0, where
    for name in ("min_area", "max_area", "floor_load", "clear_height"):
        assert is_number(item[name], allow_none=True) and (item[name] is None or item[name] > 0), where
    for name in ("rent", "power_kva"):
        assert is_number(item[name], allow_none=True) and (item[name] is None or item[name] >= 0), where
    if item["min_area"] is not None and item["max_area"] is not None:
        assert item["min_area"] <= item["max_area"], where
    assert is_date(item["available_from"]), where
    assert isinstance(item["clean_room"], bool) and isinstance(item["hazardous_allowed"], bool), where
    lead = item["lead_time_days"]
    assert lead is None or (isinstance(lead, int) and lead >= 0), where
    if item["space_type"] == "office":
        assert item["floor_load"] is None and item["clear_height"] is None and item["power_kva"] is None, where
        assert 30 <= item["rent"] <= 90 and 200 <= item["available_area"] <= 5000, where
    if site["kind"] == "custom_plant":
        assert item["space_type"] == "plant" and item["min_area"] and item["max_area"], where
        assert isinstance(lead, int) and 180 <= lead <= 540, where
        assert item["available_area"] >= item["max_area"], where
    elif site["kind"] == "district":
        assert item["space_type"] == "land" and item["rent"] is None and lead is None, where
        assert 20 * SQM_PER_MU - 1 <= item["available_area"] <= 200 * SQM_PER_MU + 1, where
        assert "2026-01-01" <= item["available_from"] <= "2027-12-31" and item["power_kva"] >= 4000, where
    else:
        assert "2026-06-01" <= item["available_from"] <= "2027-12-31", where
        if item["space_type"] == "plant":
            assert 1000 <= item["available_area"] <= 40000 and 12 <= item["rent"] <= 30, where
            assert 5 <= item["floor_load"] <= 15 and 6 <= item["clear_height"] <= 12, where
            assert 200 <= item["power_kva"] <= 5000, where
        if item["space_type"] == "lab":
            assert 300 <= item["available_area"] <= 3000, where


def check_sites(sites: list[dict], codes: set[str]) -> None:
    assert len({s["name"] for s in sites}) == len(sites), "site names must be unique"
    for site in sites:
        assert list(site) == SITE_KEYS, site["name"]
        assert site["kind"] in ("district", "park", "custom_plant") and site["district"] in DISTRICTS, site["name"]
        assert site["industries"] and set(site["industries"]) <= codes, site["name"]
        assert isinstance(site["state_owned"], bool) and site["description"], site["name"]
        lat, lon, span = DISTRICTS[site["district"]]
        assert abs(site["location"]["lat"] - lat) <= span and abs(site["location"]["lon"] - lon) <= span, site["name"]
        refs = [o["ref"] for o in site["offers"]]
        assert refs == [str(i + 1) for i in range(len(refs))], site["name"]
        for item in site["offers"]:
            check_offer(site, item)
    by_kind = {k: [s for s in sites if s["kind"] == k] for k in ("district", "park", "custom_plant")}
    districts = by_kind["district"]
    assert sorted(s["district"] for s in districts) == sorted(DISTRICTS), "one district site per district"
    assert all(s["state_owned"] and 1 <= len(s["offers"]) <= 3 for s in districts)
    parks = by_kind["park"]
    assert len(parks) >= 42 and {s["district"] for s in parks} == set(DISTRICTS)
    assert all(1 <= len(s["offers"]) <= 4 for s in parks)
    assert 0.68 <= sum(s["state_owned"] for s in parks) / len(parks) <= 0.82
    assert any(o["hazardous_allowed"] for s in parks for o in s["offers"])
    plants = by_kind["custom_plant"]
    assert len(plants) >= 16 and len({s["district"] for s in plants}) >= 5
    assert all(len(s["offers"]) == 1 for s in plants)


def check_projects(projects: list[dict], incubators: list[dict], codes: set[str]) -> Counter:
    focus = {i["name"]: i for i in incubators}
    assert len(projects) >= 320
    assert len({p["name"] for p in projects}) == len(projects), "project names must be unique"
    assert len({p["name"].split("（")[0] for p in projects}) == len(projects), "unique without the marker too"
    ends = Counter()
    for p in projects:
        name = p["name"]
        assert list(p) == PROJECT_KEYS and len(name) <= 100, name
        incubator = focus[p["incubator"]]
        assert p["industries"] and set(p["industries"]) <= codes, name
        assert any(p["industries"][0].startswith(c) for c in incubator["industries"]), name
        assert p["description"].endswith("。") and 1 <= p["description"].count("。") <= 2, name
        assert isinstance(p["admitted_days_ago"], int), name
        previous = p["admitted_days_ago"]
        for step in p["steps"]:
            assert len(step) == 3 and isinstance(step[1], int) and isinstance(step[2], str) and step[2], name
            assert 1 <= step[1] < previous, f"{name}: days_ago must decrease"
            previous = step[1]
        stage, status = final_state(p)
        actions = [s[0] for s in p["steps"]]
        assert actions.count("graduate") <= 1, name
        ends[status if status != "active" else stage] += 1
        assert 3 <= p["team_size"] <= 300 and 0 <= p["revenue"] <= 20000 and p["financing"] >= 0, name
        need = p["space_need"]
        assert list(need) == NEED_KEYS and need["space_type"] in SPACE_TYPES, name
        assert is_number(need["area_min"]) and need["area_min"] > 0 and need["area_max"] >= need["area_min"], name
        assert is_date(need["needed_by"]), name
        for field in ("power_kva", "floor_load", "clear_height", "max_rent"):
            assert is_number(need[field], allow_none=True) and (need[field] is None or need[field] > 0), name
        assert isinstance(need["clean_room"], bool) and isinstance(need["hazardous"], bool), name
        kind = TOPICS[p["industries"][0]].kind
        if kind == "software":
            assert need["space_type"] == "office", name
        if status == "graduated":
            assert need["needed_by"] is not None, name
            months = (date.fromisoformat(need["needed_by"]) - TODAY).days / 30.44
            assert 3 <= months <= 18, name
            if kind != "software":
                assert need["space_type"] in ("plant", "land") and need["power_kva"], name
                assert 1000 <= need["area_min"] <= 20000 or need["space_type"] == "land", name
        assert len(set(p["preferred_districts"])) == len(p["preferred_districts"]), name
        assert set(p["preferred_districts"]) <= set(DISTRICTS), name
    assert ends["graduated"] >= 70 and ends["exited"] >= 12, ends
    assert min(ends["nursery"], ends["incubation"], ends["acceleration"]) >= 60, ends
    return ends


def check(registry: dict) -> Counter:
    names = industry_names()
    codes = set(names)
    missing = used_codes() - codes
    assert not missing, f"industry codes not in {INDUSTRIES_CSV.name}: {sorted(missing)}"
    for code, topic in TOPICS.items():
        assert topic.kind in KINDS, code
    for row in INCUBATORS:
        for topic in row[5]:
            assert any(topic.startswith(c) for c in row[4]), f"{row[0]}: topic {topic} outside its focus"
    assert list(registry) == ["synthetic", "seed", "incubators", "sites", "projects"]
    assert registry["synthetic"] is True and isinstance(registry["seed"], int)
    check_incubators(registry["incubators"], codes)
    check_sites(registry["sites"], codes)
    return check_projects(registry["projects"], registry["incubators"], codes)


# ---------------------------------------------------------------------------------------------


def build() -> dict:
    rng = random.Random(SEED)
    names = industry_names()
    missing = used_codes() - set(names)
    assert not missing, f"industry codes not in {INDUSTRIES_CSV.name}: {sorted(missing)}"
    return {
        "synthetic": True,
        "seed": SEED,
        "incubators": make_incubators(),
        "sites": make_sites(rng, names),
        "projects": make_projects(rng),
    }


def main() -> None:
    registry = build()
    ends = check(registry)
    OUT.write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sites = registry["sites"]
    offers = [o for s in sites for o in s["offers"]]
    print(f"wrote {OUT}")
    print("sites:", dict(Counter(s["kind"] for s in sites)), f"total {len(sites)}")
    print("offers:", dict(Counter(o["space_type"] for o in offers)), f"total {len(offers)}")
    incubators = registry["incubators"]
    print(f"incubators: {len(incubators)}", dict(Counter(i["level"] for i in incubators)),
          f"demonstration {sum(i['demonstration'] for i in incubators)}")
    print(f"projects: {len(registry['projects'])}", "by final stage/status:", dict(ends))
    print(f"graduated (industrialization, awaiting landing): {ends['graduated']}")


if __name__ == "__main__":
    main()
