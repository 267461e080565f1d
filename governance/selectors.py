"""Reads of boards, meetings and the risk register (with its 5×5 heat map)."""

import dataclasses
import datetime as dt

from django.db.models import Prefetch

from actions.models import Action
from governance.models import Meeting, Risk, risk_score
from sendplan.fixed_sql import FixedQuery

LEVELS = (1, 2, 3, 4, 5)
LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
# Score bands (likelihood × impact), each with a word so colour is never the only signal.
BANDS = (
    (15, "Very high", "red"),
    (10, "High", "orange"),
    (5, "Medium", "yellow"),
    (1, "Low", "green"),
)


def band(score):
    """(word, colour) for a score from 1 to 25, or None for an unscored risk."""
    if score is None:
        return None
    for floor, word, colour in BANDS:
        if score >= floor:
            return word, colour
    return None


def risk_queryset():
    return Risk.objects.select_related("borough", "owner").prefetch_related(
        Prefetch(
            "actions", queryset=Action.objects.select_related("plan").order_by("plan", "position")
        )
    )


def risks_for_borough(borough):
    return risk_queryset().in_borough(borough).order_by("status", "risk_id")


@dataclasses.dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    risks: list

    @property
    def score(self):
        return risk_score(self.likelihood, self.impact)

    @property
    def band(self):
        return band(self.score)


def heat_map(risks):
    """The open risks placed on a 5×5 grid: rows from likelihood 5 down to 1, columns
    impact 1 to 5. Unscored or closed risks are left out (and counted by the caller)."""
    grid = {}
    for risk in risks:
        if risk.status == Risk.Status.OPEN and risk.score is not None:
            grid.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return [
        {
            "likelihood": likelihood,
            "word": LIKELIHOOD_WORDS[likelihood],
            "cells": [
                HeatCell(likelihood, impact, sorted(grid.get((likelihood, impact), []), key=_id))
                for impact in LEVELS
            ],
        }
        for likelihood in reversed(LEVELS)
    ]


def _id(risk):
    return risk.risk_id


def next_meeting(borough, today):
    """The borough's next board meeting on or after `today`, or None."""
    if borough is None:
        return None
    return next(iter(_next_meeting(borough.pk, today)), None)


@FixedQuery.with_kinds(int, dt.date)  # on home and the dashboard: compiled once a process
def _next_meeting(borough_id, today):
    meetings = Meeting.objects.select_related("board").in_borough(borough_id)
    return meetings.filter(date__gte=today).order_by("date", "id")[:1]
