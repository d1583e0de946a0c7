"""A data directory is trusted only when it is the user's own (issue 10, case 3).

Another local user could pre-create ``.redchain`` in a shared folder with ``redchain.lock``
pointing at a file of yours (truncated at your next command), ``--data-dir`` on a 1777 folder
chmodded it to 0700, and a pre-created private socket folder was used as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_support import has_traceback

import redchain
from redchain.cli.main import cli
from redchain.engines.embedded_server import LOCK_FILE
from redchain.errors import UnsafeDataDir

OTHER_UID = 4242


def status(data_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "db", "status"])
    return result.exit_code, result.output


def test_a_planted_lock_link_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    mine = tmp_path / "thesis.docx"
    mine.write_bytes(b"years of work")
    planted = tmp_path / ".redchain"
    planted.mkdir(mode=0o700)
    (planted / LOCK_FILE).symlink_to(mine)
    code, text = status(planted)
    assert code == 1 and not has_traceback(text), text
    assert "symbolic link" in text
    assert mine.read_bytes() == b"years of work"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_another_users_data_directory_is_refused(tmp_path: Path) -> None:
    planted = tmp_path / ".redchain"
    planted.mkdir(mode=0o755)
    os.chown(planted, OTHER_UID, OTHER_UID)
    code, text = status(planted)
    assert code == 1 and not has_traceback(text), text
    assert f"belongs to another user (uid {OTHER_UID})" in text
    assert list(planted.iterdir()) == []


def test_a_folder_others_may_write_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    code, text = status(shared)
    assert code == 1 and not has_traceback(text), text
    assert "can be written by other users" in text and str(shared / "redchain") in text
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert list(shared.iterdir()) == []


def test_an_existing_folder_of_ones_own_is_used_as_it_is(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir(mode=0o750)
    os.chmod(own, 0o750)
    with redchain.connect("embedded", data_dir=own) as engine:
        engine.run("CREATE (:Chain {name: '金桥红链'})", write=True)
    assert stat.S_IMODE(os.stat(own).st_mode) == 0o750
    files = [p for p in own.rglob("*") if p.is_file()]
    assert files
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: 0o600 for p in files}


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_planted_socket_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / f"redchain-{os.getuid()}"
    planted.mkdir(mode=0o700)
    os.chown(planted, OTHER_UID, OTHER_UID)
    deep = tmp_path / ("a-long-folder-name-" * 6) / "data"
    with pytest.raises(UnsafeDataDir, match="belongs to another user"):
        redchain.connect("embedded", data_dir=deep)
    assert stat.S_IMODE(os.stat(planted).st_mode) == 0o700
    assert os.stat(planted).st_uid == OTHER_UID
