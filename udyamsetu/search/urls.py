from django.urls import path

from udyamsetu.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/saved/", views.saved_searches, name="saved"),
    path("search/saved/new", views.save_search, name="save"),
    path("search/saved/<int:pk>/", views.update_saved_search, name="saved_update"),
    path("search/saved/<int:pk>/delete", views.delete_saved_search, name="saved_delete"),
]
