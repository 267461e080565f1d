"""Forms for the officer-facing write pages, one module per page family.

Forms only check and tidy input; every write is a function in actions/services.py.

- `govuk.py`: GOV.UK plumbing every form here (and the members forms in boroughs/) uses.
- `base.py`: what action forms share: the version a form was opened at, the due date a
  timescale gives.
- `status.py`: the status update. `action_edit.py`: editing and adding an action.
- `milestones.py`: milestones and success measures' values.
- `structure.py`: a plan's priorities and objectives.
"""
