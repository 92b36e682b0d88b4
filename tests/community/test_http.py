"""The one JSON error shape every doorway answers scripts with."""

import json

from community.http import json_error, json_field_errors


def test_a_json_error_has_the_apis_detail_and_code():
    response = json_error("Slow down.", code="throttled", status=429, retry_after=30)

    assert response.status_code == 429
    assert json.loads(response.content) == {"detail": "Slow down.", "code": "throttled"}
    assert response["Retry-After"] == "30"


def test_field_errors_are_lists_of_messages_as_the_api_gives_them():
    response = json_field_errors({"title": "too short", "body": ["empty", "odd"]})

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "title": ["too short"],
        "body": ["empty", "odd"],
    }
