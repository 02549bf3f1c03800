"""How long one case takes to assess and explain in-process, against the bare rule evaluation.

    python bench/assess_one.py [--repeat 5000]

Prints microseconds per case for (1) the scalar evaluator alone (every rule's value), (2) a full
`assess` (values, cited steps, pydantic output) and (3) the JSON a program would receive.
Not a test: figures go to docs/performance/bulk.md.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date

from refuge.assess import assess
from refuge.case.facts import case_facts
from refuge.case.schema import Case
from refuge.policy.country import load_country_pack

CASE = Case(
    case_id="BENCH-1",
    nationality="SY",
    region="SY-HM",
    application_date=date(2025, 3, 1),
    grounds=["sexual_orientation", "fear_non_state_actor"],
    credibility="credible",
    risk_profiles=["lgbtiq"],
    individual_risk_indicators=1,
    legal_residence=False,
)
DAY = date(2025, 10, 1)


def per_call_us(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches (pack load, compiled rules)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5000)
    args = parser.parse_args()
    version = load_country_pack("SY").as_of(DAY)
    facts = case_facts(CASE, DAY)
    rules = per_call_us(lambda: version.evaluate(facts), args.repeat)
    full = per_call_us(lambda: assess(CASE, DAY), args.repeat)
    as_json = per_call_us(lambda: json.dumps(assess(CASE, DAY).to_json_dict()), args.repeat)
    print("| step | µs per case | ratio to rules alone |")
    print("|---|---:|---:|")
    for name, us in (
        ("scalar evaluator: every rule's value", rules),
        ("assess: values + cited steps", full),
        ("assess + JSON output", as_json),
    ):
        print(f"| {name} | {us:,.1f} | {us / rules:,.1f}x |")
    print(f"(best of 3 runs of {args.repeat} calls, one process)")


if __name__ == "__main__":
    main()
