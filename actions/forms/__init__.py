"""Forms for the officer-facing write pages, one module per page family.

Forms only check and tidy input; every write is a function in a services module
(actions/*services.py).

The GOV.UK plumbing every form uses (here and in boroughs/) is sendplan/forms.py.

- `base.py`: what action forms share: the version a form was opened at, the due date a
  timescale gives.
- `status.py`: the status update. `action_edit.py`: editing and adding an action.
- `milestones.py`: milestones and success measures' values.
- `structure.py`: a plan's priorities and objectives.
"""
