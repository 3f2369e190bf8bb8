"""Existing phases and key dates keep their meaning through the migrations that give a CTG its
own phases (0006-0008) and approximate dates (0009-0010)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctg_pilote.governance.models import KeyDate, Phase
from tests.conventions.factories import ConventionFactory

BEFORE = [("governance", "0005_meeting_ends_after_start")]


@pytest.mark.django_db(transaction=True)
def test_phase_kinds_precisions_and_done_flags_become_refs_dates_and_statuses():
    convention = ConventionFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldPhase, OldKeyDate = old.get_model("governance", "Phase"), old.get_model("governance", "KeyDate")  # fmt: skip
    OldPhase.objects.create(
        convention_id=convention.pk, kind="diagnostic", title="",
        actual_start=datetime.date(2022, 1, 1), actual_end=datetime.date(2022, 6, 1),
        precision="mois",
    )  # fmt: skip
    OldKeyDate.objects.create(
        convention_id=convention.pk, date=datetime.date(2021, 6, 24), label="Conseil",
        phase="diagnostic", done=True,
    )  # fmt: skip
    OldKeyDate.objects.create(
        convention_id=convention.pk, date=datetime.date(2023, 1, 1), precision="annee",
        label="Séminaires", phase="enjeux", done=False, position=1,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    diagnostic = Phase.objects.get(ref="diagnostic")
    assert diagnostic.title == "Diagnostic partagé" and diagnostic.position == 1
    assert diagnostic.actual_label == "janvier à juin 2022"
    enjeux = Phase.objects.get(ref="enjeux")  # only a key date named it
    assert enjeux.title == "Enjeux"
    council, seminars = KeyDate.objects.order_by("position")
    assert council.phase == diagnostic and council.status == "realisee"
    assert str(council.date) == "24 juin 2021"
    assert seminars.phase == enjeux and seminars.status == "" and str(seminars.date) == "2023"
    assert not seminars.is_late  # not marked done used to show late; now it follows its date
