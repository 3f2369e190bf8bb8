"""Importing many documents ends with a report: how many were imported, refused, how fast."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ctg_pilote.demo.services import demo_document, demo_folders

pytestmark = [pytest.mark.django_db]


def test_importing_several_documents_ends_with_a_count_of_each_outcome(tmp_path):
    good = tmp_path / "ctg.json"
    good.write_text(json.dumps(demo_document(demo_folders()[0])), "utf-8")
    bad = tmp_path / "vide.json"
    bad.write_text("[]", "utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ctg", str(good), str(bad), stdout=out, stderr=err)
    assert "1 document(s) importé(s), 1 refusé(s), en " in out.getvalue()
    assert "vide.json" in err.getvalue()
