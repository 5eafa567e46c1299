"""Referrals from municipal staff: the public form under /refer/ (no login) and the
coordinator's list under /p/<slug>/people/referrals/."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import referrals

public: list[URLPattern | URLResolver] = [
    path("", referrals.referral_choose, name="people_referral"),
    path("<slug:slug>/", referrals.referral_form, name="people_referral_form"),
    path("<slug:slug>/thanks/", referrals.referral_thanks, name="people_referral_thanks"),
]

staff: list[URLPattern | URLResolver] = [
    path("", referrals.referral_staff_list, name="people_referral_list"),
    path(
        "<int:referral_id>/handled/",
        referrals.referral_mark_handled,
        name="people_referral_handled",
    ),
]
