"""Compile the translation catalogues (``locale/*/LC_MESSAGES/*.po``) to ``.mo``."""

from django.core.management.base import BaseCommand, CommandError

from community.catalogues import catalogue_files, catalogue_problems, compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues; with --check, first refuse broken ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail on untranslated or fuzzy entries and mismatched placeholders.",
        )

    def handle(self, *args, check: bool = False, **options):
        if check:
            problems = [
                problem
                for path in catalogue_files()
                for problem in catalogue_problems(path)
            ]
            if problems:
                raise CommandError("\n".join(problems))
        for target in compile_catalogues():
            self.stdout.write(f"Compiled {target.parent.parent.name}")
