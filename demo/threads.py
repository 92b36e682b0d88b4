"""The demo community's conversations: real-sounding telco questions and answers."""

# board slug -> list of (title, tags)
THREADS = {
    "mobile": [
        ("eSIM won't activate after switching phones", "esim, activation"),
        ("No 5G signal in Parramatta since last week", "5g, coverage"),
        ("How do I turn on international roaming for Bali?", "roaming, travel"),
        ("Voicemail keeps saying my mailbox is full", "voicemail"),
        ("Wi-Fi calling not working on Pixel 8", "wifi calling, android"),
        ("Data speeds drop to nothing every afternoon", "data, speed"),
        ("Can I keep my number when moving from prepaid?", "porting, prepaid"),
        ("SMS verification codes arriving hours late", "sms"),
        ("Is there a way to share data with my kids' plans?", "data sharing, plans"),
        ("Calls drop after exactly 10 minutes", "calls"),
        ("Unlock code for a phone bought outright?", "unlock"),
    ],
    "nbn-internet": [
        ("NBN drops out every evening around 8pm", "nbn, dropouts"),
        ("Which modem settings for FTTC?", "fttc, modem"),
        ("Upload speed stuck at 1 Mbps on a 100/20 plan", "speed, upload"),
        ("Wi-Fi doesn't reach the back bedroom", "wifi, mesh"),
        ("Static IP address: how do I request one?", "static ip"),
        ("NBN technician never showed up for appointment", "installation"),
        ("Smart modem keeps rebooting itself overnight", "modem, firmware"),
        ("Port forwarding for a home security camera", "port forwarding, modem"),
        ("Is 4G backup automatic when the NBN goes down?", "4g backup, outage"),
        (
            "Moving house: how long to connect NBN at the new place?",
            "moving, installation",
        ),
        ("Gaming ping jumps to 300 ms at night", "latency, gaming"),
        ("Ethernet ports on the modem stopped working", "modem, ethernet"),
    ],
    "billing-account": [
        ("Charged twice for the same month", "billing, refund"),
        ("How do I set up direct debit from my credit card?", "payments, direct debit"),
        ("Bill went up $10 without notice", "price change"),
        ("Can't log in to My Account after changing e-mail", "login, my account"),
        ("What is the 'Network access fee' on my bill?", "billing, fees"),
        ("Adding an authorised person to my account", "account, authorised person"),
        ("Paper bill fee: how do I switch to e-mail bills?", "billing, fees"),
        ("Overseas call charges I didn't make", "billing, international"),
        ("Payment extension while between jobs", "hardship, payments"),
        ("Where do I find my account number?", "account"),
        ("Refund still not received after cancelling", "refund, cancellation"),
    ],
    "devices": [
        ("Phone won't charge past 80%", "battery, iphone"),
        ("Smart watch can't take calls without the phone nearby", "smartwatch, esim"),
        ("Tablet data plan not connecting", "tablet, data"),
        ("How to transfer contacts from Android to iPhone", "transfer, contacts"),
        ("Modem lights: what does flashing orange mean?", "modem, lights"),
        ("Screen repair under warranty?", "warranty, repair"),
        ("Home phone handset shows 'No line'", "home phone, voip"),
        ("Best way to back up photos before a trade-in", "backup, trade-in"),
        ("Bluetooth keeps disconnecting in the car", "bluetooth"),
        ("Pocket Wi-Fi hotspot overheating", "hotspot"),
    ],
    "thinking-of-joining": [
        ("How is coverage in the Blue Mountains?", "coverage"),
        ("Is NBN 100 worth it for a family of five?", "nbn, plans"),
        ("Can I bring my own modem?", "modem, byo"),
        ("Business plan or personal plan for a sole trader?", "plans, business"),
        ("How long does porting my number take?", "porting"),
        ("Any lock-in contract on the new plans?", "plans, contract"),
        (
            "Is the 5G home internet reliable for working from home?",
            "5g, home internet",
        ),
        (
            "What happens to my e-mail address if I leave my old provider?",
            "email, switching",
        ),
    ],
    "lounge": [
        ("Introduce yourself: where are you from?", "introductions"),
        ("Share your best Wi-Fi placement tip", "wifi, tips"),
        ("What phone are you using in 2026?", "phones"),
        ("Favourite apps for checking data usage", "apps, data"),
    ],
}

QUESTION_BODIES = [
    "{title}\n\nI've restarted everything and checked the settings in the app, but "
    "nothing changed. It started about a week ago. Has anyone else seen this, and "
    "what fixed it for you?",
    "Hi all, {title_lower}\n\nI'm on the standard plan and haven't changed anything "
    "recently. I'd rather not sit on hold for an hour if someone here knows the "
    "answer. Thanks in advance!",
    "Quick one: {title_lower}\n\nI searched but couldn't find a clear answer. Any "
    "pointers appreciated.",
]

# board slug -> replies a helpful member might give; the first ones read as answers
ANSWERS = {
    "mobile": [
        "Go to **Settings → Mobile → SIM** and remove the old profile first, then scan "
        "the QR code again. That fixed it for me straight away.",
        "Check the network status page for your postcode; there was tower maintenance "
        "in a few suburbs last week. It should be back within 48 hours.",
        "Turn on roaming in the app under *Services → International*. It takes about "
        "15 minutes to activate, so do it before you fly.",
        "Same here, following this one.",
        "Toggle aeroplane mode for 30 seconds. If that doesn't help, reset network "
        "settings (you'll need to re-enter Wi-Fi passwords).",
    ],
    "nbn-internet": [
        "Evening dropouts are usually line sync issues. Log in to the modem, check the "
        "**DSL uptime**; if it resets around 8pm, ask support for a line test and "
        "mention the times.",
        "For FTTC use VDSL2 with VLAN tagging **off** and PPPoE off (IPoE). Make sure "
        "the NCD has four green lights.",
        "A mesh kit fixed our dead spots. Put the second node halfway, not in the room "
        "with no signal.",
        "Try plugging in with an Ethernet cable and run the speed test again; Wi-Fi "
        "speeds are often half of the wired number.",
        "Update the modem firmware from its admin page; the March update fixed the "
        "overnight reboots for me.",
    ],
    "billing-account": [
        "The double charge is usually a pending authorisation that drops off in 3–5 "
        "business days. If it's still there after that, the billing team refunds it.",
        "You can switch to e-mail bills in **My Account → Billing preferences**; the "
        "paper bill fee stops from the next cycle.",
        "Your account number is on the top right of every bill and in the app under "
        "*Profile*.",
        "Ask for a payment extension in the app under *Billing → Need more time*. It "
        "won't affect your credit rating.",
        "Prices changed on 1 July; there was an e-mail about it. Worth checking if an "
        "older plan is cheaper for you.",
    ],
    "devices": [
        "That's Optimised Battery Charging. Turn it off under **Settings → Battery → "
        "Charging** if you need 100% today.",
        "Flashing orange means the modem has no internet connection; check the WAN "
        "cable and restart it.",
        "Use the official transfer app during set-up; it moves contacts, photos and "
        "messages over Wi-Fi.",
        "Warranty covers faults, not cracked screens, but you can book a repair at any "
        "store and get a quote first.",
        "Forget the device in the car's Bluetooth menu and on the phone, then pair "
        "again.",
    ],
    "thinking-of-joining": [
        "I live in Katoomba and coverage is solid in town, patchy on the walking "
        "tracks. Check the coverage map with your exact address.",
        "Yes, bring your own modem; you'll just need the connection settings from the "
        "help page.",
        "Porting took about two hours for me. Keep your old SIM in until the new one "
        "shows signal.",
        "No lock-in on the current plans; you only pay out a device if you bought one.",
    ],
    "lounge": [
        "Hi from Geelong! Been a customer for six years.",
        "Get the router off the floor and out of the cupboard. Height matters more "
        "than you'd think.",
        "The carrier's own app is fine, but I like the built-in data usage widget.",
    ],
}
