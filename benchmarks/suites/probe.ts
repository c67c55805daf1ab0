import { probeImage, versions } from '@piplkit/native';
import { readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { type BenchGroup, runSuite } from '../lib/harness.js';
import { describeMachine } from '../lib/machine.js';

/** probeImage (header only) against sharp's metadata() on the same JPEGs. */
export async function probeSuite() {
  const messi = readFixtureImage('messi');
  const astronaut = readFixtureImage('astronaut');
  // Larger JPEGs made from a real photograph, as a phone would produce them.
  const twoMp = await sharp(astronaut).resize(1600, 1200, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  const twelveMp = await sharp(astronaut)
    .resize(4000, 3000, { fit: 'fill' })
    .jpeg({ quality: 90 })
    .toBuffer();
  sharp.concurrency(1);

  const inputs: [string, Buffer][] = [
    ['messi5.jpg 548×342', messi],
    ['2 MP JPEG 1600×1200', twoMp],
    ['12 MP JPEG 4000×3000', twelveMp],
  ];
  const groups: BenchGroup[] = inputs.map(([name, buffer]) => ({
    name,
    cases: [
      { name: 'piplkit probeImage', run: () => probeImage(buffer) },
      { name: 'sharp metadata', run: () => sharp(buffer).metadata() },
    ],
  }));
  return runSuite({
    suite: 'probe',
    description: 'read width, height, channels and format of an encoded JPEG',
    machine: describeMachine(versions().opencv),
    groups,
    notes: [
      `sharp ${sharp.versions.sharp} with libvips ${sharp.versions.vips}, sharp.concurrency(1)`,
      'Both calls are asynchronous and run on the libuv pool; one call in flight at a time.',
    ],
  });
}
