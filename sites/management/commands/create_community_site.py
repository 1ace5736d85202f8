"""manage.py create_community_site: the site wizard from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sites.services.site_builder import create_community_site
from themes.registry import DEFAULT_THEME, THEMES


class Command(BaseCommand):
    help = "Create a complete community website for a community org unit."

    def add_arguments(self, parser):
        parser.add_argument("--org-unit", required=True, help="Administrative code of the community.")
        parser.add_argument("--hostname", required=True)
        parser.add_argument("--theme", default=DEFAULT_THEME, choices=sorted(THEMES))
        parser.add_argument("--site-name", default="")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--no-starter-content", action="store_true")

    def handle(self, *args, **options):
        try:
            built = create_community_site(
                org_unit=options["org_unit"],
                hostname=options["hostname"],
                theme=options["theme"],
                site_name=options["site_name"],
                port=options["port"],
                starter_content=not options["no_starter_content"],
            )
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(problems) from error
        self.stdout.write(self.style.SUCCESS(f"{built.site.site_name}: {built.site.root_url}/"))
