import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the URL and template machinery, settings) lives as
# long as the worker. Freezing it moves those objects out of the cycle collector's
# reach, so its full collections walk only what requests create: fewer, shorter pauses
# in the slow tail of page times. GC_FREEZE=false turns it off, to compare.
if os.environ.get("GC_FREEZE", "true").strip().lower() not in ("0", "false", "no", "off"):
    gc.collect()
    gc.freeze()
