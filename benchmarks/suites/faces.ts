import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { detectFaces, type RawImage, segmentPerson, versions } from '@piplkit/native';
import { type FixtureImageName, readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { type BenchCase, type BenchGroup, runSuite, type SuiteResult } from '../lib/harness.js';
import { describeMachine } from '../lib/machine.js';

const require = createRequire(import.meta.url);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** @vladmandic/face-api on the tfjs wasm backend (SIMD, no threads), as a browser-free peer. */
async function loadFaceApi() {
  const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  const faceapi =
    require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof import('@vladmandic/face-api');
  // tfjs fetches its .wasm by URL and Node's fetch cannot read files: hand it the binary from disk.
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const platformFetch = globalThis.fetch;
  globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) =>
    String(url).startsWith(wasmDir)
      ? new Response(readFileSync(String(url)), { headers: { 'content-type': 'application/wasm' } })
      : platformFetch(url, init)) as typeof fetch;
  wasm.setWasmPaths(`${wasmDir}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  const tensorOf = (raw: RawImage) =>
    tf.tensor3d(
      new Int32Array(raw.data),
      [raw.height, raw.width, 3],
      'int32',
    ) as unknown as import('@vladmandic/face-api').tf.Tensor3D;
  const run = async (raw: RawImage, detector: 'ssd' | 'tiny'): Promise<Box[]> => {
    const tensor = tensorOf(raw);
    try {
      const options =
        detector === 'ssd'
          ? new faceapi.SsdMobilenetv1Options()
          : new faceapi.TinyFaceDetectorOptions({ inputSize: 416 });
      const faces = await faceapi.detectAllFaces(tensor, options);
      return faces.map((f) => ({ x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height }));
    } finally {
      tensor.dispose();
    }
  };
  return { run, version: faceapi.version as string, tf: tf.version_core };
}

/**
 * OpenCV's Haar cascade (Debian opencv-data) through Debian's python3-opencv, one persistent
 * process: images are decoded once in Python, each request runs detectMultiScale on one of them.
 */
function startHaar(files: string[]) {
  const cascade = '/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml';
  if (!existsSync(cascade) || spawnSync('/usr/bin/python3', ['-c', 'import cv2']).status !== 0) {
    throw new Error(
      'the Haar cascade peer needs Debian packages: apt-get install opencv-data python3-opencv',
    );
  }
  const script = [
    'import sys, json, cv2',
    'cv2.setNumThreads(1)',
    `detector = cv2.CascadeClassifier(${JSON.stringify(cascade)})`,
    'images = [cv2.imread(p) for p in sys.argv[1:]]',
    'print("ready", flush=True)',
    'for line in sys.stdin:',
    '    grey = cv2.cvtColor(images[int(line)], cv2.COLOR_BGR2GRAY)',
    '    faces = detector.detectMultiScale(grey)',
    '    print(json.dumps([[int(v) for v in f] for f in faces]), flush=True)',
  ].join('\n');
  // Debian's interpreter, where python3-opencv installs cv2 (a pyenv python3 on PATH would not have it).
  const child = spawn('/usr/bin/python3', ['-c', script, ...files], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return {
    ready: next().then((line) => line === 'ready'),
    detect: async (index: number): Promise<Box[]> => {
      const answer = next();
      child.stdin.write(`${index}\n`);
      return (JSON.parse(await answer) as number[][]).map(([x = 0, y = 0, width = 0, height = 0]) => ({
        x,
        y,
        width,
        height,
      }));
    },
    stop: () => child.kill(),
  };
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const holds = (b: Box, p: { x: number; y: number }) =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
const sameFace = (a: Box, b: Box) => holds(a, centre(b)) && holds(b, centre(a));

/** Faces found that match a reference face, and faces found that match none. */
function score(found: Box[], reference: Box[]) {
  const hits = reference.filter((r) => found.some((f) => sameFace(f, r))).length;
  const falsePositives = found.filter((f) => !reference.some((r) => sameFace(f, r))).length;
  return { hits, falsePositives };
}

/** The targets, read off this run's medians. */
function targets(
  groups: SuiteResult['groups'],
  recall: Record<string, { found: number; of: number; falsePositives: number }>,
) {
  const median = (group: string, name: string) =>
    groups.find((g) => g.name === group)?.cases.find((c) => c.name === name)?.medianMs ?? Number.NaN;
  const detect2 = 'detect faces, decoded 2 MP (1920×1280)';
  const shortMs = median(detect2, 'piplkit BlazeFace short-range');
  const fullMs = median(detect2, 'piplkit BlazeFace full-range');
  const ssdMs = median(detect2, 'face-api SSD MobileNet v1 (wasm)');
  const segmentMs = median(
    'segment person, decoded 2 MP (1920×1280)',
    'piplkit auto (landscape) + edge refinement',
  );
  const full = recall['piplkit BlazeFace full-range'];
  const ssd = recall['face-api SSD MobileNet v1'];
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    'detection ≤ 5 ms median, decoded 2 MP, single thread': {
      case: 'piplkit BlazeFace short-range',
      medianMs: round(shortMs),
      met: shortMs <= 5,
    },
    '≥ 40× faster than face-api SSD at equal or better recall': {
      case: 'piplkit BlazeFace full-range vs face-api SSD MobileNet v1 (wasm), decoded 2 MP',
      medianMs: round(fullMs),
      ssdMedianMs: round(ssdMs),
      timesFaster: round(ssdMs / fullMs),
      recall: `${full?.found}/${full?.of} (${full?.falsePositives} false positives) vs ${ssd?.found}/${ssd?.of}`,
      met: ssdMs / fullMs >= 40 && (full?.found ?? 0) >= (ssd?.found ?? 1) && full?.falsePositives === 0,
    },
    'segmentation ≤ 15 ms, 2 MP, edge refinement on': {
      case: 'piplkit auto (landscape) + edge refinement',
      medianMs: round(segmentMs),
      met: segmentMs <= 15,
    },
  };
}

async function rawOf(jpeg: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** BlazeFace (piplkit) against face-api's SSD and tiny detectors and OpenCV's Haar cascade. */
export async function facesSuite() {
  const samples = [1, 2, 3, 4, 5, 6].map((n) => readFixtureImage(`faceApiSample${n}` as FixtureImageName));
  const sample1 = samples[0] as Buffer;
  // 2 MP: face-api's sample1 as shipped (1920×1280); 12 MP: the same photo enlarged to 4243×2829.
  const jpeg2 = sample1;
  const jpeg12 = await sharp(sample1).resize(4243, 2829).jpeg({ quality: 90 }).toBuffer();
  const raw2 = await rawOf(jpeg2);
  const raw12 = await rawOf(jpeg12);
  const rawSamples = await Promise.all(samples.map(rawOf));

  const scratch = mkdtempSync(join(tmpdir(), 'piplkit-faces-'));
  const files = [jpeg2, jpeg12, ...samples].map((buffer, i) => {
    const file = join(scratch, `${i}.jpg`);
    writeFileSync(file, buffer);
    return file;
  });
  const haar = startHaar(files);
  const faceApi = await loadFaceApi();
  await haar.ready;

  // Recall on the six group photos, against the 22 faces face-api's SSD finds (its own reference).
  const reference = await Promise.all(rawSamples.map((raw) => faceApi.run(raw, 'ssd')));
  const recall: Record<string, { found: number; of: number; falsePositives: number }> = {};
  const tally = async (name: string, detect: (i: number) => Promise<Box[]>) => {
    let found = 0;
    let falsePositives = 0;
    for (let i = 0; i < samples.length; i++) {
      const s = score(await detect(i), reference[i] ?? []);
      found += s.hits;
      falsePositives += s.falsePositives;
    }
    recall[name] = { found, of: reference.flat().length, falsePositives };
  };
  // piplkit and face-api see the same decoded pixels, as in the timed runs; the JPEG line is the
  // reduced decode detectFaces uses for the full-range model.
  const boxes = (r: { faces: { box: Box }[] }) => r.faces.map((f) => f.box);
  await tally('piplkit BlazeFace full-range', async (i) =>
    boxes(await detectFaces(rawSamples[i] as RawImage, { model: 'full' })),
  );
  await tally('piplkit BlazeFace full-range, from JPEG', async (i) =>
    boxes(await detectFaces(samples[i] as Buffer, { model: 'full' })),
  );
  await tally('piplkit BlazeFace short-range', async (i) =>
    boxes(await detectFaces(rawSamples[i] as RawImage, { model: 'short' })),
  );
  await tally('piplkit BlazeFace auto', async (i) => boxes(await detectFaces(rawSamples[i] as RawImage)));
  await tally('face-api SSD MobileNet v1', async (i) => faceApi.run(rawSamples[i] as RawImage, 'ssd'));
  await tally('face-api tiny (416)', async (i) => faceApi.run(rawSamples[i] as RawImage, 'tiny'));
  await tally('OpenCV Haar cascade', (i) => haar.detect(i + 2));
  for (const [name, r] of Object.entries(recall))
    console.log(`  recall ${name}: ${r.found}/${r.of}, ${r.falsePositives} false positives`);

  const detectGroup = (label: string, raw: RawImage, haarIndex: number): BenchGroup => ({
    name: `detect faces, decoded ${label}`,
    cases: [
      { name: 'piplkit BlazeFace short-range', run: () => detectFaces(raw, { model: 'short' }) },
      { name: 'piplkit BlazeFace full-range', run: () => detectFaces(raw, { model: 'full' }) },
      { name: 'face-api SSD MobileNet v1 (wasm)', run: () => faceApi.run(raw, 'ssd') },
      { name: 'face-api tiny detector (wasm)', run: () => faceApi.run(raw, 'tiny') },
      { name: 'OpenCV Haar cascade (python3-opencv)', run: () => haar.detect(haarIndex) },
    ],
  });
  const encodedCases = (jpeg: Buffer): BenchCase[] => [
    { name: 'piplkit BlazeFace short-range, from JPEG', run: () => detectFaces(jpeg, { model: 'short' }) },
    { name: 'piplkit BlazeFace full-range, from JPEG', run: () => detectFaces(jpeg, { model: 'full' }) },
  ];
  const groups: BenchGroup[] = [
    detectGroup('2 MP (1920×1280)', raw2, 0),
    detectGroup('12 MP (4243×2829)', raw12, 1),
    { name: 'detect faces, 2 MP JPEG (decode included)', cases: encodedCases(jpeg2) },
    { name: 'detect faces, 12 MP JPEG (decode included)', cases: encodedCases(jpeg12) },
    {
      name: 'segment person, decoded 2 MP (1920×1280)',
      cases: [
        { name: 'piplkit auto (landscape) + edge refinement', run: () => segmentPerson(raw2) },
        {
          name: 'piplkit general model + edge refinement',
          run: () => segmentPerson(raw2, { model: 'general' }),
        },
        {
          name: 'piplkit auto (landscape), no refinement',
          run: () => segmentPerson(raw2, { refineEdges: false }),
        },
      ],
    },
  ];
  const loadBefore = loadavg()[0] ?? 0;
  const round1 = (v: number) => Math.round(v * 10) / 10;
  try {
    return await runSuite({
      suite: 'faces',
      description: 'face detection and person segmentation, one call at a time, single thread',
      machine: describeMachine(versions().opencv),
      groups,
      metrics: { recallOnFaceApiSamples: recall },
      derive: (timed) => ({
        targets: targets(timed, recall),
        loadAverage1m: { start: round1(loadBefore), end: round1(loadavg()[0] ?? 0) },
      }),
      notes: [
        '@u4/opencv4nodejs 7.1.2 (the same steps composed from Node) was not measured: built against Debian OpenCV 4.6 with OPENCV4NODEJS_DISABLE_AUTOBUILD=1, it had compiled 29 of its 104 C++ sources after 15 minutes on this shared 2-core machine (load average about 8), and the build was stopped.',
        `@vladmandic/face-api ${faceApi.version} on tfjs ${faceApi.tf} wasm backend (SIMD, no threads), default options; tiny detector inputSize 416. Input: a prepared int32 tensor per call.`,
        'OpenCV Haar cascade: haarcascade_frontalface_default.xml (Debian opencv-data), detectMultiScale defaults, cv2.setNumThreads(1), in one persistent python3 process; the timing includes a one-line pipe round trip (well under 1 ms).',
        'piplkit runs each call on one libuv thread with cv::setNumThreads(1); "decoded" inputs are raw RGB pixels. detectFaces decodes a JPEG at full size for the short-range model (it reproduces MediaPipe, which samples the full image) and at the DCT scale that keeps 4× the 192-pixel input for the full-range model (960×640 for 2 MP).',
        "targets: the issue's three figures read off this run's medians (wall clock, one call at a time).",
        'Recall: faces matched (each box holds the other centre) against the 22 faces face-api SSD finds on its demo/sample1..6.jpg, every detector on the same decoded pixels.',
        `1-minute load average when the timed runs started: ${loadBefore.toFixed(1)} on ${describeMachine(null).cores} cores (the machine is shared and contenders run one after another, so load that changes during the run moves their ratios; metrics.loadAverage1m has the start and the end).`,
      ],
    });
  } finally {
    haar.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
