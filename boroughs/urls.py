from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from boroughs import (
    area_views,
    emailed_code,
    invitation_views,
    kept_posts,
    member_views,
    passwords,
    sso_views,
    two_factor,
    views,
)
from boroughs.forms import (
    GovukPasswordChangeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SignInForm,
)

urlpatterns = [
    path("sign-in/", sso_views.SignInView.as_view(authentication_form=SignInForm), name="login"),
    path("sign-out/", sso_views.SignOutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect): public, since the person is signing in.
    path("sign-in/sso/<slug:key>/", sso_views.sso_start, name="sso_start"),
    path("sign-in/sso/<slug:key>/callback/", sso_views.sso_callback, name="sso_callback"),
    path("sign-out/organisation/", sso_views.sso_signed_out, name="sso_signed_out"),
    # Forgotten passwords: Django's reset by email, which never says whether an address
    # has an account; throttled, and mailed by the worker (boroughs/passwords.py).
    # Public on purpose: the person cannot sign in.
    path(
        "password-reset/",
        passwords.PasswordResetRequestView.as_view(form_class=GovukPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmClearingView.as_view(form_class=GovukSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Changing your own password (signed in; it keeps you signed in).
    path(
        "account/password/",
        passwords.PasswordChangeCountedView.as_view(form_class=GovukPasswordChangeForm),
        name="password_change",
    ),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The link in an invitation email; public, since the invitee may have no account.
    path(
        "invitations/<str:token>/",
        invitation_views.invitation_accept,
        name="invitation_accept",
    ),
    path("session/keep-alive/", kept_posts.keep_alive, name="session_keep_alive"),
    # Two-factor sign-in: the code after a password, setting an app up, and your own page.
    path("sign-in/code/", two_factor.verify, name="two_factor_verify"),
    path("sign-in/emailed-code/", emailed_code.enter_code, name="sign_in_emailed_code"),
    path("account/security/", two_factor.security_page, name="security"),
    path("account/security/set-up/", two_factor.setup, name="two_factor_setup"),
    path("account/security/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
    path("boroughs/switch/", views.switch_borough, name="switch_borough"),
    # The service admin adds, suspends and restores local areas (boroughs/areas.py).
    path("service/areas/", area_views.area_list, name="area_list"),
    path("service/areas/add/", area_views.area_add, name="area_add"),
    path("service/areas/<slug:slug>/suspend/", area_views.area_suspend, name="area_suspend"),
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
    path(
        "boroughs/<slug:slug>/invitations/<int:pk>/withdraw/",
        member_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    # Public on purpose: the sign-in page's footer links here, and people who cannot
    # sign in must be able to read how to get help.
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
]
