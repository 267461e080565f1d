"""The officer-facing pages, one module per page family.

Views stay plain: they fetch through selectors or boroughs.permissions.get_scoped_or_404
(another borough's object answers 404, a role too low 403, on GET and POST alike), let
forms (actions/forms/) check input, and leave every write to the services (actions/*services.py).

- `plans.py`: a plan's page. `action_pages.py`: the action list, its CSV, an action.
- `status.py`: the status update. `action_edit.py`: editing an action.
- `conflicts.py`: saving those two against the version they were opened at.
- `milestones.py`: milestones and success measures' values.
- `structure.py`: a plan's priorities and objectives, and adding actions (borough admins).
- `common.py`: fetching an editable action, breadcrumbs, saving a form through a service.
"""
