"""The words of the quarantine: what each broken rule means, for the load's records and account."""

from __future__ import annotations

from warehouse.vocabulary import RULE_EXPLAINED, words

#: Quarantine rule -> the load's message (the vocabulary's, warehouse/vocabulary.py).
RULE_MESSAGES: dict[str, str] = words(RULE_EXPLAINED, "en")
