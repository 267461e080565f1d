"""The borough switcher. (The home page, which shows actions and meetings, is reports/home.py.)"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from boroughs import permissions
from boroughs.forms import BoroughSwitchForm


@login_required
@require_http_methods(["GET", "POST"])
def switch_borough(request):
    boroughs = permissions.user_boroughs(request)
    current = permissions.current_borough(request)
    if request.method == "POST":
        form = BoroughSwitchForm(request.POST, boroughs=boroughs)
        if form.is_valid():
            permissions.set_current_borough(request, form.chosen())
            next_url = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect("home")
    else:
        form = BoroughSwitchForm(
            initial={"borough": current.pk if current else None}, boroughs=boroughs
        )
    context = {
        "form": form,
        "next": request.GET.get("next", request.POST.get("next", "")),
        "breadcrumbs": [{"label": "Home", "url": "/"}],
    }
    return render(request, "boroughs/switch.html", context)
