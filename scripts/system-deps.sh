#!/usr/bin/env bash
# Checks the system tools the tests need. As root on Debian/Ubuntu it installs the missing ones;
# elsewhere it stops and prints the one command that installs them.
set -euo pipefail
# tool → Debian package
declare -A need=(
  [chromium]=chromium          # Playwright drives Debian's Chromium (never a downloaded browser)
  [socat]=socat                # PTY pairs for the virtual modem
  [mosquitto]=mosquitto        # a real MQTT broker for integration tests
  [mosquitto_sub]=mosquitto-clients
  [udevadm]=udev               # serialport's port listing on Linux
  [openssl]=openssl            # self-signed certificates for the TLS tests
  [xvfb-run]=xvfb              # a display for Electron-mode e2e where the binary exists
)
extra_pkgs="fonts-dejavu-core xauth"
missing=()
for tool in "${!need[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("${need[$tool]}")
done
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
# Simplified Chinese in the app, the html report and the diagram exports (no tofu boxes).
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
cmd="apt-get install -y --no-install-recommends ${missing[*]} $extra_pkgs"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system tools the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" $extra_pkgs >/dev/null
else
  echo "Missing system tools for the tests: ${missing[*]}" >&2
  echo "Install them with:  sudo $cmd" >&2
  exit 1
fi
