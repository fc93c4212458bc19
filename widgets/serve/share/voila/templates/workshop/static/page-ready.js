// Every cell has been sent: show them (what Voilà's inline `window.voila_finish()` does).
window.voila_finish();
