"""Existing findings become blocks: one block per thématique, in the thématiques' order, its
statements in their former order; the free `enjeux` references that name a node of the CTG's
plan become links to it, the others are kept at the end of the statement's text."""

from django.db import migrations


def items_into_blocks(apps, schema_editor):
    SynthesisItem = apps.get_model("diagnostic", "SynthesisItem")
    SynthesisBlock = apps.get_model("diagnostic", "SynthesisBlock")
    Node = apps.get_model("plan", "Node")
    items = SynthesisItem.objects.select_related("thematique").order_by(
        "convention_id", "thematique__position", "thematique__code", "position", "pk"
    )
    blocks: dict = {}
    counts: dict = {}
    for item in items:
        key = (item.convention_id, item.thematique_id)
        if key not in blocks:
            position = sum(1 for c, _t in blocks if c == item.convention_id)
            blocks[key] = SynthesisBlock.objects.create(
                convention_id=item.convention_id,
                thematique_id=item.thematique_id,
                position=position,
            )
        item.block = blocks[key]
        item.position = counts.get(key, 0)
        counts[key] = item.position + 1
        references = [str(r) for r in item.enjeux or []]
        nodes = {
            n.number: n
            for n in Node.objects.filter(convention_id=item.convention_id, number__in=references)
        }
        unresolved = [r for r in references if r not in nodes]
        if unresolved:
            item.text = f"{item.text}\n(Enjeux : {', '.join(unresolved)})"
        item.save()
        item.plan_nodes.set(nodes.values())


def blocks_into_items(apps, schema_editor):
    SynthesisItem = apps.get_model("diagnostic", "SynthesisItem")
    for item in SynthesisItem.objects.select_related("block"):
        item.convention_id = item.block.convention_id
        item.thematique_id = item.block.thematique_id
        item.kind = item.kind or "force"
        item.enjeux = [n.number for n in item.plan_nodes.all()]
        item.save()


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0009_findings_blocks_figure_words_survey_totals"),
    ]

    operations = [migrations.RunPython(items_into_blocks, blocks_into_items)]
