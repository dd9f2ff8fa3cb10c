"""Property-based fuzzing of the validator, the scorer and the loader (shared by the tests and
``benchmarks/fuzz.py``, which runs the same properties for at least 10,000 cases each).

Each case mutates one file of a valid input (a release, a prediction file, a data file) in one of
the ways bad input arrives (BOM, invalid UTF-8, CRLF, NFD, truncation, wrong types, huge and
negative offsets, swapped start/end, unknown and duplicate ids, empty file, deep nesting, very
long lines, random bytes) and checks that the command ends with a clear message and the right
exit status, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import unicodedata
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid"
LINE = re.compile(r"^\S+:(\d+|-) \S+ \S+ \[L[1-4] [a-z0-9-]+\] .+$")


def _duplicate_line(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(lines[:1] + lines) if lines else data


def _random_bytes(data: bytes, position: int, noise: bytes) -> bytes:
    out = bytearray(data)
    for i, byte in enumerate(noise or b"\x00"):
        if out:
            out[(position + 7919 * i) % len(out)] = byte
    return bytes(out)


# kind -> damage(data, at, position, noise); ``at`` is ``position`` folded into the file's length
DAMAGE = {
    "bom": lambda data, at, position, noise: b"\xef\xbb\xbf" + data,
    "invalid_utf8": lambda data, at, position, noise: data[:at] + b"\xff\xfe" + data[at:],
    "crlf": lambda data, at, position, noise: data.replace(b"\n", b"\r\n"),
    "nfd": lambda data, at, position, noise: unicodedata.normalize("NFD", data.decode("utf-8", "replace")).encode("utf-8"),
    "truncate": lambda data, at, position, noise: data[:at],
    "wrong_type": lambda data, at, position, noise: re.sub(rb'"start": (\d+)', rb'"start": "\1"', data, count=1 + position % 3),
    "huge_offset": lambda data, at, position, noise: re.sub(rb'"end": \d+', b'"end": 1000000000000', data, count=1),
    "negative_offset": lambda data, at, position, noise: re.sub(rb'"start": \d+', b'"start": -5', data, count=1),
    "swap": lambda data, at, position, noise: re.sub(rb'"start": (\d+), "end": (\d+)', rb'"start": \2, "end": \1', data, count=1),
    "unknown_id": lambda data, at, position, noise: re.sub(rb'"id": "[^"]+"', b'"id": "tahaluf-999"', data, count=1),
    "duplicate_line": lambda data, at, position, noise: _duplicate_line(data),
    "empty": lambda data, at, position, noise: b"",
    "deep_nesting": lambda data, at, position, noise: b"[" * 50000 + b"]" * 50000 + b"\n" + data,
    "long_line": lambda data, at, position, noise: data + b'{"id": "' + b"x" * 2_000_000 + b'"}\n',
    "random_bytes": lambda data, at, position, noise: _random_bytes(data, position, noise),
}


def mutate(data: bytes, kind: str, position: int, noise: bytes) -> bytes:
    """Apply one kind of damage to a file's bytes (``position`` and ``noise`` make it vary)."""
    if kind not in DAMAGE:
        raise ValueError(kind)
    return DAMAGE[kind](data, position % (len(data) + 1), position, noise)


KINDS = tuple(DAMAGE)
cases = st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.binary(min_size=1, max_size=8))


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in this process, capturing its output."""
    from tahaluf.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


RELEASE_FILES = ("documents.jsonl", "entities.jsonl", "manifest.json", "SHA256SUMS", "texts/tahaluf-900.txt")


def validator_case(workdir: Path, target: str, case: tuple[str, int, bytes]) -> None:
    """Any change to any byte of a valid release is refused with clear problem lines and exit 1."""
    release = workdir / "release"
    shutil.rmtree(release, ignore_errors=True)
    shutil.copytree(FIXTURE, release)
    path = release / target
    original = path.read_bytes()
    changed = mutate(original, *case)
    path.write_bytes(changed)
    code, out, err = run_cli("validate", str(release))
    assert "internal error" not in err and "Traceback" not in out + err, (case, err)
    assert code == (0 if changed == original else 1), (target, case[0], out[-500:])
    for line in out.splitlines():
        if line.startswith(("OK:", "FAILED:")) or line.startswith("  "):
            continue
        assert LINE.match(line), line


def scorer_case(workdir: Path, task: str, case: tuple[str, int, bytes]) -> None:
    """A damaged prediction file is scored (exit 0) or refused with file:line messages (exit 2)."""
    import json

    from tahaluf.release import load_documents

    pred = workdir / f"pred-{task}.jsonl"
    if not (workdir / f"good-{task}.jsonl").is_file():
        with open(workdir / f"good-{task}.jsonl", "w", encoding="utf-8") as handle:
            for record in load_documents(ROOT / "dataset"):
                items = [{k: v for k, v in a.items() if k not in ("id", "parent", "section")} for a in record[task]]
                handle.write(json.dumps({"id": record["id"], task: items}, ensure_ascii=False) + "\n")
    original = (workdir / f"good-{task}.jsonl").read_bytes()
    pred.write_bytes(mutate(original, *case))
    code, out, err = run_cli("score", "--task", task, "--pred", str(pred), "--format", "json")
    assert "internal error" not in err and "Traceback" not in out + err, (case, err)
    assert code in (0, 2), (case, code, err)
    if code == 2:
        assert err.startswith("error: ") and str(pred) in err or "prediction file" in err, err
    else:
        assert json.loads(out)["signature"].startswith("tahaluf:")


def loader_case(workdir: Path, config: str, case: tuple[str, int, bytes]) -> None:
    """A changed data file is refused before loading, with an error naming it."""
    from tahaluf.integrations.hf import VerificationError, data_file, verify

    release = workdir / "release-data"
    if not release.is_dir():
        shutil.copytree(ROOT / "dataset", release, ignore=shutil.ignore_patterns("passes"))
    path = release / data_file(config)
    original = (ROOT / "dataset" / data_file(config)).read_bytes()
    changed = mutate(original, *case)
    path.write_bytes(changed)
    try:
        verify(release, [data_file(config)])
        assert changed == original, case
    except VerificationError as err:
        assert changed != original and data_file(config) in str(err)
    finally:
        path.write_bytes(original)
