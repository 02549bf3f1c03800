"""The common words that search leaves out, per language: the Snowball lists that PostgreSQL's
`dutch` and `english` text-search configurations use (`tsearch_data/*.stop`), so that both
databases skip the same words. A phrase keeps their place ("situatie is volatiel" is
`situatie`, one word, `volatiel`)."""

from __future__ import annotations

_DUTCH = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
    dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
    hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer
    doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
    kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
"""

_ENGLISH = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now
"""

DUTCH = frozenset(_DUTCH.split())
ENGLISH = frozenset(_ENGLISH.split())
