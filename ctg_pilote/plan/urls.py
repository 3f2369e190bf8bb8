from django.urls import path

from . import views, views_actions, views_grid, views_indicators, views_io, views_issues

app_name = "plan"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendrier/", views.timeline, name="timeline"),
    path("suivi/", views_grid.grid, name="grid"),
    path("suivi/<int:pk>/", views_grid.grid_row, name="grid_row"),
    path("actions/nouvelle/", views_actions.action_edit, name="action_create"),
    path("actions/<int:pk>/", views_actions.action_detail, name="action"),
    path("actions/<int:pk>/modifier/", views_actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/supprimer/", views_actions.action_delete, name="action_delete"),
    path("actions/<int:pk>/suivi/", views_actions.quick_update, name="quick_update"),
    path("actions/<int:pk>/notes/", views_actions.note_add, name="note_add"),
    path("actions/<int:pk>/documents/", views_actions.document_add, name="document_add"),
    path("documents/<int:pk>/", views_actions.document_download, name="document"),
    path("elements/nouveau/", views.node_edit, name="node_create"),
    path("elements/<int:pk>/modifier/", views.node_edit, name="node_edit"),
    path("elements/<int:pk>/deplacer/", views.node_move, name="node_move"),
    path("elements/<int:pk>/supprimer/", views.node_delete, name="node_delete"),
    path("niveaux/", views.levels_edit, name="levels"),
    path("enjeux-transversaux/nouveau/", views_issues.issue_edit, name="issue_create"),
    path("enjeux-transversaux/<int:pk>/modifier/", views_issues.issue_edit, name="issue_edit"),
    path(
        "enjeux-transversaux/<int:pk>/supprimer/",
        views_issues.issue_delete,
        name="issue_delete",
    ),
    path(
        "actions/<int:action_pk>/indicateurs/nouveau/",
        views_actions.indicator_edit,
        name="indicator_create_action",
    ),
    path(
        "elements/<int:node_pk>/indicateurs/nouveau/",
        views_actions.indicator_edit,
        name="indicator_create_node",
    ),
    path("indicateurs/<int:pk>/", views_indicators.indicator_detail, name="indicator"),
    path("indicateurs/<int:pk>/modifier/", views_actions.indicator_edit, name="indicator_edit"),
    path("instantanes/", views.snapshots, name="snapshots"),
    path("instantanes/<int:pk>/", views.snapshot_compare, name="snapshot"),
    path("export.xlsx", views_io.export_xlsx, name="export_xlsx"),
    path("modele.xlsx", views_io.template_xlsx, name="template_xlsx"),
    path("actions.csv", views_io.export_csv, name="export_csv"),
    path("import/", views_io.import_xlsx, name="import"),
]
