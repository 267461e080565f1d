from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance: boards, risks and findings"

    def ready(self):
        from actions import open_round
        from governance.round_selectors import open_round_summary

        # Updates made from actions' pages report on the open round's quarter.
        open_round.register(open_round_summary)
