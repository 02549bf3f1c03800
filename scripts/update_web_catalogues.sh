#!/bin/sh
# Extract the web app's messages into the template, then merge it into the nl and en catalogues
# (new messages get an empty Dutch translation, which tests/web/test_translations.py refuses
# until someone fills it in). Run from the repository root, in the venv.
set -e
pybabel extract -F babel.cfg --no-default-keywords -k _ -k "gettext:2" -k N_ \
  --no-location --omit-header --sort-output -o src/refuge/web/locale/messages.pot src/refuge/web
for lang in nl en; do
  pybabel update --no-fuzzy-matching --omit-header --no-location --width 100 \
    -i src/refuge/web/locale/messages.pot -d src/refuge/web/locale -l "$lang"
done
