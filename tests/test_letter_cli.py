"""`disputedesk letter`: the wizard's engine from the command line, recording the letter."""

from __future__ import annotations

from disputedesk.cli import main
from disputedesk.domain.enums import Channel
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store
from tests.support_letters import check_pdf_file, pdf_text


def test_letter_command_records_like_the_wizard(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "seed-demo"]) == 0
    assert main(["--data-dir", str(data), "letter", "--list-kinds"]) == 0
    assert "notice_to_pay" in capsys.readouterr().out
    out = tmp_path / "mise-en-demeure.pdf"
    code = main(
        ["--data-dir", str(data), "letter", "LIT-2026-0003", "notice_to_pay", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    check_pdf_file(out)
    assert "mise en demeure" in pdf_text(out.read_bytes()).lower()
    store = open_store(DataPaths(data), lock=False)
    try:
        services = Services.build(store)
        dispute = services.disputes.get_by_reference("LIT-2026-0003")
        issued = services.letters.list(dispute.id)
        assert len(issued) == 1 and issued[0].registered
        entry = services.journal.get(issued[0].journal_entry_id)
        assert entry.channel is Channel.REGISTERED_LETTER
        assert services.letters.pdf_path(issued[0]).read_bytes() == out.read_bytes()
    finally:
        store.close()


def test_letter_command_refuses_clearly(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "seed-demo"]) == 0
    capsys.readouterr()
    out = tmp_path / "x.pdf"
    args = ["--data-dir", str(data), "letter", "LIT-2026-0001"]
    assert main([*args, "bogus", "--out", str(out)]) == 1
    assert "bogus" in capsys.readouterr().err
    assert main([*args, "proposal", "--out", str(out)]) == 1  # explanation missing
    assert "[…]" in capsys.readouterr().err
    assert not out.exists()
    ok = main(
        [*args, "proposal", "--out", str(out), "--explanation", "Défaut confirmé.",
         "--remedy", "replacement", "--lang", "en"]
    )  # fmt: skip
    assert ok == 0 and "replacement of the item" in pdf_text(out.read_bytes())
