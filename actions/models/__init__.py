"""The actions app's models, one module a subject; every name is importable from here."""

from actions.models.action import Action, ActionQuerySet, Milestone, MilestoneQuerySet, rating_rank
from actions.models.imports import ImportColumnMapping, ImportLayout, ImportStatusWord
from actions.models.measures import MeasureValue, SuccessMeasure
from actions.models.plans import LeadAgency, Objective, Plan, PlanKind, PlanStatus, Priority, Tag
from actions.models.status import (
    BoardDecisionDetail,
    ReviewState,
    StatusUpdate,
    StatusUpdateSource,
)
from actions.ragb import RAGB

__all__ = [
    "RAGB",
    "Action",
    "ActionQuerySet",
    "BoardDecisionDetail",
    "ImportColumnMapping",
    "ImportLayout",
    "ImportStatusWord",
    "LeadAgency",
    "MeasureValue",
    "Milestone",
    "MilestoneQuerySet",
    "Objective",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "Priority",
    "ReviewState",
    "StatusUpdate",
    "StatusUpdateSource",
    "SuccessMeasure",
    "Tag",
    "rating_rank",
]
