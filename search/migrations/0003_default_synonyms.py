"""Starting synonyms: the abbreviations and old names residents type for social-assistance and
certificate services. Staff edit and extend them in the admin (搜索同义词)."""

from django.db import migrations

DEFAULT_SYNONYMS = [
    "低保, 最低生活保障, 低保金",
    "五保, 五保户, 特困供养, 特困人员",
    "居住证, 暂住证",
    "医保, 医疗保险, 城乡居民医保",
    "社保, 社会保险",
    "社保卡, 社会保障卡",
    "高龄津贴, 高龄补贴, 长寿金",
    "养老补贴, 居家养老服务补贴, 养老服务补贴",
    "公租房, 公共租赁住房, 廉租房",
    "残疾证, 残疾人证",
    "准生证, 生育登记, 生育服务证",
    "活动证, 流动党员活动证",
    "失业证, 就业创业证",
    "老年证, 老年人优待证, 敬老卡",
    "临时救助, 急难救助",
    "新冠, 新型冠状病毒",
    "老人, 老年人, 长者",
    "养狗, 养犬",
    "暖气, 供暖",
    "丧葬, 殡葬",
    "打工, 务工",
]


def add_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms in DEFAULT_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def remove_synonyms(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=DEFAULT_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_vector")]

    operations = [migrations.RunPython(add_synonyms, remove_synonyms)]
