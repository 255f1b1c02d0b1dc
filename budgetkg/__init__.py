"""budgetkg: a knowledge graph of Chinese public-budget disclosures."""

__version__ = "0.1.0"
