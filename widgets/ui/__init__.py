"""ipywidgets components: what participants, the facilitator, the projector and the analyst see."""
