"""The claim engine's vocabularies: gazetteer (players, clubs, sources), cue words per language,
sentence splitting and folding, language guessing, money and window phrasings. Data files are
under ``bot/data/``."""
