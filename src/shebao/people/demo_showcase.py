"""The demo's fixed cast ("showcase" persons that browser tests and demos rely on) and the constants
the generator in demo.py shares with it. Every number here is valid; tests assert it."""

from dataclasses import dataclass
from datetime import date

from shebao.core.idcards import DocType
from shebao.people.models import BenefitType, InsuranceType, RecipientStatus, RecordStatus

REFERENCE_DATE = date(2026, 11, 24)

# --- The showcase cast: stable numbers for tests and demos ----------------------------------------------
SHOWCASE_RESIDENT_ID = (
    "500103195306121223"  # 张桂芳, 渝中区, born 1953, employee pensioner (the first person)
)
SHOWCASE_WORKER_ID = "500105198804151317"  # 刘洋, 江北区, insured at SHOWCASE_EMPLOYER_CODE
SHOWCASE_EMPLOYER_CODE = "91500105203578160L"  # 重庆两江云智科技有限公司
SHOWCASE_RURAL_ID = "500113194002081021"  # 周玉珍, 巴南区, 86, residents' pension, no phone, due soon
SHOWCASE_SUSPENDED_ID = "500101194811301551"  # 何德明, 万州区, payment suspended (certification overdue)
SHOWCASE_LEGACY_15_ID = "510202450317153"  # 谭志高, only an old 15-digit ID (Sichuan-era code of 渝中区)
SHOWCASE_SURVIVOR_ID = "500106195001221062"  # 罗淑华, residents' pension and a survivor benefit
SHOWCASE_HK_PERMIT = "810000199008081012"  # 陈家豪, Hong Kong resident
SHOWCASE_HK_TRAVEL_PERMIT = "H60218735"
SHOWCASE_MACAU_PERMIT = "820000199503211023"  # 梁嘉欣, Macau resident
SHOWCASE_MACAU_TRAVEL_PERMIT = "M10583246"
SHOWCASE_TAIWAN_PERMIT = "830000198207051034"  # 林志明
SHOWCASE_TAIWAN_TRAVEL_PERMIT = "08123456"  # 黄淑芬: only a Mainland Travel Permit for Taiwan residents
SHOWCASE_FOREIGN_PR = "950410198503122011"  # 金敏俊 (KOR): 2023-format permanent residence ID
SHOWCASE_FOREIGN_PR_OLD = "USA500079061501"  # 迈克尔·布朗 (USA): old card, with a passport
SHOWCASE_PASSPORT = "A47192638"
SHOWCASE_RARE_NAME_ID = "500106197509181355"  # 王𠇔 (a character outside the BMP)
SHOWCASE_MINORITY_ID = "650102197004061048"  # 阿依古丽·买买提

D = DocType
EP, RP = InsuranceType.EMPLOYEE_PENSION, InsuranceType.RESIDENT_PENSION
WI, UN = InsuranceType.WORK_INJURY, InsuranceType.UNEMPLOYMENT
ACTIVE, STOPPED = RecordStatus.ACTIVE, RecordStatus.STOPPED


@dataclass(frozen=True)
class Showcase:
    name: str
    sex: str
    birth: date
    agency: str  # home district agency code
    documents: tuple[tuple[str, str], ...]  # the first is the primary document
    records: tuple[tuple[str, str, date], ...] = ()  # insurance type, status, start
    benefits: tuple[tuple[str, str, str, date, int], ...] = ()  # type, status, amount, start, due in days
    at_employer: bool = False
    nationality: str = "CHN"
    phone: str = ""


def _retired(start: date) -> tuple:
    return ((EP, STOPPED, start),)


def _working(start: date, *types: str) -> tuple:
    return tuple((t, ACTIVE, start) for t in (EP, *types))


PAID, SUSPENDED = RecipientStatus.ACTIVE, RecipientStatus.SUSPENDED
# fmt: off
SHOWCASE = (
    Showcase("张桂芳", "F", date(1953, 6, 12), "500103", ((D.RESIDENT_ID, SHOWCASE_RESIDENT_ID),),
             _retired(date(1986, 1, 1)),
             ((BenefitType.EMPLOYEE_PENSION, PAID, "3452.60", date(2008, 7, 1), 45),), phone="13983012345"),
    Showcase("刘洋", "M", date(1988, 4, 15), "500105", ((D.RESIDENT_ID, SHOWCASE_WORKER_ID),),
             _working(date(2011, 7, 1), WI, UN), at_employer=True, phone="18623045678"),
    Showcase("周玉珍", "F", date(1940, 2, 8), "500113", ((D.RESIDENT_ID, SHOWCASE_RURAL_ID),),
             ((RP, STOPPED, date(2010, 1, 1)),),
             ((BenefitType.RESIDENT_PENSION, PAID, "185.40", date(2010, 1, 1), 20),)),
    Showcase("何德明", "M", date(1948, 11, 30), "500101", ((D.RESIDENT_ID, SHOWCASE_SUSPENDED_ID),),
             _retired(date(1986, 1, 1)),
             ((BenefitType.EMPLOYEE_PENSION, SUSPENDED, "2894.30", date(2008, 12, 1), -40),),
             phone="13508351234"),
    Showcase("谭志高", "M", date(1945, 3, 17), "500103", ((D.RESIDENT_ID_15, SHOWCASE_LEGACY_15_ID),),
             _retired(date(1986, 1, 1)),
             ((BenefitType.EMPLOYEE_PENSION, PAID, "4120.00", date(2005, 4, 1), 200),), phone="13896012377"),
    Showcase("罗淑华", "F", date(1950, 1, 22), "500106", ((D.RESIDENT_ID, SHOWCASE_SURVIVOR_ID),),
             ((RP, STOPPED, date(2010, 1, 1)),),
             ((BenefitType.RESIDENT_PENSION, PAID, "212.00", date(2010, 2, 1), 120),
              (BenefitType.SURVIVOR, PAID, "860.00", date(2019, 5, 1), 120)), phone="15923067788"),
    Showcase("陈家豪", "M", date(1990, 8, 8), "500112",
             ((D.HK_MACAU_RESIDENCE_PERMIT, SHOWCASE_HK_PERMIT),
              (D.HK_MACAU_TRAVEL_PERMIT, SHOWCASE_HK_TRAVEL_PERMIT)),
             _working(date(2019, 3, 1), WI), at_employer=True, phone="17783021456"),
    Showcase("梁嘉欣", "F", date(1995, 3, 21), "500103",
             ((D.HK_MACAU_RESIDENCE_PERMIT, SHOWCASE_MACAU_PERMIT),
              (D.HK_MACAU_TRAVEL_PERMIT, SHOWCASE_MACAU_TRAVEL_PERMIT)),
             _working(date(2021, 9, 1)), phone="19122036655"),
    Showcase("林志明", "M", date(1982, 7, 5), "500105",
             ((D.TAIWAN_RESIDENCE_PERMIT, SHOWCASE_TAIWAN_PERMIT),),
             _working(date(2018, 6, 1)), at_employer=True, phone="13637721190"),
    Showcase("黄淑芬", "F", date(1978, 10, 3), "500107",
             ((D.TAIWAN_TRAVEL_PERMIT, SHOWCASE_TAIWAN_TRAVEL_PERMIT),),
             _working(date(2020, 1, 1)), phone="18983145020"),
    Showcase("金敏俊", "M", date(1985, 3, 12), "500112",
             ((D.FOREIGN_PERMANENT_RESIDENCE, SHOWCASE_FOREIGN_PR),),
             _working(date(2016, 4, 1), WI), at_employer=True, nationality="KOR", phone="15826019933"),
    Showcase("迈克尔·布朗", "M", date(1979, 5, 30), "500106",
             ((D.FOREIGN_PERMANENT_RESIDENCE, SHOWCASE_FOREIGN_PR_OLD), (D.PASSPORT, SHOWCASE_PASSPORT)),
             _working(date(2015, 9, 1)), at_employer=True, nationality="USA", phone="18580327741"),
    Showcase("王𠇔", "M", date(1975, 9, 18), "500106", ((D.RESIDENT_ID, SHOWCASE_RARE_NAME_ID),),
             _working(date(1997, 7, 1), UN), at_employer=True, phone="13320458812"),
    Showcase("阿依古丽·买买提", "F", date(1970, 4, 6), "500106", ((D.RESIDENT_ID, SHOWCASE_MINORITY_ID),),
             _retired(date(1992, 1, 1)),
             ((BenefitType.EMPLOYEE_PENSION, PAID, "2780.00", date(2020, 5, 1), 300),), phone="15002318846"),
)
# fmt: on

SHOWCASE_EMPLOYER_NAME = "重庆两江云智科技有限公司"
# Nine central districts, where most people live and most employers are registered.
CENTRAL_DISTRICTS = frozenset({"500103", "500104", "500105", "500106", "500107", "500108", "500109"}) | {
    "500112",
    "500113",
}
_MOBILE_NUMBERS = (*range(130, 140), 147, *range(150, 154), *range(155, 160), 166, 173, *range(175, 179))
MOBILE_PREFIXES = tuple(str(n) for n in (*_MOBILE_NUMBERS, *range(180, 190), 191, 193, 198, 199))
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
