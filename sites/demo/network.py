"""The demo organisation tree: a fictional city, its districts, streets and communities.

`plan_network(scale)` is pure data (no database), deterministic for a given scale, so the loader,
the tests and the benchmark agree on which units and host names a demo has. The first eight
communities are hand-named; larger scales add generated districts, streets and communities.
"""

from dataclasses import dataclass, field

from cms.orgs.models import OrgLevel

DEFAULT_SCALE = 8
COMMUNITIES_PER_GENERATED_STREET = 4
STREETS_PER_GENERATED_DISTRICT = 4
THEME_CYCLE = ("government_red", "fresh_green")


@dataclass(frozen=True)
class UnitPlan:
    name: str
    code: str
    level: str
    slug: str  # ASCII (pinyin) name: host names and demo user names are built from it
    parent_code: str | None = None


@dataclass(frozen=True)
class CommunitySitePlan:
    unit: UnitPlan
    hostname_label: str  # the part before ".localhost"
    theme: str


@dataclass
class NetworkPlan:
    city: UnitPlan
    districts: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    communities: list = field(default_factory=list)  # CommunitySitePlan, in build order

    def units(self):
        """Every unit, parents before children."""
        return [self.city, *self.districts, *self.streets, *(plan.unit for plan in self.communities)]

    def unit(self, code):
        return next(unit for unit in self.units() if unit.code == code)


CITY = UnitPlan("江城市", "330100", OrgLevel.CITY, "jiangcheng")

FIXED_DISTRICTS = [
    UnitPlan("东湖区", "330102", OrgLevel.DISTRICT, "donghu", CITY.code),
    UnitPlan("西江区", "330105", OrgLevel.DISTRICT, "xijiang", CITY.code),
]

FIXED_STREETS = [
    UnitPlan("和平街道", "330102001", OrgLevel.STREET, "heping", "330102"),
    UnitPlan("滨湖街道", "330102002", OrgLevel.STREET, "binhu", "330102"),
    UnitPlan("江南街道", "330105001", OrgLevel.STREET, "jiangnan", "330105"),
]

FIXED_COMMUNITIES = [
    UnitPlan("和平里社区", "330102001001", OrgLevel.COMMUNITY, "heping", "330102001"),
    UnitPlan("建设路社区", "330102001002", OrgLevel.COMMUNITY, "jianshelu", "330102001"),
    UnitPlan("幸福苑社区", "330102001003", OrgLevel.COMMUNITY, "xingfuyuan", "330102001"),
    UnitPlan("湖滨社区", "330102002001", OrgLevel.COMMUNITY, "hubin", "330102002"),
    UnitPlan("翠柳社区", "330102002002", OrgLevel.COMMUNITY, "cuiliu", "330102002"),
    UnitPlan("东湖花园社区", "330102002003", OrgLevel.COMMUNITY, "donghuhuayuan", "330102002"),
    UnitPlan("江南新村社区", "330105001001", OrgLevel.COMMUNITY, "jiangnanxincun", "330105001"),
    UnitPlan("春晖社区", "330105001002", OrgLevel.COMMUNITY, "chunhui", "330105001"),
]

# Name parts for generated units: (Chinese, pinyin).
DISTRICT_NAMES = [
    ("南山", "nanshan"),
    ("北湖", "beihu"),
    ("青山", "qingshan"),
    ("白沙", "baisha"),
    ("金水", "jinshui"),
    ("云溪", "yunxi"),
    ("凤凰", "fenghuang"),
    ("桃源", "taoyuan"),
    ("龙泉", "longquan"),
    ("石门", "shimen"),
    ("临江", "linjiang"),
    ("清河", "qinghe"),
    ("柳林", "liulin"),
    ("梅岭", "meiling"),
    ("松涛", "songtao"),
]
STREET_NAMES = [
    ("新华", "xinhua"),
    ("人民路", "renminlu"),
    ("解放", "jiefang"),
    ("文昌", "wenchang"),
    ("朝阳", "chaoyang"),
    ("长乐", "changle"),
    ("永安", "yongan"),
    ("东风", "dongfeng"),
    ("红星", "hongxing"),
    ("光明", "guangming"),
    ("团结", "tuanjie"),
    ("胜利", "shengli"),
    ("兴华", "xinghua"),
    ("育才", "yucai"),
    ("振兴", "zhenxing"),
    ("太平", "taiping"),
    ("北门", "beimen"),
    ("西园", "xiyuan"),
    ("南湖", "nanhu"),
    ("花港", "huagang"),
]
COMMUNITY_PREFIXES = [
    ("桂花", "guihua"),
    ("金桥", "jinqiao"),
    ("银杏", "yinxing"),
    ("紫荆", "zijing"),
    ("丽水", "lishui"),
    ("明珠", "mingzhu"),
    ("锦绣", "jinxiu"),
    ("枫林", "fenglin"),
    ("翠竹", "cuizhu"),
    ("碧波", "bibo"),
    ("望江", "wangjiang"),
    ("阳光", "yangguang"),
    ("康乐", "kangle"),
    ("和谐", "hexie"),
    ("安居", "anju"),
    ("福星", "fuxing"),
    ("瑞丰", "ruifeng"),
    ("青石", "qingshi"),
    ("长虹", "changhong"),
    ("彩虹", "caihong"),
    ("玉兰", "yulan"),
    ("海棠", "haitang"),
    ("香樟", "xiangzhang"),
    ("梧桐", "wutong"),
    ("芳草", "fangcao"),
    ("清泉", "qingquan"),
    ("鹭洲", "luzhou"),
    ("月湖", "yuehu"),
    ("星光", "xingguang"),
    ("南浦", "nanpu"),
]
COMMUNITY_SUFFIXES = [
    ("苑", "yuan"),
    ("里", "li"),
    ("新村", "xincun"),
    ("名苑", "mingyuan"),
    ("家园", "jiayuan"),
    ("湾", "wan"),
    ("坊", "fang"),
    ("东区", "dongqu"),
]


def _numbered(name, pinyin, round_number):
    """Name parts for the n-th reuse of a pool entry, e.g. 新华二 / xinhua2, so names stay unique."""
    if round_number == 0:
        return name, pinyin
    digits = "一二三四五六七八九十"
    return f"{name}{digits[round_number % 10]}", f"{pinyin}{round_number + 1}"


def plan_network(scale=DEFAULT_SCALE):
    """The units and community sites of a demo with `scale` communities."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    plan = NetworkPlan(city=CITY, districts=list(FIXED_DISTRICTS), streets=list(FIXED_STREETS))
    communities = list(FIXED_COMMUNITIES[:scale])
    used_slugs = {unit.slug for unit in FIXED_COMMUNITIES}

    generated = scale - len(communities)
    street_count = district_count = 0
    district = street = None
    community_in_street = 0
    for index in range(generated):
        if street is None or community_in_street == COMMUNITIES_PER_GENERATED_STREET:
            if district is None or street_count % STREETS_PER_GENERATED_DISTRICT == 0:
                pool_index = district_count % len(DISTRICT_NAMES)
                name, pinyin = _numbered(*DISTRICT_NAMES[pool_index], district_count // len(DISTRICT_NAMES))
                # Generated district codes follow the fixed ones: 330106, 330107, ...
                district = UnitPlan(f"{name}区", f"3301{6 + district_count:02d}", OrgLevel.DISTRICT, pinyin, CITY.code)
                plan.districts.append(district)
                district_count += 1
                streets_in_district = 0
            pool_index = street_count % len(STREET_NAMES)
            name, pinyin = _numbered(*STREET_NAMES[pool_index], street_count // len(STREET_NAMES))
            streets_in_district += 1
            street = UnitPlan(
                f"{name}街道", f"{district.code}{streets_in_district:03d}", OrgLevel.STREET, pinyin, district.code
            )
            plan.streets.append(street)
            street_count += 1
            community_in_street = 0
        prefix = COMMUNITY_PREFIXES[index % len(COMMUNITY_PREFIXES)]
        suffix = COMMUNITY_SUFFIXES[(index // len(COMMUNITY_PREFIXES)) % len(COMMUNITY_SUFFIXES)]
        name = f"{prefix[0]}{suffix[0]}"
        slug = f"{prefix[1]}{suffix[1]}"
        round_number = index // (len(COMMUNITY_PREFIXES) * len(COMMUNITY_SUFFIXES))
        name, slug = _numbered(name, slug, round_number)
        while slug in used_slugs:
            slug += "x"
        used_slugs.add(slug)
        community_in_street += 1
        communities.append(
            UnitPlan(f"{name}社区", f"{street.code}{community_in_street:03d}", OrgLevel.COMMUNITY, slug, street.code)
        )

    plan.communities = [
        CommunitySitePlan(unit=unit, hostname_label=unit.slug, theme=THEME_CYCLE[index % len(THEME_CYCLE)])
        for index, unit in enumerate(communities)
    ]
    return plan
