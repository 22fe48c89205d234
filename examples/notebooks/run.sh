#!/bin/sh
# Opens a PrivRec notebook in JShell with the examples jar on the class path.
# Usage: examples/notebooks/run.sh [notebook.jsh]   (default: quickstart.jsh)
# Build the jar first: ./mvnw -q install -DskipTests
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/privrec-examples.jar"
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -q install -DskipTests first" >&2; exit 1; }
cd "$here"
exec jshell --class-path "$jar" -R-Xmx4g "${1:-quickstart.jsh}"
