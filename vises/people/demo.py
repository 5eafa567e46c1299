"""Demo people for `vises demo`: realistic, synthetic, and the same for the same seed.

Participants carry names common among newcomers in Linköping (Arabic, Dari/Persian, Somali,
Tigrinya and Ukrainian names, written by hand below); language friends and volunteers get
Swedish names from Faker's sv_SE. More participants live in Skäggetorp and Berga, as the
agreement's focus says. Everyone is invented: e-mail addresses are at example.org/.com/.net
(reserved domains) and phone numbers come from the series the Swedish Post and Telecom
Authority (PTS) keeps for fiction, so no demo message can reach a real person.

`small` is about 120 persons, `large` 100 000 for the benchmarks; both are written with
bulk_create in batches, which bypasses the services, so one audit event without personal
data ("people.demo.loaded") records the load. A partnership that already has persons is
left alone, so `vises demo` can run again without doubling anyone.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from faker import Faker

from vises.common import audit
from vises.partnerships.access import Role
from vises.partnerships.models import District, Membership, Partnership
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    LanguageFriend,
    Participant,
    Person,
    Volunteer,
)
from vises.people.services.consent import consent_text_publish

SIZES = {"small": 120, "large": 100_000}
BATCH = 2000
DEMO_VOLUNTEER = "demo-volunteer"

# Numbers PTS reserves for use in fiction ("nummer för fiktiv användning"): never assigned.
FICTIONAL_PHONES = (
    [f"+4670174{n:04d}" for n in range(605, 700)]
    + [f"+4631390{n:04d}" for n in range(600, 700)]
    + [f"+4640628{n:04d}" for n in range(400, 500)]
    + [f"+46846500{n:03d}" for n in range(400, 500)]
    + [f"+46980319{n:03d}" for n in range(200, 300)]
)
MAIL_DOMAINS = ("example.org", "example.com", "example.net")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(","))


@dataclass(frozen=True)
class Origin:
    """Names and languages common in one group of newcomers in Linköping."""

    weight: int
    women: tuple[str, ...]
    men: tuple[str, ...]
    last_names: tuple[str, ...]
    writes_in: str  # the preferred language we write in
    speaks: tuple[str, ...]  # mother tongue(s), one is chosen
    also: tuple[tuple[str, float], ...]  # other languages and how often they are spoken
    years: dict[str, int]  # years-in-Sweden band: weight


ORIGINS = (
    Origin(
        30,
        _names(
            "Fatima Amina Rania Hiba Noor Layla Yasmin Rasha Huda Salma Aya Maryam Zainab Dima Lina"
        ),
        _names(
            "Mohammed Ahmad Ali Omar Khaled Yousef Hassan Hussein Mahmoud Ibrahim Mustafa "
            "Samir Bilal Tariq Karim"
        ),
        _names(
            "Al-Hassan Haddad Khalil Ibrahim Mahmoud Saleh Nasser Othman Al-Khatib Darwish "
            "Hamdan Suleiman Qasim Abbas Jaber"
        ),
        "ar",
        ("ar",),
        (("ku", 0.15), ("en", 0.3), ("tr", 0.05)),
        {"0-1": 3, "1-2": 6, "3-5": 20, "6-10": 50, "10+": 21},
    ),
    Origin(
        22,
        _names(
            "Zahra Maryam Fatemeh Soraya Parisa Shabnam Nargis Farzana Mina Laila Roya Shirin "
            "Nazanin Sahar Tahmina"
        ),
        _names(
            "Ahmad Mohammad Reza Hamid Javad Ali Mehdi Farid Habib Jawad Mustafa Sohrab Nasir "
            "Karim Hossein"
        ),
        _names(
            "Ahmadi Hosseini Rahimi Karimi Mohammadi Rezaei Sultani Azizi Noori Sadat Hakimi "
            "Amiri Jafari Haidari Naseri"
        ),
        "fa",
        ("prs", "prs", "prs", "fa"),
        (("ps", 0.2), ("en", 0.25), ("ar", 0.05)),
        {"0-1": 5, "1-2": 10, "3-5": 35, "6-10": 45, "10+": 5},
    ),
    Origin(
        18,
        _names(
            "Hodan Ayaan Faadumo Hibo Sahra Deeqa Ifrah Asha Nimco Sagal Khadra Ubah Muna "
            "Filsan Idil"
        ),
        _names(
            "Abdi Mohamed Abdullahi Ahmed Hassan Mahad Liban Farah Yusuf Abdirahman Omar "
            "Ismail Guled Bashir Said"
        ),
        _names(
            "Ali Hassan Mohamed Abdi Warsame Farah Jama Osman Nur Hersi Elmi Dirie Adan Yusuf "
            "Ismail"
        ),
        "so",
        ("so",),
        (("ar", 0.3), ("en", 0.4)),
        {"1-2": 5, "3-5": 15, "6-10": 40, "10+": 40},
    ),
    Origin(
        12,
        _names(
            "Selam Helen Yordanos Senait Mebrat Tsega Winta Lidya Feven Aster Rahel Saba "
            "Hiwet Eden Luwam"
        ),
        _names(
            "Yonas Dawit Tesfay Biniam Samuel Mussie Filmon Kibrom Henok Yohannes Daniel "
            "Robel Amanuel Natnael Semere"
        ),
        _names(
            "Tesfamariam Gebremedhin Haile Tekle Berhane Ghebreyesus Woldemichael Habte "
            "Kidane Mehari Negash Tsegay Asmerom Yemane Kahsay"
        ),
        "ti",
        ("ti",),
        (("am", 0.4), ("ar", 0.2), ("en", 0.3)),
        {"0-1": 5, "1-2": 10, "3-5": 35, "6-10": 40, "10+": 10},
    ),
    Origin(
        18,
        _names(
            "Olena Iryna Oksana Nataliia Tetiana Yuliia Anastasiia Kateryna Svitlana Maryna "
            "Halyna Viktoriia Liudmyla Daryna Sofiia"
        ),
        _names(
            "Oleksandr Andrii Dmytro Serhii Volodymyr Mykola Ivan Yurii Taras Bohdan Vasyl "
            "Maksym Oleh Roman Pavlo"
        ),
        _names(
            "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Koval Oliinyk "
            "Shevchuk Polishchuk Lysenko Marchenko Rudenko Savchenko"
        ),
        "uk",
        ("uk",),
        (("ru", 0.6), ("en", 0.5), ("pl", 0.05)),
        {"0-1": 15, "1-2": 45, "3-5": 40},
    ),
)

# District weights for participants (the agreement's focus first); others share the rest.
PARTICIPANT_DISTRICTS = {
    "Skäggetorp": 30,
    "Berga": 20,
    "Ryd": 12,
    "Lambohov": 8,
    "Ekholmen": 6,
    "Annat": 3,
}
FRIEND_DISTRICTS = {"Skäggetorp": 2, "Berga": 3, "Annat": 4}

PRIOR_FIELDS = _items(
    "undersköterska, lärare, snickare, kock, ingenjör, frisör, lastbilschaufför, "
    "sjuksköterska, ekonom, elektriker, lokalvårdare, lagerarbetare, sömmerska, "
    "mekaniker, butiksbiträde, barnskötare, jordbrukare"
) + ("",)
COMPANY_FIELDS = _items(
    "IT och utveckling, logistik, vård och omsorg, industri, handel, ekonomi, HR, bygg, "
    "fordonsteknik, livsmedel, kundtjänst, projektledning, forskning, energi"
)
INTERESTS = _items(
    "matlagning, fotboll, promenader, handarbete, läsning, musik, trädgård, cykling, barn "
    "och familj, natur, träning, film, schack, datorer"
)
AVAILABILITY = _items("vardagar förmiddag, vardagar eftermiddag, vardagskvällar, helger, flexibelt")

# Consent wording: the purpose quoted plainly first, then what it means, in plain words.
CONSENT_TEXTS = {
    (ConsentPurpose.REGISTER, "sv"): (
        "Ändamål: ”Spara mina uppgifter så att jag kan delta”.\n\n"
        "Jag samtycker till att {organisation} sparar de uppgifter jag lämnar (namn, telefon "
        "eller e-post, språk och det jag berättar om mig själv) så att jag kan delta i "
        "pop-up-kaféer och annat inom {partnership}. Uppgifterna används bara till det. "
        "Kommunen får aldrig mitt namn, bara antal i statistik. Om jag inte deltar på "
        "{months} månader tas uppgifterna bort. Jag kan när som helst se, rätta, ladda ner "
        "eller radera mina uppgifter och ta tillbaka samtycket genom länken i våra meddelanden."
    ),
    (ConsentPurpose.REGISTER, "en"): (
        "Purpose: “Keep my details so I can take part”.\n\n"
        "I agree that {organisation} keeps the details I give (name, phone or e-mail, language "
        "and what I tell about myself) so that I can take part in pop-up cafés and other "
        "activities of {partnership}. The details are used for nothing else. The municipality "
        "never gets my name, only numbers in statistics. If I take no part for {months} "
        "months, the details are deleted. At any time I can see, correct, download or erase "
        "my details and withdraw this consent through the link in our messages."
    ),
    (ConsentPurpose.MESSAGES, "sv"): (
        "Ändamål: ”Skicka meddelanden till mig om kaféer och språkvänner”.\n\n"
        "Jag samtycker till att {organisation} skickar sms och e-post till mig om kaféer, "
        "påminnelser och språkvänner inom {partnership}. Jag kan sluta få meddelanden när "
        "jag vill, genom länken i varje meddelande."
    ),
    (ConsentPurpose.MESSAGES, "en"): (
        "Purpose: “Send me messages about cafés and language friends”.\n\n"
        "I agree that {organisation} sends me text messages and e-mails about cafés, "
        "reminders and language friends of {partnership}. I can stop the messages whenever I "
        "want, through the link in every message."
    ),
    (ConsentPurpose.MATCHING, "sv"): (
        "Ändamål: ”Använd mina uppgifter för att hitta en språkvän åt mig”.\n\n"
        "Jag samtycker till att {organisation} använder mina uppgifter (kön, födelseår, språk, "
        "stadsdel, yrke, intressen och när jag kan träffas) för att föreslå en språkvän. "
        "Språkvännen får mitt förnamn och hur vi når varandra först när vi båda har sagt ja. "
        "Jag kan ta tillbaka samtycket när jag vill."
    ),
    (ConsentPurpose.MATCHING, "en"): (
        "Purpose: “Use my details to find me a language friend”.\n\n"
        "I agree that {organisation} uses my details (gender, birth year, languages, district, "
        "occupation, interests and when I can meet) to suggest a language friend. The friend "
        "gets my first name and how to reach me only when we have both said yes. I can "
        "withdraw this consent whenever I want."
    ),
    # The participants' languages, written by the development team with the glossaries of
    # docs/translations.md: they await review by native speakers. In Arabic and Persian the Latin
    # names are isolated (U+2068 ... U+2069), so "Vi Ses!" keeps its "!" on the right.
    (ConsentPurpose.REGISTER, "ar"): (
        "الغرض: «احتفظوا ببياناتي حتى أستطيع المشاركة».\n\n"
        "أوافق على أن تحتفظ \u2068{organisation}\u2069 بالبيانات التي أقدّمها (الاسم، ورقم الهاتف "
        "أو البريد الإلكتروني، واللغة، وما أقوله عن نفسي) حتى أستطيع المشاركة في المقاهي المؤقتة "
        "وفي أنشطة أخرى ضمن \u2068{partnership}\u2069. لا تُستخدم البيانات لأي شيء آخر. لا تحصل "
        "البلدية أبدًا على اسمي، بل تحصل فقط على أعداد في الإحصاءات. إذا لم أشارك مدة {months} "
        "شهرًا، تُحذف البيانات. أستطيع في أي وقت أن أطّلع على بياناتي أو أصحّحها أو أنزّلها أو "
        "أحذفها، وأن أسحب هذه الموافقة عن طريق الرابط في رسائلنا."
    ),
    (ConsentPurpose.MESSAGES, "ar"): (
        "الغرض: «أرسلوا لي رسائل عن المقاهي وأصدقاء اللغة».\n\n"
        "أوافق على أن ترسل لي \u2068{organisation}\u2069 رسائل نصية (SMS) ورسائل بالبريد "
        "الإلكتروني عن المقاهي والتذكيرات وأصدقاء اللغة ضمن \u2068{partnership}\u2069. أستطيع أن "
        "أوقف الرسائل متى أردت، عن طريق الرابط في كل رسالة."
    ),
    (ConsentPurpose.MATCHING, "ar"): (
        "الغرض: «استخدموا بياناتي لتجدوا لي صديق لغة».\n\n"
        "أوافق على أن تستخدم \u2068{organisation}\u2069 بياناتي (الجنس، وسنة الميلاد، واللغات، "
        "والحي، والمهنة، والاهتمامات، والأوقات التي أستطيع فيها اللقاء) لتقترح لي صديق لغة. لا "
        "يحصل صديق اللغة على اسمي الأول وطريقة التواصل معي إلا بعد أن يوافق كلانا. أستطيع أن أسحب "
        "هذه الموافقة متى أردت."
    ),
    (ConsentPurpose.REGISTER, "fa"): (
        "هدف: «اطلاعات مرا نگه دارید تا بتوانم شرکت کنم».\n\n"
        "موافقم که \u2068{organisation}\u2069 اطلاعاتی را که می‌دهم (نام، شمارهٔ تلفن یا ایمیل، "
        "زبان و آنچه دربارهٔ خودم می‌گویم) نگه دارد تا بتوانم در کافه‌های موقت و برنامه‌های دیگر "
        "\u2068{partnership}\u2069 شرکت کنم. این اطلاعات فقط برای همین کار استفاده می‌شود. شهرداری "
        "(kommun) هرگز نام مرا نمی‌گیرد، فقط عددهای آماری را می‌گیرد. اگر {months} ماه شرکت نکنم، "
        "اطلاعات پاک می‌شود. هر وقت بخواهم می‌توانم اطلاعات خود را ببینم، درست کنم، دانلود کنم یا "
        "پاک کنم، و این رضایت را از راه لینکی که در پیام‌های ما است پس بگیرم."
    ),
    (ConsentPurpose.MESSAGES, "fa"): (
        "هدف: «دربارهٔ کافه‌ها و دوستان زبانی برایم پیام بفرستید».\n\n"
        "موافقم که \u2068{organisation}\u2069 دربارهٔ کافه‌ها، یادآوری‌ها و دوستان زبانی در "
        "\u2068{partnership}\u2069 برایم پیام کوتاه (SMS) و ایمیل بفرستد. هر وقت بخواهم می‌توانم "
        "از راه لینکی که در هر پیام است، پیام‌ها را متوقف کنم."
    ),
    (ConsentPurpose.MATCHING, "fa"): (
        "هدف: «از اطلاعات من استفاده کنید تا برایم یک دوست زبانی پیدا کنید».\n\n"
        "موافقم که \u2068{organisation}\u2069 از اطلاعات من (جنسیت، سال تولد، زبان‌ها، محلهٔ شهر، "
        "شغل، علاقه‌ها و زمانی که برای دیدار وقت دارم) استفاده کند تا یک دوست زبانی به من پیشنهاد "
        "کند. دوست زبانی نام من و راه تماس با من را فقط وقتی می‌گیرد که هر دوی ما «بلی» گفته "
        "باشیم. هر وقت بخواهم می‌توانم این رضایت را پس بگیرم."
    ),
    (ConsentPurpose.REGISTER, "so"): (
        "Ujeeddada: “Xogtayda haysta si aan uga qayb qaato”.\n\n"
        "Waan oggolahay in {organisation} ay hayso xogta aan bixiyo (magaca, taleefanka ama "
        "iimaylka, luqadda iyo waxa aan ka sheego naftayda) si aan uga qayb qaato kafeeyada "
        "ku-meel-gaarka ah iyo hawlaha kale ee {partnership}. Xogta looma isticmaalo wax kale. "
        "Dowladda hoose (kommunen) weligeed ma hesho magacayga, waxay kaliya heshaa tirooyin "
        "tirakoob ah. Haddii aanan ka qayb qaadan {months} bilood, xogta waa la tirtirayaa. Waqti "
        "kasta waxaan eegi karaa, saxi karaa, soo dejisan karaa ama tirtiri karaa xogtayda. Sidoo "
        "kale waan ka noqon karaa oggolaanshahan, anigoo isticmaalaya linkiga ku jira "
        "fariimahayaga."
    ),
    (ConsentPurpose.MESSAGES, "so"): (
        "Ujeeddada: “Ii soo dira fariimo ku saabsan kafeeyada iyo saaxiibbada luqadda”.\n\n"
        "Waan oggolahay in {organisation} ay ii soo dirto SMS iyo iimayl ku saabsan kafeeyada, "
        "xusuusinta iyo saaxiibbada luqadda ee {partnership}. Waan joojin karaa fariimaha markaan "
        "doono, anigoo isticmaalaya linkiga ku jira fariin kasta."
    ),
    (ConsentPurpose.MATCHING, "so"): (
        "Ujeeddada: “Xogtayda u isticmaala si aad ii heshaan saaxiib luqadeed”.\n\n"
        "Waan oggolahay in {organisation} ay isticmaasho xogtayda (jinsiga, sannadka dhalashada, "
        "luqadaha, xaafadda, xirfadda, waxyaabaha aan xiiseeyo iyo goorta aan kulmi karo) si ay ii "
        "soo jeediso saaxiib luqadeed. Saaxiibka luqadda wuxuu helayaa magacayga hore iyo sida aan "
        "isu heli karno, kaliya marka labadeenuba aan “haa” nidhaahno. Waan ka noqon karaa "
        "oggolaanshahan markaan doono."
    ),
    (ConsentPurpose.REGISTER, "ti"): (
        "ዕላማ፦ «ክሳተፍ ምእንቲ ሓበሬታይ ዕቀቡ»።\n\n"
        "ኣብ ግዝያዊ ካፌታትን ካልእ ንጥፈታትን ናይ {partnership} ክሳተፍ ምእንቲ፣ {organisation} ዝህቦ ሓበሬታ (ስም፣ ቁጽሪ "
        "ተሌፎን ወይ ኢመይል፣ ቋንቋን ብዛዕባ ርእሰይ ዝነግሮን) ክዕቅብ እሰማማዕ እየ። እቲ ሓበሬታ ንኻልእ ነገር ኣይውዕልን። ምምሕዳር ከተማ ስመይ "
        "ፈጺሙ ኣይወሃቦን፣ ንስታቲስቲክስ ዝኸውን ቁጽርታት ጥራይ እዩ ዝወሃቦ። ን{months} ኣዋርሕ እንተዘይተሳቲፈ፣ እቲ ሓበሬታ ይድምሰስ። ኣብ "
        "ዝኾነ ግዜ ሓበሬታይ ክርኢ፣ ከዐርዮ፣ ከውርዶ ወይ ክድምስሶ፣ ከምኡ’ውን ብመገዲ እቲ ኣብ መልእኽትታትና ዘሎ ሊንክ ነዚ ፍቓድ ክስሕቦ እኽእል "
        "እየ።"
    ),
    (ConsentPurpose.MESSAGES, "ti"): (
        "ዕላማ፦ «ብዛዕባ ካፌታትን ኣዕሩኽ ቋንቋን መልእኽቲ ስደዱለይ»።\n\n"
        "{organisation} ብዛዕባ ካፌታት፣ መዘኻኸርታትን ኣዕሩኽ ቋንቋን ናይ {partnership} ብSMSን ብኢመይልን መልእኽቲ ክሰደለይ "
        "እሰማማዕ እየ። ኣብ ዝደለኽዎ ግዜ፣ ብመገዲ እቲ ኣብ ነፍሲ ወከፍ መልእኽቲ ዘሎ ሊንክ፣ መልእኽትታት ምቕባል ከቋርጽ እኽእል እየ።"
    ),
    (ConsentPurpose.MATCHING, "ti"): (
        "ዕላማ፦ «ዓርኪ ቋንቋ ክትረኽቡለይ ሓበሬታይ ተጠቐሙ»።\n\n"
        "ዓርኪ ቋንቋ ምእንቲ ከቕርበለይ፣ {organisation} ብሓበሬታይ (ጾታ፣ ዓመተ ልደት፣ ቋንቋታት፣ ከባቢ፣ ሞያ፣ ተገዳስነታትን መዓስ "
        "ክራኸብ ከም ዝኽእልን) ክጥቀም እሰማማዕ እየ። እቲ ዓርኪ ቋንቋ ስመይን ከመይ ክረኽበኒ ከም ዝኽእልን ዝወሃቦ፣ ክልቴና «እወ» ምስ በልና "
        "ጥራይ እዩ። ነዚ ፍቓድ ኣብ ዝደለኽዎ ግዜ ክስሕቦ እኽእል እየ።"
    ),
    (ConsentPurpose.REGISTER, "uk"): (
        "Мета: «Зберігати мої дані для участі».\n\n"
        "Я погоджуюся, що {organisation} зберігатиме дані, які я надаю (ім'я, телефон або "
        "електронна пошта, мова і те, що я розповідаю про себе), для моєї участі в поп-ап кафе та "
        "інших заходах у межах {partnership}. Дані використовуються лише для цього. Муніципалітет "
        "ніколи не отримує мого імені, лише цифри для статистики. Якщо я не беру участі протягом "
        "{months} місяців, дані видаляються. Я будь-коли можу переглянути, виправити, завантажити "
        "або видалити свої дані та відкликати цю згоду через посилання в наших повідомленнях."
    ),
    (ConsentPurpose.MESSAGES, "uk"): (
        "Мета: «Надсилати мені повідомлення про кафе і мовних друзів».\n\n"
        "Я погоджуюся, що {organisation} надсилатиме мені SMS і листи електронною поштою про кафе, "
        "нагадування і мовних друзів у межах {partnership}. Я можу припинити отримувати "
        "повідомлення, коли захочу, через посилання в кожному повідомленні."
    ),
    (ConsentPurpose.MATCHING, "uk"): (
        "Мета: «Використовувати мої дані, щоб знайти мені мовного друга».\n\n"
        "Я погоджуюся, що {organisation} використовуватиме мої дані (стать, рік народження, мови, "
        "район міста, професія, інтереси і час, коли я можу зустрітися), щоб запропонувати мені "
        "мовного друга. Мовний друг отримає моє ім'я і мої контакти лише тоді, коли ми обоє "
        "скажемо «так». Я можу відкликати цю згоду, коли захочу."
    ),
}


def _weighted(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch in "-.")


def consent_texts_ensure(*, partnership: Partnership) -> dict[tuple[str, str], ConsentText]:
    """The demo's consent texts in all seven languages for every purpose (published once)."""
    values = {
        "organisation": partnership.organisation.name,
        "partnership": partnership.name,
        "months": partnership.retention_months,
    }
    texts: dict[tuple[str, str], ConsentText] = {}
    for (purpose, language), wording in CONSENT_TEXTS.items():
        text = (
            ConsentText.objects.filter(partnership=partnership, purpose=purpose, language=language)
            .order_by("-version")
            .first()
        )
        if text is None:
            text = consent_text_publish(
                partnership=partnership,
                purpose=purpose,
                language=language,
                text=wording.format(**values),
                actor="system:demo",
            )
        texts[(purpose, language)] = text
    return texts


class _People:
    """Draws one person after the other from one random generator (deterministic by seed)."""

    def __init__(self, *, partnership: Partnership, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable by seed
        fake = Faker("sv_SE")
        fake.seed_instance(seed)
        # Pools drawn once: Faker per person would dominate the time of 100 000 persons.
        self.swedish_women = [fake.first_name_female() for _ in range(300)]
        self.swedish_men = [fake.first_name_male() for _ in range(300)]
        self.swedish_last = [fake.last_name() for _ in range(400)]
        self.partnership = partnership
        districts = list(District.objects.filter(partnership=partnership))
        self.districts_for = {
            "participant": self._district_weights(districts, PARTICIPANT_DISTRICTS, 1.5),
            "other": self._district_weights(districts, FRIEND_DISTRICTS, 5),
        }
        self.phones = iter(FICTIONAL_PHONES)
        self.now = timezone.now()
        self.today = date.today()
        self.count = 0

    @staticmethod
    def _district_weights(
        districts: list[District], weights: dict[str, int], rest: float
    ) -> dict[District | None, float]:
        if not districts:
            return {None: 1}
        return {district: weights.get(district.name, rest) for district in districts}

    def _contact(self, person: Person, *, phone_share: float, email_share: float) -> None:
        rng = self.rng
        if rng.random() < phone_share:
            phone = next(self.phones, None)
            if phone is not None:
                person.phone = phone
            elif rng.random() < 0.3:
                # The fictional series is used up (large sizes): a family phone, marked shared.
                person.phone = rng.choice(FICTIONAL_PHONES)
                person.phone_is_shared = True
        if not person.phone or rng.random() < email_share:
            local = f"{_ascii(person.first_name)}.{_ascii(person.last_name or 'x')}{self.count}"
            person.email = f"{local}@{MAIL_DOMAINS[self.count % len(MAIL_DOMAINS)]}"

    def _common(self, person: Person) -> None:
        rng = self.rng
        person.partnership = self.partnership
        person.last_activity_at = self.now - timedelta(days=rng.randint(0, 540))
        person.interests = ", ".join(rng.sample(INTERESTS, rng.randint(0, 3)))
        person.availability = rng.choice(AVAILABILITY) if rng.random() < 0.8 else ""
        self.count += 1

    def participant(self) -> tuple[Person, list[str]]:
        rng = self.rng
        origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
        gender = _weighted(rng, {"woman": 55, "man": 42, "other": 1, "undisclosed": 2})
        names = origin.women if gender == "woman" else origin.men
        if gender in ("other", "undisclosed"):
            names = rng.choice((origin.women, origin.men))
        years = _weighted(rng, origin.years)
        level = _weighted(
            rng,
            {
                "0-1": {"none": 50, "beginner": 50},
                "1-2": {"none": 15, "beginner": 60, "intermediate": 25},
                "3-5": {"beginner": 35, "intermediate": 50, "advanced": 15},
                "6-10": {"beginner": 15, "intermediate": 50, "advanced": 35},
                "10+": {"intermediate": 40, "advanced": 50, "fluent": 10},
            }[years],
        )
        languages = [rng.choice(origin.speaks)]
        languages += [code for code, share in origin.also if rng.random() < share]
        if level != "none":
            languages.append("sv")
        writes_in = origin.writes_in
        if level in ("advanced", "fluent") and rng.random() < 0.5:
            writes_in = "sv"
        elif "en" in languages and rng.random() < 0.1:
            writes_in = "en"
        resident = _weighted(rng, {True: 97, False: 2, None: 1})
        person = Person(
            first_name=rng.choice(names),
            last_name=rng.choice(origin.last_names) if rng.random() < 0.9 else "",
            language=writes_in,
            gender=gender,
            birth_year=int(rng.triangular(1960, 2006, 1990)),
            resident_in_municipality=resident,
            district=_weighted(rng, self.districts_for["participant"]) if resident else None,
            swedish_level=level,
            education_level_id=_weighted(
                rng, {"1": 14, "2": 16, "3": 14, "4": 22, "5": 10, "6": 18, "7": 1, "9": 5}
            ),
            years_in_sweden=years,
            occupation=rng.choice(PRIOR_FIELDS),
            work_status=_weighted(
                rng,
                {
                    "seeking": 35,
                    "sfi": 30,
                    "studying": 12,
                    "parental": 10,
                    "working": 5,
                    "other": 8,
                },
            ),
            referral_source=_weighted(
                rng, {"self": 25, "cafe": 20, "municipal": 35, "friend": 15, "other": 5}
            ),
        )
        # Some came looking for work or learning Swedish and study or work now; the rest have
        # the status they came with (no draw of the generator: the rest of the demo stays).
        self.drawn_participants = getattr(self, "drawn_participants", 0) + 1
        moved = person.work_status in ("studying", "working") and self.drawn_participants % 3
        person.work_status_at_intake = (
            ("seeking" if self.drawn_participants % 2 else "sfi") if moved else person.work_status
        )
        self._common(person)
        self._contact(person, phone_share=0.9, email_share=0.45)
        return person, languages

    def swede(self, *, volunteer: bool) -> tuple[Person, list[str]]:
        rng = self.rng
        women = 65 if volunteer else 60
        gender = _weighted(rng, {"woman": women, "man": 98 - women, "undisclosed": 2})
        first_names = self.swedish_women if gender == "woman" else self.swedish_men
        if gender == "undisclosed":
            first_names = rng.choice((self.swedish_women, self.swedish_men))
        resident = _weighted(
            rng, {True: 90, False: 9, None: 1} if volunteer else {True: 80, False: 18, None: 2}
        )
        languages = ["sv", "en"] if rng.random() < 0.9 else ["sv"]
        languages += [
            code
            for code, share in (("de", 0.1), ("es", 0.08), ("fr", 0.06))
            if rng.random() < share
        ]
        person = Person(
            first_name=rng.choice(first_names),
            last_name=rng.choice(self.swedish_last),
            language="sv",
            gender=gender,
            birth_year=int(rng.triangular(1945, 2004, 1958 if volunteer else 1985)),
            resident_in_municipality=resident,
            district=_weighted(rng, self.districts_for["other"]) if resident else None,
            swedish_level="fluent",
            education_level_id=_weighted(rng, {"3": 8, "4": 25, "5": 15, "6": 45, "7": 7}),
            years_in_sweden="born" if rng.random() < 0.9 else "10+",
            occupation=rng.choice(COMPANY_FIELDS),
            work_status=_weighted(
                rng, {"working": 60, "other": 40} if volunteer else {"working": 97, "parental": 3}
            ),
            referral_source=_weighted(
                rng,
                {"self": 60, "friend": 30, "other": 10}
                if volunteer
                else {"cafe": 75, "self": 15, "friend": 10},
            ),
        )
        person.work_status_at_intake = person.work_status
        self._common(person)
        self._contact(person, phone_share=0.9, email_share=0.95)
        return person, languages


@dataclass(frozen=True)
class DemoPeople:
    persons: int
    participants: int
    language_friends: int
    volunteers: int


def composition(total: int) -> DemoPeople:
    """How many of each: 60 % participants, 10 % volunteers (a quarter of them also language
    friends), the rest language friends. 120 → 72 participants, 39 friends, 12 volunteers."""
    volunteers = round(total * 0.10)
    participants = round(total * 0.60)
    friends = total - participants - volunteers
    return DemoPeople(total, participants, friends + volunteers // 4, volunteers)


@transaction.atomic
def load(
    *, partnership: Partnership, size: str = "small", seed: int = 0, count: int | None = None
) -> DemoPeople:
    """Fill the partnership's register with synthetic people; `count` overrides the size
    (tests use it to run the large path quickly). Returns what was created: nothing when
    the partnership already has persons."""
    if Person.objects.filter(partnership=partnership).exists():
        return DemoPeople(0, 0, 0, 0)
    total = SIZES[size] if count is None else count
    plan = composition(total)
    texts = consent_texts_ensure(partnership=partnership)
    people = _People(partnership=partnership, seed=seed)
    coordinator = (
        Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR, is_active=True)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    volunteer_user = (
        get_user_model()
        .objects.filter(
            username=DEMO_VOLUNTEER,
            memberships__partnership=partnership,
            memberships__role=Role.VOLUNTEER,
            volunteer__isnull=True,
        )
        .first()
    )
    friends_only = plan.language_friends - plan.volunteers // 4
    kinds = (
        ["participant"] * plan.participants
        + ["friend"] * friends_only
        + ["volunteer+friend"] * (plan.volunteers // 4)
        + ["volunteer"] * (plan.volunteers - plan.volunteers // 4)
    )
    people.rng.shuffle(kinds)
    for start in range(0, len(kinds), BATCH):
        _write_batch(
            people,
            kinds[start : start + BATCH],
            texts=texts,
            coordinator_id=coordinator,
            volunteer_user=volunteer_user if start == 0 else None,
        )
    audit.log("system:demo", "people.demo.loaded", partnership)
    return plan


def _write_batch(
    people: _People,
    kinds: list[str],
    *,
    texts: dict[tuple[str, str], ConsentText],
    coordinator_id: int | None,
    volunteer_user: Any,
) -> None:
    rng = people.rng
    drawn = [
        people.participant()
        if kind == "participant"
        else people.swede(volunteer="volunteer" in kind)
        for kind in kinds
    ]
    if volunteer_user is not None and any(kind.startswith("volunteer") for kind in kinds):
        # The demo volunteer's own person, so their check-in lists have someone to show.
        index = next(i for i, kind in enumerate(kinds) if kind.startswith("volunteer"))
        person = drawn[index][0]
        person.first_name = volunteer_user.first_name or person.first_name
        person.last_name = volunteer_user.last_name or person.last_name
        person.email = volunteer_user.email or person.email
    persons = Person.objects.bulk_create([person for person, _languages in drawn])
    Person.languages.through.objects.bulk_create(
        [
            Person.languages.through(person_id=person.pk, language_id=code)
            for person, (_drawn, languages) in zip(persons, drawn, strict=True)
            for code in dict.fromkeys(languages)
        ]
    )
    participants: list[Participant] = []
    friends: list[LanguageFriend] = []
    volunteers: list[Volunteer] = []
    consents: list[ConsentRecord] = []
    for person, kind in zip(persons, kinds, strict=True):
        wants_friend = False
        if kind == "participant":
            wants_friend = rng.random() < 0.55
            same = rng.random() < (0.4 if person.gender == "woman" else 0.15)
            participants.append(
                Participant(
                    person=person,
                    wants_language_friend=wants_friend,
                    wants_friend_same_gender=wants_friend and same,
                    waiting_since=people.today - timedelta(days=rng.randint(0, 180))
                    if wants_friend
                    else None,
                )
            )
        if "friend" in kind:
            friends.append(
                LanguageFriend(
                    person=person,
                    capacity=_weighted(rng, {1: 70, 2: 22, 3: 8}),
                    wants_same_gender=rng.random() < 0.2,
                )
            )
        if kind.startswith("volunteer"):
            user = volunteer_user if volunteer_user is not None and not volunteers else None
            volunteers.append(Volunteer(person=person, user=user))
        consents += _consents(people, person, kind, wants_friend, texts, coordinator_id)
    Participant.objects.bulk_create(participants)
    LanguageFriend.objects.bulk_create(friends)
    Volunteer.objects.bulk_create(volunteers)
    ConsentRecord.objects.bulk_create(consents)


def _consents(
    people: _People,
    person: Person,
    kind: str,
    wants_friend: bool,
    texts: dict[tuple[str, str], ConsentText],
    coordinator_id: int | None,
) -> list[ConsentRecord]:
    rng = people.rng
    if rng.random() >= 0.92:
        return []  # a few are registered on another basis, or have not answered yet
    language = "en" if person.language == "en" else "sv"
    if kind == "participant":
        channel = _weighted(
            rng, {ConsentChannel.PAPER: 50, ConsentChannel.IN_PERSON: 30, ConsentChannel.WEB: 20}
        )
    else:
        channel = _weighted(rng, {ConsentChannel.WEB: 70, ConsentChannel.PAPER: 30})
    given_at: datetime = person.last_activity_at - timedelta(days=rng.randint(0, 60))
    purposes = [ConsentPurpose.REGISTER]
    if rng.random() < 0.85:
        purposes.append(ConsentPurpose.MESSAGES)
    if (wants_friend or "friend" in kind) and rng.random() < 0.95:
        purposes.append(ConsentPurpose.MATCHING)
    collected_by = coordinator_id if channel != ConsentChannel.WEB else None
    return [
        ConsentRecord(
            person=person,
            purpose=purpose,
            text=texts[(purpose, language)],
            language=language,
            channel=channel,
            given_at=given_at,
            collected_by_id=collected_by,
        )
        for purpose in purposes
    ]
