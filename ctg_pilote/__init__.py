"""ctg-pilote: run a Convention Territoriale Globale (CTG) from diagnostic to evaluation."""
