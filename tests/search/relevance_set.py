"""The relevance set: a small network's service guides and notices, and queries typed the way
residents type them (abbreviations, synonyms, homophone typos, pinyin, whole questions), each with
the documents that must come first. Used by tests/search/test_relevance.py and bench/bench_search.py.
"""

# key -> (kind, title, text)
DOCUMENTS = {
    "dibao_city": (
        "guide",
        "城市居民最低生活保障申请",
        "家庭人均收入低于本市最低生活保障标准、家庭财产符合规定的城市居民，可向户籍所在地街道提出申请。",
    ),
    "dibao_rural": ("guide", "农村最低生活保障审批", "农村居民家庭人均收入低于农村低保标准的，可以申请农村低保。"),
    "low_income": ("guide", "低收入家庭认定", "收入高于低保标准但低于低保标准1.5倍的家庭，可申请低收入家庭认定。"),
    "tekun": (
        "guide",
        "特困人员救助供养申请",
        "无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未满16周岁的未成年人，纳入特困供养。",
    ),
    "medical_aid": ("guide", "医疗救助申请", "低保对象、特困人员在医保报销后个人负担的医疗费用，可申请医疗救助。"),
    "temp_aid": (
        "guide",
        "临时救助申请",
        "因火灾、交通事故、突发重大疾病等导致基本生活陷入困境的家庭，可申请临时救助。",
    ),
    "eldercare_subsidy": (
        "guide",
        "居家养老服务补贴申请",
        "本市户籍60周岁以上经济困难、失能或高龄老年人，可申请居家养老服务补贴，以服务券形式发放。",
    ),
    "high_age": ("guide", "高龄津贴发放", "80周岁以上老年人每月领取高龄津贴，百岁老人另有长寿金。"),
    "elder_card": ("guide", "老年人优待证办理", "年满60周岁的老年人可办理老年人优待证，凭证免费乘坐公交、游览公园。"),
    "elder_meal": ("notice", "社区老年助餐服务开始登记", "社区长者食堂为老年人提供助餐服务，高龄独居老人可送餐上门。"),
    "residence_permit": ("guide", "居住证办理", "在本市居住半年以上的非本市户籍人员，可申领居住证。"),
    "hukou_move": (
        "guide",
        "户口迁移登记",
        "因购房、投靠、工作调动等需要迁移户口的，到派出所办理户籍迁移手续。",
    ),
    "id_card": (
        "guide",
        "居民身份证换领补领",
        "身份证有效期满或损坏、丢失的，到户籍所在地派出所申请换领、补领居民身份证。",
    ),
    "flow_party": (
        "guide",
        "流动党员活动证办理",
        "外出务工经商半年以上的流动党员，由所在党支部开具流动党员活动证，到流入地党组织报到。",
    ),
    "party_transfer": ("guide", "党组织关系转接", "党员工作单位或居住地发生变化，应及时转移党组织关系。"),
    "party_dues": ("guide", "党费交纳标准", "党员按月交纳党费，党费交纳比例按本人收入计算。"),
    "flex_insurance": (
        "guide",
        "灵活就业人员社会保险参保登记",
        "个体工商户和灵活就业人员可以参加职工基本养老保险和医疗保险。",
    ),
    "resident_medical": (
        "guide",
        "城乡居民医疗保险参保缴费",
        "未参加职工医保的城乡居民，每年9月至12月办理下一年度城乡居民医保参保缴费。",
    ),
    "social_card": ("guide", "社会保障卡申领", "社保卡可用于医保结算、养老金领取，新参保人员可到社区申领社会保障卡。"),
    "unemployment": ("guide", "失业登记", "处于无业状态的劳动年龄人员，可以进行失业登记，领取就业创业证。"),
    "disability_card": ("guide", "残疾人证办理", "经评定符合残疾标准的，可以申领残疾人证。"),
    "disability_subsidy": ("guide", "残疾人两项补贴申请", "困难残疾人生活补贴和重度残疾人护理补贴。"),
    "public_rental": (
        "guide",
        "公共租赁住房申请",
        "本市城镇住房困难家庭可以申请公共租赁住房，按规定缴纳租金。",
    ),
    "birth": ("guide", "生育登记服务", "夫妻生育子女的，可以办理生育登记，登记后享受孕产期保健服务。"),
    "veterans": ("guide", "优抚对象抚恤补助", "伤残军人、烈士遗属等优抚对象，按规定享受抚恤补助。"),
    "garbage": (
        "notice",
        "关于调整垃圾分类投放时间的通知",
        "小区厨余垃圾和其他垃圾定时定点投放，投放时间为每天7:00-9:00。",
    ),
    "vaccine": ("notice", "老年人流感疫苗免费接种", "65岁以上老年人可到社区卫生服务中心免费接种流感疫苗。"),
    "volunteer": ("notice", "社区志愿者招募", "社区招募志愿服务人员，参与环境整治、助老服务。"),
    "dog": ("guide", "养犬登记", "个人养犬应当办理养犬登记，为犬只注射狂犬病疫苗。"),
    "water": ("notice", "停水通知", "因管道维修，本周三8:00至18:00小区停水，请居民提前储水。"),
    "heating": ("notice", "冬季供暖缴费通知", "供暖费缴纳时间为10月1日至11月15日，可在社区服务站缴纳。"),
    "marriage": ("guide", "婚姻登记", "结婚登记、离婚登记到区民政局婚姻登记处办理。"),
    "pension": (
        "guide",
        "城乡居民基本养老保险参保",
        "年满16周岁、未参加职工养老保险的城乡居民可以参保，年满60周岁按月领取养老金。",
    ),
    "funeral": ("guide", "惠民殡葬补贴", "本市户籍居民去世后，家属可申领基本殡葬服务费用补贴。"),
    "child_allowance": ("guide", "育儿补贴申领", "3周岁以下婴幼儿每人每年可领取育儿补贴。"),
}

# what a resident types -> the documents any of which is a right answer
QUERIES = {
    "低保": {"dibao_city", "dibao_rural"},
    "低保怎么申请": {"dibao_city", "dibao_rural"},
    "最低生活保障": {"dibao_city", "dibao_rural"},
    "dibao": {"dibao_city", "dibao_rural"},
    "db": {"dibao_city", "dibao_rural"},
    "低宝": {"dibao_city", "dibao_rural"},
    "城市低保": {"dibao_city"},
    "农村低保": {"dibao_rural"},
    "低收入": {"low_income"},
    "五保": {"tekun"},
    "五保户": {"tekun"},
    "特困": {"tekun"},
    "tekun": {"tekun"},
    "医疗救助": {"medical_aid"},
    "看病救助": {"medical_aid"},
    "临时救助": {"temp_aid"},
    "养老补贴": {"eldercare_subsidy"},
    "居家养老": {"eldercare_subsidy"},
    "yanglao butie": {"eldercare_subsidy"},
    "服务券": {"eldercare_subsidy"},
    "养老不贴": {"eldercare_subsidy"},
    "高龄补贴": {"high_age"},
    "长寿金": {"high_age"},
    "老年证": {"elder_card"},
    "老人坐公交免费": {"elder_card"},
    "助餐": {"elder_meal"},
    "老人吃饭": {"elder_meal"},
    "办居住证": {"residence_permit"},
    "暂住证": {"residence_permit"},
    "居住正": {"residence_permit"},
    "juzhuzheng": {"residence_permit"},
    "迁户口": {"hukou_move"},
    "身份证丢了": {"id_card"},
    "补办身份证": {"id_card"},
    "流动党员": {"flow_party"},
    "活动证": {"flow_party"},
    "党员外出打工": {"flow_party"},
    "转党组织关系": {"party_transfer"},
    "交党费": {"party_dues"},
    "灵活就业社保": {"flex_insurance"},
    "医保缴费": {"resident_medical"},
    "社保卡": {"social_card"},
    "shebaoka": {"social_card"},
    "失业证": {"unemployment"},
    "残疾证": {"disability_card"},
    "残疾人补贴": {"disability_subsidy"},
    "公租房": {"public_rental"},
    "廉租房": {"public_rental"},
    "准生证": {"birth"},
    "垃圾分类": {"garbage"},
    "扔垃圾时间": {"garbage"},
    "打疫苗": {"vaccine"},
    "流感疫苗": {"vaccine"},
    "志愿者": {"volunteer"},
    "养狗": {"dog"},
    "停水": {"water"},
    "暖气费": {"heating"},
    "结婚登记": {"marriage"},
    "领养老金": {"pension"},
    "丧葬补贴": {"funeral"},
    "育儿补贴": {"child_allowance"},
}

RECALL_FLOOR = 0.9  # recall@5: share of queries with a right answer in the first five
MRR_FLOOR = 0.8  # mean reciprocal rank of the first right answer


def build_corpus(network):
    """Add the documents to the network's community sites (alternating), return {key: page}."""
    from tests.search.conftest import add_guide, add_notice

    pages = {}
    sites = network["sites"]
    for number, (key, (kind, title, text)) in enumerate(DOCUMENTS.items()):
        built = sites[number % len(sites)]
        pages[key] = add_guide(built, title, text) if kind == "guide" else add_notice(built, title, text)
    return pages


def evaluate(search, pages, k=5):
    """(recall@k, MRR, misses) for `search(query) -> [page ids in rank order]`."""
    ids = {key: page.pk for key, page in pages.items()}
    found_in_k = 0
    reciprocal_ranks = []
    misses = []
    for query, expected in QUERIES.items():
        wanted = {ids[key] for key in expected}
        ranked = search(query)
        rank = next((position for position, page_id in enumerate(ranked, 1) if page_id in wanted), None)
        if rank is not None and rank <= k:
            found_in_k += 1
        else:
            misses.append(query)
        reciprocal_ranks.append(1 / rank if rank else 0.0)
    return found_in_k / len(QUERIES), sum(reciprocal_ranks) / len(QUERIES), misses
