from tests.integration.conftest import Client


def test_note_lifecycle(client: Client, key_prefix: str, note_ids: list[str]) -> None:
    note_ids.append("lifecycle")
    path = f"/api/v1/notes/{key_prefix}lifecycle"

    created = client.request("PUT", path, {"text": "first"})
    assert created.status == 201, created.body
    assert created.json()["text"] == "first"

    replaced = client.request("PUT", path, {"text": "second"})
    assert replaced.status == 200
    tag = replaced.headers["etag"]

    read = client.request("GET", path)
    assert read.status == 200
    assert read.json()["id"] == f"{key_prefix}lifecycle"
    assert read.json()["text"] == "second"
    assert read.headers["etag"] == tag

    assert client.request("GET", path, headers={"If-None-Match": tag}).status == 304
    assert client.request("GET", path, headers={"If-None-Match": '"other"'}).status == 200

    assert client.request("DELETE", path).status == 204
    assert client.request("GET", path).status == 404
    assert client.request("DELETE", path).status == 404


def test_list_sees_only_this_workers_notes(client: Client, key_prefix: str, note_ids: list[str]) -> None:
    names = ["list-a", "list-b", "list-c"]
    note_ids.extend(names)
    for name in names:
        assert client.request("PUT", f"/api/v1/notes/{key_prefix}{name}", {"text": name}).status == 201
    reply = client.request("GET", f"/api/v1/notes?prefix={key_prefix}list-")
    assert reply.status == 200
    assert [item["id"] for item in reply.json()["items"]] == [f"{key_prefix}{n}" for n in names]
    assert reply.json()["count"] == 3


def test_bad_input_is_rejected_with_the_field_named(client: Client, key_prefix: str) -> None:
    reply = client.request("PUT", f"/api/v1/notes/{key_prefix}bad", {"text": ""})
    assert reply.status == 400
    assert "text" in reply.json()["detail"]
    assert client.request("GET", f"/api/v1/notes/{key_prefix}bad").status == 404
