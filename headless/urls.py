from django.urls import path

from headless.views import HeadlessGraphQLView

urlpatterns = [path("", HeadlessGraphQLView.as_view(), name="graphql")]
