"""The one GraphQL schema, composed from one Query per domain (content, kiosk; the library joins later)."""

import graphene

from headless.content.schema import ContentQuery
from headless.kiosk.schema import KioskQuery


class Query(ContentQuery, KioskQuery, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query)
