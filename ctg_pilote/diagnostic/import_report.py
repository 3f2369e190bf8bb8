"""What an indicator import says it did (or why it refused the file)."""

from __future__ import annotations

from dataclasses import dataclass, field


class IndicatorImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class UnknownCommune:
    code: str
    lines: list[int]


@dataclass
class IndicatorImportReport:
    file_name: str
    layout: str
    encoding: str
    delimiter: str
    rows_read: int = 0
    values: int = 0
    published: int = 0  # values of EPCIs or départements as published
    masked: int = 0
    rounded_to: int | None = None
    placeholders: int = 0  # XX, XXX, 99999, XXXXX rows
    arrondissements: int = 0  # values summed into Paris, Lyon or Marseille
    other_rows: int = 0  # other levels or other modalities, not read
    indicators: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    unknown_communes: list[UnknownCommune] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "seraient chargées" if self.dry_run else "chargées"
        out = [
            f"Fichier {self.file_name} : format {self.layout}"
            + (f", encodage {self.encoding}" if self.encoding else "")
            + (f", séparateur « {self.delimiter} »" if self.delimiter.strip() else ""),
            f"Lignes lues : {self.rows_read}",
            f"Valeurs {verb} : {self.values + self.published} dont {self.masked} non diffusées",
        ]
        if self.published:
            out.append(f"Valeurs publiées pour un EPCI ou un département : {self.published}")
        if self.rounded_to:
            out.append(f"Effectifs arrondis à {self.rounded_to} par la source (secret statistique)")
        if self.placeholders:
            out.append(
                f"Lignes hors commune ignorées (XX, XXX, 99999, XXXXX) : {self.placeholders}"
            )
        if self.arrondissements:
            out.append(
                f"Arrondissements additionnés dans leur commune : {self.arrondissements} valeurs"
            )
        if self.other_rows:
            out.append(f"Lignes d'autres niveaux ou modalités ignorées : {self.other_rows}")
        out += [
            f"Indicateurs : {', '.join(self.indicators) or 'aucun'}",
            f"Années : {', '.join(str(y) for y in self.years) or 'aucune'}",
        ]
        if self.unknown_communes:
            out.append(f"Communes inconnues (ignorées) : {len(self.unknown_communes)}")
            for item in self.unknown_communes[:20]:
                lines = ", ".join(str(n) for n in item.lines[:5])
                out.append(f"  {item.code} (ligne{'s' if len(item.lines) > 1 else ''} {lines})")
            if len(self.unknown_communes) > 20:
                out.append(f"  … et {len(self.unknown_communes) - 20} autres")
        if self.ignored_columns:
            out.append(f"Colonnes ignorées : {', '.join(self.ignored_columns)}")
        if self.dry_run:
            out.append("Essai à blanc : rien n'a été enregistré.")
        return out
