"""Facts the demo network is drawn from: Chongqing's districts (area in km², 2020 census population in
10,000s, whether it is part of the urban core), place-name syllables, partners and opening hours."""

from datetime import time

from shebao.network.hours import HOLIDAY, Session

# code: (area km², population ×10k, urban core)
DISTRICTS = {
    "500101": (3457, 156, False),
    "500102": (2942, 111, False),
    "500103": (22, 59, True),
    "500104": (103, 42, True),
    "500105": (221, 93, True),
    "500106": (396, 147, True),
    "500107": (432, 153, True),
    "500108": (263, 119, True),
    "500109": (755, 83, True),
    "500110": (2748, 74, False),
    "500111": (1390, 83, False),
    "500112": (1452, 219, True),
    "500113": (1830, 118, True),
    "500114": (2402, 49, False),
    "500115": (1415, 69, False),
    "500116": (3200, 136, False),
    "500117": (2343, 124, False),
    "500118": (1576, 115, False),
    "500119": (2602, 57, False),
    "500120": (912, 76, False),
    "500151": (1343, 69, False),
    "500152": (1583, 69, False),
    "500153": (1077, 67, False),
    "500154": (3963, 120, False),
    "500155": (1892, 65, False),
    "500156": (2901, 36, False),
    "500229": (3292, 20, False),
    "500230": (2901, 56, False),
    "500231": (1518, 65, False),
    "500233": (2184, 72, False),
    "500235": (3634, 93, False),
    "500236": (4087, 74, False),
    "500237": (2958, 46, False),
    "500238": (4030, 39, False),
    "500240": (3013, 39, False),
    "500241": (2450, 49, False),
    "500242": (5173, 61, False),
    "500243": (3903, 50, False),
}
# Level counts of the Chongqing network (source 002), staffed points only; terminals are extra.
LEVEL_TOTALS = {"city": 4, "district": 172, "town": 1176, "village": 9621, "cooperation": 2384}
PENSION_TERMINALS = 3500
KIOSKS = 1000

FIRST = "龙凤石青白黄新平安双长兴太永华金马桥河花桂松柏沙东南西北中上下大高清福宝天云红梨桃杨柳李"
SECOND = "桥坝湾坪溪沟岭塘口场山林湖水家寺门庙铺池堡岩湾滩垭槽坡关台园田"
ROADS = [
    "人民",
    "解放",
    "建设",
    "新华",
    "和平",
    "中山",
    "胜利",
    "团结",
    "光明",
    "朝阳",
    "滨江",
    "学府",
    "兴隆",
    "文化",
    "民主",
]
# The banks of the cooperation points, with the English names they use themselves.
BANKS_EN = {
    "重庆农商行": "Chongqing Rural Commercial Bank",
    "中国农业银行": "Agricultural Bank of China",
    "中国工商银行": "Industrial and Commercial Bank of China",
    "中国建设银行": "China Construction Bank",
    "中国银行": "Bank of China",
    "中国邮政储蓄银行": "Postal Savings Bank of China",
    "重庆银行": "Bank of Chongqing",
}
BANKS = tuple(BANKS_EN)
CITY_HALLS = (
    (
        "重庆市人力资源和社会保障局服务大厅",
        "Chongqing Human Resources and Social Security Bureau Service Hall",
        "500103",
    ),
    (
        "重庆市社会保险事务中心两江服务大厅",
        "Chongqing Social Insurance Affairs Centre Liangjiang Service Hall",
        "500112",
    ),
    (
        "重庆市政务服务中心人社综合窗口",
        "Chongqing Government Service Centre, Human Resources and Social Security Window",
        "500112",
    ),
    ("重庆市就业和人才服务大厅", "Chongqing Employment and Talent Service Hall", "500106"),
)
# (Chinese, English): {d} the district, {t} a town or subdistrict.
DISTRICT_HALL_NAMES = (
    (
        "{d}政务服务中心人社综合窗口",
        "{d} Government Service Centre, Human Resources and Social Security Window",
    ),
    ("{d}社保中心{t}分中心", "{d} Social Insurance Centre, {t} Branch"),
    ("{d}人力社保局第二服务大厅", "{d} Human Resources and Social Security Bureau, Second Service Hall"),
    ("{d}社保服务站", "{d} Social Insurance Service Station"),
)


def _week(days, *spans) -> tuple[Session, ...]:
    return tuple(Session(d, time(*a), time(*b)) for d in days for a, b in spans)


WEEKDAYS, ALL_WEEK = range(5), range(7)
HOURS = {
    # 9:00-12:00 and 14:00-17:30 with a lunch break; halls add Saturday morning (延时/周末服务).
    "hall": _week(WEEKDAYS, ((9, 0), (12, 0)), ((14, 0), (17, 30))) + _week([5], ((9, 0), (12, 0))),
    "town": _week(WEEKDAYS, ((8, 30), (12, 0)), ((14, 0), (17, 30))),
    "village": _week(WEEKDAYS, ((9, 0), (12, 0)), ((14, 30), (17, 30))),
    # Banks: every day, evenings on weekdays and a holiday session (source 000).
    "bank": _week(WEEKDAYS, ((9, 0), (17, 0)), ((17, 30), (20, 0)))
    + _week([5, 6], ((9, 30), (16, 0)))
    + _week([HOLIDAY], ((10, 0), (15, 0))),
    "postal": _week(range(6), ((8, 30), (17, 30))),
    "clinic": _week(ALL_WEEK, ((8, 0), (12, 0)), ((14, 0), (17, 30))) + _week([HOLIDAY], ((8, 30), (11, 30))),
    # Supermarket windows are staffed on weekday evenings 18:00-20:00 and weekend and holiday afternoons
    # 14:00-16:00 (source 000, Jiande's 超市便民社保窗口).
    "shop": _week(WEEKDAYS, ((18, 0), (20, 0))) + _week([5, 6, HOLIDAY], ((14, 0), (16, 0))),
    "self": _week([*ALL_WEEK, HOLIDAY], ((0, 0), (23, 59))),
}
