"""Build steps that skip work whose inputs did not change (hersmell.stamps): they must redo it
when an input or an output changes, or a stale wheel, handout or quiz export would ship."""

from __future__ import annotations

from hersmell import stamps
from hersmell.quiz_export import write_exports


def test_the_digest_follows_names_bytes_and_extras(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("one")
    first = stamps.digest([a], root=tmp_path)
    assert stamps.digest([a], root=tmp_path) == first
    a.write_text("two")
    assert stamps.digest([a], root=tmp_path) != first
    assert stamps.digest([a], "x", root=tmp_path) != stamps.digest([a], "y", root=tmp_path)


def test_source_files_leave_out_caches_and_egg_info(tmp_path):
    for rel in ("pkg/m.py", "pkg/__pycache__/m.pyc", "pkg.egg-info/SOURCES.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in stamps.source_files(tmp_path, ".")] == ["pkg/m.py"]


def test_fresh_needs_the_same_key_and_every_output(tmp_path):
    stamp, out = tmp_path / ".inputs", tmp_path / "out.pdf"
    assert not stamps.is_fresh(stamp, "k", [out])
    stamp.write_text("k")
    assert not stamps.is_fresh(stamp, "k", [out])  # output missing
    out.write_text("pdf")
    assert stamps.is_fresh(stamp, "k", [out])
    assert not stamps.is_fresh(stamp, "other", [out])


def test_quiz_exports_are_kept_then_remade_when_one_goes_missing(tmp_path):
    first = write_exports(tmp_path)
    moodle = first["moodle"]
    moodle.write_text("edited by hand")  # a kept export is not rewritten ...
    assert write_exports(tmp_path)["moodle"].read_text() == "edited by hand"
    moodle.unlink()  # ... but a missing one is made again
    assert write_exports(tmp_path)["moodle"].read_text().startswith("<?xml")
    (tmp_path / ".inputs").write_text('{"key": "stale", "files": {}}')  # and new inputs remake all
    write_exports(tmp_path)
    assert moodle.exists()
