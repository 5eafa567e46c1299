"""The coordinator's language-friend pages, mounted at /p/<slug>/matching/."""

from django.urls import URLPattern, URLResolver, path

from vises.matching.views import pairs, runs, staff

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.matching_home, name="matching_home"),
    path("runs/", runs.matching_run_create, name="matching_run_create"),
    path("runs/<int:pk>/", runs.matching_run, name="matching_run"),
    path("runs/<int:pk>/recompute/", runs.matching_run_recompute, name="matching_run_recompute"),
    path("runs/<int:pk>/publish/", runs.matching_run_publish, name="matching_run_publish"),
    path("runs/<int:pk>/discard/", runs.matching_run_discard, name="matching_run_discard"),
    path("runs/<int:pk>/exclude/", runs.matching_run_exclude, name="matching_run_exclude"),
    path("runs/<int:pk>/include/", runs.matching_run_include, name="matching_run_include"),
    path("runs/<int:pk>/swap/", runs.matching_run_swap, name="matching_run_swap"),
    path("proposals/<int:pk>/lock/", runs.matching_proposal_lock, name="matching_proposal_lock"),
    path("pairs/", pairs.matching_pairs, name="matching_pairs"),
    path("pairs/<int:pk>/", pairs.matching_pair, name="matching_pair"),
    path("pairs/<int:pk>/activate/", pairs.matching_pair_activate, name="matching_pair_activate"),
    path("pairs/<int:pk>/pause/", pairs.matching_pair_pause, name="matching_pair_pause"),
    path("pairs/<int:pk>/resume/", pairs.matching_pair_resume, name="matching_pair_resume"),
    path("pairs/<int:pk>/end/", pairs.matching_pair_end, name="matching_pair_end"),
    path(
        "followups/<int:pk>/phone/", pairs.matching_followup_phone, name="matching_followup_phone"
    ),
    path("people/<int:pk>/limits/", staff.matching_limits, name="matching_limits"),
]
