"""Reading a workbook or a CSV back into the `plan` section, then importing it.

The workbook is a view of the `plan` section of the exchange document: reading it builds that
section (keeping what the workbook does not carry: history, snapshots), which is then checked
and written by the same code as an exchange import. Errors name the sheet, row and column.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ctg_pilote.core import spreadsheets
from ctg_pilote.core.fieldvalues import split_list
from ctg_pilote.exchange.document import section_problems
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext

from ..exchange import PlanSection
from ..models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    NOTE_FIELDS,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
)
from .cells import SheetError, _Reader
from .thematiques import with_codes
from .writer import (
    ACTIONS,
    BUDGET,
    INDICATORS,
    NOTES,
    TREE,
    VALUES,
    _target_columns,
)

MILESTONE = re.compile(r"^(\d{2}/\d{2}/\d{4})\s+(\[x\]\s+)?(.+)$")


def read_action(r: _Reader, sheet: str, n: int, row: dict) -> dict:
    """The exchange item of one row of the Actions sheet: the columns ACTION_FIELDS declares,
    then its hand-written ones (territory, partners, milestones)."""
    a = ACTION_FIELDS.read_cells(row, lambda column, message: r.error(sheet, n, column, message))
    for key in ACTION_FIELDS.required_keys():
        if key not in a:
            r.error(sheet, n, ACTION_FIELDS.column_of(key), "valeur obligatoire")
    t = r.text
    if not r.yes(sheet, n, "Tout le territoire", row["Tout le territoire"]):
        territory = {}
        if zones := split_list(t(row["Zones"]), "\n"):
            territory["zones"] = zones
        if communes := split_list(t(row["Communes"])):
            territory["communes"] = communes
        a["territoire"] = territory
    partners = []
    for line in split_list(t(row["Partenaires"]), "\n"):
        ref, _sep, role = line.partition(":")
        partner = {"organisation": ref.strip()}
        if role.strip():
            partner["role"] = role.strip()
        partners.append(partner)
    if partners:
        a["partenaires"] = partners
    milestones = []
    for line in split_list(t(row["Jalons"]), "\n"):
        match = MILESTONE.match(line)
        if not match:
            r.error(
                sheet, n, "Jalons", f"jalon illisible : « {line} » (attendu « JJ/MM/AAAA titre »)"
            )
            continue
        m = {
            "date": r.date(sheet, n, "Jalons", match[1], field=Milestone._meta.get_field("date")),
            "titre": match[3].strip(),
        }
        if match[2]:
            m["atteint"] = True
        milestones.append(m)
    if milestones:
        a["jalons"] = milestones
    return _in_order(ACTION_FIELDS, a)


def _key(action: dict) -> str:
    """How the workbook names an action: its ref, else its number."""
    return action.get("ref") or action.get("numero") or ""


def _with_defaults(exposure, item: dict) -> dict:
    """An item as an export writes it: the keys always written get their model default."""
    for entry in exposure.exposed:
        field = exposure.model_field(entry.name)
        if entry.always and entry.key not in item and field.has_default():
            item[entry.key] = field.get_default()
    return _in_order(exposure, item)


def _in_order(exposure, item: dict) -> dict:
    """The keys in the order an export writes them, so an unchanged row compares equal."""
    order = [e.key.split(".")[0] for e in exposure.items]
    return dict(sorted(item.items(), key=lambda kv: order.index(kv[0])))


def read_tables(tables: dict[str, list[list]], convention, current: dict) -> dict:
    """Build the `plan` section from sheets (name -> rows of cell values)."""
    r = _Reader()
    tables = with_codes(tables)
    section: dict[str, Any] = {}
    history = {_key(a): a.get("historique") for a in current.get("actions", [])}

    if TREE[0] in tables:
        levels: dict[int, str] = {}
        nodes = []
        current_examples = {n["numero"]: n.get("exemples") for n in current.get("noeuds", [])}
        for n, row in r.rows(tables[TREE[0]], TREE):
            node = NODE_FIELDS.read_cells(
                row, lambda column, message, n=n: r.error(TREE[0], n, column, message)
            )
            node.setdefault("numero", "")
            if not re.fullmatch(r"[1-9]\d*(\.[1-9]\d*){0,3}", node["numero"]):
                r.error(
                    TREE[0],
                    n,
                    "Numéro",
                    f"numéro « {node['numero']} » invalide (ex. 1, 1.2, 1.2.3)",
                )
            if "titre" not in node:
                r.error(TREE[0], n, "Titre", "valeur obligatoire")
            if level := r.text(row["Niveau"]):
                levels[len(node["numero"].split("."))] = level
            if "Exemples d'actions" not in row and current_examples.get(node["numero"]):
                node["exemples"] = True  # a workbook made before the column: kept
                node = _in_order(NODE_FIELDS, node)
            nodes.append(node)
        if levels:
            section["niveaux"] = [levels.get(d, f"Niveau {d}") for d in range(1, max(levels) + 1)]
        section["noeuds"] = nodes
    else:
        section.update({k: current[k] for k in ("niveaux", "noeuds") if k in current})
    if "enjeux_transversaux" in current:  # not in the workbook: kept as they are
        section["enjeux_transversaux"] = current["enjeux_transversaux"]

    # Create or update by reference (ref, else number): actions the sheet does not list are
    # kept as they are. A row with neither is a new action; a repeated number is kept.
    actions: dict[str, dict] = {_key(a): dict(a) for a in current.get("actions", [])}
    action_rows: dict[str, int] = {}
    ambiguous: set[str] = set()
    if ACTIONS[0] in tables:
        for n, row in r.rows(tables[ACTIONS[0]], ACTIONS):
            a = read_action(r, ACTIONS[0], n, row)
            key = _key(a)
            if key in action_rows and a.get("ref"):
                r.error(ACTIONS[0], n, "Référence", f"référence « {key} » en double")
            elif key in action_rows or not key:
                ambiguous.add(key)
                key = f"{key}#{n}"  # a repeated number or no name: a row of its own
            actions[key] = a
            action_rows[key] = n

    def attach(spec, key, build):
        title = spec[0]
        current_actions = {_key(a): a for a in current.get("actions", [])}
        for number in action_rows:
            actions[number].pop(key, None)
            if title not in tables and current_actions.get(number, {}).get(key):
                actions[number][key] = current_actions[number][key]
        if title not in tables:
            return
        for n, row in r.rows(tables[title], spec):
            number = r.text(row["Action"])
            if number in ambiguous:
                r.error(
                    title,
                    n,
                    "Action",
                    f"le numéro « {number} » est porté par plusieurs actions : les désigner par "
                    "leur référence (colonne « Référence » des Actions)",
                )
                continue
            if number not in action_rows:
                r.error(title, n, "Action", f"action « {number} » absente de la feuille Actions")
                continue
            item = build(title, n, row)
            if item is not None:
                actions[number].setdefault(key, []).append(item)

    def row_reader(exposure):
        """Rows of the Budget and Notes sheets: the columns their model declares."""

        def read(title, n, row):
            item = exposure.read_cells(
                row, lambda column, message: r.error(title, n, column, message)
            )
            for key in exposure.required_keys():
                if key not in item and not r.text(row[exposure.column_of(key)]):
                    r.error(title, n, exposure.column_of(key), "valeur obligatoire")
            return _with_defaults(exposure, item)

        return read

    budget, note = row_reader(BUDGET_LINE_FIELDS), row_reader(NOTE_FIELDS)
    attach(BUDGET, "budget", budget)
    attach(NOTES, "notes", note)
    for number in action_rows:
        if history.get(number):
            actions[number]["historique"] = history[number]
    section["actions"] = list(actions.values())

    if INDICATORS[0] in tables:
        section["indicateurs"] = read_indicators(r, tables, convention)
    elif "indicateurs" in current:
        section["indicateurs"] = current["indicateurs"]
    if "instantanes" in current:
        section["instantanes"] = current["instantanes"]
    if r.problems:
        raise SheetError(r.problems)
    # The sheet's row of each action of the section (None: kept from the CTG, not in the sheet).
    section["_rows"] = [action_rows.get(key) for key in actions]
    return section


def read_indicators(r: _Reader, tables: dict[str, list[list]], convention) -> list[dict]:
    """The Indicators sheet (with one "Cible <année>" column per year) and the Values sheet:
    INDICATOR_FIELDS gives the columns, the baseline and targets are read by hand."""
    targets = _target_columns(convention)
    indicators: dict[str, dict] = {}
    for n, row in r.rows(tables[INDICATORS[0]], INDICATORS, targets):
        t = INDICATORS[0]
        item = INDICATOR_FIELDS.read_cells(
            row, lambda column, message, n=n, t=t: r.error(t, n, column, message)
        )
        for key in INDICATOR_FIELDS.required_keys():
            if key not in item:
                r.error(t, n, INDICATOR_FIELDS.column_of(key), "valeur obligatoire")
        item.setdefault("ref", "")
        item.setdefault("type", IndicatorKind.OUTPUT.value)
        value = r.number(
            t,
            n,
            "Valeur de départ",
            row["Valeur de départ"],
            field=Indicator._meta.get_field("baseline_value"),
        )
        year = r.number(
            t,
            n,
            "Année de départ",
            row["Année de départ"],
            field=Indicator._meta.get_field("baseline_year"),
            integer=True,
        )
        if value is not None:
            item["depart"] = {"valeur": value, "annee": year}
            if year is None:
                r.error(
                    t, n, "Année de départ", "obligatoire quand une valeur de départ est donnée"
                )
        item = _in_order(INDICATOR_FIELDS, item)
        cibles = []
        for column in targets:
            v = r.number(t, n, column, row[column], field=IndicatorTarget._meta.get_field("value"))
            if v is not None:
                cibles.append({"annee": int(column.split()[1]), "valeur": v})
        if cibles:
            item["cibles"] = cibles
        indicators[item["ref"]] = item
    for n, row in r.rows(tables.get(VALUES[0], [list(VALUES[1])]), VALUES):
        t = VALUES[0]
        ref = r.text(row["Indicateur"])
        if ref not in indicators:
            r.error(t, n, "Indicateur", f"indicateur « {ref} » absent de la feuille Indicateurs")
            continue
        v = {
            "annee": r.number(
                t,
                n,
                "Année",
                row["Année"],
                field=IndicatorValue._meta.get_field("year"),
                integer=True,
            ),
            "valeur": r.number(
                t, n, "Valeur", row["Valeur"], field=IndicatorValue._meta.get_field("value")
            ),
        }
        for column, key in (("Commentaire", "commentaire"), ("Source", "source")):
            if r.text(row[column]):
                v[key] = r.text(row[column])
        if r.yes(t, n, "Fictif", row["Fictif"]):
            v["fictif"] = True
        if v["annee"] is None or v["valeur"] is None:
            if not (r.text(row["Année"]) and r.text(row["Valeur"])):
                r.error(t, n, "Valeur", "année et valeur obligatoires")
            continue
        indicators[ref].setdefault("valeurs", []).append(v)
    return list(indicators.values())


def read_workbook(data: bytes, *, name: str = "Le classeur") -> dict[str, list[list]]:
    """Every sheet, within the limits of core.spreadsheets (size, shape, formulas)."""
    try:
        return spreadsheets.read_xlsx(data, name=name)
    except spreadsheets.FileRefused as error:
        raise SheetError([str(error)]) from error


def read_csv(data: bytes, *, name: str = "Le fichier CSV") -> dict[str, list[list]]:
    """A CSV of the Actions sheet: ';' or ',', UTF-8, UTF-16 or cp1252 (see decode_text)."""
    try:
        text, _encoding = spreadsheets.decode_text(data, name=name)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        return {ACTIONS[0]: spreadsheets.read_csv_rows(text, delimiter=delimiter, name=name)}
    except spreadsheets.FileRefused as error:
        raise SheetError([str(error)]) from error


def _context(convention) -> ImportContext:
    document = {
        "ctg": {"periode": {"debut": convention.start_year, "fin": convention.end_year}},
    }
    communes = {c.code: c for c in convention.communes.all()}
    organisations = {o.ref: o for o in convention.organisations.all()}
    zones = {z.name: z for z in convention.zones.all()}
    return ImportContext(
        document=document,
        vintage=convention.vintage,
        communes=communes,
        territory_codes=set(communes),
        organisation_refs=set(organisations),
        zone_names=set(zones),
        member_emails=set(),
        convention=convention,
        organisations=organisations,
        zones=zones,
    )


def import_tables(
    convention,
    tables: dict[str, list[list]],
    *,
    by=None,
    dry_run=False,
    file_name: str = "",
    origin: str = "",
) -> dict:
    """Check the sheets completely (cells, then the exchange schema and the plan's rules, as
    for an exchange document), then write the plan in one transaction. Actions go through
    `services.update_action` in the name of `by`, so the history shows who changed what, and
    how (`origin`, e.g. "Import du classeur « plan.xlsx »")."""
    section_obj = PlanSection()
    current = section_obj.export(convention) or {}
    section = read_tables(tables, convention, current)
    rows = section.pop("_rows")
    ctx = _context(convention)
    ctx.editor = by
    ctx.source_name = file_name
    if file_name:
        ctx.origin = origin or _("Import du classeur « %(name)s »") % {"name": file_name}
    problems = section_problems("plan", section) or section_obj.check(section, ctx)
    if problems:
        raise SheetError([_describe(p, section, rows) for p in problems])
    if not dry_run:
        with transaction.atomic():
            section_obj.write(section, ctx)
    return section


def _describe(problem: Problem, section: dict, rows: list[int | None]) -> str:
    match = re.match(r"plan\.actions\[(\d+)\]\.?(\w+)?", problem.path)
    if match:
        action = section["actions"][int(match[1])]
        row = rows[int(match[1])]
        column = ACTION_FIELDS.column_of(match[2] or "") or (match[2] or "")
        where = (
            "Feuille « Actions »"
            + (f", ligne {row}" if row else "")
            + (f", colonne « {column} »" if column else "")
        )
        name = _key(action) or "sans n°"
        return f"{where} (action {name}) : {problem.message}"
    return str(problem)
