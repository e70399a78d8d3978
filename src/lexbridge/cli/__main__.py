"""``python -m lexbridge.cli``: the same as the ``lexbridge`` command."""

from lexbridge.cli import main

main()
