"""What a session records about its person's activity, and the clock it is measured by.

Sign-in (boroughs/security.py) starts the clock; the idle middleware
(sendplan/middleware.py) reads and refreshes it.
"""

import time

# Session key: when the person last made a request, in seconds since the epoch.
LAST_SEEN = "sendplan_last_seen"
# Session key: after single sign-on, when the provider's ID token expires (seconds since
# the epoch); the session ends then, however active (boroughs/sso_views.py sets it).
SSO_UNTIL = "sendplan_sso_until"


def now():
    """Seconds since the epoch. One function, so tests can move the clock."""
    return time.time()
