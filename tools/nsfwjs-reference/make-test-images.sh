#!/usr/bin/env bash
# Regenerates the committed parity test images with ffmpeg: synthetic lavfi sources and crops of real
# photos from Debian's plasma-workspace-wallpapers. Most are 224x224 (the model's input size, no
# resize); two other sizes exercise the bilinear alignCorners resize path.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=MediaAspire.Tests/TestData/nsfwjs
wallpapers=/usr/share/wallpapers
mkdir -p "$out"

lavfi() { # name, source
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$2" -frames:v 1 -pix_fmt rgb24 "$out/$1.png"
}
photo() { # name, source image, crop filter, output size
  ffmpeg -hide_banner -loglevel error -y -i "$wallpapers/$2" -vf "$3,scale=$4:flags=area" -frames:v 1 -pix_fmt rgb24 "$out/$1.png"
}

lavfi testsrc2 "testsrc2=size=224x224:rate=1"
lavfi mandelbrot "mandelbrot=size=224x224:rate=1"
lavfi gradient "gradients=size=224x224:seed=7:nb_colors=4"
lavfi cellauto "cellauto=size=224x224:rule=110:seed=3,format=rgb24"
photo autumn Autumn/contents/images/2560x1600.jpg "crop=1200:1200:600:200" 224:224
photo cups ColorfulCups/contents/images/2560x1600.jpg "crop=1400:1400:500:100" 224:224
photo evening EveningGlow/contents/images/2560x1600.jpg "crop=1000:1000:1200:300" 224:224
photo leaf FallenLeaf/contents/images/2560x1600.jpg "crop=1600:1600:480:0" 224:224
# Not 224x224: these go through the resize path on both sides.
photo water-320x240 BytheWater/contents/images/2560x1600.jpg "crop=2000:1500:300:50" 320:240
photo cascade-150x200 Cascade/contents/images/3840x2160.png "crop=1200:1600:1300:300" 150:200
