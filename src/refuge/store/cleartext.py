"""The text columns kept in clear, each with why it is not special-category.

Every text-like column (String, Text, JSON, binary) of every table in `refuge.store.models` is
either encrypted (`refuge.store.crypto.Encrypted`) or named here with a one-line reason;
`tests/store/test_cleartext_columns.py` fails otherwise. A column that may hold what a person
writes about an applicant (a reason, a note, a summary) is encrypted, not listed.
"""

from __future__ import annotations

from types import MappingProxyType

CLEAR_TEXT = MappingProxyType(
    {
        # accounts
        "teams.name": "a team's name, not about an applicant",
        "users.username": "an account name, not about an applicant",
        "users.display_name": "a staff member's name, not about an applicant",
        "users.password_hash": "an argon2id hash of a staff password, not the password",
        "users.role": "one of the fixed role names",
        "api_tokens.token_sha256": "the SHA-256 of a token, looked up by equality",
        "api_tokens.name": "a staff label for a token, not about an applicant",
        "web_sessions.cookie_sha256": "the SHA-256 of a session cookie, looked up by equality",
        "auth_throttle.key": "account:<SHA-256 of a username> or client:<address>, no applicant's",
        "auth_throttle.subject": "a user id, 'unknown' or a client address, no applicant's",
        # audit trail (hash-chained: its columns are what the hashes cover)
        "audit_events.actor": "the username (or system/cli) that acted",
        "audit_events.action": "one of a fixed set of verbs (create, read, update, ...)",
        "audit_events.entity": "a table's name",
        "audit_events.entity_id": "a record's id",
        "audit_events.fields": "field names only, never values (audit.models)",
        "audit_events.purpose": "why a record was read, as the caller says (why, never what)",
        "audit_events.outcome": "ok or the refusal's code",
        "audit_events.prev_hash": "a SHA-256 of the chain",
        "audit_events.hash": "a SHA-256 of the chain",
        # people
        "people.pseudonym": "a pseudonymous id, unique and looked up by equality",
        "people.v_number": "the immigration file number, unique and looked up by equality",
        "people.nationality": "an ISO country code; selects the policy pack and is indexed",
        "people.region_of_origin": "an ISO region code; the policy pack's input, in clear",
        # applications and what is gathered for them
        "applications.kind": "first or subsequent",
        "applications.status": "a lifecycle state",
        "applications.credibility": "the overall finding (credible | not_credible | ...)",
        "applications.internal_protection_safe_there": "yes | no | not_assessed",
        "applications.internal_protection_safe_and_legal_travel": "yes | no | not_assessed",
        "applications.internal_protection_admittance": "yes | no | not_assessed",
        "applications.internal_protection_reasonable_to_settle": "yes | no | not_assessed",
        "applications.import_key": "the importing system's row key, unique (no retry twice)",
        "hearings.kind": "first or detailed",
        "hearings.interpreter_language": "language to book an interpreter in (may hint at origin)",
        "findings.credible": "credible | not_credible | undetermined",
        # decision periods
        "deadlines.kind": "decision_period or extension",
        "deadlines.legal_basis": "an article of law, from a fixed list",
        # assessments and decisions
        "assessments.recommendation": "the engine's outcome code",
        "assessments.policy_version": "a policy pack's version id",
        "assessments.pack_sha256": "the SHA-256 of the pack file",
        "assessments.purpose": "decision_basis or analysis",
        "intended_decisions.outcome": "an outcome code",
        "decisions.outcome": "an outcome code",
        "decisions.status": "in_effect | awaiting_approval | not_approved",
        # permits and returns
        "permits.kind": "the permit's kind code",
        "permits.ground": "refugee | subsidiary_general_risk | subsidiary_individual",
        "permits.status": "a permit state",
        "reassessments.status": "a reassessment state",
        "reassessments.outcome": "an outcome code",
        "return_cases.status": "a lifecycle state",
        "return_cases.track": "voluntary | facilitated | forced",
        "return_cases.route": "how a person left: one of a fixed set (models.returns.ROUTES)",
        # the report library (an individual report's title, file name and text are encrypted)
        "coi_documents.scope": "library, or application:<id> for an individual report",
        "coi_documents.reference": "a document's short name in citations, chosen by staff; an "
        "individual report's defaults to individual-<SHA-256 prefix>, never its file name",
        "coi_documents.kind": "one of a fixed set of document kinds",
        "coi_documents.country": "an ISO country code the document is about",
        "coi_documents.language": "nl or en",
        "coi_documents.status": "internal or published",
        "coi_documents.disclosure_decision": "the reference of a Woo decision, a public act",
        "coi_documents.media_type": "the file's format",
        "coi_documents.sha256": "the SHA-256 of the file, looked up by equality",
        "coi_documents.added_by": "the username that added the document",
        "coi_passages.anchor": "a section and paragraph number, e.g. 2.3-p4",
        "coi_passages.kind": "heading or paragraph",
        "coi_passages.section": "a section number, e.g. 2.3",
        "coi_passages.text": "a general report's text, not personal data, indexed for search; "
        "NULL for an individual report, whose text is in sealed_text",
        # redactions (the withheld text, notes and reasons are encrypted)
        "coi_redactions.anchor": "the anchor of the passage a span starts in, e.g. 2.3-p4",
        "coi_redactions.ground": "a Woo ground's code, e.g. 5.1.2e",
        "coi_redactions.status": "marked, approved or rejected",
        "coi_redactions.actor": "the username that took this step",
        "coi_redactions.marked_by": "the username that marked the span (four eyes)",
        "coi_redaction_proposals.anchor": "the anchor of the passage a span starts in",
        "coi_redaction_proposals.recogniser": "which recogniser found it, from a fixed set",
        "coi_redaction_proposals.ground": "the Woo ground's code it suggests",
        "coi_redaction_proposals.status": "open, accepted or dismissed",
        "coi_redaction_proposals.proposed_by": "the username that ran the scan",
        "coi_redaction_proposals.decided_by": "the username that accepted or dismissed it",
        # scenario runs of the web app (only counts after disclosure control)
        "scenario_runs.status": "a stage of the run, from a fixed set (analytics.run_models)",
        "scenario_runs.scenario_name": "the name an analyst gave a what-if scenario",
        "scenario_runs.result": "counts by outcome, month and region after disclosure control",
        "scenario_runs.error": "a stable error code, never a message",
        # the API's idempotency keys
        "idempotency_keys.key": "a client's opaque Idempotency-Key header",
        "idempotency_keys.endpoint": "a method and path template",
    }
)
