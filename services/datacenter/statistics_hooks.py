"""Admin integration of population statistics: the page, its exports and the menu item.

Imported from the app's `wagtail_hooks.py` (Wagtail loads only modules of that name).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from services.datacenter import views_statistics
from services.datacenter.statistics import user_may_view_population_statistics


@hooks.register("register_admin_urls")
def register_population_statistics_urls():
    return [
        path(
            "datacenter/statistics/",
            views_statistics.population_statistics_view,
            name="datacenter_statistics",
        ),
        path(
            "datacenter/statistics/export/<slug:table_key>/",
            views_statistics.population_statistics_export,
            name="datacenter_statistics_export",
        ),
    ]


class PopulationStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_view_population_statistics(request.user)


@hooks.register("register_admin_menu_item")
def register_population_statistics_menu_item():
    return PopulationStatisticsMenuItem(
        _("Population statistics"), reverse("datacenter_statistics"), icon_name="group", order=310
    )
