"""The public description of a pack's decision-support algorithm for the Dutch Algorithm
Register (Algoritmeregister), with the EU AI Act's points for a high-risk system: data
(`registration`), HTML (`render_html`) and JSON (`Registration.model_dump`)."""

from refuge.policy.register.build import registration
from refuge.policy.register.html import render_html
from refuge.policy.register.model import Registration

__all__ = ["Registration", "registration", "render_html"]
