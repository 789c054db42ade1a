#!/usr/bin/env bash
# Install khronika as a user does: build the wheel, install it with no extras into a
# fresh virtual environment, and run the main commands from outside the checkout, so
# the model files and rules must come from inside the wheel and every dependency must
# be declared (a [dev] install hides a missing one).
#
#   scripts/check_wheel_install.sh [PYTHON]     (default python3; run from anywhere)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "wheel check: building the wheel"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/wheel" "$repo" 2>&1 | grep -v '^WARNING: Location' || true
wheel="$(ls "$work"/wheel/khronika-*.whl)"

echo "wheel check: installing $(basename "$wheel") with no extras into a fresh venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel" 2>&1 | grep -v '^WARNING: Location' || true
khronika="$work/venv/bin/khronika"

cd "$work"  # nothing of the checkout on the path
seed="$repo/../shared/seed/article-uk.txt"
if [ ! -f "$seed" ]; then  # ../shared is beside the checkout in CI; elsewhere, a sample page
    seed="$repo/examples/html/dnipro-visnyk.example/news/lukashenko-vyrushyv-do-sochi.html"
fi
echo "wheel check: khronika analyze $(basename "$seed")"
"$khronika" analyze "$seed" --published 2020-09-14 --json > analysis.json
"$work/venv/bin/python" - analysis.json <<'EOF'
import json, sys
analysis = json.load(open(sys.argv[1]))
assert analysis["entities"], "the analysis found no entities: models or rules missing from the wheel?"
print(f"  {len(analysis['entities'])} entities, {len(analysis.get('times', []))} time expressions")
EOF

echo "wheel check: khronika ingest examples/"
"$khronika" --db "$work/check.db" ingest "$repo/examples/html" "$repo/examples/feed.xml" "$repo/examples/corpus.warc.gz" \
    --json > ingest.json
"$work/venv/bin/python" - ingest.json <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["ingested"] >= 40 and not report["failed"], report
print(f"  ingested {report['ingested']}, duplicates {report['duplicates']}, failed {len(report['failed'])}")
EOF
"$khronika" --db "$work/check.db" stories --json > stories.json
"$work/venv/bin/python" -c "import json; s = json.load(open('stories.json')); assert s, 'no stories'; print(f'  {len(s)} stories')"
echo "wheel check: passed"
