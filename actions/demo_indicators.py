"""The demo's national indicators: seed measures that ARE a national indicator are linked
to it, so the demo shows the DfE's real published figures for them (marked as such),
never made-up values. Only measures whose own words name the indicator are linked.
"""

from actions.measure_services import measure_link_indicator
from actions.models import MeasureValue, SuccessMeasure
from boroughs.indicator_loader import indicators_load
from boroughs.models import Indicator, IndicatorValue

# (borough slug, plan slug, how the measure's words begin, LAIT code)
LINKS = [
    # "Improved the 20 week statutory timescales by 20% from a base of 55% to 75% by
    # December 2022": the DfE's 20-week timeliness, excluding exception cases (the
    # statutory measure).
    (
        "hackney",
        "send-action-plan-2022",
        "Improved the 20 week statutory timescales",
        "SEN_EHC_Excpt_20wks",
    ),
]
REASON = "Demo: linked to the national indicator its words name"


def link_national_indicators(report):
    codes = {code for *_, code in LINKS}
    if IndicatorValue.objects.filter(indicator__code__in=codes).count() == 0:
        indicators_load(codes=codes)
        report.add("national indicators loaded", len(codes))
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for borough, plan, words, code in LINKS:
        measure = SuccessMeasure.objects.filter(
            plan__borough__slug=borough, plan__slug=plan, description__startswith=words
        ).first()
        if measure is None or measure.indicator_id == indicators[code].pk:
            continue
        measure_link_indicator(measure=measure, user=None, indicator=indicators[code])
        # Its figures now come from the DfE: drop any made-up values an older demo added.
        for value in MeasureValue.objects.filter(measure=measure, is_illustrative=True):
            value._change_reason = REASON
            value.delete()
        report.add("measures linked to national indicators")
