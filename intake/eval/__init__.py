"""Labelled evaluation set for the message parser (issue 7) and its scorer.

labels.jsonl holds only ids and labels; the real posts' texts are read from the shared data folder
at run time (they are crisis data and are never copied into the repository).
"""
