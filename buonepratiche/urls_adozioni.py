from django.urls import path

from buonepratiche.views import adozioni

urlpatterns = [
    path("trasferimenti/", adozioni.trasferimenti, name="trasferimenti"),
    path("<int:pratica_id>/adozione/", adozioni.dichiara, name="dichiara_adozione"),
]
