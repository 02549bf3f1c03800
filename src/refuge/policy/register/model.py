"""The public description of a pack's decision-support algorithm (`refuge policy publish`), as
data: the fields of the Dutch Algorithm Register's publication standard 1.0 under the names of
its delivery API (aanleverapi v1_0), then what the standard has no field for — the EU AI Act's
points for a high-risk system, and every rule, dated value, assumption and source of the pack.

`docs/schemas/algorithm-register.schema.json` is generated from `Registration`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["nl", "en"]
TO_COMPLETE = {
    "nl": "Niet geleverd door het beleidspakket — in te vullen door de publicerende organisatie.",
    "en": "Not provided by the pack — to be completed by the publishing organisation.",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Model):
    title: str = Field(description="What the link leads to (<100 characters in the register).")
    link: str = Field(description="Its public address (https).")


class RegisterFields(_Model):
    """The register's fields; None where the pack cannot answer (see `to_complete`)."""

    name: str = Field(description="Naam (<100 characters).")
    description_short: str = Field(description="Korte omschrijving (<350 characters, B1).")
    organization: str | None = Field(description="Organisatie: the deploying organisation.")
    category: list[str] | None = Field(description="Thema, from the TOP list.")
    status: Literal["In gebruik", "In ontwikkeling", "Buiten gebruik"] | None = Field(
        description="Status of use at the organisation."
    )
    begin_date: str | None = Field(description="Begindatum (yyyy-mm) of use.")
    end_date: str | None = Field(description="Einddatum (yyyy-mm) of use.")
    contact_email: str | None = Field(description="Contactgegevens.")
    website: str | None = Field(description="Link naar publiekspagina.")
    publication_category: Literal[
        "Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"
    ] = Field(description="Publicatiecategorie.")
    url: str | None = Field(description="Link naar bronregistratie.")
    goal: str = Field(description="Doel en impact (<2500 characters).")
    proportionality: str = Field(description="Afwegingen (<2500 characters).")
    human_intervention: str = Field(description="Menselijke tussenkomst (<2500 characters).")
    risks: str = Field(description="Risicobeheer (<2500 characters).")
    lawful_basis: str = Field(description="Wettelijke basis (<2500 characters).")
    lawful_basis_grouping: list[Link] = Field(
        description="Link naar wettelijke basis, with its title: every act the rules cite."
    )
    process_index_url: str | None = Field(description="Verwerkingsregister (a URL).")
    impacttoetsen: str | None = Field(description="Impacttoets(en), e.g. DPIA, IAMA.")
    impacttoetsen_grouping: list[Link] | None = Field(description="Link naar impacttoets.")
    impacttoetsen_explanation: str = Field(
        description="Toelichting op impacttoetsen (<2500 characters)."
    )
    source_data: str = Field(description="Gegevens (<2500 characters).")
    source_data_grouping: list[Link] = Field(
        description="Link naar gegevensbron, with its title: the documents the pack rests on."
    )
    methods_and_models: str = Field(description="Technische werking (<5000 characters).")
    provider: str | None = Field(description="Leverancier.")
    publiccode: str | None = Field(description="Link naar broncode.")
    lang: Literal["nld", "eng"] = Field(
        description="Taal, ISO 639-3 (the register itself takes nld only)."
    )
    standard_version: Literal["1.0"] = Field(description="Schema: the publication standard.")
    source_id: str = Field(description="Bron-ID: this registration's own identifier.")
    tags: str = Field(description="Zoektermen, comma-separated.")


class ToComplete(_Model):
    field: str = Field(description="The register field (API name).")
    label: str = Field(description="Its name in the publication standard.")
    note: str = Field(description="Why the pack cannot answer it, and who completes it.")


class AiActPoint(_Model):
    article: str = Field(description="Where in Regulation (EU) 2024/1689, e.g. 'art. 14'.")
    title: str
    does: str = Field(description="What the system does for this point.")
    does_not: str = Field(description="What it does not do, or leaves to the organisation.")
    evidence: list[str] = Field(description="Documents and commands in the project that show it.")


class DatedBasis(_Model):
    value: str = Field(description="The article or act in force on these days.")
    valid_from: str
    valid_to: str | None = Field(description="Last day in force; None: open-ended.")
    cite: list[str] = Field(description="Source ids.")


class Row(_Model):
    when: str = Field(description="The row's condition in the rule language, or 'otherwise'.")
    value: str = Field(description="What the table gives when the row applies.")
    explain: str = Field(description="The row's explanation, in plain language.")
    legal_basis: list[str] = Field(description="Cited sources of kind law or court (ids).")
    sources: list[str] = Field(description="Other cited sources (ids).")
    assumptions: list[str] = Field(description="Cited assumptions (ids).")
    basis: list[DatedBasis] = Field(description="The row's dated legal basis.")


class Rule(_Model):
    id: str
    description: str = Field(description="What the rule decides.")
    description_lang: Lang = Field(description="Its language: en where no translation exists.")
    expression: str = Field(description="The rule in the rule language (docs/policy-packs.md).")
    if_true: str | None = Field(description="The explanation when the rule holds.")
    if_false: str | None = Field(description="The explanation when it does not.")
    explain: str | None = Field(description="The explanation of a value.")
    judgment: str | None = Field(description="The judgment the law leaves to the caseworker.")
    legal_basis: list[str] = Field(description="Cited sources of kind law or court (ids).")
    sources: list[str] = Field(description="Other cited sources (ids).")
    assumptions: list[str] = Field(description="Cited assumptions (ids).")
    basis: list[DatedBasis] = Field(description="The rule's dated legal basis.")
    reads_facts: list[str] = Field(description="Case facts the rule reads.")
    reads_rules: list[str] = Field(description="Rules the rule reads.")
    reads_parameters: list[str] = Field(description="Dated policy values the rule reads.")
    rows: list[Row] = Field(description="An outcome table's rows; the first that holds applies.")


class DatedValue(_Model):
    value: str
    valid_from: str
    valid_to: str | None
    cite: list[str]
    note: str | None


class Parameter(_Model):
    name: str
    description: str
    unit: str | None
    values: list[DatedValue]


class Assumption(_Model):
    id: str
    title: str
    note: str = Field(description="What is assumed where the sources are silent.")
    cited_by: list[str] = Field(description="Rules and parameters that cite it.")


class Source(_Model):
    id: str
    kind: str = Field(description="law, court, seed, kamerstuk, ambtsbericht, euaa, ...")
    title: str
    date: str | None
    locator: str | None = Field(description="Where in the document, e.g. an article.")
    ref: str | None = Field(description="Machine-readable identifier (docs/policy-packs.md).")
    link: str | None


class Pack(_Model):
    country: str
    title: str
    sha256: str = Field(description="SHA-256 of the pack file this was generated from.")
    valid_from: str = Field(description="First day of the pack's policy.")
    latest_version: str = Field(description="First day of its latest policy version.")
    versions: int
    engine: str = Field(description="The program that generated this, with its version.")
    scenarios_passed: int = Field(description="The pack's scenarios, all passing when published.")


class Registration(_Model):
    """The public description of one pack's decision-support algorithm, in one language."""

    lang: Lang
    register_fields: RegisterFields = Field(description="The Algorithm Register's fields.")
    to_complete: list[ToComplete] = Field(
        description="Register fields the pack cannot answer: the publishing organisation's."
    )
    ai_act: list[AiActPoint] = Field(
        description="Regulation (EU) 2024/1689, high-risk system of Annex III point 7."
    )
    rules: list[Rule] = Field(description="Every rule and outcome table, in evaluation order.")
    parameters: list[Parameter] = Field(description="Every dated policy value.")
    assumptions: list[Assumption]
    sources: list[Source] = Field(description="Every document the pack cites.")
    pack: Pack
