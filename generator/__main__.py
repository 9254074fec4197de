"""``python -m generator`` runs the same CLI as the ``tlgen`` command."""

from generator.cli import run

run()
