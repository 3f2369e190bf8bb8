"""National territory load: into an empty database, then an idempotent reload."""

from common import ctg, emit, seconds, setup_django


def main() -> None:
    setup_django()
    from ctg_pilote.territories import models

    def empty() -> None:
        # Territory rows protect each other (and CTGs protect them): delete leaves first.
        for model in ("CommuneContour", "Commune", "Epci", "Departement", "Region", "Vintage"):
            getattr(models, model).objects.all().delete()

    first, again = [], []
    for _ in range(3):
        empty()
        first.append(ctg("load_territories"))
        again.append(ctg("load_territories"))
    emit(
        [
            ("load_territories, base vide (35 000 communes, contours)", seconds(first), "< 10 s"),
            ("load_territories, rechargement identique", seconds(again), "< 10 s"),
        ]
    )


if __name__ == "__main__":
    main()
