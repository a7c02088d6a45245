#!/bin/sh
# A headless "browser" for the authorization-code tests: otok runs it as $BROWSER with the
# authorization URL; it follows every redirect with curl, keeping the server's cookies, until
# the redirect reaches otok's loopback listener.
set -eu
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
curl -sS -L --max-redirs 20 -b "$jar" -c "$jar" -o /dev/null "$1"
