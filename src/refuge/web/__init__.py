"""The web application: server-rendered pages (Jinja2 + htmx) for caseworkers, supervisors,
analysts, publishers and auditors, served by `refuge serve` beside the API, with the same
sessions and role rules. Dutch by default, English on request (gettext catalogues in
`locale/`). See docs/guide/web.md and docs/decisions/0018-web-app.md."""
