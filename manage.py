#!/usr/bin/env python
"""Django's manage.py; the installed `vises` command does the same."""

from vises.__main__ import main

if __name__ == "__main__":
    main()
