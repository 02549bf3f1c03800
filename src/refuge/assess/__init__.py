"""Decision support: a case's facts and the policy in force -> a recommendation, explained."""

from refuge.assess.result import Assessment
from refuge.assess.service import REQUIRED_OUTPUTS, assess, load_country_pack

__all__ = ["REQUIRED_OUTPUTS", "Assessment", "assess", "load_country_pack"]
