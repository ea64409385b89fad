#!/usr/bin/env bash
# Builds the aedpics base image archive (an OCI image layout, also a docker-archive) from Debian 12 packages, with
# no container runtime and no registry: apt-get download + dpkg-deb -x into a root filesystem, then
# ImageArchive.java packs it. The services' images are built FROM it with
#   -Dquarkus.jib.base-jvm-image=tar://<this archive>
# (docs/operations.md "Images"). Needs: Debian or Ubuntu with apt (Debian 12 package names), GNU tar, Java 17.
#
#   deploy/kubernetes/images/build-base-image.sh [--out FILE] [--force]
#
# Default FILE: deploy/kubernetes/images/target/aedpics-base-jre17.tar. An existing archive newer than this script
# and ImageArchive.java is kept (prints its path) unless --force.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/aedpics-base-jre17.tar"
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "build-base-image: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -f "$out" && "$force" == false && "$out" -nt "${BASH_SOURCE[0]}" && "$out" -nt "$here/ImageArchive.java" ]]; then
  echo "base image archive up to date: $out"
  exit 0
fi
for tool in apt-get dpkg-deb tar java; do
  command -v "$tool" >/dev/null || { echo "build-base-image: '$tool' is required (Debian/Ubuntu with Java 17)" >&2; exit 1; }
done

# What a headless Quarkus JVM loads (ldd of libjvm, libjava, libnet, libnio, libzip, libjimage, libmanagement):
# glibc, libgcc, libstdc++ and zlib; plus the JRE, the CA bundle for TLS to e-gen, time zones for the cron schedules
# (Asia/Seoul), and base-files/netbase for /etc/os-release, /etc/services. openjdk-17-jre-headless also depends on
# desktop libraries (cups, fontconfig, freetype, harfbuzz, alsa, lcms, jpeg, nss, pcsclite) that a server never
# loads: they are left out on purpose; the image test starts a service from this base to prove it.
packages=(base-files netbase tzdata ca-certificates libc6 libgcc-s1 libstdc++6 zlib1g openjdk-17-jre-headless)

work="$(mktemp -d "${TMPDIR:-/tmp}/aedpics-base-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
debs="$here/target/debs"
mkdir -p "$debs" "$work/rootfs"

# Downloaded packages are kept under target/debs; --force fetches the current versions again.
[[ "$force" == true ]] && rm -f "$debs"/*.deb
missing=()
for package in "${packages[@]}"; do
  compgen -G "$debs/${package}_*.deb" >/dev/null || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "downloading ${missing[*]}"
  download() {
    # apt warns when its sandbox user cannot write the folder (we may run as root): harmless, so not shown.
    (cd "$debs" && apt-get download "${missing[@]}" 2>&1 >/dev/null | { grep -v 'unsandboxed' || true; } >&2 \
      && for p in "${missing[@]}"; do compgen -G "${p}_*.deb" >/dev/null || exit 1; done)
  }
  # A fresh machine may have no package lists yet: as root, fetch them once and try again.
  if ! download && ! { [[ $(id -u) == 0 ]] && apt-get update -qq && download; }; then
    echo "build-base-image: apt-get download failed; run 'apt-get update' (as root) and check the network" >&2
    exit 1
  fi
fi

rootfs="$work/rootfs"
versions=()
for package in "${packages[@]}"; do
  deb="$(ls -t "$debs/${package}"_*.deb | head -1)"
  dpkg-deb -x "$deb" "$rootfs"
  versions+=("$package=$(dpkg-deb -f "$deb" Version)")
done

# What the maintainer scripts would have done, for a system that runs one JVM as an unprivileged user.
jvm=/usr/lib/jvm/java-17-openjdk-amd64
[[ -x "$rootfs$jvm/bin/java" ]] || { echo "build-base-image: $jvm/bin/java missing after unpacking" >&2; exit 1; }
mkdir -p "$rootfs/etc/ssl/certs/java" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/deployments"
chmod 1777 "$rootfs/tmp"
java -Xmx256m "$here/ImageArchive.java" cacerts "$rootfs/usr/share/ca-certificates" "$rootfs/etc/ssl/certs/java/cacerts"
ln -sf "$jvm/bin/java" "$rootfs/usr/bin/java"
ln -sf /usr/share/zoneinfo/Etc/UTC "$rootfs/etc/localtime"
cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
aedpics:x:10001:10001:aedpics service:/deployments:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
aedpics:x:10001:
nogroup:x:65534:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
# Documentation, manual pages and the maintainer scripts' leftovers are not needed at run time.
rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/lintian" "$rootfs/usr/share/info"

echo "packing $(du -sh "$rootfs" | cut -f1) root filesystem"
tar --create --file "$work/rootfs.tar" --directory "$rootfs" --sort=name --numeric-owner --owner=0 --group=0 \
  --mtime='1970-01-01 00:00:00' --format=gnu .
java -Xmx1g "$here/ImageArchive.java" base "$work/rootfs.tar" "$out" "aedpics/base-jre17:debian12" \
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  "JAVA_HOME=$jvm" "LANG=C.UTF-8" "AEDPICS_BASE_PACKAGES=${versions[*]}"
echo "base image archive: $out ($(du -h "$out" | cut -f1))"
