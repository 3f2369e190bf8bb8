"""Organisations' logos: uploaded from the organisation form, checked by their content, kept
with the CTG and carried by the exchange document."""

import base64
import copy
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ctg_pilote.conventions.models import Convention, Organisation
from ctg_pilote.core.images import check_logo
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from tests.conventions.factories import ConventionFactory
from tests.exchange.test_exchange import rich_document
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def image_bytes(kind="PNG", size=(120, 60)) -> bytes:
    """A generated image (a plain rectangle): no real institution's logo."""
    out = io.BytesIO()
    Image.new("RGB", size, (31, 78, 140)).save(out, kind)
    return out.getvalue()


def test_png_and_jpeg_are_accepted_by_their_content():
    assert check_logo(image_bytes("PNG")) == "image/png"
    assert check_logo(image_bytes("JPEG")) == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "PNG ou JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PNG ou JPEG lisible"),
        (image_bytes("GIF"), "image GIF : seuls les formats PNG et JPEG"),
        (image_bytes("PNG", (5000, 10)), "5000 sur 10 pixels"),
        (b"\x89PNG" + b"\0" * (1024 * 1024 + 1), "pèse 1 Mo : 1 Mo au plus"),
    ],
)
def test_what_is_not_a_small_png_or_jpeg_is_refused_in_french(data, message):
    with pytest.raises(ValidationError) as error:
        check_logo(data)
    assert message in error.value.messages[0]


def test_a_logo_uploaded_from_the_form_is_kept_then_removed(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    url = reverse("conventions:organisation_create", kwargs={"slug": convention.slug})
    page = page_text(client.get(url))
    assert 'enctype="multipart/form-data"' in page
    assert "Retirer le logo" not in page  # nothing to remove yet
    data = {"name": "Commune A", "kind": "commune", "quality": "signataire"}
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    assert client.post(url, {**data, "logo_file": logo}).status_code == 302
    org = Organisation.objects.get(convention=convention, name="Commune A")
    assert bytes(org.logo) == image_bytes("PNG") and org.logo_type == "image/png"
    edit = reverse("conventions:organisation_edit", kwargs={"slug": convention.slug, "pk": org.pk})
    data["version"] = org.version
    assert "Un logo PNG de 218 octets est enregistré" in page_text(client.get(edit))
    client.post(edit, {**data, "remove_logo": "on"})
    org.refresh_from_db()
    assert org.logo is None and org.logo_type == ""


def test_a_false_logo_is_refused_with_a_french_message_and_nothing_is_saved(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    url = reverse("conventions:organisation_create", kwargs={"slug": convention.slug})
    fake = SimpleUploadedFile("logo.png", b"<svg onload='x'/>", content_type="image/png")
    data = {"name": "Commune A", "kind": "commune", "logo_file": fake}
    page = page_text(client.post(url, data))
    assert "Le logo n&#x27;est pas une image PNG ou JPEG lisible." in page or (
        "Le logo n'est pas une image PNG ou JPEG lisible." in page
    )
    assert not Organisation.objects.filter(convention=convention).exists()


def _with_logo(logo: dict) -> dict:
    doc = copy.deepcopy(rich_document())
    doc["organisations"][0]["logo"] = logo
    return doc


def test_the_exchange_document_carries_the_logo_there_and_back():
    png = image_bytes("PNG")
    logo = {"type": "image/png", "donnees": base64.b64encode(png).decode()}
    import_document(_with_logo(logo))
    convention = Convention.objects.get(slug=rich_document()["ctg"]["identifiant"])
    org = convention.organisations.get(ref=rich_document()["organisations"][0]["ref"])
    assert bytes(org.logo) == png
    assert export_convention(convention)["organisations"][0]["logo"] == logo


@pytest.mark.parametrize(
    ("logo", "path", "message"),
    [
        (
            {"type": "image/png", "donnees": base64.b64encode(image_bytes("GIF")).decode()},
            "organisations[0].logo.donnees",
            "seuls les formats PNG et JPEG",
        ),
        (
            {"type": "image/png", "donnees": base64.b64encode(image_bytes("JPEG")).decode()},
            "organisations[0].logo.type",
            "image/jpeg trouvé",
        ),
        ({"type": "image/svg+xml", "donnees": "PHN2Zz4="}, "organisations[0].logo.type", ""),
    ],
)
def test_a_wrong_logo_in_a_document_is_named_by_its_path(logo, path, message):
    with pytest.raises(ExchangeError) as error:
        import_document(_with_logo(logo))
    problems = {p.path: p.message for p in error.value.problems}
    assert path in problems, problems
    assert message in problems[path]
