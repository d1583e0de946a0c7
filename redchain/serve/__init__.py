"""``redchain serve``: a live, read-only explorer of the graph in the browser.

``server.serve`` opens the app (``app.create_app``) with uvicorn on one engine; the page reuses
the static view's script (``templates/viz/network.js``) through its ``window.redchain`` object.
"""
