"""The `vises` console script: every manage.py command, with the project's settings."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["match"]:
        # The matching engine is a pure tool: no settings, no database (DESIGN §9).
        from vises.matching.engine.cli import main as match

        sys.exit(match(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vises.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loading the settings checks the environment
    except ImproperlyConfigured as error:
        print(f"vises: {error}", file=sys.stderr)
        sys.exit(1)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
