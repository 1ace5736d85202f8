"""Admin: the synonym table (搜索同义词) as a Wagtail snippet that city administrators edit."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search_synonyms"
    add_to_admin_menu = False  # under Snippets; city administrators only (ROLE_PERMISSIONS)
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]
    panels = [FieldPanel("terms"), FieldPanel("note")]


register_snippet(SynonymGroupViewSet)
