"""Every curated CSV against its contract, and a battery of corrupted copies of each.

Decisions (also in data/README.md): a UTF-8 byte-order mark and trailing blank lines are
accepted and normalised; every other corruption is an error naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from cecot import data as cdata
from cecot import paths
from cecot.errors import DataError

from conftest import run_cecot, snapshot

RESOURCES = [r["name"] for r in cdata.descriptor()["resources"]]


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in cdata.descriptor()["resources"]}
    on_disk = {p.name for p in paths.DATA.glob("*.csv")}
    assert on_disk == described


def test_every_resource_validates():
    assert cdata.validate_all() == RESOURCES


def test_recorded_hashes_match_the_files():
    """A CSV edited without `python -m cecot data lock` is reported as changed."""
    assert cdata.changed_files() == []


def test_every_data_row_cites_a_source():
    for name in RESOURCES:
        fields = [f["name"] for f in cdata.resource_descriptor(name)["schema"]["fields"]]
        if name in cdata.REGISTERS:  # registers about the data, not data
            continue
        assert "source_id" in fields, f"{name}.csv has no source_id column"
        assert cdata.load(name)["source_id"].notna().all()


# --- corrupting copies -------------------------------------------------------------------------

def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = (paths.DATA / f"{name}.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _write(path: Path, header, rows, delimiter=",") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _field(name: str, predicate) -> dict | None:
    for field in cdata.resource_descriptor(name)["schema"]["fields"]:
        if predicate(field):
            return field
    return None


def _copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def corrupt(case: str, name: str, folder: Path):
    """Apply one corruption to folder/<name>.csv; return (row, column) the error must name,
    None when the case is accepted, or 'skip' when the file has no field it applies to."""
    path = folder / f"{name}.csv"
    header, rows = _rows(name)
    if case == "missing column":
        _write(path, header[:-1], [r[:-1] for r in rows])
        return 1, header[-1]
    if case == "renamed column":
        _write(path, header[:-1] + [header[-1] + "_x"], rows)
        return 1, header[-1] + "_x"
    if case == "extra column":
        _write(path, header + ["extra"], [r + [""] for r in rows])
        return 1, "extra"
    if case == "text in a numeric field":
        field = _field(name, lambda f: f.get("type") in ("number", "integer", "year"))
        if not field:
            return "skip"
        col = header.index(field["name"])
        rows[0][col] = "about 40"
        _write(path, header, rows)
        return 2, field["name"]
    if case == "out-of-range value":
        field = _field(name, lambda f: "minimum" in f.get("constraints", {})
                       and f.get("type") in ("number", "integer", "year"))
        if not field:
            return "skip"
        col = header.index(field["name"])
        rows[-1][col] = str(field["constraints"]["minimum"] - 1000)
        _write(path, header, rows)
        return len(rows) + 1, field["name"]
    if case == "duplicate key":
        _write(path, header, rows + [rows[0]])
        return len(rows) + 2, None
    if case == "unknown source id":
        if "source_id" not in header or name == "sources":
            return "skip"
        col = header.index("source_id")
        rows[0][col] = "NO-SUCH-SOURCE"
        _write(path, header, rows)
        return 2, "source_id"
    if case == "empty file":
        path.write_bytes(b"")
        return 1, None
    if case == "header only":
        _write(path, header, [])
        return 1, None
    if case == "wrong delimiter":
        _write(path, header, rows, delimiter=";")
        return 1, None
    if case == "UTF-8 BOM":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        return None
    if case == "Latin-1 accents":
        field = _field(name, lambda f: f.get("type", "string") == "string"
                       and "enum" not in f.get("constraints", {})
                       and "pattern" not in f.get("constraints", {}))
        if not field:
            return "skip"
        col = header.index(field["name"])
        rows[min(1, len(rows) - 1)][col] += " según"  # a one-row file: its only row
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header] + rows)
        raw = buffer.getvalue().encode("latin-1", errors="replace")
        path.write_bytes(raw)
        first_accent = next(i for i, byte in enumerate(raw) if byte >= 0x80)
        return raw[:first_accent].count(b"\n") + 1, None  # the line of the first accent
    if case == "trailing blank lines":
        path.write_bytes(path.read_bytes() + b"\n\n\n")
        return None
    if case == "date in another format":
        field = _field(name, lambda f: f.get("type") == "date")
        if not field:
            return "skip"
        col = header.index(field["name"])
        index = next(i for i, row in enumerate(rows) if row[col])  # an optional date may be empty
        year, month, day = rows[index][col].split("-")
        rows[index][col] = f"{day}/{month}/{year}"
        _write(path, header, rows)
        return index + 2, field["name"]
    raise AssertionError(case)


CASES = ["missing column", "renamed column", "extra column", "text in a numeric field",
         "out-of-range value", "duplicate key", "unknown source id", "empty file",
         "header only", "wrong delimiter", "UTF-8 BOM", "Latin-1 accents",
         "trailing blank lines", "date in another format"]


@pytest.mark.parametrize("name", RESOURCES)
@pytest.mark.parametrize("case", CASES)
def test_corrupted_copy_gives_one_clear_error(tmp_path, name, case):
    folder = _copy_data(tmp_path)
    expected = corrupt(case, name, folder)
    if expected == "skip":
        pytest.skip(f"{name}.csv has no field this case applies to")
    if expected is None:  # accepted and normalised: the data reads as the original
        assert cdata.load(name, folder).equals(cdata.load(name))
        return
    row, column = expected
    with pytest.raises(DataError) as err:
        cdata.load_table(name, folder)  # what validate_all (and so every build) reads first
    message = str(err.value)
    assert "\n" not in message
    assert err.value.file == f"data/{name}.csv", message
    assert err.value.row == row, message
    if column:
        assert err.value.column is not None and column in err.value.column, message


# Every case above is checked in-process for every file. Through the command line, one case
# per kind of failure (the file cannot be parsed, a value breaks its field's rule, a row breaks
# a rule across files), each with a rebuild of the committed outputs or a run into a new
# folder: exit status 2, one line, no traceback, and no file written anywhere (neither the
# --output folder nor the committed outputs).
@pytest.mark.parametrize("case, into", [("wrong delimiter", "committed"),
                                        ("Latin-1 accents", "folder"),
                                        ("out-of-range value", "committed"),
                                        ("unknown source id", "folder")])
def test_corrupted_csv_stops_the_build_and_writes_nothing(repo_copy, case, into):
    name = "population"
    expected = corrupt(case, name, repo_copy / "data")
    before = snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")
    out = repo_copy / "custom-out"
    args = ["build", "--force"] if into == "committed" else ["build", "--output", str(out)]
    result = run_cecot(*args, root=repo_copy)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"data/{name}.csv" in lines[0] and f"row {expected[0]}" in lines[0], lines[0]
    assert (snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")) == before
    assert not out.exists()
    assert not (repo_copy / "build").exists() or not any((repo_copy / "build").iterdir())


def test_negative_cell_area_is_refused(tmp_path):
    folder = _copy_data(tmp_path)
    header, rows = _rows("facility")
    value = header.index("value")
    for row in rows:
        if row[0] == "cell_area_m2":
            row[value] = "-100"
    _write(folder / "facility.csv", header, rows)
    with pytest.raises(DataError) as err:
        cdata.validate_all(folder)
    assert err.value.column == "value" and "below the minimum" in str(err.value)


def test_low_above_high_is_refused(tmp_path):
    folder = _copy_data(tmp_path)
    header, rows = _rows("population")
    rows[0][header.index("low")] = "999999"
    _write(folder / "population.csv", header, rows)
    with pytest.raises(DataError) as err:
        cdata.validate_all(folder)
    assert err.value.row == 2 and err.value.column == "high"


def test_an_edit_without_lock_is_reported_as_changed(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "population.csv"
    path.write_bytes(path.read_bytes().replace(b"12114", b"12115"))
    assert cdata.changed_files(folder) == ["population.csv"]
    with pytest.raises(DataError) as err:
        cdata.check_hashes(folder)
    assert "data/population.csv" in str(err.value) and "changed" in str(err.value)
    cdata.lock(folder)
    assert cdata.changed_files(folder) == []


def test_data_readme_is_generated_from_the_descriptor():
    from cecot.machinery import datadoc
    committed = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert committed == datadoc.render(), "data/README.md is stale: python -m cecot data readme"


def test_frictionless_validates_the_package_independently():
    """The descriptor is standard: the frictionless tool agrees the data is valid, including
    foreign keys and the recorded hashes."""
    import subprocess
    import sys
    from pathlib import Path
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(tool), "validate", str(paths.DATA / "datapackage.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
