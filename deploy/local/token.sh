#!/usr/bin/env bash
# Mints a DEVELOPMENT JWT for the local stack (see deploy/local/README.md). Needs only Java 17.
#   deploy/local/token.sh --sub kim --role inspector --sido 서울특별시 --gugun 종로구 [--ttl 3600]
# Prints exactly one token on stdout; bad arguments: message on stderr, exit 2.
# The key defaults to deploy/local/dev-keys/jwt-private.pem (override with --key or AEDPICS_JWT_PRIVATE_KEY).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }

# Every argument goes to Java hex-encoded (UTF-8), so Korean names survive any locale (under LANG=C the JVM would
# turn them into '?').
args=()
key_given=false
for a in "$@"; do
  case "$a" in --key|--key=*) key_given=true ;; esac
  args+=("$(hex "$a")")
done
if [[ $key_given == false ]]; then
  args=("$(hex --key)" "$(hex "${AEDPICS_JWT_PRIVATE_KEY:-$here/dev-keys/jwt-private.pem}")" ${args[@]+"${args[@]}"})
fi

# file.encoding: the source launcher compiles Token.java (Korean literals) with it; sun.std*.encoding: messages.
exec "$java" -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 \
  "$here/Token.java" --hex-args ${args[@]+"${args[@]}"}
