import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_load_demo_prints_each_account_once_with_all_its_roles(capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "@demo.test" in line]
    emails = [line.split()[0] for line in lines]
    assert len(emails) == len(set(emails))
    caf = next(line for line in lines if line.split()[0] == "caf@demo.test")
    assert "CAF — rochefort-ocean" in caf and "CAF — aunis-atlantique" in caf
    # A second run keeps the passwords it printed.
    call_command("load_demo")
    assert capsys.readouterr().out.count(caf) == 1
