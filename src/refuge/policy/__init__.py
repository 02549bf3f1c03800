"""Country policy packs: dated, cited parameters and rules, loaded from YAML."""

from refuge.policy.errors import PackError, PackProblem, PolicyNotInForce
from refuge.policy.loader import load_pack
from refuge.policy.locate import find_pack, pack_dir
from refuge.policy.pack import PolicyPack, PolicyVersion

__all__ = [
    "PackError",
    "PackProblem",
    "PolicyNotInForce",
    "PolicyPack",
    "PolicyVersion",
    "find_pack",
    "load_pack",
    "pack_dir",
]
