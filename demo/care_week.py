"""A week at the demo's social care desk, oldest first: what customers wrote on X,
on Facebook and to the "e-mail us" address, and what the desk did about it.

Times are hours before the moment the demo is loaded, and minutes after the
case opened; ``by`` is the demo account that works the case (none: nobody has
touched it yet).
"""

from __future__ import annotations

from dataclasses import dataclass

from forum.care.models import Network

X, FACEBOOK, EMAIL = Network.TWITTER, Network.FACEBOOK, Network.EMAIL

NBN_ARTICLE = ("article", "Fixing NBN dropouts that happen every evening")
ROAMING_ARTICLE = ("article", "Turning on international roaming before you travel")
REFUND_ARTICLE = ("article", "Charged twice in one month: why and how to get a refund")


@dataclass(frozen=True)
class DemoCase:
    network: str
    handle: str
    name: str
    hours_ago: float
    text: str
    subject: str = ""
    private: bool = False
    priority: str = "normal"
    by: str = ""
    # The community member who linked this social account (or wrote from their
    # account's e-mail address).
    member: str = ""
    claim_after: int | None = None
    tags: str = ""
    notes: tuple[tuple[int, str], ...] = ()
    reply_after: int | None = None
    reply: str = ""
    link: tuple[str, str] | None = None
    resolve_with_reply: bool = False
    followup: str = ""
    resolve_after: int | None = None


# One case per block, its fields in story order: kept as written rather than one
# argument per line.
# fmt: off
WEEK = [
    DemoCase(
        X, "@bec_in_balmain", "Bec", 166,
        "@CrowdTelco nbn has dropped out 6 times tonight. Working from home "
        "tomorrow and I can't even load my email. What is going on??",
        by="agent", tags="nbn, dropouts", reply_after=18,
        reply="Sorry Bec, that's no good the night before a WFH day. Evening "
        "dropouts are usually line noise or Wi-Fi congestion; this guide shows how "
        "to tell which. DM us if the cable test drops too. ^Ash",
        link=NBN_ARTICLE, resolve_after=26 * 60,
    ),
    DemoCase(
        EMAIL, "j.nguyen@example.net", "James Nguyen", 162,
        "Hi, my bill this month is $187.40 instead of the usual $89. I haven't "
        "changed anything. Can someone explain the extra charges? Account 4417 "
        "2290 1183.",
        subject="Bill shock - $187 this month??", private=True, priority="high",
        by="agent", claim_after=35, tags="billing, bill shock", reply_after=52,
        reply="Hi James, thanks for the details. The extra $98.40 is data used "
        "while roaming in Fiji on 3 and 4 March, billed at casual rates. I've "
        "applied a one-off credit of $60 as a goodwill gesture and added a "
        "roaming pack reminder to your account. Regards, Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        FACEBOOK, "tash.w.photography", "Tash W", 158,
        "Switched to iPhone 16 yesterday and my eSIM just says 'No service'. "
        "Scanned the QR code twice. Anyone else had this?",
        by="agent", tags="esim, activation", reply_after=41,
        reply="Hi Tash, an eSIM QR code only works once, so a second scan leaves "
        "the phone without service. Send us a private message and we'll issue "
        "a fresh code. - Ash",
        followup="Sent you a message, thanks!", resolve_after=3 * 60,
    ),
    DemoCase(
        X, "@mick_on_tour", "Mick", 150,
        "Landed in Bali, no data at all. Roaming is on, phone restarted. "
        "@CrowdTelco help, I'm stuck at the airport",
        priority="high", member="lee", by="morgan", tags="roaming, travel",
        reply_after=9,
        reply="Hi Mick, roaming can take a little while to start on a new trip. "
        "Check Data roaming is on in the phone's settings too; this has every "
        "step. Enjoy Bali! ^Morgan",
        link=ROAMING_ARTICLE, resolve_with_reply=True,
    ),
    DemoCase(
        X, "@sydneysider_88", "Sam K", 146,
        "Is there an outage in Parramatta? No 5G since this morning, just 'SOS' "
        "on my phone",
        by="agent", tags="outage, 5g", reply_after=95,
        reply="Hi Sam, yes: a site near Parramatta station lost power this "
        "morning and crews are on it. Service should be back by 6 pm. Sorry for "
        "the hassle. ^Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        FACEBOOK, "gary.and.lyn", "Gary Pham", 141,
        "Third time this month our internet has dropped every evening around "
        "8pm. Paying for 100 Mbps and getting nothing when the kids are home.",
        by="agent", tags="nbn, dropouts", reply_after=33,
        reply="Hi Gary, sorry to hear the evenings have been rough. The "
        "community worked through exactly this one; start with the cable test "
        "in the accepted answer and let us know what you find. - Ash",
        link=("thread", "NBN drops out every evening around 8pm"),
        resolve_after=30 * 60,
    ),
    DemoCase(
        EMAIL, "priyanka.s@example.com", "Priyanka S", 138,
        "I was charged twice for February: two debits of $75 on the 3rd. "
        "Please refund the duplicate.",
        subject="Charged twice", private=True, by="agent", claim_after=20,
        tags="billing, refund", reply_after=44,
        reply="Hi Priyanka, you're right: the direct debit was retried after a "
        "bank timeout and both went through. The refund button in the app "
        "returns it in 3 to 5 business days; the article linked shows where. "
        "Kind regards, Ash",
        link=REFUND_ARTICLE, resolve_with_reply=True,
    ),
    DemoCase(
        X, "@coffee_and_code", "Alexis", 130,
        "Modem light flashing orange all morning. Rebooted 3 times. "
        "@CrowdTelco is this a me problem or a you problem",
        by="agent", tags="modem, outage", reply_after=27,
        reply="Hi Alexis, flashing orange means the modem can't reach the "
        "network; the community's answer below has the checks. No outage on "
        "your street, so DM us if they don't help and we'll test the line. ^Ash",
        link=("thread", "Modem lights: what does flashing orange mean?"),
    ),
    DemoCase(
        FACEBOOK, "helen.mcd", "Helen McDonald", 124,
        "Your 'network access fee' went up again without any notice. This is "
        "the second price rise this year. Not happy.",
        priority="low", by="morgan", tags="billing, price change", reply_after=210,
        reply="Hi Helen, we understand price changes are frustrating. The "
        "change was in the e-mail sent on 1 February; we've sent you a private "
        "message with the details and your options. ^Morgan",
        resolve_after=6 * 60,
    ),
    DemoCase(
        X, "@tradie_tom", "Tom", 118,
        "4G backup on my modem never kicked in when the nbn went down. What's "
        "the point of paying for it?",
        by="agent", tags="nbn, 4g backup", reply_after=15,
        reply="Hi Tom, the backup needs the SIM inside the modem activated "
        "once; the steps are in this thread. If it still doesn't switch over, "
        "DM us. ^Ash",
        link=("thread", "Is 4G backup automatic when the NBN goes down?"),
        resolve_after=4 * 60,
    ),
    DemoCase(
        EMAIL, "m.rossi@example.org", "Marco Rossi", 112,
        "Going to Italy for 3 weeks from Friday. How do I set up roaming and "
        "what will it cost? I don't want a repeat of last year's bill.",
        subject="Roaming in Italy", private=True, by="agent", tags="roaming",
        reply_after=38,
        reply="Ciao Marco, turn roaming on in the app at least a day before "
        "you fly and add the 30-day travel pack ($49 for 20 GB). Everything is "
        "in the article below. Buon viaggio! Ash",
        link=ROAMING_ARTICLE, resolve_with_reply=True,
    ),
    DemoCase(
        FACEBOOK, "kaz.lee", "Karen Lee", 106,
        "eSIM won't activate on my new Samsung. Old phone already lost service. "
        "Been on hold for 40 minutes.",
        private=True, priority="high", by="agent", tags="esim", reply_after=12,
        reply="Hi Karen, sorry about the wait on the phone. I've reissued your "
        "eSIM; a new QR code is on its way to your e-mail now. Scan it on "
        "Wi-Fi and restart the phone. - Ash",
        resolve_after=90,
    ),
    DemoCase(
        X, "@nbn_rage", "D", 100,
        "3 technician no-shows in a row. THREE. @CrowdTelco do you even have "
        "technicians",
        priority="urgent", by="morgan", claim_after=70, tags="installation",
        notes=((75, "Escalated to the field team lead; asked for a guaranteed "
                    "first appointment tomorrow."),),
        reply_after=140,
        reply="That's three times too many and we're sorry. We've booked the "
        "first appointment tomorrow, 7 to 9 am, with a guarantee from the field "
        "team lead. DM'd you the details. ^Morgan",
        followup="Ok. Tomorrow 7am. If nobody shows I'm leaving.",
    ),
    DemoCase(
        EMAIL, "accounts@example-bakery.com.au", "Northside Bakery", 94,
        "Our EFTPOS runs on your 4G and it has been dropping out during the "
        "lunch rush all week. We are losing sales.",
        subject="EFTPOS dropouts - business account", private=True,
        priority="high", by="agent", claim_after=25, tags="outage, business",
        reply_after=47,
        reply="Hi, thanks for letting us know. A congested cell near you is "
        "being upgraded on Thursday night. Until then we've added your service "
        "to priority access. Regards, Ash",
    ),
    DemoCase(
        FACEBOOK, "the.jacksons.five", "Nat Jackson", 88,
        "Does the family data share actually work? Kids keep running out and "
        "I've got 80 GB left.",
        priority="low", by="agent", tags="plans", reply_after=160,
        reply="Hi Nat, data sharing needs each service added to the share "
        "group in the app (Services > Data share). Once they're in, the kids "
        "draw from your 80 GB. - Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        X, "@jess_runs", "Jess", 82,
        "Verification codes from my bank arriving 2 hours late. Can't log in "
        "to anything. @CrowdTelco",
        by="agent", tags="sms", reply_after=22,
        reply="Hi Jess, we had delays on SMS from some banks this morning; "
        "they're cleared now. Codes should arrive in seconds. Let us know if "
        "not. ^Ash",
        resolve_after=8 * 60,
    ),
    DemoCase(
        EMAIL, "olivia.b@example.com", "Olivia Brown", 76,
        "Moving house on the 20th. How long will it take to connect nbn at "
        "the new place? I work from home.",
        subject="Moving house", private=True, priority="low", by="agent",
        tags="moving, nbn", reply_after=55,
        reply="Hi Olivia, if the new place has had nbn before it's usually "
        "connected on the day; otherwise allow 5 to 10 business days. Send us "
        "the new address and we'll check. Ash",
    ),
    DemoCase(
        X, "@outage_watcher", "Chris", 70,
        "Whole street in Newtown has no internet since 2pm. @CrowdTelco any "
        "ETA?",
        priority="high", by="agent", tags="outage, nbn", reply_after=8,
        reply="Hi Chris, nbn is repairing a damaged cable in Newtown; their "
        "estimate is 9 pm tonight. Your modem's 4G backup should keep you "
        "going until then. ^Ash",
        resolve_after=9 * 60,
    ),
    DemoCase(
        FACEBOOK, "rob.the.builder", "Rob Green", 64,
        "Bill says $30 in overseas calls. I haven't called overseas in my "
        "life. Scam?",
        private=True, by="morgan", tags="billing, international", reply_after=80,
        reply="Hi Rob, those are calls to a premium number in Samoa, a known "
        "scam (more in the community thread below). We've reversed the $30 and "
        "barred premium international calls on your service. ^Morgan",
        link=("thread", "Overseas call charges I didn't make"),
        resolve_with_reply=True,
    ),
    DemoCase(
        X, "@gamer_gran", "Maggie", 58,
        "Ping goes from 20 to 300ms every night at 8. Can't play with the "
        "grandkids online. @CrowdTelco",
        by="agent", tags="nbn, latency", reply_after=30,
        reply="Hi Maggie, evening spikes are usually congestion on the line "
        "or the Wi-Fi. This guide walks through both; the cable test tells "
        "you which. ^Ash",
        link=NBN_ARTICLE, resolve_with_reply=True,
    ),
    DemoCase(
        EMAIL, "d.kowalski@example.net", "Dorota Kowalski", 52,
        "I want to cancel my mobile service. I was told the refund for the "
        "rest of the month would be paid 3 weeks ago. Nothing.",
        subject="Refund not received", private=True, priority="high",
        by="agent", claim_after=30, tags="refund, cancellation",
        notes=((32, "Refund stuck in finance queue; chased with billing."),),
        reply_after=250,
        reply="Hi Dorota, I'm sorry this has taken so long. The refund of "
        "$42.15 was stuck in a queue; it's been paid today and will reach your "
        "account in 2 to 3 business days. Regards, Ash",
    ),
    DemoCase(
        EMAIL, "dan@example.com", "Dan Okafor", 44,
        "Hi, I asked about this on the community too. My refund for the "
        "cancelled home phone still hasn't arrived after 4 weeks.",
        subject="Refund for cancelled home phone", private=True, member="dan",
        by="agent", claim_after=15, tags="refund", reply_after=35,
        reply="Hi Dan, thanks for your patience. The $27.50 refund was sent to "
        "an old card; we've reissued it to your current one and it should "
        "arrive within 3 business days. Regards, Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        FACEBOOK, "lachie.surfs", "Lachie", 46,
        "Any plans to fix coverage at Bondi? One bar on the beach all summer",
        priority="low",
    ),
    DemoCase(
        X, "@techiemum", "Anna", 40,
        "eSIM for my Apple Watch won't activate, keeps saying 'contact your "
        "carrier'. I AM contacting my carrier @CrowdTelco",
        by="agent", tags="esim, smartwatch", reply_after=25,
        reply="Ha, fair point Anna! The watch needs the plan added on our side "
        "first; done now. Open the Watch app, tap Mobile and set it up again. "
        "^Ash",
        followup="Worked, thank you!!", resolve_after=90,
    ),
    DemoCase(
        FACEBOOK, "bill.and.bills", "Bill Smith", 34,
        "Direct debit failed and now there's a $15 late fee. Bank says the "
        "payment went through?",
        private=True, by="agent", claim_after=40, tags="billing, payments",
    ),
    DemoCase(
        EMAIL, "h.tanaka@example.com", "Hiro Tanaka", 30,
        "Please add my wife as an authorised person on my account so she can "
        "call about the bills.",
        subject="Authorised person", private=True, priority="low",
    ),
    DemoCase(
        X, "@frustrated_in_freo", "Kel", 27,
        "Upload speed stuck at 1 Mbps on a 100/20 plan for a week. Video calls "
        "are impossible. @CrowdTelco",
        by="agent", tags="nbn, speed", reply_after=45,
        reply="Hi Kel, that sounds like the modem negotiated the wrong profile; "
        "the fix in this thread worked for others on 100/20. If not, DM us and "
        "we'll reset the port. ^Ash",
        link=("thread", "Upload speed stuck at 1 Mbps on a 100/20 plan"),
    ),
    DemoCase(
        FACEBOOK, "jo.newcastle", "Jo Taylor", 24,
        "Roaming in NZ next week. Do I need to do anything or does it just "
        "work?",
        priority="low", by="morgan", tags="roaming", reply_after=35,
        reply="Hi Jo, turn roaming on in the app a day before you go and add a "
        "day pass; the steps are here. Have a great trip! ^Morgan",
        link=ROAMING_ARTICLE, resolve_with_reply=True,
    ),
    DemoCase(
        X, "@mobile_mark", "Mark", 20,
        "Calls drop after exactly 10 minutes every time. Every. Time. "
        "@CrowdTelco",
        by="agent", tags="calls", reply_after=28,
        reply="Hi Mark, a drop at exactly 10 minutes is usually VoLTE on an "
        "older handset. Could you DM us the phone model and your suburb? ^Ash",
    ),
    DemoCase(
        EMAIL, "sarah.lee@example.org", "Sarah Lee", 16,
        "My bill doubled after the plan change last month. I was promised it "
        "would go DOWN. Please call me.",
        subject="Bill doubled after plan change", private=True,
        priority="high",
    ),
    DemoCase(
        FACEBOOK, "dave.fixes.things", "Dave", 12,
        "Modem keeps rebooting itself at 3am. Firmware issue?",
        by="agent", tags="modem, firmware", reply_after=20,
        reply="Hi Dave, that's the scheduled firmware check, and it shouldn't "
        "reboot more than once a month. We've pushed the fixed firmware to "
        "your modem tonight. - Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        X, "@cbd_commuter", "Ravi", 9,
        "No signal on the train between Central and Town Hall again. "
        "@CrowdTelco is something down?",
        by="agent", claim_after=15, tags="outage",
    ),
    DemoCase(
        X, "@anon_user_19", "Pat", 7,
        "Why does your app log me out every single day",
        priority="low", by="agent", reply_after=50,
        reply="Hi Pat, sorry about that. Updating the app to the latest version "
        "fixes the daily logouts. Let us know if it keeps happening. ^Ash",
    ),
    DemoCase(
        FACEBOOK, "mel.in.melton", "Mel", 5,
        "Internet down in Melton since lunch. Anyone else?",
        priority="high",
    ),
    DemoCase(
        EMAIL, "g.papadopoulos@example.com", "George Papadopoulos", 3.5,
        "How do I get a static IP address for my home office?",
        subject="Static IP", private=True, priority="low", by="agent",
        tags="static ip", reply_after=40,
        reply="Hi George, a static IP is a $10 monthly add-on: Services > Add "
        "ons in the app. It's active within an hour. Regards, Ash",
        resolve_with_reply=True,
    ),
    DemoCase(
        X, "@night_owl_nina", "Nina", 2.5,
        "Bill shock: $60 in data overage?? I have unlimited data "
        "@CrowdTelco",
        priority="high", by="agent", claim_after=10, tags="billing, bill shock",
    ),
    DemoCase(
        FACEBOOK, "ahmed.k", "Ahmed K", 1.6,
        "Transferred my number from another provider yesterday, still no "
        "service. How long does porting take?",
        private=True,
    ),
    DemoCase(
        X, "@wfh_wendy", "Wendy", 0.8,
        "nbn down again in Penrith. 4th time this week. @CrowdTelco",
        priority="high",
    ),
    DemoCase(
        EMAIL, "lucy.w@example.net", "Lucy Wang", 0.4,
        "My eSIM activation code says 'already used'. I only scanned it once!",
        subject="eSIM code already used", private=True,
    ),
    DemoCase(
        X, "@just_a_customer", "Jamie", 0.2,
        "Roaming pack didn't apply in Japan and I've been charged casual "
        "rates. @CrowdTelco please fix",
        priority="normal",
    ),
]
# fmt: on
