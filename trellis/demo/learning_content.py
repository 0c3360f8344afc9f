"""The demo's course catalogue: what a vendor's enablement team would publish, written out.

Each course: code, product family, role, and its editions by language; each edition a title,
a summary and modules (reading, video or quiz). A quiz question lists its answers as (text,
right, feedback). The onboarding essentials course exists in every portal language, so each
language has a path a partner can follow in it.
"""

from __future__ import annotations

from typing import Any

Q = tuple[str, bool, list[tuple[str, bool, str]]]  # question, several right, answers


def _quiz(title: str, minutes: int, questions: list[Q], pass_mark: int = 80) -> dict[str, Any]:
    return {
        "kind": "quiz",
        "title": title,
        "minutes": minutes,
        "pass_mark": pass_mark,
        "questions": questions,
    }


def _read(title: str, minutes: int, body: str) -> dict[str, Any]:
    return {"kind": "text", "title": title, "minutes": minutes, "body": body.strip()}


ESSENTIALS = {
    "en": (
        "Partner program essentials",
        "How the program works in ten minutes: tiers, deal registration and where to get help.",
        [
            _read(
                "How the program works",
                4,
                """
## Tiers and what they give you

Every partner starts at the entry tier. Revenue, certified people and won deals move you
up; each tier raises your **discount**, your **deal registration uplift** and your access to
**marketing funds**.

- Register every opportunity *before* you quote: an approved registration protects it.
- Keep your team's certifications current: they count towards your tier.
""",
            ),
            _read(
                "Registering deals without conflict",
                3,
                """
## One customer, one protected partner

When you register a deal, Trellis checks it against every open registration. If another
partner already protects that customer, you see it **before** you submit, with the reason.

> Tip: register early and keep the close date realistic. Protection lasts 90 days and can
> be extended once.
""",
            ),
            _quiz(
                "Check your understanding",
                3,
                [
                    (
                        "When should you register a deal?",
                        False,
                        [
                            (
                                "Before you send the first quote",
                                True,
                                "Right: protection starts at approval.",
                            ),
                            (
                                "After the customer signs",
                                False,
                                "Too late: another partner may already protect it.",
                            ),
                            (
                                "Only for deals above 50,000",
                                False,
                                "Every deal can be registered, whatever its size.",
                            ),
                        ],
                    ),
                    (
                        "What counts towards your tier?",
                        True,
                        [
                            ("Revenue", True, "Yes: trailing-12-month revenue."),
                            ("Certified people", True, "Yes: valid certifications count."),
                            (
                                "The number of portal logins",
                                False,
                                "No: activity in the portal is not a requirement.",
                            ),
                        ],
                    ),
                    (
                        "What happens when another partner protects the customer?",
                        False,
                        [
                            (
                                "You see the conflict, with its reason, before submitting",
                                True,
                                "Right: the check runs as you type.",
                            ),
                            (
                                "Your registration is silently dropped",
                                False,
                                "Never: every decision is shown with its reason.",
                            ),
                        ],
                    ),
                ],
                pass_mark=66,
            ),
        ],
    ),
    "de": (
        "Grundlagen des Partnerprogramms",
        "Das Programm in zehn Minuten: Stufen, Deal-Registrierung und wo Sie Hilfe finden.",
        [
            _read(
                "So funktioniert das Programm",
                4,
                """
## Stufen und was sie Ihnen bringen

Jeder Partner beginnt auf der Einstiegsstufe. Umsatz, zertifizierte Mitarbeitende und
gewonnene Deals bringen Sie weiter; jede Stufe erhöht Ihren **Rabatt**, Ihren **Aufschlag
für registrierte Deals** und Ihren Zugang zu **Marketingmitteln**.

- Registrieren Sie jede Verkaufschance, *bevor* Sie ein Angebot senden.
- Halten Sie die Zertifizierungen Ihres Teams aktuell: Sie zählen für Ihre Stufe.
""",
            ),
            _quiz(
                "Prüfen Sie Ihr Wissen",
                3,
                [
                    (
                        "Wann registrieren Sie einen Deal?",
                        False,
                        [
                            (
                                "Vor dem ersten Angebot",
                                True,
                                "Richtig: Der Schutz beginnt mit der Genehmigung.",
                            ),
                            ("Nach der Unterschrift des Kunden", False, "Zu spät."),
                        ],
                    ),
                    (
                        "Was zählt für Ihre Stufe?",
                        True,
                        [
                            ("Umsatz", True, "Ja."),
                            ("Zertifizierte Mitarbeitende", True, "Ja."),
                            ("Anzahl der Anmeldungen im Portal", False, "Nein."),
                        ],
                    ),
                ],
                pass_mark=50,
            ),
        ],
    ),
    "fr": (
        "Les essentiels du programme partenaires",
        "Le programme en dix minutes : niveaux, enregistrement des affaires et aide.",
        [
            _read(
                "Comment fonctionne le programme",
                4,
                """
## Les niveaux et ce qu'ils vous apportent

Chaque partenaire commence au niveau d'entrée. Le chiffre d'affaires, les personnes
certifiées et les affaires gagnées vous font progresser ; chaque niveau augmente votre
**remise**, votre **bonus d'enregistrement** et votre accès aux **fonds marketing**.

- Enregistrez chaque opportunité *avant* d'envoyer un devis.
- Maintenez les certifications de votre équipe à jour : elles comptent pour votre niveau.
""",
            ),
            _quiz(
                "Vérifiez vos connaissances",
                3,
                [
                    (
                        "Quand enregistrer une affaire ?",
                        False,
                        [
                            (
                                "Avant le premier devis",
                                True,
                                "Exact : la protection commence à l'approbation.",
                            ),
                            ("Après la signature du client", False, "Trop tard."),
                        ],
                    ),
                    (
                        "Qu'est-ce qui compte pour votre niveau ?",
                        True,
                        [
                            ("Le chiffre d'affaires", True, "Oui."),
                            ("Les personnes certifiées", True, "Oui."),
                            ("Le nombre de connexions au portail", False, "Non."),
                        ],
                    ),
                ],
                pass_mark=50,
            ),
        ],
    ),
    "es": (
        "Lo esencial del programa de partners",
        "El programa en diez minutos: niveles, registro de oportunidades y dónde pedir ayuda.",
        [
            _read(
                "Cómo funciona el programa",
                4,
                """
## Los niveles y lo que le aportan

Todo partner empieza en el nivel de entrada. Los ingresos, las personas certificadas y
las oportunidades ganadas le hacen subir; cada nivel aumenta su **descuento**, su **margen
adicional por registro** y su acceso a **fondos de marketing**.

- Registre cada oportunidad *antes* de enviar una oferta.
- Mantenga al día las certificaciones de su equipo: cuentan para su nivel.
""",
            ),
            _quiz(
                "Compruebe lo aprendido",
                3,
                [
                    (
                        "¿Cuándo debe registrar una oportunidad?",
                        False,
                        [
                            (
                                "Antes de la primera oferta",
                                True,
                                "Correcto: la protección empieza con la aprobación.",
                            ),
                            ("Después de la firma del cliente", False, "Demasiado tarde."),
                        ],
                    ),
                    (
                        "¿Qué cuenta para su nivel?",
                        True,
                        [
                            ("Los ingresos", True, "Sí."),
                            ("Las personas certificadas", True, "Sí."),
                            ("El número de accesos al portal", False, "No."),
                        ],
                    ),
                ],
                pass_mark=50,
            ),
        ],
    ),
    "ja": (
        "パートナープログラムの基本",
        "10分でわかるプログラム：ティア、案件登録、サポート窓口。",
        [
            _read(
                "プログラムのしくみ",
                4,
                """
## ティアとその特典

すべてのパートナーはエントリーティアから始まります。売上、認定資格を持つ担当者数、受注案件に
応じてティアが上がり、**割引率**、**案件登録の上乗せマージン**、**マーケティング資金**の利用枠が
広がります。

- 見積もりを出す*前に*、すべての案件を登録してください。
- チームの認定資格を有効に保ちましょう。ティアの条件に含まれます。
""",
            ),
            _quiz(
                "理解度チェック",
                3,
                [
                    (
                        "案件はいつ登録すべきですか？",
                        False,
                        [
                            ("最初の見積もりの前", True, "正解：保護は承認時に始まります。"),
                            ("顧客の署名の後", False, "遅すぎます。"),
                        ],
                    ),
                    (
                        "ティアの条件に含まれるものは？",
                        True,
                        [
                            ("売上", True, "はい。"),
                            ("認定資格を持つ担当者", True, "はい。"),
                            ("ポータルへのログイン回数", False, "いいえ。"),
                        ],
                    ),
                ],
                pass_mark=50,
            ),
        ],
    ),
}


COURSES: list[dict[str, Any]] = [
    {"code": "program-essentials", "family": None, "role": "", "editions": ESSENTIALS},
    {
        "code": "selling-cloud-platform",
        "family": "platform",
        "role": "sales",
        "editions": {
            "en": (
                "Selling the Trellis Cloud Platform",
                "Qualify, position and price the platform against the usual alternatives.",
                [
                    _read(
                        "Who buys the platform, and why",
                        5,
                        """
## The three buying situations

1. **Replacing an ageing on-premise stack**: the buyer is IT operations; lead with
   migration services and a fixed-price pilot.
2. **A new digital product**: the buyer is a product owner; lead with time to market.
3. **Consolidation after an acquisition**: the buyer is the CFO; lead with licence savings.

| Edition | Typical buyer | List price (USD) |
|---|---|---|
| Standard | Mid-market IT | 12,000 |
| Enterprise | Global IT | 48,000 |
""",
                    ),
                    {
                        "kind": "video",
                        "title": "Demo: a first meeting, recorded",
                        "minutes": 6,
                        "video_url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "body": "Watch how the account executive qualifies the opportunity "
                        "in the first ten minutes.",
                    },
                    _read(
                        "Objections and answers",
                        4,
                        """
**“We already run everything on a hyperscaler.”** The platform runs on all three; the
licence includes the management layer they would otherwise build.

**“Too expensive.”** Compare against three years of the customer's own operations cost,
not against the list price of raw compute.
""",
                    ),
                    _quiz(
                        "Sales check",
                        4,
                        [
                            (
                                "Who usually buys in a consolidation after an acquisition?",
                                False,
                                [
                                    ("The CFO", True, "Right: licence savings lead the case."),
                                    ("A product owner", False, "That is the new-product case."),
                                    ("The help desk", False, "Rarely a buyer of platforms."),
                                ],
                            ),
                            (
                                "Which edition fits a global IT organisation?",
                                False,
                                [
                                    ("Enterprise", True, "Right."),
                                    ("Standard", False, "Standard targets mid-market IT."),
                                ],
                            ),
                            (
                                "How do you answer “too expensive”?",
                                False,
                                [
                                    (
                                        "Compare with three years of the customer's own costs",
                                        True,
                                        "Right: total cost, not list price.",
                                    ),
                                    (
                                        "Offer the largest discount at once",
                                        False,
                                        "Discounting first weakens the whole deal.",
                                    ),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        },
    },
    {
        "code": "security-foundations",
        "family": "security",
        "role": "technical",
        "editions": {
            "en": (
                "Security Suite technical foundations",
                "Architecture, deployment and the first 30 days of a Security Suite customer.",
                [
                    _read(
                        "Architecture in one page",
                        8,
                        """
## Components

- **Endpoint Protect**: an agent on every device, managed from the console.
- **Zero Trust Gateway**: identity-aware access to private applications.
- **Threat Intelligence Feed**: indicators refreshed every five minutes.

Deploy the gateway first: it gives the customer visible value in week one.
""",
                    ),
                    _read(
                        "Deployment checklist",
                        7,
                        """
1. Connect the identity provider (SAML or OIDC).
2. Roll the agent out to a pilot group of 50 devices.
3. Publish two private applications through the gateway.
4. Review the first week's alerts with the customer.
""",
                    ),
                    _quiz(
                        "Technical check",
                        5,
                        [
                            (
                                "What do you deploy first?",
                                False,
                                [
                                    ("The Zero Trust Gateway", True, "Right: value in week one."),
                                    ("The threat feed", False, "It needs agents to act on."),
                                ],
                            ),
                            (
                                "Which identity protocols does the gateway accept?",
                                True,
                                [
                                    ("SAML", True, "Yes."),
                                    ("OIDC", True, "Yes."),
                                    ("FTP", False, "Not an identity protocol."),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        },
    },
    {
        "code": "managed-services-playbook",
        "family": "services",
        "role": "technical",
        "editions": {
            "en": (
                "Managed services playbook",
                "Package the platform as a monthly service: tiers, SLAs and margins for MSPs.",
                [
                    _read(
                        "Packaging a monthly service",
                        5,
                        """
Offer **three service levels** at most. Price per user per month, include monitoring and
patching, and keep incident response as the premium level's reason to exist.
""",
                    ),
                    _quiz(
                        "MSP check",
                        3,
                        [
                            (
                                "How many service levels should an MSP offer?",
                                False,
                                [
                                    ("Three at most", True, "Right: more confuses buyers."),
                                    ("One per customer", False, "That does not scale."),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        },
    },
    {
        "code": "sales-professional-exam",
        "family": None,
        "role": "sales",
        "editions": {
            "en": (
                "Certified Sales Professional: exam",
                "The exam for the sales certification. Two attempts; 80 % to pass.",
                [
                    {
                        **_quiz(
                            "Sales professional exam",
                            15,
                            [
                                (
                                    "What protects an opportunity from channel conflict?",
                                    False,
                                    [
                                        ("An approved deal registration", True, "Right."),
                                        ("A quote sent first", False, "Quotes protect nothing."),
                                    ],
                                ),
                                (
                                    "Which are valid reasons to extend a registration?",
                                    True,
                                    [
                                        ("The customer moved the close date", True, "Yes."),
                                        ("A procurement review started", True, "Yes."),
                                        ("Another partner registered it", False, "No."),
                                    ],
                                ),
                                (
                                    "Who buys the platform to launch a new digital product?",
                                    False,
                                    [
                                        ("A product owner", True, "Right."),
                                        ("The CFO", False, "That is the consolidation case."),
                                    ],
                                ),
                                (
                                    "What lasts 90 days?",
                                    False,
                                    [
                                        ("Deal protection", True, "Right."),
                                        ("A certification", False, "Those last 24 months."),
                                    ],
                                ),
                                (
                                    "What do you compare the price with?",
                                    False,
                                    [
                                        (
                                            "Three years of the customer's costs",
                                            True,
                                            "Right.",
                                        ),
                                        ("A competitor's list price", False, "Not alone."),
                                    ],
                                ),
                            ],
                        ),
                        "max_attempts": 2,
                    },
                ],
            ),
        },
    },
    {
        "code": "technical-specialist-exam",
        "family": "security",
        "role": "technical",
        "editions": {
            "en": (
                "Certified Technical Specialist: exam",
                "The exam for the technical certification in the Security Suite.",
                [
                    _quiz(
                        "Technical specialist exam",
                        12,
                        [
                            (
                                "In which order do you roll out the Security Suite?",
                                False,
                                [
                                    ("Gateway, then agents, then the feed", True, "Right."),
                                    ("Feed, then gateway, then agents", False, "No."),
                                ],
                            ),
                            (
                                "How large is a sensible pilot group?",
                                False,
                                [
                                    ("About 50 devices", True, "Right."),
                                    ("Every device at once", False, "Too risky."),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        },
    },
]

# Paths: code, name, role, partner types (empty: every type), onboarding, course codes.
PATHS = [
    (
        "partner-onboarding",
        "Partner onboarding",
        "",
        [],
        True,
        ["program-essentials"],
    ),
    (
        "reseller-sales",
        "Reseller sales",
        "sales",
        ["reseller", "var", "distributor"],
        False,
        [
            "program-essentials",
            "deal-registration-lesson",
            "selling-cloud-platform",
            "sales-professional-exam",
        ],
    ),
    (
        "si-technical",
        "SI technical",
        "technical",
        ["system_integrator", "var"],
        False,
        ["security-foundations", "technical-specialist-exam"],
    ),
    (
        "msp-operations",
        "MSP operations",
        "technical",
        ["msp"],
        False,
        ["program-essentials", "managed-services-playbook"],
    ),
]

# Certifications: code, name, path or exam (by code), specialization, months valid.
CERTIFICATIONS = [
    ("sales-professional", "Certified Sales Professional", ("path", "reseller-sales"), "", 24),
    (
        "technical-specialist",
        "Certified Technical Specialist: Security",
        ("exam", "technical-specialist-exam"),
        "security",
        24,
    ),
    (
        "managed-services",
        "Managed Services Practitioner",
        ("path", "msp-operations"),
        "managed-services",
        12,
    ),
]
