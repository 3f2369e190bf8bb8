"""YAML syntax errors in French: where (line and column as an editor counts them, from 1), the
line itself, what is wrong and how to write it instead.

PyYAML (and libyaml under it) explains a problem in English, in terms of its grammar
("mapping values are not allowed in this context"). The person who wrote the document needs
the line, the column and the usual cause: a French text holding " : " that needs quotes, a
tabulation, a quote never closed, a key out of line with its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

QUOTES_HINT = (
    'mettez ce texte entre guillemets (titre: "Objectif : agir") ou écrivez-le sur les '
    "lignes suivantes, indenté, après « >- »"
)
LINE_SHOWN_CHARACTERS = 120


class Refused(yaml.constructor.ConstructorError):
    """A value this project's loader refuses, explained in French already."""


class DuplicateKey(Refused):
    """The same key twice in one object: YAML would silently keep the last value."""


@dataclass(frozen=True)
class _Where:
    line: int  # from 0, as PyYAML counts
    column: int


def _where(mark) -> _Where | None:
    return _Where(mark.line, mark.column) if mark is not None else None


def _at(text: str, where: _Where) -> str:
    """The character at a place, or "" past the end."""
    lines = text.split("\n")
    if where.line >= len(lines):
        return ""
    line = lines[where.line]
    return line[where.column] if where.column < len(line) else ""


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    shown = lines[line].rstrip("\r") if line < len(lines) else ""
    shown = "".join(
        "⇥" if c == "\t" else c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in shown
    )
    if len(shown) > LINE_SHOWN_CHARACTERS:
        shown = shown[:LINE_SHOWN_CHARACTERS] + "…"
    return shown


def _place(where: _Where) -> str:
    return f"ligne {where.line + 1}, colonne {where.column + 1}"


def _starts_its_line(text: str, where: _Where) -> bool:
    lines = text.split("\n")
    return where.line < len(lines) and not lines[where.line][: where.column].strip()


def _has_tab(text: str, where: _Where) -> bool:
    """A tabulation in the line's indentation or at the place itself."""
    lines = text.split("\n")
    if where.line >= len(lines):
        return False
    line = lines[where.line]
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indentation or _at(text, where) == "\t"


def _explain(error: yaml.YAMLError, text: str) -> tuple[_Where | None, str, str]:
    """(where to point, what is wrong, how to write it) for one PyYAML error."""
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context", None) or ""
    where = _where(getattr(error, "problem_mark", None))
    opened = _where(getattr(error, "context_mark", None))
    if isinstance(error, yaml.reader.ReaderError):
        return _reader(error, text)
    if isinstance(error, Refused):
        return where, problem, ""
    if where is not None and (_has_tab(text, where) or "tab character" in problem):
        return (
            where,
            "tabulation dans l'indentation",
            ("indentez avec des espaces, jamais avec des tabulations (⇥ dans la ligne citée)"),
        )
    for rule in _RULES:
        found = rule(problem, context, where, opened, text)
        if found is not None:
            return found
    return (
        where,
        "syntaxe YAML incorrecte à cet endroit",
        (
            "vérifiez l'indentation (des espaces, alignés avec les lignes voisines) et mettez entre "
            "guillemets les textes qui contiennent « : » ou « # », ou qui commencent par un signe"
        ),
    )


def _reader(error: yaml.reader.ReaderError, text: str) -> tuple[_Where | None, str, str]:
    position = error.position if isinstance(error.position, int) else 0
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    code = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
    return (
        _Where(line, column),
        f"caractère invisible non autorisé ({code})",
        ("retirez-le (il vient souvent d'un copier-coller depuis un traitement de texte)"),
    )


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:]*):\s+(.+?)\s*$")


def _colon(problem, context, where, opened, text):
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        return where, "« : » suivi d'un espace au milieu d'une valeur", _quotes_hint(text, where)
    return None


def _quotes_hint(text: str, where: _Where | None) -> str:
    """The hint, with the line itself rewritten in quotes when it is `key: value`."""
    found = _KEY_VALUE.match(text.split("\n")[where.line].rstrip("\r")) if where else None
    if not found or len(found.group(0)) > LINE_SHOWN_CHARACTERS:
        return QUOTES_HINT
    key, value = found.groups()
    quoted = "'" + value.replace("'", "''") + "'" if '"' in value else f'"{value}"'
    return (
        f"mettez ce texte entre guillemets ({key}: {quoted}) ou écrivez-le sur les lignes "
        "suivantes, indenté, après « >- »"
    )


def _dash(problem, context, where, opened, text):
    if "sequence entries are not allowed" in problem:
        return (
            where,
            "tiret de liste « - » après une clé sur la même ligne",
            (
                "commencez la liste à la ligne suivante, indentée, ou mettez le texte entre "
                "guillemets s'il commence par « - »"
            ),
        )
    return None


def _quoted(problem, context, where, opened, text):
    if "quoted scalar" not in context:
        return None
    if "escape" in problem:
        return (
            where,
            "séquence « \\ » inconnue dans un texte entre guillemets doubles",
            ("écrivez ce texte entre apostrophes ('...') ou doublez la barre oblique (\\\\)"),
        )
    line = opened.line + 1 if opened else "?"
    return (
        opened or where,
        "guillemet jamais fermé",
        (
            f"fermez le guillemet ouvert ligne {line} ; dans un texte entre guillemets doubles, un "
            "guillemet s'écrit \\\" ; entre apostrophes, une apostrophe s'écrit ''"
        ),
    )


def _simple_key(problem, context, where, opened, text):
    if "could not find expected ':'" in problem:
        return (
            opened or where,
            "ligne sans « : » au milieu des champs d'un objet",
            (
                "un texte sur plusieurs lignes s'écrit après « >- » (ou « | »), indenté sous sa "
                "clé ; sinon ajoutez la clé suivie de « : »"
            ),
        )
    return None


def _flow(problem, context, where, opened, text):
    if "flow sequence" in context or "']'" in problem:
        kind, closing = "liste entre crochets [ ] non fermée", "]"
    elif "flow mapping" in context or "'}'" in problem:
        kind, closing = "objet entre accolades { } non fermé", "}"
    else:
        return None
    line = f"ligne {opened.line + 1}, colonne {opened.column + 1}" if opened else "plus haut"
    return (
        where,
        f"{kind} ou virgule manquante",
        (
            f"fermez « {closing} » ouvert {line}, ou séparez les éléments par des virgules ; un "
            "texte contenant « , » se met entre guillemets"
        ),
    )


def _block(problem, context, where, opened, text):
    is_mapping = "block mapping" in context or "expected <block end>" in problem
    if not is_mapping and "block collection" not in context:
        return None
    if where is not None and not _starts_its_line(text, where):
        if quote := _quote_opened_earlier(text, where):
            return (
                quote,
                "guillemet jamais fermé sur sa ligne",
                (
                    f"le texte entre guillemets ouvert ligne {quote.line + 1} court jusqu'au "
                    f"guillemet de la ligne {where.line + 1} : fermez-le sur sa ligne"
                ),
            )
        return (
            where,
            "texte en trop après la valeur",
            (
                "un texte qui suit une valeur entre guillemets doit être dans les guillemets : "
                "mettez toute la valeur entre guillemets"
            ),
        )
    start = (
        f" (l'objet commencé ligne {opened.line + 1}, colonne {opened.column + 1},"
        if opened
        else " ("
    )
    return (
        where,
        "indentation incorrecte",
        (
            f"alignez cette ligne, avec des espaces, sur les clés voisines{start} ou un bloc plus "
            "indenté au-dessus) ; les tirets « - » d'une liste sont alignés entre eux"
        ),
    )


def _quote_opened_earlier(text: str, where: _Where) -> _Where | None:
    """Where the quoted text that ends just before `where` was opened, when that is on an
    earlier line: a quote left open runs on to the next quote of the document."""
    lines = text.split("\n")
    before = lines[where.line][: where.column].rstrip()
    if not before or before[-1] not in "\"'":
        return None
    quote = before[-1]
    offset = sum(len(line) + 1 for line in lines[: where.line]) + len(before) - 1
    start = text.rfind(quote, 0, offset)
    if start < 0:
        return None
    line = text.count("\n", 0, start)
    if line == where.line:
        return None
    return _Where(line, start - (text.rfind("\n", 0, start) + 1))


def _sequence(problem, context, where, opened, text):
    if "expected '-'" in problem or "block sequence" in context:
        return (
            where,
            "élément de liste mal aligné",
            ("alignez les tirets « - » d'une même liste sur la même colonne"),
        )
    return None


def _node(problem, context, where, opened, text):
    if "expected node content" in problem:
        return where, "valeur manquante ou mal placée", QUOTES_HINT
    return None


def _start_character(problem, context, where, opened, text):
    if "cannot start any token" in problem:
        sign = _at(text, where) if where else ""
        return (
            where,
            f"une valeur ne peut pas commencer par « {sign} »",
            ("mettez la valeur entre guillemets"),
        )
    return None


def _anchor(problem, context, where, opened, text):
    if "anchor" in context or "alias" in context:
        return (
            where,
            "nom d'ancre (&) ou d'alias (*) incorrect",
            ("un texte qui commence par « & » ou « * » se met entre guillemets"),
        )
    if "undefined alias" in problem:
        return (
            where,
            "alias (*nom) jamais défini par une ancre (&nom)",
            (
                "définissez l'ancre avant l'alias, ou mettez entre guillemets un texte qui "
                "commence par « * »"
            ),
        )
    return None


def _directive(problem, context, where, opened, text):
    if "directive" in context or "directive" in problem or "incompatible YAML" in problem:
        return (
            where,
            "ligne commençant par « % » (directive YAML)",
            ("mettez ce texte entre guillemets, indenté sous sa clé, ou retirez la ligne"),
        )
    return None


def _documents(problem, context, where, opened, text):
    if "single document" in context or "another document" in problem:
        return (
            where,
            "plusieurs documents (« --- ») dans le même fichier",
            (
                "un fichier contient un seul document : retirez la ligne « --- » ou séparez les "
                "fichiers"
            ),
        )
    return None


def _block_scalar(problem, context, where, opened, text):
    if "block scalar" in context:
        return (
            where,
            "indicateur de bloc (« | » ou « > ») mal écrit",
            (
                "écrivez « | », « > » ou « >- » seul en fin de ligne, puis le texte sur les lignes "
                "suivantes, indenté"
            ),
        )
    return None


def _constructor(problem, context, where, opened, text):
    if "constructor for the tag" in problem:
        return (
            where,
            "étiquette YAML (« ! ») non acceptée",
            ("retirez l'étiquette, ou mettez entre guillemets un texte qui commence par « ! »"),
        )
    if "unhashable key" in problem or "mapping keys are not allowed" in problem:
        return (
            where,
            "clé complexe non acceptée",
            (
                "une clé est un mot simple suivi de « : » ; un texte qui commence par « ? » se met "
                "entre guillemets"
            ),
        )
    return None


_RULES = (
    _colon,
    _dash,
    _quoted,
    _simple_key,
    _flow,
    _documents,
    _directive,
    _anchor,
    _block_scalar,
    _constructor,
    _block,
    _sequence,
    _node,
    _start_character,
)


def french_message(error: yaml.YAMLError, text: str, name: str) -> str:
    """One French sentence: file, place, what is wrong, the line as written, the hint."""
    where, problem, hint = _explain(error, text)
    if where is None:
        return f"{name} : YAML mal formé : {problem}" + (f" ; {hint}" if hint else "")
    message = f"{name} : YAML mal formé ({_place(where)}) : {problem}"
    shown = _line(text, where.line)
    if shown.strip():
        message += f" — ligne {where.line + 1} : « {shown} »"
    return message + (f". Conseil : {hint}." if hint else ".")
