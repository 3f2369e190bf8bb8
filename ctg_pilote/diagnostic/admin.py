from ctg_pilote.core.admin_base import register_read_mostly

from .models import Dataset, Indicator, KeyFigure, Offer, Survey, SynthesisBlock, SynthesisItem

register_read_mostly(Indicator, Dataset, KeyFigure, Offer, Survey, SynthesisBlock, SynthesisItem)
