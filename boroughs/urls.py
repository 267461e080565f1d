from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from boroughs import member_views, two_factor, views
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
    # Two-factor sign-in: the code after a password, setting an app up, and your own page.
    path("sign-in/code/", two_factor.verify, name="two_factor_verify"),
    path("account/security/", two_factor.security_page, name="security"),
    path("account/security/set-up/", two_factor.setup, name="two_factor_setup"),
    path("account/security/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
    path("boroughs/switch/", views.switch_borough, name="switch_borough"),
    # Borough admins manage who belongs to their borough, and with which role.
    path("boroughs/<slug:slug>/members/", member_views.borough_members, name="borough_members"),
    path(
        "boroughs/<slug:slug>/members/<int:pk>/",
        member_views.borough_member_edit,
        name="borough_member_edit",
    ),
    path(
        "boroughs/<slug:slug>/members/<int:pk>/remove/",
        member_views.borough_member_remove,
        name="borough_member_remove",
    ),
    # Public on purpose: the sign-in page's footer links here, and people who cannot
    # sign in must be able to read how to get help.
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
]
