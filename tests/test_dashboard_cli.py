"""`disputedesk stats`: the dashboard's figures on the command line."""

import json

from disputedesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_stats_text_json_period_and_bad_date(tmp_path, capsys):
    d = str(tmp_path)
    code, out, _err = run(capsys, "--data-dir", d, "--lang", "en", "stats")
    rows = {line[:31].strip(): line[31:].strip() for line in out.splitlines()}
    assert code == 0 and rows["Disputes in the period"] == "0"
    run(capsys, "--data-dir", d, "seed-demo")
    code, out, _err = run(capsys, "--data-dir", d, "--lang", "en", "stats")
    assert code == 0
    rows = {line[:31].strip(): line[31:].strip() for line in out.splitlines()}
    assert rows["Disputes in the period"] == "15"
    assert rows["Open / resolved / abandoned"] == "10 / 4 / 1"
    assert "Open disputes by stage" in out and "Top root causes" in out
    code, out, _err = run(capsys, "--data-dir", d, "stats", "--json")
    data = json.loads(out)
    assert data["stats"]["total"] == 15 and data["stats"]["open_count"] == 10
    assert data["stats"]["at_stake_total"] == {"minor": 1_625_500, "currency": "EUR"}
    assert data["mediation_success_rate"] is None
    code, out, _err = run(capsys, "--data-dir", d, "stats", "--json", "--from", "2999-01-01")
    assert json.loads(out)["stats"]["total"] == 0
    code, _out, err = run(capsys, "--data-dir", d, "--lang", "en", "stats", "--from", "31/12/2026")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _out, err = run(
        capsys,
        "--data-dir",
        d,
        "--lang",
        "fr",
        "stats",
        "--from",
        "2026-02-01",
        "--to",
        "2026-01-01",
    )
    assert code == 1 and "Le début de la période est après sa fin" in err
