#!/usr/bin/env bash
# DejaVu Sans for the decision and letter PDFs (Debian's fonts-dejavu-core; nothing is downloaded
# outside Debian). Without it the PDFs fall back to Helvetica and `tietovaranto check` warns.
set -euo pipefail
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "warning: fonts-dejavu-core is missing (PDFs fall back to Helvetica); install it with: sudo apt-get install -y fonts-dejavu-core" >&2
  exit 0
fi
echo "Installing Debian's fonts-dejavu-core package…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
