"""Copy the web app's third-party browser assets from the npm packages `package.json` names
(installed by `npm ci`) into the Python package, which serves them itself: nothing is loaded
from elsewhere at run time, and a pip install needs no Node.js.

Run after changing a version in package.json: `npm ci --ignore-scripts && python
scripts/vendor_web_assets.py`. `tests/web/test_assets.py` checks the copies against
node_modules when it is there."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "refuge" / "web" / "static" / "vendor"
# npm package file -> name served under /static/vendor/
ASSETS = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "htmx.org/LICENSE": "htmx.LICENSE.txt",
}


def main() -> int:
    modules = ROOT / "node_modules"
    if not modules.is_dir():
        print("node_modules is missing: run `npm ci --ignore-scripts` first", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in ASSETS.items():
        shutil.copyfile(modules / source, VENDOR / target)
        print(f"{source} -> {(VENDOR / target).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
