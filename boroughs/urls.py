from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from boroughs import views
from boroughs.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("boroughs/switch/", views.switch_borough, name="switch_borough"),
    # Public on purpose: the sign-in page's footer links here, and people who cannot
    # sign in must be able to read how to get help.
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
]
