"""The sample files of `samples/` loaded as fictitious values, for the demo's portraits."""

from __future__ import annotations

from pathlib import Path

from .importer import import_indicator_file
from .models import Dataset

SAMPLES = Path(__file__).resolve().parent / "samples"


def load_sample_values() -> list[str]:
    """Import every sample file once (marked fictitious: the layouts are real, the values
    are not). Returns the names of the files imported this time."""
    done = set(Dataset.objects.filter(is_fictitious=True).values_list("file_name", flat=True))
    loaded = []
    for path in sorted([*SAMPLES.glob("*.csv"), *SAMPLES.glob("*.geojson")]):
        if path.name in done:
            continue
        report = import_indicator_file(path, fictitious=True)
        loaded.append(f"{path.name} : {report.values + report.published} valeurs (exemple)")
    return loaded
