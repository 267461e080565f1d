import os

from django.core.wsgi import get_wsgi_application

from sendplan import collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
application = get_wsgi_application()

# Freeze what start-up made and collect cycles less often (sendplan/collector.py).
collector.tune()
