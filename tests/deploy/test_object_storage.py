"""Uploads in an S3-compatible object store: moto's S3 server on loopback stands in for it."""

import socket
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from ctg_pilote.plan.models import ActionDocument
from ctg_pilote.settings.base import media_storage
from tests.conventions.factories import UserFactory
from tests.plan.factories import ActionFactory

BUCKET = "ctg-documents"
PREFIX = "documents"
CONTENT = b"%PDF-1.4\n" + bytes(range(256)) * 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_environment():
    """A private bucket on a local S3 server, and the variables production would be given."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    environment = {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-west-3",
        "S3_ACCESS_KEY_ID": "ctg-test",
        "S3_SECRET_ACCESS_KEY": "ctg-test-secret",
        "S3_ADDRESSING_STYLE": "path",
        "S3_PREFIX": PREFIX,
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-3",
        aws_access_key_id="ctg-test",
        aws_secret_access_key="ctg-test-secret",
    )
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    try:
        storages = {
            "default": media_storage(environment),
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            yield environment, s3
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
        server.stop()


def test_action_documents_go_to_the_bucket_and_come_back_only_through_the_app(
    s3_environment, convention, member_client
):
    environment, s3 = s3_environment
    action = ActionFactory(convention=convention, title="Lieu d'accueil enfants-parents")
    client, _membership = member_client(convention, "coordinateur")

    upload_url = reverse("plan:document_add", args=[convention.slug, action.pk])
    for _ in range(2):  # the same file name twice: two objects, neither replaces the other
        response = client.post(
            upload_url,
            {
                "title": "Compte rendu",
                "file": SimpleUploadedFile("compte-rendu.pdf", CONTENT, "application/pdf"),
            },
        )
        assert response.status_code == 302
    first, second = ActionDocument.objects.order_by("pk")
    assert first.file.name != second.file.name

    for document in (first, second):
        head = s3.head_object(Bucket=BUCKET, Key=f"{PREFIX}/{document.file.name}")
        assert head["ContentLength"] == len(CONTENT)
    page = client.get(reverse("plan:action", args=[convention.slug, action.pk]))
    assert "Compte rendu" in page.content.decode()

    download_url = reverse("plan:document", args=[convention.slug, first.pk])
    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CONTENT

    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(download_url).status_code in (403, 404)
    anonymous = Client().get(download_url)
    assert anonymous.status_code == 302 and "/compte/" in anonymous.url

    # The bucket itself never hands the file to someone without keys.
    object_url = f"{environment['S3_ENDPOINT_URL']}/{BUCKET}/{PREFIX}/{first.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(object_url)
    assert refused.value.code == 403
    grants = s3.get_object_acl(Bucket=BUCKET, Key=f"{PREFIX}/{first.file.name}")["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]
