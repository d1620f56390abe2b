"""``python -m unspin`` runs the CLI."""

from .cli import main

raise SystemExit(main())
