from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Not in INSTALLED_APPS yet: the engine needs no models; runs and pairs come later."""

    name = "vises.matching"
    label = "matching"
    verbose_name = "Matching"
