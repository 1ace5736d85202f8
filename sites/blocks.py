"""StreamField blocks for free content on every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, label=_("caption"))
    alt_text = blocks.CharBlock(
        required=False, label=_("alternative text"), help_text=_("What the picture shows, for screen readers.")
    )

    class Meta:
        icon = "image"
        template = "sites/blocks/captioned_image.html"
        label = _("image")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "warning"
        template = "sites/blocks/callout.html"
        label = _("highlighted note")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("heading"), template="sites/blocks/heading.html")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link", "document-link", "hr"], label=_("paragraph")
    )
    image = CaptionedImageBlock()
    document = DocumentChooserBlock(label=_("document"), template="sites/blocks/document.html")
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
