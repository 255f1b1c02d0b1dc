"""The store layer: the local pyoxigraph store and a remote SPARQL store, read alike."""
