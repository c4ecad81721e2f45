"""An empty list page says what would appear there and how it gets there, never an empty table
(ISSUE 18): walked as the admin of a new instansi with no data yet."""

import re

import pytest
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.org.tests.factories import InstansiFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "org:audit_log",
    "org:position_list",
    "skp:period_list",
    "attendance:leave_list",
    "attendance:sanction_list",
    "jobs:list",
    "tpp:index",
    "development:approvals",
    "development:reassignments",
    "development:coaching_index",
    "citizen:moderation",
    "citizen:points",
]


@pytest.fixture
def new_admin(db):
    return UserFactory(
        employee=None, instansi=InstansiFactory(code="baru"), role=User.Role.ADMIN, username="admin-baru"
    )


@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_empty_list_page_explains_itself(client, new_admin, name):
    client.force_login(new_admin)
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    page = response.content.decode()
    assert 'class="empty-state' in page, name
    assert not re.search(r"<tbody>\s*</tbody>", page), name
    sentence = re.search(r'class="empty-state[^"]*">([^<]+)<', page).group(1)
    assert len(sentence.split()) >= 12, sentence  # what appears, and how it gets there


def test_the_sentence_is_translated(client, new_admin):
    client.force_login(new_admin)
    page = client.get(reverse("org:audit_log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Every change" in page
