"""Readers' alerts in the admin: counts for editors and publishers, addresses for superusers only."""
import pytest
from django.contrib.auth.models import Group, User

from speeches.models import Alert, AlertDelivery, Subscriber

from tests.factories import make_document

pytestmark = pytest.mark.django_db

ADDRESS = "private.reader@example.org"


def staff_member(username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def alert():
    subscriber = Subscriber.objects.create(email=ADDRESS)
    alert = Alert.objects.create(subscriber=subscriber, query="q=amity", description="amity", state=Alert.State.ACTIVE)
    AlertDelivery.objects.create(alert=alert, document=make_document(title="Found one"))
    return alert


@pytest.mark.parametrize("group", ["Editors", "Publishers"])
def test_editors_and_publishers_see_alerts_and_their_counts_but_no_address(client, alert, group):
    client.force_login(staff_member("staff", group))
    listing = client.get("/admin/speeches/alert/")
    assert listing.status_code == 200
    assert "amity" in listing.text and "Documents found" in listing.text
    assert ADDRESS not in listing.text
    assert ADDRESS not in client.get(f"/admin/speeches/alert/{alert.pk}/change/").text
    assert "0 results" in client.get("/admin/speeches/alert/", {"q": ADDRESS}).text  # no oracle by search either
    assert client.get("/admin/speeches/subscriber/").status_code == 404
    # Nor which alerts one reader follows: filtering by subscriber is refused.
    for lookup in ("subscriber", "subscriber__id__exact", "subscriber_id", "subscriber__email__contains"):
        assert client.get("/admin/speeches/alert/", {lookup: str(alert.subscriber_id)}).status_code == 400, lookup


def test_a_superuser_sees_the_address(admin_client, alert):
    assert ADDRESS in admin_client.get("/admin/speeches/alert/").text
    assert "amity" in admin_client.get("/admin/speeches/alert/", {"subscriber": alert.subscriber_id}).text
    assert ADDRESS in admin_client.get(f"/admin/speeches/alert/{alert.pk}/change/").text


def test_no_alert_is_added_from_the_admin(admin_client):
    assert admin_client.get("/admin/speeches/alert/add/").status_code == 403


def test_a_publisher_suspends_and_resumes_an_alert(client, alert):
    client.force_login(staff_member("publisher", "Publishers"))
    client.post("/admin/speeches/alert/", {"action": "suspend", "_selected_action": [alert.pk]})
    alert.refresh_from_db()
    assert alert.state == Alert.State.SUSPENDED
    client.post("/admin/speeches/alert/", {"action": "resume", "_selected_action": [alert.pk]})
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACTIVE and alert.checked_at is not None


def test_an_editor_cannot_suspend_an_alert(client, alert):
    client.force_login(staff_member("editor", "Editors"))
    client.post("/admin/speeches/alert/", {"action": "suspend", "_selected_action": [alert.pk]})
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACTIVE
