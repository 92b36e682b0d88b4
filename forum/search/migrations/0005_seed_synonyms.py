"""A starting list of synonyms customers of a telco use, which managers then edit
(/search/synonyms/). Two-way rules are spellings and names of one thing; one-way
rules expand shorthand and everyday words into the words threads use."""

from django.db import migrations

TWO_WAY = [
    "wifi, wi fi, wlan",
    "esim, e-sim, embedded sim, digital sim",
    "sms, text message, txt",
    "voicemail, message bank, voice mail",
    "bill, invoice",
    "modem, router, gateway",
    "mobile, mobile phone, handset, cell phone",
    "apn, access point name",
    "mms, picture message, multimedia message",
    "puk, pin unlock key",
    "hotspot, tethering, personal hotspot",
    "landline, home phone, fixed line",
    "direct debit, autopay, automatic payment",
    "prepaid, pay as you go",
    "outage, network down, service down",
    "coverage, reception, signal",
    "ethernet, lan cable, network cable",
    "scam, phishing, fraud",
    "refund, reimbursement",
    "port, number transfer",
    "fttp, fibre to the premises",
    "fttc, fibre to the curb, fibre to the kerb",
    "fttn, fibre to the node",
    "hfc, hybrid fibre coaxial",
    "otp, one-time code, verification code",
]
ONE_WAY = [
    "dropping out, disconnecting",
    "cutting out, disconnecting",
    "laggy, slow",
    "buffering, slow",
    "overseas, roaming",
    "abroad, roaming",
    "dd, direct debit",
    "cc, credit card",
    "svc, service",
    "acct, account",
    "pw, password",
    "msg, message",
    "vid, video",
    "fb, facebook",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    if Synonym.objects.exists():
        return
    Synonym.objects.bulk_create(
        [Synonym(phrases=p, two_way=True) for p in TWO_WAY]
        + [Synonym(phrases=p, two_way=False) for p in ONE_WAY]
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vocabulary_and_meaning")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
