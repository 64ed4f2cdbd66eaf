from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    # Wagtail's own login is replaced: every way in goes through allauth (its rate limits, its email
    # verification). Wagtail's password reset is off (WAGTAIL_PASSWORD_RESET_ENABLED).
    path("admin/login/", views.login_admin, name="login_admin"),
    path("admin/", include(wagtailadmin_urls)),
    path("documenti/", include(wagtaildocs_urls)),
    path("account/redazione/", views.accesso_redazione, name="accesso_redazione"),
    path("account/", include("allauth.urls")),
    path("profilo/", views.profilo, name="profilo"),
    path("profilo/modifica/", views.profilo_modifica, name="profilo_modifica"),
    path("profilo/esporta/", views.esporta_dati, name="profilo_esporta"),
    path("profilo/elimina/", views.elimina_account, name="profilo_elimina"),
    path("membri/", views.membri_elenco, name="membri"),
    path("membri/<str:username>/", views.membro, name="membro"),
    path("membri/<str:username>/foto/", views.membro_foto, name="membro_foto"),
    path("riepilogo/disiscriviti/<str:token>/", views.riepilogo_disiscrizione, name="riepilogo_disiscrizione"),
    path("", include("territori.urls")),  # zone/, zone/<slug>/, zone/<slug>/feed/, flusso/, organizzazioni/
    path("valutazione/", views.valuta_pagina, name="valuta_pagina"),
    path("pratiche/", include("buonepratiche.urls")),
    path("forum/", include("forum.urls")),
    path("gruppi/", include("gruppi.urls")),
    path("notifiche/", include("notifiche.urls")),
    path("api/", include("api.urls")),
    path("cerca/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
