"""The `kiosk` root field: the configuration of the kiosk whose device token made the request."""

import graphene

from headless.content.types import Site, visibility
from headless.images import Image
from kiosk_app import selectors as kiosk_selectors
from kiosk_app.models import HEARTBEAT_INTERVAL_SECONDS


class OpeningPeriod(graphene.ObjectType):
    weekday = graphene.Int(required=True, description="1 = Monday … 7 = Sunday")
    opens_at = graphene.String(required=True, description="HH:MM, local time")
    closes_at = graphene.String(required=True, description="HH:MM, local time")

    @staticmethod
    def resolve_opens_at(period, info):
        return period.opens_at.strftime("%H:%M")

    @staticmethod
    def resolve_closes_at(period, info):
        return period.closes_at.strftime("%H:%M")


class AttractSlide(graphene.ObjectType):
    title = graphene.String(required=True)
    caption = graphene.String(required=True)
    image = graphene.Field(Image, required=True)


class KioskConfig(graphene.ObjectType):
    name = graphene.String(required=True)
    location = graphene.String(required=True)
    orientation = graphene.String(required=True, description="portrait or landscape")
    screen_inches = graphene.Int(required=True)
    idle_timeout_seconds = graphene.Int(required=True)
    heartbeat_interval_seconds = graphene.Int(required=True)
    time_zone = graphene.String(required=True)
    is_open = graphene.Boolean(required=True, description="inside opening hours now (else night mode)")
    opening_hours = graphene.List(graphene.NonNull(OpeningPeriod), required=True)
    attract_slides = graphene.List(graphene.NonNull(AttractSlide), required=True)
    site = graphene.Field(Site, description="the kiosk's community site")

    @staticmethod
    def resolve_heartbeat_interval_seconds(kiosk, info):
        return HEARTBEAT_INTERVAL_SECONDS

    @staticmethod
    def resolve_time_zone(kiosk, info):
        from django.conf import settings

        return settings.TIME_ZONE

    @staticmethod
    def resolve_is_open(kiosk, info):
        return kiosk_selectors.is_open_at(kiosk)

    @staticmethod
    def resolve_opening_hours(kiosk, info):
        return kiosk.opening_hours.all()  # prefetched with the kiosk

    @staticmethod
    def resolve_attract_slides(kiosk, info):
        return kiosk.attract_slides.all()

    @staticmethod
    def resolve_site(kiosk, info):
        from headless import selectors

        client = info.context.headless_client
        return selectors.site_of(visibility(info), client.site)


class KioskQuery(graphene.ObjectType):
    kiosk = graphene.Field(KioskConfig, description="the requesting kiosk (null for other clients)")

    @staticmethod
    def resolve_kiosk(root, info):
        client = getattr(info.context, "headless_client", None)
        return client.kiosk if client is not None else None
