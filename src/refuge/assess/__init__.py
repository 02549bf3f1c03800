"""Decision support: a case's facts and the policy in force -> a recommendation, explained."""

from refuge.assess.result import Assessment
from refuge.assess.service import assess

__all__ = ["Assessment", "assess"]
