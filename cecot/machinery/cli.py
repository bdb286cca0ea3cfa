"""Command line: `python -m cecot build|data|report|diff|bench|stories|sources|lab` (also installed
as `cecot`)."""

from __future__ import annotations

import argparse
import sys

from ..errors import CecotError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cecot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="execute notebooks and write their figures")
    build.add_argument("names", nargs="*", help="stories to build (default: all)")
    build.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                       help="set a notebook parameter (repeatable; STORY.NAME sets it for "
                            "one story only); needs --output")
    build.add_argument("--lang", help="language of the notebook text: en or es")
    build.add_argument("--output", help="write notebooks and figures under this folder "
                                        "instead of the committed ones")
    build.add_argument("--force", action="store_true", help="re-run even if nothing changed")
    build.add_argument("--dry-run", action="store_true",
                       help="print what would run and why (which input changed); run nothing")
    build.add_argument("--jobs", type=int, help="notebooks run at once (default: cores)")

    data = sub.add_parser("data", help="check or lock the curated data")
    data.add_argument("action", choices=["check", "lock", "readme", "freshness"],
                      help="check: validate every CSV and its recorded hash; lock: record "
                           "hashes after a deliberate edit; readme: regenerate data/README.md; "
                           "freshness: each series' latest figure, its date and age, and when "
                           "it was last checked for a newer one")

    report = sub.add_parser("report", help="write the static report site into site/")
    report.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    report.add_argument("--publish", action="store_true",
                        help="for publishing: refuse (one line, nothing written) until the "
                             "byline's names and the corrections contact are set in site.yml")

    diff = sub.add_parser("diff", help="rebuild into a temporary folder and print every "
                                       "published number that would change")
    diff.add_argument("names", nargs="*", help="stories to compare (default: all)")

    bench = sub.add_parser("bench", help="time the build against the floor and nbconvert")
    bench.add_argument("--repeat", type=int, default=3, help="runs per case (median taken)")
    bench.add_argument("--no-test", action="store_true", help="do not time `make test`")
    bench.add_argument("--json", help="where to write the timings (default build/bench.json)")

    sub.add_parser("stories", help="list stories and their parameters")

    lab = sub.add_parser("lab", help="JupyterLab on working copies of the notebooks (nothing "
                                     "done there is published); --edit: on the committed ones")
    lab.add_argument("--edit", action="store_true",
                     help="open the committed notebooks, for a deliberate change to review")
    # Every other argument goes to `jupyter lab` (e.g. --no-browser --port 8899).

    sources = sub.add_parser("sources", help="what each source is and what rests on it")
    sources.add_argument("action", choices=["check"],
                         help="check: every source with original or copy, verification, "
                              "release and the charts and headline numbers it feeds")
    sources.add_argument("--id", help="one source only")
    sources.add_argument("--csv", action="store_true", help="as CSV")
    return parser


def _print_stories() -> int:
    """Every story, its parameters (from its notebook) and their checks (from story.yml)."""
    from .. import data as cdata
    from .. import params, registry

    for story in registry.stories().values():
        print(f"{story.name}  (notebooks/{story.notebook}): {story.title_in('en')}")
        for p in params.declared(story.name).values():
            checks = story.checks.get(p.name, {})
            print(f"    {p.name}: {p.type.__name__} = {p.default!r}  {p.help}")
            for kind, argument in checks.items():
                if kind == "one_of" and isinstance(argument, str):
                    table, _, column = argument.partition(".")
                    ids = sorted({r[column] for r in cdata.load_table(table).records})
                    print(f"        one of: {', '.join(ids)}")
                elif kind != "one_of":
                    print(f"        {kind.replace('_', ' ')}: {argument}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(argv)
    if extra and args.command != "lab":
        _parser().error(f"unrecognized arguments: {' '.join(extra)}")
    args.jupyter_args = extra
    try:
        if args.command == "build":
            from .build import main_build
            return main_build(args)
        if args.command == "data":
            from .. import data as cdata
            if args.action == "lock":
                changed = cdata.lock()
                print("locked: " + (", ".join(changed) if changed else "no change"))
            elif args.action == "freshness":
                from .freshness import main_freshness
                return main_freshness()
            elif args.action == "check":
                names = cdata.validate_all()
                cdata.check_hashes()
                print(f"{len(names)} data files valid, hashes match")
            else:
                from .datadoc import write_readme
                print(f"wrote {write_readme()}")
            return 0
        if args.command == "report":
            from .site import build_site, not_ready, not_ready_line
            missing = not_ready()
            if missing and args.publish:
                raise CecotError(not_ready_line(missing))
            changed = build_site(force=args.force)
            print("site/ written" if changed else "site/ up to date")
            if missing:  # fine for review; `--publish` refuses it
                print(f"note: {not_ready_line(missing)}", file=sys.stderr)
            return 0
        if args.command == "diff":
            from .diff import main_diff
            return main_diff(args.names or None)
        if args.command == "bench":
            from .bench import main_bench
            return main_bench(args)
        if args.command == "stories":
            return _print_stories()
        if args.command == "lab":
            from .lab import main_lab
            return main_lab(args)
        if args.command == "sources":
            from .sourcecheck import main_check
            return main_check(args.id, args.csv)
    except CecotError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
