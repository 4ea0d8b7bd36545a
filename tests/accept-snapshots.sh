#!/usr/bin/env bash
# Accepts every pending snapshot: renames *.received.cs to *.verified.cs. Review `git diff` afterwards.
set -euo pipefail
if [[ -n "${CI:-}" ]]; then
  echo "CI is set: snapshots are never accepted in CI (review and accept them locally)." >&2
  exit 1
fi
cd "$(dirname "$0")"
find . -name '*.received.cs' -print0 | while IFS= read -r -d '' received; do
  mv -- "$received" "${received%.received.cs}.verified.cs"
  echo "accepted ${received#./}"
done
