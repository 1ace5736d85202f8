"""Language selection: Simplified Chinese unless the visitor chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would show an
English interface to every resident whose phone happens to be set to English. We follow only an
explicit choice (the language cookie set by the language switcher), then fall back to zh-hans.
"""

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
