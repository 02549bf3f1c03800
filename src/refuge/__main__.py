"""`python -m refuge` runs the command line."""

from refuge.cli import main

main()
