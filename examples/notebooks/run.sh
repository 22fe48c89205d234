#!/bin/sh
# Runs a PrivRec notebook in JShell with the examples jar on the class path.
# Usage: examples/notebooks/run.sh [notebook.jsh]   (default: quickstart.jsh)
# Build the jar first: ./mvnw -q install -DskipTests
#
# On a terminal JShell stays open after the notebook, with its variables defined, until /exit.
# When standard input is not a terminal JShell reads its further input from there and exits at
# its end: `examples/notebooks/run.sh quickstart.jsh < /dev/null` runs the notebook and ends.
# The JVM that runs the snippets gets the Vector API module, so the fast scoring kernels are used
# (io.privrec.core.scoring.ScoringKernels.implementation() says which).
# JShell is taken from $JAVA_HOME/bin if it is there, otherwise from the PATH.
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/privrec-examples.jar"
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -q install -DskipTests first" >&2; exit 1; }
jshell=jshell
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/jshell" ]; then
  jshell="$JAVA_HOME/bin/jshell"
fi
command -v "$jshell" > /dev/null || { echo "jshell not found: install a JDK 17 or later (a JRE has no jshell)" >&2; exit 1; }
cd "$here"
exec "$jshell" --class-path "$jar" -R-Xmx4g -R--add-modules=jdk.incubator.vector "${1:-quickstart.jsh}"
