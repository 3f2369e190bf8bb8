"""Rows of objects a section has just created, written at the end of the section in one
`bulk_create` per table instead of a query (or three, for a many-to-many `.set()`) per object.

Only for objects created by the import itself: there is nothing saved to compare them with,
so adding the rows is the whole of what `.set()` or a delete-then-create would have done.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models

BATCH = 500


class PendingRows:
    def __init__(self) -> None:
        self._objects: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self._rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    def create(self, obj: models.Model) -> None:
        """An object created by the import, inserted with the others of its table before the
        rows (which may point at it)."""
        self._objects[type(obj)].append(obj)

    def add(self, model: type[models.Model], rows) -> None:
        self._rows[model].extend(rows)

    def relate(self, obj: models.Model, name: str, targets) -> None:
        """What `getattr(obj, name).set(targets)` does for a freshly created `obj`."""
        field = obj._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        seen: set = set()
        for item in targets:
            if item.pk not in seen:
                seen.add(item.pk)
                # The instance, not its key: `obj` may be inserted later in one bulk_create
                # (the key is read when the rows are written).
                self._rows[through].append(through(**{source: obj, f"{target}_id": item.pk}))

    def write(self) -> None:
        for model, objects in self._objects.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
        self._objects.clear()
        for model, rows in self._rows.items():
            model.objects.bulk_create(rows, batch_size=BATCH)
        self._rows.clear()
