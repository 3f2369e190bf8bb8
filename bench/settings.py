"""Settings of the national bench's gunicorn (bench/bench_national.py): the production settings,
plus the floor view of bench/urls.py. Static files are collected into a temporary folder."""

import os

from ctg_pilote.settings.prod import *  # noqa: F403
from ctg_pilote.settings.prod import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("CTG_BENCH_STATIC_ROOT", STATIC_ROOT)
