#!/usr/bin/env bash
# Every test of Generator.sln, in two steps (README "Tests and snapshots"):
#   1. everything but [Trait("Category", "Slow")]: unit, snapshot, in-memory compile, Kestrel end-to-end, parity, media;
#   2. the slow tests alone: packing and consuming the package, the NativeAOT publish, the fuzz, corpus and cancellation
#      runs, so their builds never compete with step 1.
# Both steps run even if the first fails; a test that hangs is stopped (and named) after --blame-hang-timeout.
# Extra arguments go to both `dotnet test` calls (e.g. --logger "console;verbosity=detailed").
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet build Generator.sln || exit 1

status=0
echo "== tests, step 1 of 2: dotnet test Generator.sln --filter \"Category!=Slow\""
dotnet test Generator.sln --no-build --filter "Category!=Slow" --blame-hang-timeout 10m --blame-hang-dump-type mini "$@" || status=1
echo "== tests, step 2 of 2: dotnet test Generator.sln --filter \"Category=Slow\""
dotnet test Generator.sln --no-build --filter "Category=Slow" --blame-hang-timeout 20m --blame-hang-dump-type mini "$@" || status=1
exit $status
