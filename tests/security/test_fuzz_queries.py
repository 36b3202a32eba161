"""Bad input in query strings: filters, search, sorting, paging and report periods.

Every list, report and export page answers a query string it cannot use with the page (or a
400), never a server error.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_fuzz_forms import EDGE_TIMES, values

PARAMETERS = [
    "q",
    "page",
    "sort",
    "country",
    "college",
    "field",
    "task",
    "status",
    "term",
    "state",
    "kind",
    "audience",
    "place",
    "language",
    "available_now",
    "shortage_field",
    "invitation",
    "teacher_educator",
    "date_from",
    "date_to",
    "counterpart_kind",
    "outcome",
    "period",
    "start",
    "end",
    "past",
]

# (who looks, url name, url kwargs)
PAGES = [
    ("coordinator", "mentors:list", {}),
    ("coordinator", "mentors:export_csv", {}),
    ("coordinator", "mentors:directory", {}),
    ("coordinator", "mentors:request_list", {}),
    ("coordinator", "mentors:announcement_list", {}),
    ("coordinator", "colleges:college_list", {}),
    ("coordinator", "colleges:group_list", {}),
    ("coordinator", "colleges:field_list", {}),
    ("coordinator", "events:list", {}),
    ("coordinator", "events:outputs", {}),
    ("coordinator", "events:calendar", {}),
    ("coordinator", "surveys:list", {}),
    ("coordinator", "dashboard", {}),
    ("coordinator", "reports", {}),
    ("coordinator", "report_export", {"fmt": "csv"}),
    ("mentor", "mentors:contact_list", {}),
    ("mentor", "mentors:contact_export", {}),
    ("mentor", "mentors:availability_list", {}),
]


@pytest.mark.parametrize(("who", "url_name", "kwargs"), PAGES, ids=[page[1] for page in PAGES])
def test_list_pages_survive_bad_query_strings(network, matrix_users, who, url_name, kwargs):
    client = Client()
    client.force_login(matrix_users[who])
    url = reverse(url_name, kwargs=kwargs)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        query=st.dictionaries(
            st.sampled_from(PARAMETERS), st.one_of(EDGE_TIMES, values), min_size=1
        )
    )
    def run(query):
        response = client.get(url, query)  # a server error raises here
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.status_code in (200, 400, 404), response.status_code

    run()
