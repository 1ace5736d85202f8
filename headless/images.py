"""Image renditions the API hands out: only sizes from this allow-list, so clients cannot make the
server render (and store) arbitrary sizes."""

import graphene

# name -> Wagtail filter spec
RENDITION_SIZES = {
    "THUMBNAIL": "fill-320x240",
    "CARD": "fill-640x360",
    "WIDE": "width-1280",
    "PORTRAIT_SCREEN": "max-1080x1920",
    "LANDSCAPE_SCREEN": "max-1920x1080",
}

RenditionSize = graphene.Enum("RenditionSize", [(name, name) for name in RENDITION_SIZES])


class Rendition(graphene.ObjectType):
    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


class Image(graphene.ObjectType):
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    rendition = graphene.Field(Rendition, size=graphene.Argument(RenditionSize, required=True))

    @staticmethod
    def resolve_rendition(image, info, size):
        name = size.value if hasattr(size, "value") else size
        rendition = image.get_rendition(RENDITION_SIZES[name])
        url = rendition.url
        if url.startswith("/"):
            url = info.context.build_absolute_uri(url)
        return Rendition(url=url, width=rendition.width, height=rendition.height)
