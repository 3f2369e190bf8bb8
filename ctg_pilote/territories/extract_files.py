"""What the two files of a territorial extract share (COG file and contours file): where they
live, their format and codes, the error raised, progress reporting and the checks of a file's
gzip, JSON, header, counts and vintage.

Like `reader`, this module does not import Django.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_VINTAGE = 2026
DEFAULT_TERRITORIES_FILE = DATA_DIR / f"cog-{DEFAULT_VINTAGE}.json.gz"
DEFAULT_CONTOURS_FILE = DATA_DIR / f"contours-{DEFAULT_VINTAGE}.json.gz"

TERRITORIES_FORMAT = "ctg-pilote/territoires"
CONTOURS_FORMAT = "ctg-pilote/contours"
FORMAT_VERSION = 1

REGION_CODE = re.compile(r"\d{2,3}")
DEPARTEMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
SIREN = re.compile(r"\d{9}")
POSTCODE = re.compile(r"\d{5}")


class TerritoryDataError(Exception):
    """A territorial data file is unreadable, incomplete or inconsistent."""


# --- progress reporting (the command plugs tqdm in; the default does nothing) ---------------


class ProgressBar(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[str, int], ProgressBar]


class _NullBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(desc: str, total: int) -> ProgressBar:
    return _NullBar()


# --- reading ---------------------------------------------------------------------------------


class _File:
    """Builds error messages that name the file and the place of the problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, detail: str) -> TerritoryDataError:
        return TerritoryDataError(f"Fichier « {self.path} » : {detail}")


def _load_json(path: Path) -> Any:
    where = _File(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise where.error("fichier introuvable.") from None
    except OSError as exc:
        raise where.error(f"lecture impossible ({exc.strerror or exc}).") from None
    try:
        text = gzip.decompress(raw)
    except EOFError:
        raise where.error(
            "fichier gzip tronqué (la fin du fichier manque) ; téléchargez-le ou régénérez-le."
        ) from None
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise where.error(f"fichier gzip invalide ou corrompu ({exc}).") from None
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise where.error("le contenu n'est pas du texte UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise where.error(
            f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."
        ) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require_dict(where: _File, data: Any, label: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise where.error(f"{label} doit être un objet JSON.")
    return data


def _require_keys(where: _File, data: dict[str, Any], keys: Iterable[str], label: str) -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        raise where.error(f"clé(s) manquante(s) dans {label} : {', '.join(missing)}.")


def _require_str(where: _File, data: dict[str, Any], key: str, label: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"« {key} » de {label} doit être un texte non vide.")
    return value


def _check_header(where: _File, data: Any, expected_format: str) -> dict[str, Any]:
    data = _require_dict(where, data, "le fichier")
    _require_keys(where, data, ["format", "version", "meta"], "le fichier")
    if data["format"] != expected_format:
        raise where.error(
            f"format « {data['format']} » inattendu (attendu : « {expected_format} »)."
        )
    if data["version"] != FORMAT_VERSION:
        raise where.error(
            f"version de format {data['version']!r} non prise en charge "
            f"(attendue : {FORMAT_VERSION})."
        )
    return _require_dict(where, data["meta"], "« meta »")


def _read_counts(where: _File, meta: dict[str, Any], keys: Iterable[str]) -> dict[str, int]:
    counts = _require_dict(where, meta["counts"], "« meta.counts »")
    _require_keys(where, counts, keys, "« meta.counts »")
    for key in keys:
        if not _is_int(counts[key]) or counts[key] < 0:
            raise where.error(f"« meta.counts.{key} » doit être un entier positif.")
    return {key: counts[key] for key in keys}


def _check_vintage(where: _File, meta: dict[str, Any]) -> int:
    vintage = meta["vintage"]
    if not _is_int(vintage) or not 1943 <= vintage <= 2100:
        raise where.error(f"millésime {vintage!r} invalide dans « meta.vintage ».")
    return vintage
