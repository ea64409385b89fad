#!/usr/bin/env bash
# The "docker executable" the image build hands to Jib (quarkus.jib.docker-executable-name, set in the parent pom):
# no daemon runs on our build machines, so `load` keeps the image Jib streams as an OCI archive at
# $AEDPICS_IMAGE_ARCHIVE (target/jib-image.tar), and `info` describes the only platform we build (linux/amd64).
# Any other docker command is refused. To load into a real daemon instead, build with
# -Dquarkus.jib.docker-executable-name=docker (docs/operations.md "Images").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  info)
    echo '{"OSType":"linux","Architecture":"x86_64"}'
    ;;
  load)
    : "${AEDPICS_IMAGE_ARCHIVE:?set AEDPICS_IMAGE_ARCHIVE (quarkus.jib.docker-environment) to the archive to write}"
    exec java -Xmx512m "$here/ImageArchive.java" from-docker-load "$AEDPICS_IMAGE_ARCHIVE"
    ;;
  *)
    echo "archive-instead-of-docker: '$*' needs a real docker; only 'info' and 'load' are emulated" >&2
    exit 1
    ;;
esac
