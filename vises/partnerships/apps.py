from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "vises.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from vises.common import audit, demo, navigation
        from vises.partnerships import demo as partnerships_demo
        from vises.partnerships import (
            panels,
            privacy,  # noqa: F401  (field declarations)
        )
        from vises.partnerships.access import Perm, user_is_staff
        from vises.partnerships.views import landing

        audit.register_staff_check(user_is_staff)
        navigation.register_landing(landing)
        navigation.register(
            navigation.NavEntry(10, _("Start"), "partnership_start", Perm.VIEW_START, exact=True)
        )
        navigation.register(
            navigation.NavEntry(15, _("Operations"), "partnership_operations", Perm.OPERATE)
        )
        navigation.register(
            navigation.NavEntry(85, _("Agreement"), "partnership_agreement", Perm.VIEW_STATISTICS)
        )
        panels.register()
        navigation.register(
            navigation.NavEntry(90, _("Users"), "partnership_users", Perm.MANAGE_USERS)
        )
        demo.register_step(
            demo.DemoStep(
                10,
                "partnerships",
                partnerships_demo.demo_step,
                has_data=partnerships_demo.demo_has_data,
                logins=partnerships_demo.demo_logins,
            )
        )
