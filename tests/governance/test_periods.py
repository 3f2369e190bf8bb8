"""The rule "a period ends no earlier than it starts", declared once for meetings and actions:
the model's clean (forms, API, services), the exchange check and the database constraint."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.core.validators import ends_before_start
from ctg_pilote.governance import services
from ctg_pilote.governance.models import Meeting
from ctg_pilote.plan.models import Action
from tests.governance.factories import MeetingFactory
from tests.plan.factories import ActionFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

MESSAGE = "La fin de la réunion précède son début."
START = timezone.make_aware(datetime.datetime(2026, 6, 15, 14, 0))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (START, START - datetime.timedelta(minutes=1), True),
        (START, START, False),
        (START, None, False),
        (None, START, False),
        (datetime.date(2026, 1, 2), datetime.date(2026, 1, 1), True),
        ("2026-06-15T14:00", "2026-06-15T13:00", True),
    ],
)
def test_the_rule(start, end, expected):
    assert ends_before_start(start, end) is expected


def test_a_meeting_ending_before_it_starts_is_refused_on_its_end(copil):
    meeting = Meeting(
        convention=copil.convention,
        instance=copil,
        title="COPIL",
        starts_at=START,
        ends_at=START - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict == {"ends_at": [MESSAGE]}
    with pytest.raises(ValidationError):
        services.schedule_meeting(
            instance=copil,
            title="COPIL",
            starts_at=START,
            ends_at=START - datetime.timedelta(hours=1),
        )
    assert not Meeting.objects.exists()


def test_the_meeting_form_shows_the_model_message_on_the_end(member_client, copil):
    client, _ = member_client(copil.convention)
    response = client.post(
        reverse("governance:meeting_create", args=[copil.convention.slug]),
        {
            "instance": copil.pk,
            "title": "COPIL",
            "starts_at": "2026-06-15T14:00",
            "ends_at": "2026-06-15T13:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": [MESSAGE]}
    assert MESSAGE in page_text(response)
    assert not Meeting.objects.exists()


def test_the_database_refuses_an_end_before_the_start(copil):
    meeting = MeetingFactory(instance=copil, starts_at=START)
    action = ActionFactory(convention=copil.convention)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(ends_at=START - datetime.timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(
            start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 1, 1)
        )
    # An open end, or no start, stays allowed.
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=None)
    Action.objects.filter(pk=action.pk).update(start_date=None, end_date=datetime.date(2026, 1, 1))


REPAIRS = [
    "ctg_pilote.governance.migrations.0005_meeting_ends_after_start",
    "ctg_pilote.plan.migrations.0009_action_ends_after_start",
]


def test_the_migrations_empty_the_ends_stored_before_their_start(copil, capsys):
    meeting = MeetingFactory(instance=copil, starts_at=START)
    fine = MeetingFactory(instance=copil, starts_at=START, ends_at=START)
    action = ActionFactory(convention=copil.convention)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:  # no ALTER TABLE while deferred foreign key checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                'ALTER TABLE "governance_meeting" '
                'DROP CONSTRAINT "governance_meeting_ends_after_start"'
            )
            cursor.execute(
                'ALTER TABLE "plan_action" DROP CONSTRAINT "plan_action_ends_after_start"'
            )
        cursor.execute(
            "UPDATE governance_meeting SET ends_at = %s WHERE id = %s",
            [
                connection.ops.adapt_datetimefield_value(START - datetime.timedelta(hours=2)),
                meeting.pk,
            ],
        )
        cursor.execute(
            "UPDATE plan_action SET start_date = %s, end_date = %s WHERE id = %s",
            [datetime.date(2026, 2, 1), datetime.date(2026, 1, 1), action.pk],
        )
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")

    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    for name in REPAIRS:
        for operation in importlib.import_module(name).Migration.operations:
            if getattr(operation, "code", None) and operation.elidable:
                operation.code(apps, editor)
    report = capsys.readouterr().out

    assert "governance_meeting.ends_at : 1 fin(s) avant le début vidée(s)." in report
    assert "plan_action.end_date : 1 fin(s) avant le début vidée(s)." in report
    meeting.refresh_from_db()
    fine.refresh_from_db()
    action.refresh_from_db()
    assert meeting.ends_at is None and meeting.starts_at == START
    assert fine.ends_at == START
    assert action.end_date is None and action.start_date == datetime.date(2026, 2, 1)
