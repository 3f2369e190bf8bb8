"""Write a validated territorial extract into the database, in one transaction.

Rows are upserted (`bulk_create(update_conflicts=True)`) on (vintage, code) or
(vintage, SIREN), so loading the same file twice changes nothing and a corrected file of the
same vintage updates names, populations, memberships and contours in place.

Nothing is ever deleted: communes and EPCI are referenced by conventions (with PROTECT), a
vintage is a fixed snapshot of the official geography, and a partial load
(`departements=[...]`) must not remove the rest. A later vintage is loaded next to this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Commune, CommuneContour, Departement, Epci, GeoZone, Region, Vintage
from .reader import (
    DEFAULT_CONTOURS_FILE,
    DEFAULT_TERRITORIES_FILE,
    CommuneRow,
    ContoursExtract,
    EpciRow,
    ProgressFactory,
    TerritoryDataError,
    TerritoryExtract,
    check_contours_match,
    no_progress,
    read_contours,
    read_territories,
)

BATCH_SIZE = 2000


@dataclass
class LoadReport:
    """What was (or, with dry_run, would be) written. Counts exclude nothing the file holds:
    `regions`/`departements` count metro and DROM only, COM rows are in `collectivites`."""

    vintage: int
    citation: str
    dry_run: bool
    departements_filter: tuple[str, ...] | None
    regions: int = 0
    departements: int = 0
    collectivites: int = 0
    epcis: int = 0
    communes: int = 0
    communes_com: int = 0
    contours: int | None = None
    # Rows that did not exist yet for this vintage, per table (the others are updates).
    created: dict[str, int] = field(default_factory=dict)
    # Kept communes without a contour: code -> reason given by the contours file.
    missing_contours: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (
            f"{self.communes} communes, {self.epcis} EPCI, "
            f"{self.departements} départements, {self.regions} régions"
        )


def normalize_departements(codes: Iterable[str]) -> tuple[str, ...]:
    """'17, 2a,1' -> ('17', '2A', '01')."""
    result = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"
        if code not in result:
            result.append(code)
    return tuple(result)


def _select(
    extract: TerritoryExtract, departements: Sequence[str] | None
) -> tuple[list[EpciRow], list[CommuneRow]]:
    """Communes of the chosen départements and the EPCI having at least one of them."""
    if departements is None:
        return extract.epcis, extract.communes
    known = {row.code for row in extract.departements}
    unknown = [code for code in departements if code not in known]
    if unknown:
        raise TerritoryDataError(
            f"Département(s) inconnu(s) dans « {extract.path} » : {', '.join(unknown)}."
        )
    wanted = set(departements)
    communes = [row for row in extract.communes if row.departement in wanted]
    kept_epcis = {row.epci for row in communes if row.epci}
    return [row for row in extract.epcis if row.siren in kept_epcis], communes


def _batches(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterable[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _upsert(
    model: type,
    objects: Sequence[Any],
    unique_fields: list[str],
    update_fields: list[str],
    label: str,
    progress: ProgressFactory,
) -> None:
    bar = progress(label, len(objects))
    try:
        for batch in _batches(objects):
            model.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=unique_fields,
                update_fields=update_fields,
            )
            bar.update(len(batch))
    finally:
        bar.close()


def load_territories(
    extract: TerritoryExtract,
    contours: ContoursExtract | None = None,
    *,
    departements: Sequence[str] | None = None,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> LoadReport:
    """Load what `reader.read_territories` (and `read_contours`) returned.

    `departements`: only the communes of these départements (and the EPCI with at least one
    of them as member) are loaded; régions and départements are always all loaded.
    """
    meta = extract.meta
    selected = normalize_departements(departements) if departements is not None else None
    epcis, communes = _select(extract, selected)
    if contours is not None:
        check_contours_match(extract, contours)
    kept_codes = {row.code for row in communes}
    com_departements = {row.code for row in extract.departements if row.zone == GeoZone.COM}

    vintage = Vintage.objects.filter(year=meta.vintage).first()
    citation_vintage = Vintage(
        year=meta.vintage,
        source=meta.source,
        source_version=meta.package_version,
        licence=meta.licence,
        contours_source=meta.contours_source,
    )
    report = LoadReport(
        vintage=meta.vintage,
        citation=citation_vintage.citation,
        dry_run=dry_run,
        departements_filter=selected,
        regions=sum(row.zone != GeoZone.COM for row in extract.regions),
        departements=sum(row.zone != GeoZone.COM for row in extract.departements),
        collectivites=len(com_departements),
        epcis=len(epcis),
        communes=len(communes),
        communes_com=sum(row.departement in com_departements for row in communes),
    )
    if contours is not None:
        report.contours = sum(code in kept_codes for code in contours.geometries)
        report.missing_contours = {
            code: reason for code, reason in contours.meta.missing.items() if code in kept_codes
        }
    report.created = _count_created(vintage, extract, epcis, communes, contours, kept_codes)
    if dry_run:
        return report

    with transaction.atomic():
        vintage, _ = Vintage.objects.update_or_create(
            year=meta.vintage,
            defaults={
                "source": meta.source,
                "source_version": meta.package_version,
                "licence": meta.licence,
                "contours_source": meta.contours_source,
            },
        )
        _write(vintage, extract, epcis, communes, contours, kept_codes, progress)
    return report


def load_extract(
    territories_file: Path | str = DEFAULT_TERRITORIES_FILE,
    contours_file: Path | str | None = DEFAULT_CONTOURS_FILE,
    *,
    departements: Sequence[str] | None = None,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> LoadReport:
    """Read, validate and load extract files (by default the committed 2026 extract).

    `contours_file=None` skips the contours. Both files are fully validated before anything
    is written.
    """
    extract = read_territories(territories_file, progress=progress)
    contours = None if contours_file is None else read_contours(contours_file, progress=progress)
    return load_territories(
        extract, contours, departements=departements, dry_run=dry_run, progress=progress
    )


def _count_created(
    vintage: Vintage | None,
    extract: TerritoryExtract,
    epcis: list[EpciRow],
    communes: list[CommuneRow],
    contours: ContoursExtract | None,
    kept_codes: set[str],
) -> dict[str, int]:
    wanted = {
        "regions": {row.code for row in extract.regions},
        "departements": {row.code for row in extract.departements},
        "epci": {row.siren for row in epcis},
        "communes": kept_codes,
    }
    if contours is not None:
        wanted["contours"] = {code for code in contours.geometries if code in kept_codes}
    if vintage is None:
        return {table: len(codes) for table, codes in wanted.items()}
    existing = {
        "regions": set(Region.objects.filter(vintage=vintage).values_list("code", flat=True)),
        "departements": set(
            Departement.objects.filter(vintage=vintage).values_list("code", flat=True)
        ),
        "epci": set(Epci.objects.filter(vintage=vintage).values_list("siren", flat=True)),
        "communes": set(Commune.objects.filter(vintage=vintage).values_list("code", flat=True)),
        "contours": set(
            CommuneContour.objects.filter(commune__vintage=vintage).values_list(
                "commune__code", flat=True
            )
        ),
    }
    return {table: len(codes - existing[table]) for table, codes in wanted.items()}


def _write(
    vintage: Vintage,
    extract: TerritoryExtract,
    epcis: list[EpciRow],
    communes: list[CommuneRow],
    contours: ContoursExtract | None,
    kept_codes: set[str],
    progress: ProgressFactory,
) -> None:
    vid = vintage.pk
    _upsert(
        Region,
        [Region(vintage_id=vid, code=r.code, name=r.name, zone=r.zone) for r in extract.regions],
        ["vintage", "code"],
        ["name", "zone"],
        "Régions",
        progress,
    )
    region_ids = dict(Region.objects.filter(vintage_id=vid).values_list("code", "id"))
    _upsert(
        Departement,
        [
            Departement(
                vintage_id=vid,
                code=d.code,
                name=d.name,
                region_id=region_ids[d.region],
                zone=d.zone,
            )
            for d in extract.departements
        ],
        ["vintage", "code"],
        ["name", "region", "zone"],
        "Départements",
        progress,
    )
    departement_ids = dict(Departement.objects.filter(vintage_id=vid).values_list("code", "id"))
    _upsert(
        Epci,
        [
            Epci(
                vintage_id=vid,
                siren=e.siren,
                name=e.name,
                kind=e.kind,
                financing=e.financing,
                population=e.population,
                departement_id=departement_ids[e.departement],
            )
            for e in epcis
        ],
        ["vintage", "siren"],
        ["name", "kind", "financing", "population", "departement"],
        "EPCI",
        progress,
    )
    epci_ids = dict(Epci.objects.filter(vintage_id=vid).values_list("siren", "id"))
    _upsert(
        Commune,
        [
            Commune(
                vintage_id=vid,
                code=c.code,
                name=c.name,
                siren=c.siren,
                departement_id=departement_ids[c.departement],
                epci_id=epci_ids[c.epci] if c.epci else None,
                postcodes=list(c.postcodes),
                population=c.population,
            )
            for c in communes
        ],
        ["vintage", "code"],
        ["name", "siren", "departement", "epci", "postcodes", "population"],
        "Communes",
        progress,
    )
    if contours is None:
        return
    commune_ids = dict(Commune.objects.filter(vintage_id=vid).values_list("code", "id"))
    _upsert(
        CommuneContour,
        [
            CommuneContour(commune_id=commune_ids[code], geometry=geometry)
            for code, geometry in contours.geometries.items()
            if code in kept_codes
        ],
        ["commune"],
        ["geometry"],
        "Contours",
        progress,
    )
