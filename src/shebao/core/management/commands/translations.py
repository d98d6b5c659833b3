"""Keep the Chinese catalogues whole: `--fill-hant` derives zh-hant from zh-hans with OpenCC (except
entries a translator marked `manual`), `--check` fails when any string lacks a translation or the
compiled .mo lags behind its .po. Run after `make messages` (which needs GNU gettext).

`--merge-from REF` (a git ref, repeatable) fills every untranslated entry from that commit's catalogues: two
branches that both added strings conflict in the .po files; take either side, re-extract with `make messages`,
then `--merge-from` the other side (MERGE_HEAD or HEAD) and compile. No translation is typed twice."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCALES = ("zh_Hans", "zh_Hant")


def catalogue(locale: str, suffix: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / f"django.{suffix}"


class Command(BaseCommand):
    help = "Derive zh-hant from zh-hans (--fill-hant) and check that both catalogues are complete (--check)."

    def add_arguments(self, parser):
        parser.add_argument("--fill-hant", action="store_true")
        parser.add_argument("--check", action="store_true")
        parser.add_argument("--merge-from", action="append", default=[], metavar="GIT_REF")

    def handle(self, *args, **options):
        for ref in options["merge_from"]:
            self.merge_from(ref)
        if options["fill_hant"]:
            self.fill_hant()
        if options["check"]:
            self.check_complete()

    def fill_hant(self) -> None:
        import opencc
        import polib

        # Taiwan standard characters (s2tw: 臺灣, 後臺) read naturally in Hong Kong and Macau as well.
        convert = opencc.OpenCC("s2tw").convert
        hans = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(catalogue("zh_Hans")))}
        hant = polib.pofile(str(catalogue("zh_Hant")))
        filled = 0
        for entry in hant:
            source = hans.get((entry.msgctxt, entry.msgid))
            if source is None or "manual" in (entry.tcomment or ""):
                continue
            # A fuzzy zh-hans entry is makemessages' guess, usually wrong: it is no translation yet.
            trusted = "fuzzy" not in source.flags
            entry.msgstr = convert(source.msgstr) if source.msgstr and trusted else ""
            entry.msgstr_plural = {k: convert(v) if trusted else "" for k, v in source.msgstr_plural.items()}
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        hant.save()
        self.stdout.write(f"zh_Hant: {filled} entries derived from zh_Hans")

    def merge_from(self, ref: str) -> None:
        import polib

        for locale in LOCALES:
            path = catalogue(locale)
            repo_path = path.resolve().relative_to(_git_top(path))
            shown = subprocess.run(  # noqa: S603 - git with a ref the operator typed
                ["git", "show", f"{ref}:{repo_path}"],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
                cwd=path.parent,
            )
            if shown.returncode != 0:
                raise CommandError(f"{ref}: {shown.stderr.strip()}")
            theirs = {
                (e.msgctxt, e.msgid): e
                for e in polib.pofile(shown.stdout)
                if e.translated() and "fuzzy" not in e.flags
            }
            po = polib.pofile(str(path))
            filled = 0
            for entry in po:
                source = theirs.get((entry.msgctxt, entry.msgid))
                if source is None or (entry.translated() and "fuzzy" not in entry.flags):
                    continue
                entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                filled += 1
            po.save()
            po.save_as_mofile(str(catalogue(locale, "mo")))
            self.stdout.write(f"{locale}: {filled} entries filled from {ref}")

    def check_complete(self) -> None:
        import polib

        problems = []
        for locale in LOCALES:
            po = polib.pofile(str(catalogue(locale)))
            missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
            problems += [f"{locale}: untranslated {msgid!r}" for msgid in missing]
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(catalogue(locale, "mo")))}
            singular = [e for e in po.translated_entries() if not e.msgid_plural]
            stale = [e.msgid for e in singular if compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
            problems += [f"{locale}: .mo out of date for {msgid!r}" for msgid in stale[:5]]
        if problems:
            raise CommandError("\n".join(problems[:40]) + f"\n({len(problems)} problems)")
        self.stdout.write("translations complete")


def _git_top(path: Path) -> Path:
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        cwd=path.parent,
    )
    return Path(top.stdout.strip())
