"""One context per page or command: what it shows, built from the API's results.

A context is frozen; ``to_json()`` is the command's ``--json`` output (the page's
JSON twin), and the CLI's rich tables (``cli/render.py``) and the web templates
render the same object. Builders take an open ``Khronika`` and the command's
options; nothing here prints.
"""
