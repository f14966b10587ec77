"""Checkpoints: weights plus a plain config dict, always loaded with ``weights_only=True``.

A checkpoint is ``{"config": dict, "state_dict": dict, "metrics": dict}``. Plain dicts (no pickled
classes) keep shipped and uploaded files loadable by the safe unpickler.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

import torch

from explorer.errors import InputError

CHECKPOINT_DIR = Path(__file__).resolve().parent.parent / "models" / "checkpoints"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
Config = TypeVar("Config")


def save_checkpoint(path: str | Path, config: dict, state_dict: dict, metrics: dict | None = None):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "config": dict(config),
        "state_dict": dict(state_dict),
        "metrics": dict(metrics or {}),
    }
    torch.save(payload, path)


def checkpoint_bytes(config: dict, state_dict: dict, metrics: dict | None = None) -> bytes:
    """The same payload as ``save_checkpoint``, in memory, for a download button."""
    buffer = io.BytesIO()
    torch.save(
        {"config": dict(config), "state_dict": dict(state_dict), "metrics": dict(metrics or {})},
        buffer,
    )
    return buffer.getvalue()


def load_checkpoint(source: str | Path | bytes) -> dict:
    """Load a checkpoint file (path) or an upload (bytes) safely, and check its outline.

    Raises ``InputError`` for anything that is not one of our checkpoints: an empty or oversized
    upload, a file ``torch.load`` cannot read with ``weights_only=True`` (for instance a pickle of
    arbitrary objects), or a dict without config and state_dict.
    """
    if isinstance(source, (bytes, bytearray)):
        if len(source) == 0:
            raise InputError("upload.empty")
        if len(source) > MAX_UPLOAD_BYTES:
            raise InputError("upload.too_big", limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
        stream: io.BytesIO | Path = io.BytesIO(bytes(source))
    else:
        stream = Path(source)
    try:
        payload = torch.load(stream, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many types for foreign or corrupt files
        reason = why_not_a_checkpoint(_head(source), str(error))
        raise InputError("upload.not_checkpoint", detail=REASONS[reason], reason=reason) from error
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("config"), dict)
        or not isinstance(payload.get("state_dict"), dict)
        or not all(isinstance(v, torch.Tensor) for v in payload["state_dict"].values())
    ):
        raise InputError("upload.bad_layout")
    payload.setdefault("metrics", {})
    return payload


# Why torch.load refused a file, in words (torch's own message advises weights_only=False,
# which is exactly what must not be done with an upload).
REASONS = {
    "objects": "it contains Python objects other than tensors, numbers and strings (refused unopened)",
    "pickle": "it is a plain Python pickle, not a file saved by torch.save",
    "zip": "it is a zip archive, but not one written by torch.save (or it is damaged)",
    "not_torch": "it is not a file saved by torch.save (or it is damaged)",
}


def _head(source: str | Path | bytes) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source[:4])
    with Path(source).open("rb") as file:
        return file.read(4)


def why_not_a_checkpoint(head: bytes, message: str) -> str:
    """A key of ``REASONS`` from the file's first bytes and torch's error message."""
    if "Unsupported global" in message:
        return "objects"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x80"):  # pickle protocol 2+
        return "pickle"
    return "not_torch"


def config_from_dict(cls: type[Config], config: Mapping) -> Config:
    """The config dataclass ``cls`` built from a checkpoint's config dict, whose keys must be
    exactly ``cls``'s fields: an old or foreign name (``emb`` for ``embedding_dim``) is an error,
    never a silent default.

    Raises ``ValueError`` naming the unknown and missing keys.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(config) - set(names))
    missing = [n for n in names if n not in config]
    if unknown or missing:
        raise ValueError(
            f"{cls.__name__}: unknown config keys {unknown}, missing {missing}; expected {names}"
        )
    return cls(**config)
