"""Load benchmark of the REST API over loopback: `refuge serve` in a subprocess, a Python load
generator in this process.

    python bench/api_load.py [--backends sqlite postgresql] [--workers 1 2] [--rate 200]
                             [--duration 15] [--closed-duration 8] [--concurrency 8]
                             [--cases 500] [--json PATH]
    python bench/api_load.py --profile [--profile-requests 300]

For each backend (SQLite: a file in a temporary REFUGE_HOME; PostgreSQL: a fresh schema of the
database at --postgres-url, dropped afterwards) the database is prepared the way an operator
would: `refuge db upgrade`, `refuge users add-team`, `refuge users add` (a caseworker and a
supervisor) and `refuge users token`, all as subprocesses. Then, for each worker count,
`refuge serve --workers N` is started on a free port of 127.0.0.1 and measured:

* `GET /applications/{id}` (with a `Purpose` header, so audited) over --cases seeded cases;
* `POST /applications/{id}/assessments` on cases walked through both hearings;
* each first open loop: requests are due at a fixed --rate, whatever the server does, and
  latency counts from when a request was due (so a server or client that falls behind shows
  it, no coordinated omission); then a closed loop of --concurrency clients sending back to
  back, for the throughput ceiling;
* the flow register -> first hearing -> detailed hearing -> assess -> decide (a decision
  needs the hearings; the caseworker decides as recommended where that is a grant, otherwise
  grants with reasons and the supervisor approves that departure), --flow-concurrency
  clients back to back: flows/s and per-flow latency, plus each step.

The cases are seeded once per backend, through the API (`POST /applications` with an
Idempotency-Key), by the first server; later worker counts use the same database.

The client is Python too (http.client, one keep-alive connection per thread) and runs on the same
2 cores as the server: what it spends is taken from the server (the `client cores` column).
`send lag` is how late the client sent requests against the schedule (p99): large when all
client connections were waiting on an overloaded server, or when the generator itself fell
behind. Before each scenario it waits until the server is idle again (an overloaded open loop
leaves requests queued in the server). `server CPU ms/req` and `server cores` come from /proc
for the server's process group (PostgreSQL's own processes are not in it).

`--refuge PATH` runs another `refuge` command (e.g. a build with a fix) instead of the one
installed beside this Python.

`--profile` measures no server: it runs GET and POST assessment in-process on a new database
of each of `--backends`, all in one thread (httpx's ASGI transport, FastAPI's thread pool
replaced by direct calls) so that cProfile sees the whole request, and prints where the time
goes and the statements one request sends (see docs/performance/api.md).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import cProfile
import http.client
import io
import json
import math
import os
import platform
import pstats
import queue
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

BASE = "/api/v1"
PASSWORD = "benchmark password, not a secret"
DEFAULT_POSTGRES = os.environ.get(
    "REFUGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")
PURPOSE = "benchmark: read case"
GOAL_P99_MS = 50.0
GOAL_RATE = 200.0


# --- measurements ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    due: float  # perf_counter when the request was due (closed loop: when it was sent)
    sent: float
    done: float
    error: str | None = None  # e.g. "409 conflict", "no answer"; None when as expected

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def latency(self) -> float:
        return self.done - self.due


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    path: str
    expect: int
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Row:
    backend: str
    workers: int
    scenario: str
    mode: str
    requests: int
    errors: int
    seconds: float
    rate: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    send_lag_p99_ms: float | None = None
    target_rate: float | None = None
    error_kinds: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: float | None = None  # server CPU per request (per flow for the flow)
    server_cores: float | None = None  # server CPU seconds / wall seconds
    client_cores: float | None = None  # the load generator's, likewise

    def meets_goal(self) -> bool:
        return (
            self.target_rate is not None
            and self.rate >= 0.95 * self.target_rate
            and self.errors == 0
            and self.p99_ms < GOAL_P99_MS
        )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def summarize(
    samples: Sequence[Sample],
    *,
    backend: str,
    workers: int,
    scenario: str,
    mode: str,
    seconds: float,
    target_rate: float | None = None,
) -> Row:
    ok = [s.latency * 1000 for s in samples if s.ok]
    lag = [(s.sent - s.due) * 1000 for s in samples]
    return Row(
        backend=backend,
        workers=workers,
        scenario=scenario,
        mode=mode,
        requests=len(samples),
        errors=sum(not s.ok for s in samples),
        seconds=round(seconds, 2),
        rate=round(sum(s.ok for s in samples) / seconds, 1) if seconds > 0 else 0.0,
        p50_ms=round(percentile(ok, 50), 1),
        p90_ms=round(percentile(ok, 90), 1),
        p99_ms=round(percentile(ok, 99), 1),
        max_ms=round(max(ok, default=0.0), 1),
        send_lag_p99_ms=round(percentile(lag, 99), 1) if target_rate is not None else None,
        target_rate=target_rate,
        error_kinds=dict(Counter(s.error for s in samples if s.error is not None)),
    )


class Answer:
    """A response: its status and body."""

    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)


class Client:
    """One keep-alive HTTP/1.1 connection with the bearer token, on the standard library's
    http.client: the generator shares the machine's cores with the server, and httpx took
    about 1.8 ms of client CPU a request where this takes a fraction (docs/performance/api.md)."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self._prefix = parts.path.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._connection = _NoDelayConnection(parts.hostname or "", parts.port, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        document: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """`document` (if any) is sent as the JSON body."""
        sent = dict(self._headers)
        body = None
        if document is not None:
            body = json.dumps(document).encode()
            sent["Content-Type"] = "application/json"
        if headers:
            sent.update(headers)
        try:
            self._connection.request(method, self._prefix + path, body=body, headers=sent)
            response = self._connection.getresponse()
            return Answer(response.status, response.read())
        except (OSError, http.client.HTTPException):
            self._connection.close()  # the next request connects again
            raise

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _NoDelayConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _send(client: Client, call: Call) -> tuple[str | None, Answer | None]:
    """Send `call`; the error (status and problem code, or the exception) or None."""
    try:
        response = client.request(call.method, call.path, call.json, call.headers)
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__, None
    if response.status_code == call.expect:
        return None, response
    try:
        code = str(response.json().get("code", ""))
    except ValueError:
        code = ""
    return f"{response.status_code} {code}".strip(), response


def open_loop(
    base_url: str,
    token: str,
    make: Callable[[int], Call],
    rate: float,
    duration: float,
    *,
    threads: int = 48,
    drain: float = 15.0,
) -> tuple[list[Sample], float]:
    """Requests due every 1/rate s for `duration` s, whatever the answers; each is sent by the
    first free thread. Returns the samples and the seconds from the first due time to the
    last answer (requests still unanswered `drain` s after the last was due are errors)."""
    count = max(1, int(rate * duration))
    due_queue: queue.Queue[tuple[int, float] | None] = queue.Queue()
    samples: list[Sample] = []
    lock = threading.Lock()

    def worker() -> None:
        with Client(base_url, token) as client:
            client.get("/openapi.json")  # open the keep-alive connection before the clock runs
            while (item := due_queue.get()) is not None:
                i, due = item
                sent = time.perf_counter()
                error, _ = _send(client, make(i))
                sample = Sample(due, sent, time.perf_counter(), error)
                with lock:
                    samples.append(sample)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    time.sleep(0.2)
    start = time.perf_counter() + 0.05
    for i in range(count):
        due = start + i / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        due_queue.put((i, due))
    for _ in pool:
        due_queue.put(None)
    deadline = time.perf_counter() + drain
    for t in pool:
        t.join(max(0.0, deadline - time.perf_counter()))
    with lock:
        done = list(samples)
    missing = count - len(done)
    end = max((s.done for s in done), default=start)
    done.extend(Sample(start, start, start, "unanswered") for _ in range(missing))
    return done, end - start


def closed_loop(
    base_url: str,
    token: str,
    make: Callable[[int], Call],
    concurrency: int,
    duration: float,
) -> tuple[list[Sample], float]:
    """`concurrency` clients, each sending its next request when the last one is answered."""
    samples: list[Sample] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    barrier = threading.Barrier(concurrency + 1)
    stop_at: list[float] = []

    def worker() -> None:
        with Client(base_url, token) as client:
            client.get("/openapi.json")
            barrier.wait()
            while time.perf_counter() < stop_at[0]:
                with lock:
                    i = next(counter)
                sent = time.perf_counter()
                error, _ = _send(client, make(i))
                sample = Sample(sent, sent, time.perf_counter(), error)
                with lock:
                    samples.append(sample)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in pool:
        t.start()
    start = time.perf_counter()
    stop_at.append(start + duration)
    barrier.wait()
    for t in pool:
        t.join(duration + 30)
    with lock:
        done = list(samples)
    end = max((s.done for s in done), default=start)
    return done, end - start


# --- the casework calls --------------------------------------------------------------------------

GROUNDS: tuple[tuple[list[str], list[str]], ...] = (
    (["sexual_orientation"], ["lgbtiq"]),
    (["religion"], ["christian"]),
    (["ethnicity"], ["kurd"]),
    (["generalised_violence"], []),
    (["fear_non_state_actor", "political_opinion"], []),
)
REGIONS = ("SY-DI", "SY-HL", "SY-HM", "SY-DR", "SY-LA")
CREDIBILITY = ("credible", "partly_credible", "credible", "not_credible")


def application_body(rng: random.Random) -> dict[str, Any]:
    grounds, profiles = rng.choice(GROUNDS)
    applied = date.today() - timedelta(days=rng.randint(10, 150))
    return {
        "v_number": f"{rng.randrange(10**10):010d}",
        "nationality": "SY",
        "region_of_origin": rng.choice(REGIONS),
        "application_date": applied.isoformat(),
        "grounds": grounds,
        "risk_profiles": profiles,
        "credibility": rng.choice(CREDIBILITY),
        "individual_risk_indicators": rng.randint(0, 3),
    }


def register_call(body: dict[str, Any]) -> Call:
    return Call("POST", "/applications", 201, body, {"Idempotency-Key": str(uuid.uuid4())})


def hearing_call(case_id: str, kind: str) -> Call:
    held = (date.today() - timedelta(days=1)).isoformat()
    body = {"kind": kind, "held_on": held, "summary": "told of threats at a checkpoint"}
    return Call("POST", f"/applications/{case_id}/hearings", 201, body)


def read_call(case_id: str) -> Call:
    return Call("GET", f"/applications/{case_id}", 200, headers={"Purpose": PURPOSE})


def assess_call(case_id: str) -> Call:
    return Call("POST", f"/applications/{case_id}/assessments", 201, {})


GRANTS = ("grant_refugee", "grant_subsidiary")


def decide_call(case_id: str, recommendation: str) -> Call:
    """Decide as the assessment recommends where that is a grant (allowed straight after the
    detailed hearing); otherwise grant with reasons: a caseworker's departure from the
    recommendation, which awaits a supervisor's approval."""
    if recommendation in GRANTS:
        body = {"outcome": recommendation}
    else:
        body = {"outcome": "grant_refugee", "reasons": "benchmark: personal risk shown"}
    return Call("POST", f"/applications/{case_id}/decisions", 201, body)


def approve_call(case_id: str) -> Call:
    body = {"note": "benchmark: the reasons hold"}
    return Call("POST", f"/applications/{case_id}/decision-approvals", 201, body)


def _must(client: Client, call: Call) -> dict[str, Any]:
    error, response = _send(client, call)
    if error is not None:
        detail = "no answer" if response is None else f"{response.status_code} {response.text}"
        raise RuntimeError(f"{call.method} {call.path}: {detail}")
    assert response is not None
    answer: dict[str, Any] = response.json()
    return answer


def seed(
    base_url: str, token: str, cases: int, walked: int, seed_value: int = 1
) -> tuple[list[str], list[str]]:
    """Register `cases` applications (4 clients) and walk the first `walked` through both
    hearings; return (all ids, walked ids)."""
    rng = random.Random(seed_value)
    bodies = [application_body(rng) for _ in range(cases)]
    ids: list[str] = [""] * cases
    walked_ids = min(walked, cases)

    def one(k: int) -> None:
        with Client(base_url, token) as client:
            for i in range(k, cases, 4):
                ids[i] = str(_must(client, register_call(bodies[i]))["id"])
                if i < walked_ids:
                    for kind in ("first", "detailed"):
                        _must(client, hearing_call(ids[i], kind))

    _run_threads(one, 4)
    return ids, ids[:walked_ids]


def _run_threads(target: Callable[[int], None], n: int) -> None:
    errors: list[BaseException] = []

    def wrapped(k: int) -> None:
        try:
            target(k)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=wrapped, args=(k,)) for k in range(n)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]


FLOW_STEPS = ("register", "first hearing", "detailed hearing", "assess", "decide", "approve")


def flow_loop(
    base_url: str,
    token: str,
    supervisor_token: str,
    concurrency: int,
    duration: float,
    seed_value: int = 2,
) -> tuple[list[Sample], dict[str, list[Sample]], float]:
    """`concurrency` clients each running the whole flow back to back: register, both
    hearings, assess, decide (caseworker); where the decision departs from the recommendation
    and awaits approval, the supervisor approves it, so that every flow ends decided. A flow
    that fails at a step is a failed flow (and a failed step); it stops there."""
    flows: list[Sample] = []
    steps: dict[str, list[Sample]] = {name: [] for name in FLOW_STEPS}
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency + 1)
    stop_at: list[float] = []

    def one_flow(rng: random.Random, caseworker: Client, supervisor: Client) -> str | None:
        case_id = recommendation = ""
        for name in FLOW_STEPS:
            client = caseworker
            if name == "register":
                call = register_call(application_body(rng))
            elif name == "first hearing":
                call = hearing_call(case_id, "first")
            elif name == "detailed hearing":
                call = hearing_call(case_id, "detailed")
            elif name == "assess":
                call = assess_call(case_id)
            elif name == "decide":
                call = decide_call(case_id, recommendation)
            else:
                call, client = approve_call(case_id), supervisor
            sent = time.perf_counter()
            error, response = _send(client, call)
            with lock:
                steps[name].append(Sample(sent, sent, time.perf_counter(), error))
            if error is not None:
                return f"{name}: {error}"
            assert response is not None
            answer = response.json()
            if name == "register":
                case_id = str(answer["id"])
            elif name == "assess":
                recommendation = str(answer["recommendation"])
            elif name == "decide" and answer.get("status") != "awaiting_approval":
                return None
        return None

    def worker(k: int) -> None:
        rng = random.Random(seed_value * 1000 + k)
        with Client(base_url, token) as caseworker, Client(base_url, supervisor_token) as sup:
            caseworker.get("/openapi.json")
            sup.get("/openapi.json")
            barrier.wait()
            while time.perf_counter() < stop_at[0]:
                flow_start = time.perf_counter()
                error = one_flow(rng, caseworker, sup)
                sample = Sample(flow_start, flow_start, time.perf_counter(), error)
                with lock:
                    flows.append(sample)

    pool = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(concurrency)]
    for t in pool:
        t.start()
    start = time.perf_counter()
    stop_at.append(start + duration)
    barrier.wait()
    for t in pool:
        t.join(duration + 60)
    end = max((s.done for s in flows), default=start)
    return flows, steps, end - start


# --- databases, accounts and the server ---------------------------------------------------------


REFUGE_COMMAND: list[str] = []  # --refuge: another `refuge` to run (e.g. a patched build)


def refuge_executable() -> str:
    if REFUGE_COMMAND:
        return REFUGE_COMMAND[0]
    beside = Path(sys.executable).parent / "refuge"
    found = str(beside) if beside.exists() else shutil.which("refuge")
    if found is None:
        raise SystemExit("the `refuge` command is not installed (pip install -e .)")
    return found


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [refuge_executable(), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"refuge {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@contextlib.contextmanager
def database(backend: str, home: Path, postgres_url: str) -> Iterator[str]:
    """A new, empty database: a SQLite file under `home`, or a fresh PostgreSQL schema
    (dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{home / 'refuge.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@dataclass(frozen=True)
class Prepared:
    env: dict[str, str]
    caseworker_token: str
    supervisor_token: str


def prepare(url: str, home: Path) -> Prepared:
    """Migrate, then a team, a caseworker and a supervisor with tokens, through the CLI."""
    env = dict(os.environ)
    env.update(
        REFUGE_HOME=str(home),
        REFUGE_DATABASE_URL=url,
        REFUGE_SECRET_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    _cli(env, "db", "upgrade")
    _cli(env, "users", "add-team", "bench")
    tokens = {}
    for role in ("caseworker", "supervisor"):
        username = f"bench-{role}"
        _cli(
            env,
            "users",
            "add",
            username,
            "--role",
            role,
            "--team",
            "bench",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        issued = _cli(env, "users", "token", username, "--password-stdin", stdin=PASSWORD + "\n")
        tokens[role] = issued.strip().splitlines()[-1]
    return Prepared(env, tokens["caseworker"], tokens["supervisor"])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    base_url: str
    workers: int
    process: subprocess.Popen[bytes]
    log: Path


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (it was started in a session of its own, so the
    group is the server and its worker processes only), SIGKILL if it has not gone in 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
    with contextlib.suppress(ProcessLookupError):  # a worker left behind by its supervisor
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def serve(
    env: dict[str, str], workers: int, log: Path, ready_timeout: float = 60
) -> Iterator[Server]:
    """`refuge serve --workers N` on a free loopback port, until the block ends."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                refuge_executable(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base_url = f"http://127.0.0.1:{port}{BASE}"
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"refuge serve exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(base_url + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"refuge serve did not answer in {ready_timeout} s")
            time.sleep(0.2)
        if workers > 1:  # each worker answers once it has imported the app
            for _ in range(4 * workers):
                httpx.get(base_url + "/openapi.json", timeout=5)
        yield Server(base_url, workers, process, log)
    finally:
        _stop(process)


# --- one backend, one worker count ----------------------------------------------------------------


@dataclass
class Settings:
    rate: float = 200.0
    duration: float = 15.0
    closed_duration: float = 8.0
    concurrency: int = 8
    flow_concurrency: int = 4
    cases: int = 500
    walked: int = 200
    warmup: float = 2.0
    threads: int = 48


def _group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of the live processes in process group `pgid` (/proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()  # from field 3 (state) on
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def cpu_meter(server: Server) -> Iterator[dict[str, float]]:
    """CPU seconds the server (all its processes) and this process (the load generator)
    spent in the block: {"server": s, "client": s}."""
    used: dict[str, float] = {}
    server0, client0 = _group_cpu_seconds(server.process.pid), _own_cpu_seconds()
    yield used
    used["server"] = _group_cpu_seconds(server.process.pid) - server0
    used["client"] = _own_cpu_seconds() - client0


def wait_idle(server: Server, limit: float = 90.0) -> float:
    """Wait until the server has worked off what earlier scenarios left queued (an overloaded
    open loop leaves requests the server still runs): under 0.1 core for 0.5 s. Seconds
    waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        before = _group_cpu_seconds(server.process.pid)
        time.sleep(0.5)
        if _group_cpu_seconds(server.process.pid) - before < 0.05:
            break
    return time.perf_counter() - t0


def _with_cpu(row: Row, used: dict[str, float]) -> Row:
    if row.seconds > 0 and row.requests:
        row.server_cores = round(used["server"] / row.seconds, 2)
        row.client_cores = round(used["client"] / row.seconds, 2)
        row.server_cpu_ms = round(used["server"] / row.requests * 1000, 2)
    return row


def measure(
    server: Server,
    tokens: Prepared,
    ids: list[str],
    walked: list[str],
    s: Settings,
    backend: str,
) -> list[Row]:
    """The scenarios on a running server: open loop at s.rate, closed loop, then the flow."""
    token, supervisor_token = tokens.caseworker_token, tokens.supervisor_token
    rows: list[Row] = []
    scenarios: list[tuple[str, Callable[[int], Call]]] = [
        ("GET /applications/{id}", lambda i: read_call(ids[i % len(ids)])),
        ("POST /applications/{id}/assessments", lambda i: assess_call(walked[i % len(walked)])),
    ]

    def row(
        samples: Sequence[Sample],
        scenario: str,
        mode: str,
        seconds: float,
        target_rate: float | None = None,
    ) -> Row:
        return summarize(
            samples,
            backend=backend,
            workers=server.workers,
            scenario=scenario,
            mode=mode,
            seconds=seconds,
            target_rate=target_rate,
        )

    for name, make in scenarios:
        wait_idle(server)
        if s.warmup > 0:  # let every worker and connection warm up, not counted
            closed_loop(server.base_url, token, make, s.concurrency, s.warmup)
        with cpu_meter(server) as used:
            samples, seconds = open_loop(
                server.base_url, token, make, s.rate, s.duration, threads=s.threads
            )
        mode = f"open {s.rate:g}/s"
        rows.append(_with_cpu(row(samples, name, mode, seconds, s.rate), used))
        wait_idle(server)
        with cpu_meter(server) as used:
            samples, seconds = closed_loop(
                server.base_url, token, make, s.concurrency, s.closed_duration
            )
        mode = f"closed c={s.concurrency}"
        rows.append(_with_cpu(row(samples, name, mode, seconds), used))
    wait_idle(server)
    with cpu_meter(server) as used:
        flows, steps, seconds = flow_loop(
            server.base_url, token, supervisor_token, s.flow_concurrency, s.closed_duration
        )
    mode = f"closed c={s.flow_concurrency}"
    rows.append(_with_cpu(row(flows, "flow (5-6 requests)", mode, seconds), used))
    for step, samples in steps.items():
        rows.append(row(samples, f"flow: {step}", mode, seconds))
    return rows


def run_backend(
    backend: str,
    workers_list: Sequence[int],
    s: Settings,
    postgres_url: str = DEFAULT_POSTGRES,
    on_server: Callable[[Server], None] | None = None,
) -> list[Row]:
    """Prepare one backend, seed it with the first server, measure every worker count."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix=f"refuge-bench-{backend}-") as tmp:
        home = Path(tmp)
        with database(backend, home, postgres_url) as url:
            prepared = prepare(url, home)
            token = prepared.caseworker_token
            ids: list[str] = []
            walked: list[str] = []
            for workers in workers_list:
                with serve(prepared.env, workers, home / f"serve-{workers}.log") as server:
                    if on_server is not None:
                        on_server(server)
                    if not ids:
                        t0 = time.perf_counter()
                        ids, walked = seed(server.base_url, token, s.cases, s.walked)
                        print(
                            f"# {backend}: seeded {len(ids)} cases ({len(walked)} through both "
                            f"hearings) in {time.perf_counter() - t0:.1f} s",
                            file=sys.stderr,
                        )
                    t0 = time.perf_counter()
                    rows.extend(measure(server, prepared, ids, walked, s, backend))
                    print(
                        f"# {backend}, {workers} worker(s): measured in "
                        f"{time.perf_counter() - t0:.0f} s",
                        file=sys.stderr,
                    )
    return rows


def postgres_answers(url: str) -> bool:
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


# --- output ---------------------------------------------------------------------------------------

COLUMNS = (
    "backend",
    "workers",
    "scenario",
    "mode",
    "requests",
    "errors",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "send lag p99 ms",
    "server CPU ms/req",
    "server cores",
    "client cores",
    "goal",
)


def _opt(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _errors(r: Row) -> str:
    if not r.errors:
        return "0"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(r.error_kinds.items()))
    return f"{r.errors} ({kinds})"


def markdown(rows: Sequence[Row]) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|"
        + "|".join(
            "---:" if c not in ("backend", "scenario", "mode", "goal") else "---" for c in COLUMNS
        )
        + "|",
    ]
    for r in rows:
        if r.target_rate is not None:
            goal = "met" if r.meets_goal() else "missed"
            if not r.scenario.startswith(("GET", "POST")):
                goal = "-"
        else:
            goal = "-"
        lag = "-" if r.send_lag_p99_ms is None else f"{r.send_lag_p99_ms:.1f}"
        cells = [
            r.backend,
            str(r.workers),
            r.scenario.replace("|", "\\|"),
            r.mode,
            str(r.requests),
            _errors(r),
            f"{r.rate:.1f}",
            f"{r.p50_ms:.1f}",
            f"{r.p90_ms:.1f}",
            f"{r.p99_ms:.1f}",
            f"{r.max_ms:.1f}",
            lag,
            _opt(r.server_cpu_ms),
            _opt(r.server_cores),
            _opt(r.client_cores),
            goal,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


# --- profile: where does the time of one request go -----------------------------------------------


# (label, file name ends with, function name): cumulative time per request of these
PARTS: tuple[tuple[str, str, str], ...] = (
    ("whole request (ASGI app)", "starlette/applications.py", "__call__"),
    ("auth: token -> user", "refuge/accounts/tokens.py", "user_for"),
    ("authorize (role check)", "refuge/api/permissions.py", "authorize"),
    ("service.get_application", "refuge/casework/applications.py", "get_application"),
    ("service.run_assessment", "refuge/casework/deciding.py", "run_assessment"),
    ("  load_application", "refuge/casework/access.py", "load_application"),
    ("  case_of (facts -> Case)", "refuge/casework/case_facts.py", "case_of"),
    ("  assess() (the engine)", "refuge/assess/service.py", "assess"),
    ("  to_json_dict", "refuge/assess/result.py", "to_json_dict"),
    ("audit trail: record", "refuge/audit/trail.py", "record"),
    ("  event_hash", "refuge/audit/trail.py", "event_hash"),
    ("AES-GCM seal", "refuge/store/crypto.py", "seal"),
    ("AES-GCM unseal", "refuge/store/crypto.py", "unseal"),
    ("Session.commit", "sqlalchemy/orm/session.py", "commit"),
    ("Session.flush (all)", "sqlalchemy/orm/session.py", "flush"),
    ("Session.execute (all)", "sqlalchemy/orm/session.py", "execute"),
    ("DBAPI cursor.execute (all)", "sqlalchemy/engine/default.py", "do_execute"),
    ("response: serialize_response", "fastapi/routing.py", "serialize_response"),
    (
        "request validation: solve_dependencies",
        "fastapi/dependencies/utils.py",
        "solve_dependencies",
    ),
    ("ResponseHeaders middleware", "refuge/api/headers.py", "__call__"),
)


def _parts(stats: pstats.Stats, requests: int) -> list[tuple[str, float]]:
    """Cumulative ms per request of each of PARTS (0 where the function was not called)."""
    table: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
    out = []
    for label, file_end, func in PARTS:
        cumulative = max(
            (
                value[3]
                for (file, _line, name), value in table.items()
                if name == func and file.replace("\\", "/").endswith(file_end)
            ),
            default=0.0,
        )
        out.append((label, cumulative / requests * 1000))
    return out


async def _statements_of(send: Callable[[Call], Any], call: Call) -> list[str]:
    """The SQL statements one request sends (the start of each), in order; BEGIN and COMMIT
    as the driver sends them are listed as the engine events that cause them."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.append(" ".join(sql.split())[:110])

    def begin(_conn: Any) -> None:
        seen.append("(begin)")

    def commit(_conn: Any) -> None:
        seen.append("(commit)")

    def rollback(_conn: Any) -> None:
        seen.append("(rollback)")

    hooks = (
        ("before_cursor_execute", statement),
        ("begin", begin),
        ("commit", commit),
        ("rollback", rollback),
    )
    for name, hook in hooks:
        event.listen(Engine, name, hook)
    try:
        await send(call)
    finally:
        for name, hook in hooks:
            event.remove(Engine, name, hook)
    return seen


@contextlib.contextmanager
def _single_thread() -> Iterator[None]:
    """Run FastAPI's sync endpoints and dependencies in the event loop's thread instead of the
    thread pool, so that cProfile (which sees one thread) sees all of a request."""
    import anyio.to_thread

    original = anyio.to_thread.run_sync

    async def direct(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = direct  # type: ignore[assignment]
    try:
        yield
    finally:
        anyio.to_thread.run_sync = original


def profile(
    requests: int, top: int = 30, backend: str = "sqlite", postgres_url: str = DEFAULT_POSTGRES
) -> str:
    """GET case and POST assessment in-process on a new database of `backend` (a SQLite file or
    a fresh PostgreSQL schema), everything in one thread (httpx's ASGI transport, no thread
    pool), timed and then under cProfile: the time per request, a breakdown by part, the
    statements of one request and the functions that take most of the time."""
    import asyncio

    from refuge.accounts import service as accounts
    from refuge.accounts import tokens
    from refuge.api.app import create_app
    from refuge.store.engine import transaction
    from refuge.store.migrate import upgrade

    out = io.StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="refuge-profile-") as tmp,
        database(backend, Path(tmp), postgres_url) as url,
    ):
        os.environ["REFUGE_HOME"] = tmp
        os.environ.setdefault(
            "REFUGE_SECRET_KEY", base64.b64encode(secrets.token_bytes(32)).decode()
        )
        out.write(f"# backend: {backend}\n")
        upgrade(url)
        with transaction(url) as session:
            accounts.add_team(session, "bench", actor="bench")
            user = accounts.add_user(
                session, "bench-caseworker", PASSWORD, "caseworker", actor="bench", team="bench"
            )
            _, token = tokens.issue(session, user)
        app = create_app(url)

        async def run() -> None:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport,
                base_url="https://testserver" + BASE,
                headers={"Authorization": f"Bearer {token}"},
            ) as client:

                async def send(call: Call) -> None:
                    response = await client.request(
                        call.method, call.path, json=call.json, headers=call.headers
                    )
                    if response.status_code != call.expect:
                        raise RuntimeError(f"{call.path}: {response.status_code} {response.text}")

                rng = random.Random(3)
                ids = []
                for _ in range(50):
                    call = register_call(application_body(rng))
                    response = await client.post(call.path, json=call.json, headers=call.headers)
                    case_id = response.json()["id"]
                    for kind in ("first", "detailed"):
                        await send(hearing_call(case_id, kind))
                    ids.append(case_id)
                for name, make in (
                    ("GET /applications/{id}", read_call),
                    ("POST /applications/{id}/assessments", assess_call),
                ):
                    calls = [make(ids[i % len(ids)]) for i in range(requests)]
                    for call in calls[:50]:  # warm up
                        await send(call)
                    statements = await _statements_of(send, calls[0])
                    t0 = time.perf_counter()
                    for call in calls:
                        await send(call)
                    plain = (time.perf_counter() - t0) / requests * 1000
                    profiler = cProfile.Profile()
                    profiler.enable()
                    for call in calls:
                        await send(call)
                    profiler.disable()
                    stats = pstats.Stats(profiler)
                    out.write(
                        f"\n## {name}: {plain:.2f} ms a request in one thread, without the "
                        f"profiler ({requests} requests)\n\n"
                        "| part (cumulative, with the profiler's overhead) | ms/request |\n"
                        "|---|---:|\n"
                    )
                    for label, ms in _parts(stats, requests):
                        if ms > 0:
                            out.write(f"| {label} | {ms:.2f} |\n")
                    out.write(f"\nStatements of one request ({len(statements)}):\n\n")
                    out.writelines(f"    {sql}\n" for sql in statements)
                    stream = io.StringIO()
                    stats.stream = stream  # type: ignore[attr-defined]
                    stats.sort_stats("tottime").print_stats(top)
                    out.write("\nTop functions by own time:\n\n" + stream.getvalue())

        with _single_thread():
            asyncio.run(run())
    return out.getvalue()


# --- command line --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rate", type=float, default=200.0, help="open-loop requests/s")
    parser.add_argument("--duration", type=float, default=15.0, help="open-loop seconds")
    parser.add_argument("--closed-duration", type=float, default=8.0, help="closed-loop seconds")
    parser.add_argument("--concurrency", type=int, default=8, help="closed-loop clients")
    parser.add_argument("--flow-concurrency", type=int, default=4, help="clients running the flow")
    parser.add_argument("--cases", type=int, default=500, help="cases seeded per backend")
    parser.add_argument("--walked", type=int, default=200, help="of which through both hearings")
    parser.add_argument("--threads", type=int, default=48, help="open-loop client threads")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--json", type=Path, help="write the rows here as JSON")
    parser.add_argument(
        "--refuge", help="the `refuge` command to run (default: the one beside this Python)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile in-process instead")
    parser.add_argument("--profile-requests", type=int, default=300)
    args = parser.parse_args(argv)

    if args.refuge:
        REFUGE_COMMAND[:] = [args.refuge]
    if args.profile:
        for backend in args.backends:
            print(profile(args.profile_requests, backend=backend, postgres_url=args.postgres_url))
        return 0
    settings = Settings(
        rate=args.rate,
        duration=args.duration,
        closed_duration=args.closed_duration,
        concurrency=args.concurrency,
        flow_concurrency=args.flow_concurrency,
        cases=args.cases,
        walked=args.walked,
        threads=args.threads,
    )
    print(f"# machine: {machine()}", file=sys.stderr)
    rows: list[Row] = []
    for backend in args.backends:
        if backend == "postgresql" and not postgres_answers(args.postgres_url):
            print(f"# postgresql: no server at {args.postgres_url}; skipped", file=sys.stderr)
            continue
        rows.extend(run_backend(backend, args.workers, settings, args.postgres_url))
    print(f"# after the run: {machine()}", file=sys.stderr)
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
