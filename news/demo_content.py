"""The demo content: the sections and items of the organization's current site.

Used by the `load_demo_content` command; every object is found by its natural key and
brought to the state below, so loading twice leaves the same data as loading once.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from news.models import Item, Section
from press.models import Phone, PressContact

SECTIONS = [
    {
        "slug": "csto-news",
        "title": "CSTO News",
        "description": "News of the Collective Security Treaty Organization and its Secretariat.",
        "title_ru": "Новости ОДКБ",
        "description_ru": "Новости Организации Договора о коллективной безопасности и её "
        "Секретариата.",
    },
    {
        "slug": "secretary-general",
        "title": "Secretary General",
        "description": "Statements, interviews and activities of the CSTO Secretary General.",
        "title_ru": "Генеральный секретарь",
        "description_ru": "Заявления, интервью и деятельность Генерального секретаря ОДКБ.",
    },
    {
        "slug": "press-secretary-commentary",
        "title": "Press Secretary's Commentary",
        "description": "Commentary of the CSTO Secretariat and its Press Secretary.",
        "title_ru": "Комментарии пресс-секретаря",
        "description_ru": "Комментарии Секретариата ОДКБ и его пресс-секретаря.",
    },
]

PRESS_SECRETARY = {
    "name": "Vladimir Zaynetdinov",
    "position": "The CSTO Press Secretary",
    "name_ru": "Владимир Зайнетдинов",
    "position_ru": "Пресс-секретарь ОДКБ",
    "email": "odkb-pressa@gov.ru",
    "order": 1,
    "phones": [("+7495-621-27-10", Phone.Kind.TEL), ("+7495-621-33-23", Phone.Kind.TEL_FAX)],
}

ITEMS = [
    {
        "section": "csto-news",
        "slug": "csto-secretariat-meets-international-school-of-diplomacy",
        "date": datetime.date(2024, 7, 26),
        "title": "CSTO Secretariat staff meet participants of the International School "
        "of Diplomacy",
        "lead": "On 25 July 2024, staff of the CSTO Secretariat met with graduates of Central "
        "Asian universities in the fields of “International relations” and “Regional studies” "
        "who are participating in the International School of Diplomacy and are in Moscow at "
        "the invitation of the Autonomous Nonprofit Organization ‘National Research Institute "
        "for the Development of Communications’ and the Centre for International Strategic "
        "Studies of the Diplomatic Academy of the Russian Ministry of Foreign Affairs.",
        "body": None,
    },
    {
        "section": "secretary-general",
        "slug": "secretary-general-un-security-council-debate",
        "date": datetime.date(2024, 7, 19),
        "title": "The CSTO Secretary General took part in the UN Security Council debate",
        "lead": "The CSTO Secretary General Imangali Tasmagambetov took part in the debate on "
        "“UN cooperation with regional organizations: the CSTO, the CIS and the SCO” held on "
        "19 July 2024 at the UN Security Council.",
        "body": "<p>The CSTO Secretary General Imangali Tasmagambetov took part in the debate "
        "on “UN cooperation with regional organizations: the CSTO, the CIS and the SCO” held "
        "on 19 July 2024 at the UN Security Council.</p>"
        "<blockquote><p>Allow me to thank the Russian presidency of the United Nations Security "
        "Council for the invitation to take part in the debate on the interaction between the "
        "United Nations and regional organizations - the CSTO, the CIS and the SCO.</p>"
        "<p>I highly appreciate my participation in the meeting of the main body of the World "
        "Organization responsible for maintaining global peace and international security. I "
        "am convinced that today's debate will contribute to the development of new, "
        "additional mechanisms for United Nations cooperation with the CSTO, the CIS and the "
        "SCO - the leading regional organizations operating in the Eurasian security space."
        "</p></blockquote>",
    },
    {
        "section": "secretary-general",
        "slug": "secretary-general-interview-belta",
        "date": datetime.date(2024, 7, 1),
        "title": "The CSTO Secretary General's interview to the BELTA news agency",
        "lead": "Imangali Tasmagambetov, the Collective Security Treaty Organization Secretary "
        "General, told BELTA news agency correspondent whether the CSTO sought to become a "
        "counterweight to NATO, the situation in the East European region of collective "
        "security, the role of Belarus in the organization, and what initiative of the "
        "President of Belarus had become important and timely for the CSTO.",
        "body": None,
    },
    {
        "section": "press-secretary-commentary",
        "slug": "commentary-legal-grounds-peacekeeping-operations",
        "date": datetime.date(2023, 2, 2),
        "title": "Commentary of the CSTO Secretariat on a number of media reports on the legal "
        "grounds for peacekeeping operations by the Collective Security Treaty "
        "Organization's Collective Peacekeeping Forces",
        "lead": "The CSTO peacekeeping operations are regulated by the Agreement on the CSTO "
        "Peacekeeping Activities of 6 October 2007.",
        "body": "<p>The CSTO peacekeeping operations are regulated by the Agreement on the CSTO "
        "Peacekeeping Activities of 6 October 2007.</p>"
        "<p>In accordance with Article 3 of the aforementioned Agreement, a decision on a "
        "peacekeeping operation in the territory of one of the CSTO member states is taken by "
        "the CSTO Collective Security Council on the basis of a corresponding official request "
        "of that state, with immediate notification of the UN SC. A decision on a CSTO "
        "peacekeeping operation in the territory of a non-CSTO member state is taken on the "
        "basis of a UN SC decision.</p>"
        "<p>The Protocol of September 16, 2021, on amendments to the above-mentioned "
        "Agreement, providing for the procedure of determining a coordinating state for "
        "interaction with the UN on behalf of the CSTO in peacekeeping, is under ratification "
        "(ratified by the Republic of Belarus, Russia and the Republic of Tajikistan).</p>"
        "<p>If proposals to change the legal basis for the use of the CSTO Collective "
        "Peacekeeping Forces are received, they will be agreed upon with the member states."
        "</p>",
        "press_contact": True,
    },
]


# Russian versions, each linked to its English original by the original's slug.
ITEMS_RU = [
    {
        "section": "secretary-general",
        "slug": "secretary-general-un-security-council-debate",
        "translation_of": "secretary-general-un-security-council-debate",
        "date": datetime.date(2024, 7, 19),
        "title": "Генеральный секретарь ОДКБ принял участие в дебатах Совета Безопасности ООН",
        "lead": "Генеральный секретарь ОДКБ Имангали Тасмагамбетов принял участие в дебатах "
        "«Сотрудничество ООН с региональными организациями: ОДКБ, СНГ и ШОС», состоявшихся "
        "19 июля 2024 года в Совете Безопасности ООН.",
        "body": "<p>Генеральный секретарь ОДКБ Имангали Тасмагамбетов принял участие в дебатах "
        "«Сотрудничество ООН с региональными организациями: ОДКБ, СНГ и ШОС», состоявшихся "
        "19 июля 2024 года в Совете Безопасности ООН.</p>"
        "<blockquote><p>Позвольте поблагодарить российское председательство в Совете "
        "Безопасности Организации Объединённых Наций за приглашение принять участие в дебатах "
        "о взаимодействии Организации Объединённых Наций и региональных организаций — ОДКБ, "
        "СНГ и ШОС.</p>"
        "<p>Высоко ценю своё участие в заседании главного органа Всемирной организации, "
        "отвечающего за поддержание международного мира и безопасности. Убеждён, что "
        "сегодняшние дебаты будут способствовать выработке новых, дополнительных механизмов "
        "сотрудничества Организации Объединённых Наций с ОДКБ, СНГ и ШОС — ведущими "
        "региональными организациями, действующими в евразийском пространстве безопасности."
        "</p></blockquote>",
    },
    {
        "section": "press-secretary-commentary",
        "slug": "commentary-legal-grounds-peacekeeping-operations",
        "translation_of": "commentary-legal-grounds-peacekeeping-operations",
        "date": datetime.date(2023, 2, 2),
        "title": "Комментарий Секретариата ОДКБ в связи с рядом публикаций СМИ о правовых "
        "основаниях проведения миротворческих операций Коллективными миротворческими силами "
        "ОДКБ",
        "lead": "Миротворческие операции ОДКБ регулируются Соглашением о миротворческой "
        "деятельности ОДКБ от 6 октября 2007 года.",
        "body": "<p>Миротворческие операции ОДКБ регулируются Соглашением о миротворческой "
        "деятельности ОДКБ от 6 октября 2007 года.</p>"
        "<p>В соответствии со статьёй 3 указанного Соглашения решение о проведении "
        "миротворческой операции на территории одного из государств — членов ОДКБ принимается "
        "Советом коллективной безопасности ОДКБ на основании соответствующего официального "
        "обращения этого государства с незамедлительным уведомлением СБ ООН. Решение о "
        "проведении миротворческой операции ОДКБ на территории государства, не являющегося "
        "членом ОДКБ, принимается на основании решения СБ ООН.</p>"
        "<p>Протокол от 16 сентября 2021 года о внесении изменений в названное Соглашение, "
        "предусматривающий порядок определения государства-координатора для взаимодействия с "
        "ООН от имени ОДКБ в сфере миротворчества, находится на ратификации (ратифицирован "
        "Республикой Беларусь, Россией и Республикой Таджикистан).</p>"
        "<p>В случае поступления предложений об изменении правовой базы применения "
        "Коллективных миротворческих сил ОДКБ они будут согласованы с государствами-членами."
        "</p>",
        "press_contact": True,
    },
]


def _noon(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))


def load_sections():
    """Create or restore the demo sections; return them by slug."""
    sections = {}
    for position, data in enumerate(SECTIONS, start=1):
        sections[data["slug"]], _ = Section.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "description": data["description"],
                "title_ru": data["title_ru"],
                "description_ru": data["description_ru"],
                "position": position,
            },
        )
    return sections


def load_press_secretary():
    """Create or restore the press secretary's contact with its phones; return it."""
    contact, _ = PressContact.objects.update_or_create(
        name=PRESS_SECRETARY["name"],
        defaults={
            "position": PRESS_SECRETARY["position"],
            "name_ru": PRESS_SECRETARY["name_ru"],
            "position_ru": PRESS_SECRETARY["position_ru"],
            "email": PRESS_SECRETARY["email"],
            "order": PRESS_SECRETARY["order"],
            "is_active": True,
        },
    )
    numbers = [number for number, _kind in PRESS_SECRETARY["phones"]]
    contact.phones.exclude(number__in=numbers).delete()
    for order, (number, kind) in enumerate(PRESS_SECRETARY["phones"], start=1):
        Phone.objects.update_or_create(
            contact=contact, number=number, defaults={"kind": kind, "order": order}
        )
    return contact


@transaction.atomic
def load_demo_content():
    """Create or restore the demo sections, press contact and items; return the items."""
    sections = load_sections()
    contact = load_press_secretary()

    items = []
    for data in ITEMS + ITEMS_RU:
        language = "ru" if data in ITEMS_RU else "en"
        original = None
        if data.get("translation_of"):
            original = Item.objects.get(
                language="en", section=sections[data["section"]], slug=data["translation_of"]
            )
        item, _ = Item.objects.update_or_create(
            language=language,
            section=sections[data["section"]],
            slug=data["slug"],
            defaults={
                "translation_of": original,
                "title": data["title"],
                "lead": data["lead"],
                "body": data["body"] or format_html("<p>{}</p>", data["lead"]),
                "published_at": _noon(data["date"]),
                "status": Item.Status.PUBLISHED,
                "press_contact": contact if data.get("press_contact") else None,
            },
        )
        items.append(item)
    return items
