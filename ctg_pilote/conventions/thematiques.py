"""The base list of thématiques (DOMAIN.md); a CTG may add its own."""

BASE_THEMATIQUES = [
    ("petite-enfance", "Petite enfance", True),
    ("enfance", "Enfance", False),
    ("jeunesse", "Jeunesse", True),
    ("parentalite", "Parentalité", True),
    ("animation-vie-sociale", "Animation de la vie sociale", False),
    ("acces-aux-droits", "Accès aux droits", False),
    ("inclusion-numerique", "Inclusion numérique", False),
    ("handicap", "Handicap", False),
    ("logement", "Logement", False),
    ("mobilite", "Mobilité", False),
    ("culture", "Culture", False),
    ("sante", "Santé", False),
    ("bien-vieillir", "Bien vieillir", False),
    ("attractivite", "Attractivité", False),
]
BASE_CODES = frozenset(code for code, _label, _core in BASE_THEMATIQUES)
