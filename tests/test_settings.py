"""Settings survive bad files and bad values; they round-trip."""

import pytest

from disputedesk.domain.errors import ValidationError
from disputedesk.services import validate
from disputedesk.settings import Settings, load_settings, save_settings


def test_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings().with_changes(language="fr", backup_keep_daily=3))
    assert load_settings(path) == Settings(language="fr", backup_keep_daily=3)


def test_damaged_or_odd_files_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{broken")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.damaged").exists()
    path.write_text('{"language": "klingon", "backup_keep_daily": -4, "unknown": 1}')
    assert load_settings(path) == Settings()
    path.write_text("[1, 2]")
    assert load_settings(path) == Settings()


@pytest.mark.parametrize("text", ["2026-02-30", "31/12/2026", "", "2026-13-01", "0001-01-01"])
def test_impossible_dates_are_refused_clearly(text):
    with pytest.raises(ValidationError) as err:
        validate.parse_iso_date(text, "due_date")
    assert err.value.field == "due_date"
