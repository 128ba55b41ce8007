"""`python -m docs_build [--check]`: rebuild the pages' values, the figures and the notebooks (docs_build/__init__.py)."""

import argparse
import sys

from . import ROOT, BuildError, build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docs_build", description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and list the files the build would change")
    parser.add_argument("--fresh", action="store_true",
                        help="run everything again, cached or not: the times the pages quote are measured anew "
                             "(do it on a quiet machine)")
    args = parser.parse_args(argv)
    from . import cache

    cache.fresh = args.fresh
    try:
        changed = build(check=args.check)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check and changed:
        print("stale (run `python -m docs_build`): " + ", ".join(str(p.relative_to(ROOT)) for p in changed))
        return 1
    print("the pages, figures and notebooks are up to date" if args.check or not changed
          else f"{len(changed)} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
