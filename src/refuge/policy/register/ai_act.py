"""The EU AI Act's points for a high-risk system in migration, asylum and border control
(Regulation (EU) 2024/1689, Annex III point 7), each with what the system does, what it does not
do or leaves to the deploying organisation, and where in the project that can be checked."""

from __future__ import annotations

from refuge.policy.register.model import AiActPoint
from refuge.policy.register.summary import Summary
from refuge.policy.register.texts import DOCS


def ai_act_points(s: Summary, lang: str, to_complete: str) -> list[AiActPoint]:
    nl = lang == "nl"
    return [
        AiActPoint(
            article="bijlage III, punt 7" if nl else "Annex III, point 7",
            title="Hoog-risico: migratie, asiel en grenstoezicht"
            if nl
            else "High risk: migration, asylum and border control",
            does=(
                "Het algoritme helpt bij het beoordelen van asielaanvragen en van de intrekking "
                "van verblijfsvergunningen asiel. Het project behandelt het daarom als een "
                "hoog-risicosysteem en beroept zich niet op de uitzondering van art. 6, lid 3."
                if nl
                else "The algorithm assists in examining asylum applications and the revocation "
                "of asylum permits. The project therefore treats it as a high-risk system and "
                "does not invoke the exception of art. 6(3)."
            ),
            does_not=(
                "Of deze regels een AI-systeem zijn in de zin van art. 3, punt 1, stelt de "
                f"organisatie vast die het inzet: {to_complete}"
                if nl
                else "Whether these rules are an AI system within the meaning of art. 3(1) is for "
                f"the organisation that deploys it to establish: {to_complete}"
            ),
            evidence=[DOCS["decision"]],
        ),
        AiActPoint(
            article="art. 12",
            title="Registratie (logging)" if nl else "Record-keeping (logging)",
            does=(
                "Elke schrijfactie op een zaak of account en elke inzage in bijzondere "
                "persoonsgegevens is een gebeurtenis in een auditspoor met hashketen, in dezelfde "
                "transactie als het werk; refuge audit verify vindt een gewijzigde, toegevoegde "
                "of verwijderde gebeurtenis. Elk advies draagt een ontvangstbewijs (versie van "
                "het programma, sha256 van het pakket en van de feiten) en wordt naast het "
                "besluit bewaard."
                if nl
                else "Every write to a case or account and every read of special-category data "
                "is an event in a hash-chained audit trail, in the same transaction as the work; "
                "refuge audit verify finds an altered, inserted or removed event. Every "
                "recommendation carries a receipt (the program's version, the sha256 of the pack "
                "and of the facts) and is kept beside the decision."
            ),
            does_not=(
                f"De bewaartermijn van het auditspoor stelt de organisatie vast: {to_complete}"
                if nl
                else f"The retention period of the audit trail is the organisation's: {to_complete}"
            ),
            evidence=[DOCS["auditor"], DOCS["caseworker"]],
        ),
        AiActPoint(
            article="art. 13",
            title="Transparantie en gebruiksinstructies"
            if nl
            else "Transparency and instructions for use",
            does=(
                "Deze publicatie beschrijft het doel, de werking, elke regel met zijn bronnen en "
                f"elke aanname ({s.assumptions}); zij wordt uit het pakket gemaakt. De handleiding "
                "voor medewerkers legt uit hoe een advies te lezen en wat het systeem niet doet; "
                "de juridische toets toont het hele pakket. Bekende grenzen: waar de bronnen "
                f"zwijgen geldt een aanname; waarden na {s.last_source or '-'} zijn projecties; "
                "een land zonder pakket kan niet worden beoordeeld."
                if nl
                else "This publication describes the purpose, the working, every rule with its "
                f"sources and every assumption ({s.assumptions}); it is generated from the pack. "
                "The caseworkers' guide explains how to read a recommendation and what the "
                "system does not do; the legal review shows the whole pack. Known limits: where "
                f"the sources are silent an assumption applies; values after "
                f"{s.last_source or '-'} are projections; a country without a pack cannot be "
                "assessed."
            ),
            does_not=(
                "Het geeft geen kans, score of zekerheid: het past regels toe op vastgestelde "
                "feiten en toont welke regel besliste."
                if nl
                else "It gives no probability, score or confidence: it applies rules to "
                "established facts and shows which rule decided."
            ),
            evidence=[DOCS["caseworker"], DOCS["review"], DOCS["packs"], DOCS["cli"]],
        ),
        AiActPoint(
            article="art. 14",
            title="Menselijk toezicht" if nl else "Human oversight",
            does=(
                "Het systeem adviseert; een benoemde medewerker beslist en mag met redenen "
                "afwijken, waarna een leidinggevende de afwijking goedkeurt. Elke stap toont de "
                f"regel, de feiten, de bronnen en de aannames; {s.judgments} regels laten een "
                "oordeel uitdrukkelijk aan de medewerker. Tegenstrijdige feiten en open vragen "
                "leiden tot nader onderzoek."
                if nl
                else "The system recommends; a named caseworker decides and may depart with "
                "reasons, after which a supervisor approves the departure. Every step shows the "
                f"rule, the facts, the sources and the assumptions; {s.judgments} rules expressly "
                "leave a judgment to the caseworker. Contradictory facts and open questions lead "
                "to further investigation."
            ),
            does_not=(
                "Geen geautomatiseerd besluit (AVG art. 22): het systeem neemt en verzendt geen "
                "besluit. Geen profilering: het voorspelt, scoort of rangschikt niets over "
                "personen en selecteert geen zaken; risicoprofielen zijn groepen die het "
                "landenbeleid aanwijst, en of iemand ertoe behoort stelt de medewerker vast. Het "
                "schat de geloofwaardigheid niet."
                if nl
                else "No automated decision (GDPR art. 22): the system neither takes nor issues a "
                "decision. No profiling: it predicts, scores or ranks nothing about persons and "
                "selects no cases; risk profiles are groups the country policy designates, and "
                "whether someone belongs to one is the caseworker's finding. It does not "
                "estimate credibility."
            ),
            evidence=[DOCS["caseworker"], DOCS["casework"]],
        ),
        AiActPoint(
            article="art. 15",
            title="Nauwkeurigheid, robuustheid en cyberbeveiliging"
            if nl
            else "Accuracy, robustness and cybersecurity",
            does=(
                "Het advies is een vaste functie van de feiten, het pakket en de datum: hetzelfde "
                f"geval geeft altijd hetzelfde advies. {s.scenarios} scenario's, door juristen "
                "leesbaar, slagen bij publicatie (refuge policy test); refuge policy check "
                "weigert een pakket met fouten en wijst ze aan; de juridische toets wordt uit "
                "het pakket gemaakt. Bijzondere persoonsgegevens worden versleuteld opgeslagen."
                if nl
                else "The recommendation is a fixed function of the facts, the pack and the date: "
                f"the same case always gives the same recommendation. {s.scenarios} scenarios, "
                "readable by lawyers, pass at publication (refuge policy test); refuge policy "
                "check refuses a pack with errors and points them out; the legal review is "
                "generated from the pack. Special-category data is encrypted at rest."
            ),
            does_not=(
                "Een scenario toetst het pakket tegen wat de opsteller verwacht, niet tegen "
                "besluiten in echte zaken; een vergelijking met echte besluiten maakt de "
                f"organisatie: {to_complete}"
                if nl
                else "A scenario tests the pack against what its author expects, not against "
                "decisions in real cases; a comparison with real decisions is the "
                f"organisation's: {to_complete}"
            ),
            evidence=[DOCS["officer"], DOCS["review"], DOCS["cli"]],
        ),
        AiActPoint(
            article="art. 26, 27, 49",
            title="Plichten van de gebruiksverantwoordelijke" if nl else "Duties of the deployer",
            does=(
                "Deze publicatie levert de beschrijving die de organisatie daarvoor kan gebruiken."
                if nl
                else "This publication gives the description the organisation can use for them."
            ),
            does_not=(
                "De beoordeling van de gevolgen voor de grondrechten (art. 27) en de registratie "
                f"in de EU-databank (art. 49) doet de organisatie: {to_complete}"
                if nl
                else "The fundamental-rights impact assessment (art. 27) and the registration in "
                f"the EU database (art. 49) are done by the organisation: {to_complete}"
            ),
            evidence=[DOCS["decision"]],
        ),
    ]
