"""Captioning: what a link or an upload can ask for stays cheap and is explained (issue 11), and
the regulariser's explanation is computed from the model and the scenes (issue 10, item 8)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from explorer import captioning
from explorer.data import scenes
from explorer.errors import InputError
from explorer.i18n import catalogue
from tests.pages import open_page


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` (only the header and one tiny IDAT)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jpeg_declaring(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("make", [_png_header, _jpeg_declaring])
def test_a_huge_declared_size_is_too_large_not_unreadable(make):
    data = make(20000, 20000)
    assert captioning.header_size(data) == (20000, 20000)
    with pytest.raises(InputError) as info:
        captioning.read_upload(data)
    assert info.value.key == "captioning.image_too_large"


def test_header_size_reads_real_files_and_ignores_others():
    for fmt in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        Image.new("RGB", (30, 20)).save(buffer, fmt)
        assert captioning.header_size(buffer.getvalue()) == (30, 20)
    assert captioning.header_size(b"GIF89a....") is None


def test_a_gallery_page_costs_six_scenes_wherever_it_is(monkeypatch):
    before = scenes.make_scenes(6 * 4, seed=3)[-6:]
    made = []
    original = scenes.random_scene
    monkeypatch.setattr(scenes, "random_scene", lambda rng: made.append(1) or original(rng))
    again = scenes.make_scenes(6, seed=3, start=6 * 3)
    assert [s.caption for s in again] == [s.caption for s in before]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(again, before, strict=True))
    made.clear()
    scenes.make_scenes(6, seed=3, start=6 * 10_000)
    assert len(made) == 6


def test_a_link_to_batch_10000_builds_six_scenes(monkeypatch):
    captioning.coverage_limits()  # the regulariser note's own fixed draw, cached once
    made = []
    original = scenes.random_scene
    monkeypatch.setattr(scenes, "random_scene", lambda rng: made.append(1) or original(rng))
    at = open_page("captioning", batch="10000", seed="5")
    assert not at.exception
    assert len(made) == 6


def test_doubly_stochastic_note_is_computed_from_the_model_and_the_scenes():
    limits = captioning.coverage_limits(200)
    gh, gw = captioning.load_captioner().grid
    steps = np.mean([len(s.words) + 1 for s in captioning.make_scenes(200, captioning.EVAL_SEED)])
    assert limits["cells"] == gh * gw and limits["steps"] == pytest.approx(steps)
    assert limits["per_cell"] < 1  # "about one unit per cell" is out of reach
    rng = np.random.default_rng(0)  # any attention with the same total scores >= the floor
    for _ in range(20):
        totals = rng.dirichlet(np.full(gh * gw, 0.3)) * limits["steps"]
        assert ((1 - totals) ** 2).sum() >= limits["floor"] - 1e-9
    plain = captioning.load_captioner("plain").metrics["peak_on_object_strict"]
    assert limits["strict_plain"] == plain


def test_page_says_what_the_regulariser_really_does():
    at = open_page("captioning", tab="ds")  # the regulariser tab (only the open tab is built)
    limits = captioning.coverage_limits()
    text = "\n".join(m.value for m in at.markdown)
    assert "uniform coverage" in text and "out of reach" in text
    assert f"{limits['per_cell']:.3f} per cell" in text
    assert f"{limits['strict_ds']:.0%} of shape words with the regulariser" in text


def test_no_position_reads_twice_the_same_word_in_korean():
    for position in scenes.POSITIONS:
        words = catalogue()[f"captioning.v.{position}"][1].split()
        assert len(set(words)) == len(words), words
    assert catalogue()["captioning.v.middle-center"][1] == "중간 가운데"
