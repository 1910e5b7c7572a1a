"""A superuser adds an organisation's synonym in the admin and the next search uses it."""

from django.contrib.auth.models import User
from django.test import Client

from tietovaranto.catalog.models import Organisation
from tietovaranto.search.services import search


def test_a_synonym_added_in_the_admin_finds_the_resource(demo_catalog: Organisation) -> None:
    assert search("menokehyksistä").total == 0
    client = Client()
    client.force_login(User.objects.create_superuser("juuri", "juuri@example.org", "salasana-123"))
    form = client.get("/admin/search/synonym/add/").content.decode()
    assert "Kaarinan kaupunki" in form  # the organisation is chosen from the live ones
    response = client.post(
        "/admin/search/synonym/add/",
        {"organisation": demo_catalog.pk, "word": "menokehys", "means": "talousarvio, tilinpäätös"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    hits = search("menokehyksistä").hits
    assert [hit.resource.name for hit in hits][:1] == ["Taloushallinnon tietovarannot"]
    # the same word twice for one organisation is refused with a message, nothing replaced
    again = client.post(
        "/admin/search/synonym/add/", {"organisation": demo_catalog.pk, "word": "menokehys", "means": "x"}
    )
    assert again.status_code == 200
    assert "menokehys" in again.content.decode()
    assert 'class="errornote"' in again.content.decode()
    assert search("menokehyksistä").total == len(hits)  # the first one still applies
