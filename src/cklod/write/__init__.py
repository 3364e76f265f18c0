"""The write stage: the dumps (N-Quads, N-Triples, Turtle, JSON-LD), the VoID/DCAT description and the
output README."""
