"""Fixtures for the rule-language tests: packs, and one local Spark session for the lot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refuge.policy import PolicyPack, find_pack, load_pack
from refuge.policy.facts import FACTS

PACKS = Path(__file__).parent / "packs"


@pytest.fixture(scope="session")
def vt_pack() -> PolicyPack:
    """The small test pack: every node kind and function, six policy versions."""
    return load_pack(PACKS / "VT.yaml", FACTS)


@pytest.fixture(scope="session")
def sy_pack() -> PolicyPack:
    """The real Syria pack (skipped where the checkout has none)."""
    path = find_pack("SY")
    if path is None:
        pytest.skip("policies/SY.yaml is not in this checkout")
    return load_pack(path, FACTS)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session (two threads, no UI); its start takes about 15 seconds."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (extra [spark])")
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("refuge-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
