"""Finding similar actions across CTGs without a language model: French folding, stop words,
light stemming, a small domain thesaurus and TF-IDF cosine. Each hit says which terms matched."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ctg_pilote.core.text import fold

STOP_WORDS = {
    "a",
    "au",
    "aux",
    "avec",
    "ce",
    "ces",
    "cet",
    "cette",
    "dans",
    "de",
    "des",
    "du",
    "elle",
    "en",
    "et",
    "eux",
    "il",
    "ils",
    "je",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lui",
    "ma",
    "mais",
    "me",
    "meme",
    "mes",
    "moi",
    "mon",
    "ne",
    "nos",
    "notre",
    "nous",
    "on",
    "ou",
    "par",
    "pas",
    "pour",
    "qu",
    "que",
    "qui",
    "sa",
    "se",
    "ses",
    "son",
    "sur",
    "ta",
    "te",
    "tes",
    "toi",
    "ton",
    "tu",
    "un",
    "une",
    "vos",
    "votre",
    "vous",
    "d",
    "l",
    "s",
    "n",
    "c",
    "j",
    "y",
    "est",
    "sont",
    "plus",
    "tout",
    "tous",
    "toute",
    "toutes",
    "afin",
    "entre",
    "sans",
    "sous",
    "chez",
    "lors",
    "etre",
    "avoir",
    "mise",
    "oeuvre",
    "place",
    "territoire",
    "developper",
    "developpement",
    "favoriser",
    "renforcer",
    "action",
    "actions",
}

# Words of the field that say the same thing: each maps to a shared concept token.
SYNONYMS = {
    "itinerant": "aller_vers",
    "itinerance": "aller_vers",
    "mobile": "aller_vers",
    "aller": "aller_vers",
    "bus": "aller_vers",
    "deplace": "aller_vers",
    "parentalite": "parent",
    "parent": "parent",
    "parental": "parent",
    "famille": "parent",
    "familial": "parent",
    "laep": "parent",
    "creche": "petite_enfance",
    "eaje": "petite_enfance",
    "rpe": "petite_enfance",
    "ram": "petite_enfance",
    "assistant": "petite_enfance",
    "multi": "petite_enfance",
    "jeune": "jeunesse",
    "jeunesse": "jeunesse",
    "ado": "jeunesse",
    "adolescent": "jeunesse",
    "numerique": "numerique",
    "informatique": "numerique",
    "internet": "numerique",
    "droit": "acces_droits",
    "france": "acces_droits",
    "service": "acces_droits",
    "handicap": "handicap",
    "inclusion": "handicap",
    "specifique": "handicap",
    "transport": "mobilite",
    "mobilite": "mobilite",
    "senior": "vieillir",
    "age": "vieillir",
    "vieillir": "vieillir",
    "culture": "culture",
    "culturel": "culture",
    "lecture": "culture",
    "reseau": "reseau",
    "coordination": "reseau",
    "partenariat": "reseau",
}

SUFFIXES = (
    "issements",
    "issement",
    "ations",
    "ation",
    "ements",
    "ement",
    "ances",
    "ance",
    "ites",
    "ite",
    "euses",
    "euse",
    "eurs",
    "eur",
    "ives",
    "ive",
    "ifs",
    "if",
    "iques",
    "ique",
    "elles",
    "elle",
    "aux",
    "al",
    "es",
    "s",
    "e",
)


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _canonical(word: str) -> str | None:
    """The synonym concept of a word: tried on the word, then on its simple singular form."""
    for candidate in (word, word.rstrip("sx"), word.removesuffix("e"), word.removesuffix("es")):
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return None


def tokens(text: str) -> list[str]:
    """Stems, plus a concept token for each word of the thesaurus."""
    out = []
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if word in STOP_WORDS or (len(word) < 3 and word not in SYNONYMS):
            continue
        concept = _canonical(word)
        if concept:
            out.append("~" + concept)
        out.append(stem(word))
    return out


@dataclass
class Hit:
    item: object
    score: float
    matched: list[str]


CONCEPT_LABELS = {
    "aller_vers": "aller-vers / itinérant / mobile",
    "parent": "parentalité / parents / familles",
    "petite_enfance": "petite enfance",
    "jeunesse": "jeunesse",
    "numerique": "numérique",
    "acces_droits": "accès aux droits / services",
    "handicap": "handicap / inclusion",
    "mobilite": "mobilité",
    "vieillir": "bien vieillir",
    "culture": "culture",
    "reseau": "réseau / coordination",
}


def explain(term: str) -> str:
    if term.startswith("~"):
        return CONCEPT_LABELS.get(term[1:], term[1:])
    return term


def rank(query: str, documents: list[tuple[object, str]], *, limit: int = 20) -> list[Hit]:
    """TF-IDF cosine between the query and each document's text."""
    query_tokens = tokens(query)
    if not query_tokens or not documents:
        return []
    doc_tokens = [Counter(tokens(text)) for _, text in documents]
    n = len(documents)
    df = Counter(term for counts in doc_tokens for term in counts)

    def weights(counts: Counter) -> dict[str, float]:
        return {
            t: (1 + math.log(c)) * (math.log((n + 1) / (df.get(t, 0) + 1)) + 1)
            for t, c in counts.items()
        }

    q = weights(Counter(query_tokens))
    q_norm = math.sqrt(sum(w * w for w in q.values()))
    hits = []
    for (item, _), counts in zip(documents, doc_tokens, strict=True):
        d = weights(counts)
        common = set(q) & set(d)
        if not common:
            continue
        score = sum(q[t] * d[t] for t in common) / (
            q_norm * math.sqrt(sum(w * w for w in d.values()))
        )
        matched = sorted({explain(t) for t in common}, key=str)
        hits.append(Hit(item, score, matched))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]
