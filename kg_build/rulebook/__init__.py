"""The genre's words, as data: defined once, used by every reader."""
