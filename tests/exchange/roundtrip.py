"""Export a CTG, validate it as `ctg validate_ctg` does, import it under a fresh slug and
export it again: what a backup restored from documents gives back."""

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.territories.models import Epci, Vintage
from tests.conventions.factories import ConventionFactory

ROCHEFORT_OCEAN = "200041762"


def rochefort_ctg(**fields) -> Convention:
    """A CTG on the official communes of Rochefort Océan, so its export can validate."""
    vintage = Vintage.objects.current()
    epci = Epci.objects.get(vintage=vintage, siren=ROCHEFORT_OCEAN)
    return ConventionFactory(epci=epci, vintage=vintage, caf_departement=epci.departement, **fields)


def assert_export_round_trips(convention: Convention, *, copy_slug: str | None = None) -> dict:
    """The CTG's export validates and comes back identical from a copy; returns the export."""
    convention = Convention.objects.get(pk=convention.pk)  # as the database holds it
    exported = export_convention(convention)
    text = dump_yaml(exported)
    try:
        import_document(parse(text), dry_run=True)
        copy = parse(text)
        copy["ctg"]["identifiant"] = copy_slug or f"{convention.slug}-copie"
        import_document(copy)
    except ExchangeError as error:
        raise AssertionError("\n".join(str(p) for p in error.problems)) from error
    again = export_convention(Convention.objects.get(slug=copy["ctg"]["identifiant"]))
    again["ctg"]["identifiant"] = convention.slug
    assert again == exported
    assert dump_yaml(again) == text
    return exported
