"""Prevent Referrals workshop kit: content, store, live sessions and the ipywidgets UI."""

__version__ = "0.1.0"
