"""Search of the report library over 100,000 passages: p50 and p99 latency of `refuge.coi.search`
per query, on SQLite (FTS5) and, when it answers, PostgreSQL (GIN), each against a reference in
the same process: reading one page of 20 passages of a document by its id (an indexed lookup).

    python bench/coi_search.py [--passages 100000] [--repeats 30] [--postgres URL|none]

The library is synthetic: 100 documents, half Dutch and half English, each of 1,000 passages
of 20-60 words drawn from a Zipf-like vocabulary of 5,000 made-up words plus the domain words
the queries look for. It is made with the service's own indexing (`index_document`)."""

from __future__ import annotations

import argparse
import base64
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from refuge.casework.actor import Actor
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.search import search
from refuge.coi.search_schemas import SearchRequest
from refuge.coi.search_sqlite import index_document
from refuge.store.engine import engine_for
from refuge.store.migrate import upgrade

_NL = (
    "terugkeer terugkeren veiligheid veilige Damascus Aleppo grens vluchtelingen ontheemden "
    "checkpoint arrestatie dienstplicht Alawieten sektarisch geweld"
)
_EN = (
    "return returns returned security safe Damascus Aleppo border refugees displaced "
    "checkpoint arrest conscription Alawites sectarian violence"
)
DOMAIN = {"nl": _NL.split(), "en": _EN.split()}
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("terugkeer", {}),  # common domain word, both languages searched
    ("returns", {"language": "en"}),
    ("veilige terugkeer", {}),  # two words
    ('"veilige terugkeer"', {}),  # phrase
    ("dienstplicht OR conscription", {}),
    ("arrestatie Damascus checkpoint", {"country": "SY"}),
    ("Alawieten", {"date_from": date(2024, 1, 1)}),
    ("sectarian violence", {"language": "en", "all_revisions": True}),
    ("zwq0", {}),  # a rare made-up word
    ("ka", {}),  # the most common made-up word
]
READER = Actor(uuid.uuid4(), "bench", "analyst", None)


def vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zw", "q", "ij", "ou"]
    words: set[str] = set()
    while len(words) < 5000:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return ["ka", *sorted(words - {"ka", "zwq0"}), "zwq0"]  # the most common, ..., the rarest


def fill(session: Session, passages: int) -> None:
    rng = random.Random(9)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    per_document = 1000
    for n in range(max(1, passages // per_document)):
        language = "nl" if n % 2 == 0 else "en"
        document = CoiDocument(
            scope="library",
            reference=f"bench-{n}",
            revision=1,
            kind="general" if n % 3 else "thematic",
            country="SY" if n % 4 else "IQ",
            language=language,
            title=f"Benchmark report {n}",
            document_date=date(2020 + n % 6, 1 + n % 12, 1),
            status="published" if n % 2 else "internal",
            file_name=f"bench-{n}.md",
            media_type="text/markdown",
            sha256=f"{n:064x}",
            byte_size=0,
            passage_count=per_document,
            added_by="bench",
        )
        session.add(document)
        session.flush()
        offset = 0
        rows = []
        for ordinal in range(1, per_document + 1):
            chosen = rng.choices(words, weights, k=rng.randint(20, 60))
            for _ in range(rng.randint(0, 3)):
                chosen.insert(rng.randrange(len(chosen)), rng.choice(DOMAIN[language]))
            body = " ".join(chosen).capitalize() + "."
            rows.append(
                CoiPassage(
                    document_id=document.id,
                    ordinal=ordinal,
                    anchor=f"p{ordinal}",
                    kind="paragraph",
                    section=None,
                    heading_path=[],
                    text=body,
                    start_offset=offset,
                    end_offset=offset + len(body),
                )
            )
            offset += len(body) + 2
        session.add_all(rows)
        session.flush()
        index_document(session, document.id)
    session.commit()


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    run()  # warm
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(url: str, passages: int, repeats: int) -> None:
    upgrade(url)
    session = sessionmaker(engine_for(url), expire_on_commit=False)()
    start = time.perf_counter()
    fill(session, passages)
    print(f"  filled and indexed {passages:,} passages in {time.perf_counter() - start:.1f} s")
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE coi_documents"))  # as autovacuum does after such a load
        session.execute(text("ANALYZE coi_passages"))
        session.commit()
    document_id = session.scalar(select(CoiDocument.id).limit(1))
    reference = timed(
        lambda: session.execute(
            select(CoiPassage)
            .where(CoiPassage.document_id == document_id)
            .order_by(CoiPassage.ordinal)
            .limit(20)
        ).all(),
        repeats,
    )
    ref50 = statistics.median(reference)
    ref99 = p(reference, 0.99)
    print(f"  reference (20 passages of one document): p50 {ref50:.2f} ms, p99 {ref99:.2f} ms")
    print(f"  {'query':<44} {'hits':>7} {'p50 ms':>8} {'p99 ms':>8} {'p50/ref':>8}")
    every: list[float] = []
    for query, filters in QUERIES:
        request = SearchRequest.model_validate({"query": query, **filters})
        total = search(session, READER, request).total
        times = timed(lambda r=request: search(session, READER, r), repeats)
        every += times
        shown = query + (" " + ",".join(f"{k}" for k in filters) if filters else "")
        print(
            f"  {shown:<44} {total:>7,} {statistics.median(times):>8.1f} {p(times, 0.99):>8.1f}"
            f" {statistics.median(times) / ref50:>8.0f}x"
        )
    print(
        f"  all queries: p50 {statistics.median(every):.1f} ms, p99 {p(every, 0.99):.1f} ms "
        f"({len(every)} searches)"
    )
    session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    os.environ.setdefault("REFUGE_SECRET_KEY", base64.b64encode(os.urandom(32)).decode())
    print(f"load average at start: {os.getloadavg()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as home:
        print("SQLite (FTS5, stems from PyStemmer)")
        measure(f"sqlite:///{home}/bench.db", args.passages, args.repeats)
    if args.postgres != "none":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            print("PostgreSQL (stored tsvector columns, GIN)")
            measure(
                f"{args.postgres}?options=-csearch_path%3D{schema}", args.passages, args.repeats
            )
        finally:
            engine_for(f"{args.postgres}?options=-csearch_path%3D{schema}").dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
