// Produces the golden reference for native/test/vision-reference.test.ts by running MediaPipe's
// own runtime (the WASM solutions shipped in @mediapipe/face_detection and
// @mediapipe/selfie_segmentation) in headless Debian chromium through playwright-core.
//
//   apt-get install chromium     # once; not needed to run the tests, only to regenerate
//   node native/scripts/reference/mediapipe-reference.mjs
//
// Writes native/test/golden/mediapipe-reference.json: per image, the face detections of both
// BlazeFace models (normalised box and 6 keypoints, as MediaPipe returns them) and the person
// masks of both selfie models (the canvas alpha, thresholded at 0.5) run-length encoded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const nativeDir = join(here, '..', '..');
const require = createRequire(join(nativeDir, 'package.json'));
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

// The test images of shared/docs/architecture.md that are installed here (Debian + npm).
const faceApiDemo = join(packageDir('@vladmandic/face-api'), 'demo');
const images = {
  astronaut: '/usr/lib/python3/dist-packages/skimage/data/astronaut.png',
  messi: '/usr/share/doc/opencv-doc/examples/data/messi5.jpg',
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`sample${i}`, join(faceApiDemo, `sample${i}.jpg`)])),
};

const roots = {
  fd: packageDir('@mediapipe/face_detection'),
  ss: packageDir('@mediapipe/selfie_segmentation'),
};
const types = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

const page = `<!doctype html><html><body>
<script src="/fd/face_detection.js"></script>
<script src="/ss/selfie_segmentation.js"></script>
<script>
function loadImage(name) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = '/img/' + name;
  });
}
window.runFaces = async (name, model) => {
  const img = await loadImage(name);
  const detector = new FaceDetection({ locateFile: (f) => '/fd/' + f });
  // Only the model: passing minDetectionConfidence breaks this version's graph.
  detector.setOptions({ model });
  await detector.initialize();
  const results = await new Promise((resolve) => { detector.onResults(resolve); detector.send({ image: img }); });
  const out = results.detections.map((d) => ({
    box: d.boundingBox,
    keypoints: d.landmarks.map((p) => ({ x: p.x, y: p.y })),
    score: d.V && d.V[0] ? d.V[0].score : null,
  }));
  await detector.close();
  return { width: img.naturalWidth, height: img.naturalHeight, faces: out };
};
window.runMask = async (name, modelSelection) => {
  const img = await loadImage(name);
  const segmenter = new SelfieSegmentation({ locateFile: (f) => '/ss/' + f });
  segmenter.setOptions({ modelSelection });
  await segmenter.initialize();
  const results = await new Promise((resolve) => { segmenter.onResults(resolve); segmenter.send({ image: img }); });
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(results.segmentationMask, 0, 0, canvas.width, canvas.height);
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  await segmenter.close();
  // The mask's probability is its alpha (MediaPipe's demos composite with it); the colour channels
  // of a premultiplied canvas read back inflated. Runs alternate background/person, background first.
  const runs = [];
  let current = 0, length = 0, redOn = 0, alphaOn = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] >= 128) redOn++;
    if (rgba[i + 3] >= 128) alphaOn++;
    const bit = rgba[i + 3] >= 128 ? 1 : 0;
    if (bit === current) length++;
    else { runs.push(length); current = bit; length = 1; }
  }
  runs.push(length);
  console.log('mask', name, 'red>=128', redOn, 'alpha>=128', alphaOn);
  return { width: canvas.width, height: canvas.height, channel: 'alpha', threshold: 0.5, runs };
};
</script></body></html>`;

const server = createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  let file;
  if (url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
    return;
  }
  const [, root, ...rest] = url.split('/');
  if (root === 'img' && images[rest[0]]) file = images[rest[0]];
  else if (roots[root] && !rest.includes('..')) file = join(roots[root], ...rest);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    if (process.env.REFERENCE_DEBUG) console.error('404', url);
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--use-gl=swiftshader',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const tab = await browser.newPage();
tab.on('pageerror', (error) => console.error('page error:', error.message));
tab.on('console', (message) => {
  if (process.env.REFERENCE_DEBUG || message.text().startsWith('mask '))
    console.error('console:', message.text());
});

const golden = {
  $comment: 'Generated by native/scripts/reference/mediapipe-reference.mjs from MediaPipe WASM; do not edit.',
  packages: {
    '@mediapipe/face_detection': require('@mediapipe/face_detection/package.json').version,
    '@mediapipe/selfie_segmentation': require('@mediapipe/selfie_segmentation/package.json').version,
  },
  images: {},
};
// A fresh page per run: a closed solution cannot be started again in the same page, and a fresh
// graph carries no state (segmentation smoothing) over from the previous image.
async function run(fn, args) {
  await tab.goto(origin);
  return tab.evaluate(([f, a]) => window[f](...a), [fn, args]);
}
for (const name of Object.keys(images)) {
  const entry = {};
  for (const model of ['short', 'full']) entry[`faces_${model}`] = await run('runFaces', [name, model]);
  for (const [key, selection] of [
    ['mask_general', 0],
    ['mask_landscape', 1],
  ])
    entry[key] = await run('runMask', [name, selection]);
  golden.images[name] = entry;
  console.log(name, 'short', entry.faces_short.faces.length, 'full', entry.faces_full.faces.length);
}
await browser.close();
server.close();

const outDir = join(nativeDir, 'test', 'golden');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'mediapipe-reference.json'), `${JSON.stringify(golden)}\n`);
console.log('wrote', join(outDir, 'mediapipe-reference.json'));
