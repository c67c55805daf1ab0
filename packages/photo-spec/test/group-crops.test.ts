// End to end on real people: single-person crops of face-api's group photos (demo/sample1..4).
// The geometry the pipeline decides must hold when the face is found again in the output; what
// the source decides (head turn, focus, light, people behind) is judged but cannot be cropped away.
import { detectFaces } from '@piplkit/native';
import { type FixtureImageName, readFixtureImage } from '@piplkit/test-support';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPhoto, getSpec, makeIdPhoto, type RuleId } from '../src/index.js';
import { expectPlacementAgrees } from './agreement.js';

/** The largest face of a group photo, cropped with room for hair above and shoulders below. */
async function singlePersonCrop(name: FixtureImageName): Promise<Buffer> {
  const image = readFixtureImage(name);
  const { width, height, faces } = await detectFaces(image, { model: 'full' });
  const face = [...faces].sort((a, b) => b.box.width - a.box.width)[0]!;
  const w = face.box.width;
  const cx = face.box.x + w / 2;
  const left = Math.max(0, Math.round(cx - 1.6 * w));
  const top = Math.max(0, Math.round(face.box.y - 1.5 * w));
  const right = Math.min(width, Math.round(cx + 1.6 * w));
  const bottom = Math.min(height, Math.round(face.box.y + face.box.height + 2 * w));
  return sharp(image)
    .extract({ left, top, width: right - left, height: bottom - top })
    .jpeg({ quality: 92 })
    .toBuffer();
}

const placedByThePipeline: RuleId[] = [
  'singleFace',
  'headHeight',
  'eyeLine',
  'centring',
  'roll',
  'resolution',
  'fileType',
  'fileSize',
];

describe.each(['cn-2inch', 'us-passport'])('group-photo crops → %s', (specId) => {
  it.each(['faceApiSample1', 'faceApiSample2', 'faceApiSample3', 'faceApiSample4'] as const)(
    '%s',
    async (sample) => {
      const spec = getSpec(specId);
      const { jpeg, report } = await makeIdPhoto(await singlePersonCrop(sample), specId);
      expect(report.pass, JSON.stringify(report.rules.filter((r) => r.pass === false))).toBe(true);
      const check = await checkPhoto(jpeg, specId);
      const failed = check.rules.filter(
        (rule) => rule.pass === false && placedByThePipeline.includes(rule.id),
      );
      expect(failed).toEqual([]);
      expectPlacementAgrees(spec, report, check);
    },
  );
});
