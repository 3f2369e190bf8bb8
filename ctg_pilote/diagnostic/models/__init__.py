"""The diagnostic partagé: indicators and their values per commune, the offer for families,
family surveys and per-thématique syntheses."""

from .indicators import (
    AggregationRule,
    Dataset,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    KeyFigure,
    KeyFigureScope,
    Qualifier,
)
from .offer import AgeUnit, Offer, OfferCategory, OfferCount, OfferType
from .published import DiagnosticEdit, EditKind, GeoLevel, PublishedValue
from .surveys import QuestionKind, Survey, SurveyQuestion, SurveyResponse
from .syntheses import SynthesisBlock, SynthesisItem, SynthesisKind

__all__ = [
    "AgeUnit",
    "AggregationRule",
    "Dataset",
    "DiagnosticEdit",
    "EditKind",
    "GeoLevel",
    "Indicator",
    "IndicatorUnit",
    "IndicatorValue",
    "KeyFigure",
    "KeyFigureScope",
    "Offer",
    "OfferCategory",
    "OfferCount",
    "OfferType",
    "PublishedValue",
    "Qualifier",
    "QuestionKind",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "SynthesisBlock",
    "SynthesisItem",
    "SynthesisKind",
]
