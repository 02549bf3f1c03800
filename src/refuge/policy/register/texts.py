"""The register's free-text fields in Dutch and English, written around the pack's figures
(`Summary`). What they say about the system points to the document in the project that shows
it; what only the publishing organisation can say is left to it, never assumed here."""

from __future__ import annotations

from refuge.policy.register.summary import Summary

# the meaning of each case fact in Dutch (the English is `refuge.policy.facts.FACT_DOCS`)
FACT_DOCS_NL = {
    "nationality": "nationaliteit (ISO 3166-1)",
    "region": "regio van herkomst (ISO 3166-2)",
    "application_date": "datum van de aanvraag",
    "decision_date": "datum waarop het beleid wordt toegepast (de beslisdatum)",
    "grounds": "de gronden die de vreemdeling aanvoert",
    "credibility": "de vaststelling van de medewerker over de geloofwaardigheid van het relaas",
    "risk_profiles": "het behoren tot een risicoprofiel, zoals de medewerker heeft vastgesteld",
    "individual_risk_indicators": "aantal geloofwaardig bevonden individuele risico-indicatoren",
    "indicators_assessed": "de individuele risico-indicatoren zijn beoordeeld (geteld)",
    "exclusion_grounds": "vastgestelde uitsluitingsgronden (artikel 1F, artikel 17)",
    "exclusion_indications": "aanwijzingen voor een uitsluitingsgrond die nog niet is vastgesteld",
    "regime_support_indications": "aanwijzingen voor actieve steun aan het voormalige regime",
    "ipa_safe_there": "binnenlands beschermingsalternatief: geen vrees of risico daar",
    "ipa_travel": "binnenlands beschermingsalternatief: veilig en legaal reizen",
    "ipa_admittance": "binnenlands beschermingsalternatief: toegelaten worden",
    "ipa_reasonable": "binnenlands beschermingsalternatief: redelijkerwijs kunnen vestigen",
    "has_permit": "heeft een tijdelijke verblijfsvergunning asiel",
    "permit_ground": "de grond van die vergunning",
    "legal_residence": "heeft rechtmatig verblijf",
    "minor": "minderjarig",
}

DOCS = {
    "caseworker": "docs/guide/caseworker.md",
    "casework": "docs/guide/casework.md",
    "auditor": "docs/guide/auditor.md",
    "officer": "docs/guide/policy-officer.md",
    "review": "docs/legal-review.md",
    "packs": "docs/policy-packs.md",
    "cli": "docs/cli.md",
    "decision": "docs/decisions/0015-algorithm-register-publication.md",
}


def name(s: Summary, lang: str) -> str:
    if lang == "nl":
        return f"Beslisondersteuning asiel en terugkeer: landenbeleid {s.country_name('nl')}"
    return f"Decision support for asylum and return: country policy {s.country_name('en')}"


def description_short(s: Summary, lang: str) -> str:
    if lang == "nl":
        return (
            f"Dit algoritme past het landenbeleid voor {s.country_name('nl')} toe op de feiten die "
            "een medewerker in een asielzaak heeft vastgesteld. Het geeft een conceptadvies en "
            "laat stap voor stap zien welke regel en welke bron daartoe leidden. Een medewerker "
            "beslist; het algoritme beslist nooit zelf."
        )
    return (
        f"This algorithm applies the country policy for {s.country_name('en')} to the facts a "
        "caseworker has established in an asylum case. It gives a draft recommendation and shows, "
        "step by step, which rule and which source led to it. A caseworker decides; the algorithm "
        "never decides by itself."
    )


def goal(s: Summary, lang: str) -> str:
    land = s.country_name(lang)
    if lang == "nl":
        return (
            f"Doel: het landenbeleid voor {land} in elke zaak op dezelfde, controleerbare manier "
            "toepassen, zoals het gold op de beslisdatum. Het beleid staat als gedateerde regels "
            f"in een beleidspakket, vanaf {s.valid_from} in {s.versions} versies; elke regel noemt "
            "zijn bron. Voor een asielaanvraag geeft het algoritme een conceptadvies (inwilligen "
            "als vluchteling of wegens subsidiaire bescherming, afwijzen, geen beslissing wegens "
            "een besluitmoratorium, of nader onderzoek); voor een houder van een tijdelijke "
            "vergunning of intrekking kan worden voorgesteld; en of terugkeer vrijwillig, met "
            "ondersteuning of gedwongen mogelijk is. Impact: de vreemdeling komt niet zelf met het "
            "algoritme in aanraking. De medewerker gebruikt het advies en de stappen bij de "
            "beoordeling; het besluit neemt een benoemde medewerker, en het advies wordt naast het "
            "besluit bewaard zodat later te zien is waarop het rustte. Het algoritme bepaalt niet "
            "welke zaken worden behandeld of onderzocht."
        )
    return (
        f"Goal: to apply the country policy for {land} in every case in the same, verifiable way, "
        "as it stood on the decision date. The policy is held as dated rules in a policy pack, "
        f"from {s.valid_from} in {s.versions} versions; every rule names its source. For an "
        "asylum application the algorithm gives a draft recommendation (grant as a refugee or for "
        "subsidiary protection, reject, no decision under a decision moratorium, or further "
        "investigation); for a holder of a temporary permit, whether revocation may be proposed; "
        "and whether return is possible voluntarily, with support, or by force. Impact: the "
        "applicant does not deal with the algorithm directly. The caseworker uses the "
        "recommendation and its steps in the assessment; a named caseworker takes the decision, "
        "and the recommendation is kept beside the decision so that it can later be seen what it "
        "rested on. The algorithm does not choose which cases are handled or investigated."
    )


def proportionality(s: Summary, lang: str, to_complete: str) -> str:
    if lang == "nl":
        return (
            "Voordelen: hetzelfde beleid wordt in elke zaak gelijk toegepast, voor inwilliging "
            "en afwijzing op dezelfde manier; elke stap noemt zijn bron, zodat medewerker, "
            "vreemdeling, advocaat, rechter en toezichthouder kunnen nagaan waarop een advies "
            "rust; een wijziging van beleid geldt vanaf een datum en blijft terug te vinden. "
            "Nadelen: een medewerker kan te veel op het advies vertrouwen; een fout in het "
            "pakket werkt door in "
            f"elke zaak; op {s.assumptions} punten zwijgen de bronnen en rust het pakket op een "
            "aanname. Het algoritme is daarom een hulpmiddel bij de beoordeling en vervangt die "
            "niet (zie Menselijke tussenkomst en Risicobeheer). De afweging van de organisatie die "
            f"het inzet, met de overwogen alternatieven: {to_complete}"
        )
    return (
        "Benefits: the same policy is applied equally in every case, to grants and rejections "
        "alike; every step names its source, so that caseworker, applicant, lawyer, court and "
        "supervisor can check what a recommendation rests on; a change of policy applies from a "
        "date and stays traceable. Drawbacks: a caseworker may rely on the recommendation too "
        f"much; an error in the pack affects every case; at {s.assumptions} points the sources "
        "are silent and the pack rests on an assumption. The algorithm therefore supports the "
        "assessment and does not replace it (see Human intervention and Risk management). The "
        f"weighing of the organisation that deploys it, with the alternatives considered: "
        f"{to_complete}"
    )


def human_intervention(s: Summary, lang: str) -> str:
    if lang == "nl":
        return (
            "Het algoritme beslist niet. Een medewerker stelt de feiten vast: de geloofwaardigheid "
            "van het relaas, het behoren tot een risicoprofiel, de individuele indicaties, het "
            "binnenlands beschermingsalternatief en uitsluitingsgronden. Het algoritme schat geen "
            "van die feiten zelf; een feit dat nog niet is vastgesteld telt als 'niet beoordeeld'. "
            f"{s.judgments} regels laten een oordeel uitdrukkelijk aan de medewerker, en het "
            "advies markeert die stappen. Tegenstrijdige feiten of een open vraag leiden tot "
            "'nader onderzoek', nooit tot een afwijzing. Elke stap noemt zijn bron en zegt waar "
            "een aanname of een projectie meeweegt. Een benoemde medewerker legt het besluit met "
            "redenen vast. Wijkt het besluit van een medewerker af van het advies, dan geldt het "
            "pas als een leidinggevende van het team het goedkeurt. Een afwijzing gaat pas na "
            "een voornemen en de gelegenheid voor een zienswijze. "
            f"Zie {DOCS['caseworker']} en {DOCS['casework']}."
        )
    return (
        "The algorithm does not decide. A caseworker establishes the facts: the credibility of "
        "the account, membership of a risk profile, the individual indications, the internal "
        "protection alternative and exclusion grounds. The algorithm estimates none of these "
        "itself; a fact not yet established counts as 'not assessed'. "
        f"{s.judgments} rules expressly leave a judgment to the caseworker, and the "
        "recommendation marks those steps. Contradictory facts or an open question lead to "
        "'further investigation', never to a rejection. Every step names its source and says "
        "where an assumption or a projection plays a part. A named caseworker records the "
        "decision with reasons. A caseworker's decision that departs from the recommendation "
        "takes effect only once a supervisor of the team approves it. A rejection comes only "
        "after an intended decision and the chance to give a written view. "
        f"See {DOCS['caseworker']} and {DOCS['casework']}."
    )


def risks(s: Summary, lang: str) -> str:
    after = s.last_source or "-"
    if lang == "nl":
        return (
            "1. Onjuist of verouderd beleid: elke regel noemt zijn bron; het hele pakket staat op "
            f"één pagina voor een juridische toets ({DOCS['review']}); {s.scenarios} scenario's "
            "draaien bij elke wijziging (refuge policy test); deze publicatie wordt uit het pakket "
            "gemaakt en veroudert dus niet. "
            f"2. Aannames: waar de bronnen zwijgen staat een aanname met toelichting "
            f"({s.assumptions}, hieronder); het advies toont ze. "
            f"3. Projecties: waarden na de nieuwste bron ({after}) zijn projecties, en het advies "
            "zegt dat. "
            "4. Te veel vertrouwen op het advies: de medewerker stelt de feiten vast en beslist; "
            "afwijken kan met redenen; de oordelen die de wet aan de medewerker laat staan als "
            "zodanig gemarkeerd. "
            "5. Discriminatie: het algoritme gebruikt nationaliteit, regio en risicoprofielen "
            "omdat het landenbeleid dat doet, past het beleid toe zoals het is geschreven, "
            "voor inwilliging en afwijzing gelijk, en toont zijn werk; het selecteert of "
            "rangschikt geen personen. "
            "6. Bijzondere persoonsgegevens: versleuteld opgeslagen, alleen zichtbaar voor rollen "
            "die ze nodig hebben, elke inzage in het auditspoor, nooit in logboeken. "
            "7. Manipulatie: het auditspoor is een hashketen die refuge audit verify controleert "
            f"({DOCS['auditor']})."
        )
    return (
        "1. Wrong or outdated policy: every rule names its source; the whole pack is on one page "
        f"for a legal review ({DOCS['review']}); {s.scenarios} scenarios run on every change "
        "(refuge policy test); this publication is generated from the pack, so it does not go "
        "out of date. "
        f"2. Assumptions: where the sources are silent there is an assumption with a note "
        f"({s.assumptions}, listed below); the recommendation shows them. "
        f"3. Projections: values after the newest source ({after}) are projections, and the "
        "recommendation says so. "
        "4. Over-reliance on the recommendation: the caseworker establishes the facts and "
        "decides; departing is possible with reasons; the judgments the law leaves to the "
        "caseworker are marked as such. "
        "5. Discrimination: the algorithm uses nationality, region and risk profiles because the "
        "country policy does, applies the policy as written, to grants and rejections alike, and "
        "shows its work; it does not select or rank persons. "
        "6. Special-category data: encrypted at rest, visible only to roles that need it, every "
        "read in the audit trail, never in logs. "
        "7. Tampering: the audit trail is a hash chain that refuge audit verify checks "
        f"({DOCS['auditor']})."
    )


def lawful_basis(lang: str, locators: list[str]) -> str:
    cited = "; ".join(locators)
    if lang == "nl":
        return (
            "Het algoritme ondersteunt de beoordeling van asielaanvragen, de herbeoordeling van "
            "tijdelijke verblijfsvergunningen asiel en de terugkeer van wie Nederland moet "
            f"verlaten. De regels van het pakket noemen als wettelijke basis: {cited}. Welk "
            "artikel op welke dag geldt, staat hieronder bij elke regel."
        )
    return (
        "The algorithm supports the assessment of asylum applications, the re-assessment of "
        "temporary asylum permits and the return of those obliged to leave the Netherlands. The "
        f"pack's rules cite as their legal basis: {cited}. Which article applies on which day is "
        "shown below with each rule."
    )


def impact_explanation(lang: str, to_complete: str) -> str:
    if lang == "nl":
        return (
            "Het project levert een juridische toets van het pakket ("
            f"{DOCS['review']}): elke regel met zijn wettelijke basis, bronnen en aannames. Dat "
            "is geen DPIA (AVG art. 35) of IAMA, en geen beoordeling van de gevolgen voor de "
            "grondrechten (AI-verordening art. 27); die maakt de organisatie die het algoritme "
            f"inzet: {to_complete}"
        )
    return (
        f"The project provides a legal review of the pack ({DOCS['review']}): every rule with "
        "its legal basis, sources and assumptions. That is not a DPIA (GDPR art. 35) or an IAMA, "
        "nor a fundamental-rights impact assessment (AI Act art. 27); the organisation that "
        f"deploys the algorithm makes those: {to_complete}"
    )


def source_data(s: Summary, lang: str, fact_docs: dict[str, str]) -> str:
    facts = "; ".join(f"{f} ({fact_docs[f]})" for f in s.facts)
    special = ", ".join(s.special) or "-"
    if lang == "nl":
        return (
            "Per zaak leest het algoritme alleen de feiten die de medewerker heeft vastgelegd: "
            f"{facts}. Bijzondere persoonsgegevens daaronder (AVG art. 9 en 10): {special}. Het "
            "pakket zelf rust op openbare documenten: wet- en regelgeving, rechtspraak, "
            "Kamerbrieven, antwoorden op Kamervragen, ambtsberichten en richtsnoeren van het EUAA "
            f"({s.documents} bronnen, hieronder met vindplaats). Het algoritme is niet gemaakt of "
            "getraind met gegevens van personen."
        )
    return (
        "For each case the algorithm reads only the facts the caseworker has recorded: "
        f"{facts}. Special-category data among them (GDPR arts. 9 and 10): {special}. The pack "
        "itself rests on public documents: legislation, case law, letters to parliament, answers "
        "to parliamentary questions, country reports and EUAA guidance "
        f"({s.documents} sources, listed below with their locators). The algorithm was not built "
        "or trained with data about persons."
    )


def methods_and_models(s: Summary, lang: str, sha256: str) -> str:
    if lang == "nl":
        return (
            "Regelgebaseerd en niet zelflerend: geen statistisch model, geen training op eerdere "
            f"zaken. Het beleidspakket (sha256 {sha256}) bevat {s.parameters} beleidswaarden met "
            f"{s.values} gedateerde waarden, {s.rules} regels en {s.tables} beslistabellen met "
            f"{s.rows} rijen, geschreven in een eigen, beperkte regeltaal ({DOCS['packs']}). "
            "Invoer: de vastgelegde feiten van een zaak en de beslisdatum. Werking: het algoritme "
            "kiest de beleidsversie die op de beslisdatum gold "
            f"({s.versions} versies, de nieuwste vanaf {s.latest_version}), evalueert de regels "
            "in vaste volgorde (elke regel na de regels die hij leest), en neemt in een "
            "beslistabel de eerste rij die geldt. Uitvoer: het advies met genummerde stappen, "
            "elk met de regel, de gedateerde beleidswaarden, de bronnen met vindplaats, de "
            "aannames en projecties; en een ontvangstbewijs (versie van het programma, sha256 van "
            "het pakket en van de feiten). Dezelfde feiten, hetzelfde pakket en dezelfde datum "
            "geven altijd hetzelfde advies. Voor analyses over veel zaken tegelijk wordt hetzelfde "
            "pakket als SQL uitgevoerd (DuckDB, of Apache Spark), met dezelfde uitkomsten; die "
            "analyses tonen alleen aantallen, na onderdrukking van kleine aantallen."
        )
    return (
        "Rule-based and not self-learning: no statistical model, no training on earlier cases. "
        f"The policy pack (sha256 {sha256}) holds {s.parameters} policy values with {s.values} "
        f"dated values, {s.rules} rules and {s.tables} outcome tables with {s.rows} rows, written "
        f"in a small rule language of its own ({DOCS['packs']}). Input: the recorded facts of a "
        "case and the decision date. Working: the algorithm takes the policy version in force on "
        f"the decision date ({s.versions} versions, the latest from {s.latest_version}), "
        "evaluates the rules in a fixed order (each after the rules it reads), and in an outcome "
        "table takes the first row that holds. Output: the recommendation with numbered steps, "
        "each with the rule, the dated policy values, the sources with their locators, the "
        "assumptions and projections; and a receipt (the program's version, the sha256 of the "
        "pack and of the facts). The same facts, pack and date always give the same "
        "recommendation. For analysis over many cases at once the same pack runs as SQL (DuckDB, "
        "or Apache Spark) with the same outcomes; such analysis shows only counts, after small "
        "counts are suppressed."
    )


def tags(s: Summary, lang: str) -> str:
    if lang == "nl":
        return f"asiel, terugkeer, landenbeleid, {s.country_name('nl')}, beslisondersteuning"
    return f"asylum, return, country policy, {s.country_name('en')}, decision support"
