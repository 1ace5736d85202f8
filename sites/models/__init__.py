"""Page types: the portal and community homes, their standard sections, and per-site settings."""

from sites.models.exchange import PortalSubmission, PushedNotice, SubmissionStatus  # noqa: F401
from sites.models.home import CommunityHomePage, PortalHomePage, SiteHomePage  # noqa: F401
from sites.models.portal import CommunityFeedPage  # noqa: F401
from sites.models.sections import (  # noqa: F401
    CommitteeMember,
    CommunityProfilePage,
    ContactPage,
    EventIndexPage,
    EventPage,
    GuideCategory,
    NewsIndexPage,
    NewsPage,
    NoticeAttachment,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    PartyAffairsPage,
    ServiceGuideIndexPage,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
)
from sites.models.settings import SiteAppearance  # noqa: F401
