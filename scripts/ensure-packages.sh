#!/usr/bin/env bash
# Before `npm test`: the Debian packages the tests need (real servers and tools on loopback).
# As root with apt-get (a fresh CI machine) they are installed; elsewhere the exact command is
# printed and the tests do not start.
set -euo pipefail
# command → Debian package
# (sshd is named by its full path: /usr/sbin is often not on a user's PATH; command -v takes paths.)
declare -A NEEDED=([openssl]=openssl [chromium]=chromium [/usr/sbin/sshd]=openssh-server [rsync]=rsync)
missing=()
for command in "${!NEEDED[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${NEEDED[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi
echo "The tests need these Debian packages: ${missing[*]}" >&2
echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
