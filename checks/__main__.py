"""`python -m checks`: see checks/cli.py."""

from .cli import main

raise SystemExit(main())
