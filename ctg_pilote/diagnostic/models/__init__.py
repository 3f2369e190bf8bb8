"""The diagnostic partagé: indicators and their values per commune, the offer for families,
family surveys and per-thématique syntheses."""

from .indicators import (
    AggregationRule,
    Dataset,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    KeyFigure,
)
from .offer import AgeUnit, Offer, OfferCategory, OfferCount, OfferType
from .surveys import QuestionKind, Survey, SurveyQuestion, SurveyResponse
from .syntheses import SynthesisItem, SynthesisKind

__all__ = [
    "AgeUnit",
    "AggregationRule",
    "Dataset",
    "Indicator",
    "IndicatorUnit",
    "IndicatorValue",
    "KeyFigure",
    "Offer",
    "OfferCategory",
    "OfferCount",
    "OfferType",
    "QuestionKind",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "SynthesisItem",
    "SynthesisKind",
]
