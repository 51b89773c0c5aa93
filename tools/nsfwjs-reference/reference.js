// Classifies the committed parity images with the real nsfwjs 4.4.0 on @tensorflow/tfjs (CPU backend)
// and writes reference.json next to them. The model is read from models/nsfwjs-4.4.0 (what
// scripts/fetch-models.sh put there), through an in-memory IOHandler: no network.
// Usage: npm ci && node reference.js   (from this directory)
"use strict";
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");
const nsfwjs = require("nsfwjs");
const { PNG } = require("pngjs");

const root = path.resolve(__dirname, "..", "..");
const modelDir = path.join(root, "models", "nsfwjs-4.4.0", "mobilenet_v2");
const imageDir = path.join(root, "MediaAspire.Tests", "TestData", "nsfwjs");

// The .min.js files are UMD modules exporting the layers-model JSON and the base64 weight shard.
function localModelHandler() {
  const modelJson = require(path.join(modelDir, "model.min.js"));
  const shard = require(path.join(modelDir, "group1-shard1of1.min.js"));
  const bytes = Buffer.from(shard, "base64");
  return {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    }),
  };
}

function readRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4) {
    rgb[j++] = png.data[i];
    rgb[j++] = png.data[i + 1];
    rgb[j++] = png.data[i + 2];
  }
  return tf.tensor3d(rgb, [png.height, png.width, 3], "int32");
}

async function main() {
  const model = await nsfwjs.load(localModelHandler());
  const images = fs.readdirSync(imageDir).filter((f) => f.endsWith(".png")).sort();
  const reference = { model: "nsfwjs 4.4.0 mobilenet_v2", tfjs: tf.version.tfjs, backend: tf.getBackend(), images: {} };
  for (const name of images) {
    const image = readRgb(path.join(imageDir, name));
    const predictions = await model.classify(image, 5);
    image.dispose();
    const probabilities = {};
    for (const p of predictions) probabilities[p.className] = p.probability;
    reference.images[name] = {
      Drawing: probabilities.Drawing, Hentai: probabilities.Hentai, Neutral: probabilities.Neutral,
      Porn: probabilities.Porn, Sexy: probabilities.Sexy,
    };
    console.log(name, JSON.stringify(reference.images[name]));
  }
  fs.writeFileSync(path.join(imageDir, "reference.json"), JSON.stringify(reference, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
