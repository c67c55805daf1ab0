// The crop planner on synthetic heads: known eyes, mouth, crown and face width, so every planned
// figure can be checked by hand against the spec's bands.
import { type HeadLandmarks, planCrop } from '@piplkit/native';
import { describe, expect, it } from 'vitest';
import { cropSpecOf, getSpec, pixelBands } from '../src/index.js';

// An upright head in a 1000 × 1400 photo: eyes 100 px apart at y = 500, mouth 80 px below them,
// so the chin is planned 1.7 × 80 = 136 px below the eyes; the crown 150 px above them.
const upright: HeadLandmarks = {
  rightEye: { x: 450, y: 500 },
  leftEye: { x: 550, y: 500 },
  mouth: { x: 500, y: 580 },
  faceWidth: 200,
  crown: { x: 500, y: 350 },
};

const inside = (value: number, band: { min: number; max: number } | undefined) => {
  expect(band).toBeDefined();
  expect(value).toBeGreaterThanOrEqual(band!.min - 1e-6);
  expect(value).toBeLessThanOrEqual(band!.max + 1e-6);
};

/** Where the transform puts a source point. */
const apply = (t: number[], p: { x: number; y: number }) => ({
  x: t[0]! * p.x + t[1]! * p.y + t[2]!,
  y: t[3]! * p.x + t[4]! * p.y + t[5]!,
});

describe('planCrop', () => {
  it('meets every band of the NIA travel-document spec at once', () => {
    const bands = pixelBands(getSpec('cn-travel'));
    const plan = planCrop(upright, cropSpecOf(bands));
    expect(plan.unmet).toEqual([]);
    inside(plan.headHeightPx, bands.headHeight);
    inside(plan.topMarginPx, bands.topMargin);
    inside(plan.bottomMarginPx, bands.bottomMargin);
    inside(plan.eyeLineFromBottomPx, bands.eyeLineFromBottom);
    inside(plan.faceWidthPx, bands.faceWidth);
    // The head is 286 source px (crown 350 → chin 636); the scale follows from it.
    expect(plan.headHeightPx).toBeCloseTo(286 * plan.scale, 6);
    // The eye midpoint lands on the vertical centre line, at the planned eye line.
    const eyes = apply(plan.transform, { x: 500, y: 500 });
    expect(eyes.x).toBeCloseTo(bands.width / 2, 6);
    expect(bands.height - eyes.y).toBeCloseTo(plan.eyeLineFromBottomPx, 6);
  });

  it('levels a tilted head: the roll is the eye line’s angle and the eyes come out level', () => {
    const angle = (10 * Math.PI) / 180;
    const rotate = (p: { x: number; y: number }) => ({
      x: 500 + (p.x - 500) * Math.cos(angle) - (p.y - 500) * Math.sin(angle),
      y: 500 + (p.x - 500) * Math.sin(angle) + (p.y - 500) * Math.cos(angle),
    });
    const tilted: HeadLandmarks = {
      rightEye: rotate(upright.rightEye),
      leftEye: rotate(upright.leftEye),
      mouth: rotate(upright.mouth),
      faceWidth: 200,
      crown: rotate(upright.crown!),
    };
    const spec = cropSpecOf(pixelBands(getSpec('cn-travel')));
    const plan = planCrop(tilted, spec);
    expect(plan.rollDegrees).toBeCloseTo(10, 4); // landmarks cross as 32-bit floats
    const right = apply(plan.transform, tilted.rightEye);
    const left = apply(plan.transform, tilted.leftEye);
    expect(right.y).toBeCloseTo(left.y, 3);
    // Same geometry as the upright head: rotation does not change the planned figures.
    expect(plan.headHeightPx).toBeCloseTo(planCrop(upright, spec).headHeightPx, 3);
  });

  it('scales the ID card by face width and keeps the crown 7–21 px from the top (GA 461)', () => {
    const bands = pixelBands(getSpec('cn-idcard'));
    const plan = planCrop(upright, cropSpecOf(bands));
    expect(plan.unmet).toEqual([]);
    inside(plan.faceWidthPx, bands.faceWidth);
    inside(plan.topMarginPx, bands.topMargin);
    expect(plan.eyeLineFromBottomPx).toBeGreaterThanOrEqual(207);
  });

  it('lets the eye rule win over the top margin when tall hair makes both impossible (GA 461)', () => {
    // Hair 420 px above the eyes: at the face width's scale the crown cannot be 7–21 px from the top
    // while the eyes stay 207 px above the bottom.
    const tallHair: HeadLandmarks = { ...upright, crown: { x: 500, y: 80 } };
    const bands = pixelBands(getSpec('cn-idcard'));
    const plan = planCrop(tallHair, cropSpecOf(bands));
    expect(plan.unmet).toEqual(['topMargin']);
    expect(plan.eyeLineFromBottomPx).toBeGreaterThanOrEqual(207);
    expect(plan.topMarginPx).toBeLessThan(7);
  });

  it('reports a face-width band that the head height rules out', () => {
    const narrow: HeadLandmarks = { ...upright, faceWidth: 60 };
    const plan = planCrop(narrow, cropSpecOf(pixelBands(getSpec('cn-driving'))));
    expect(plan.unmet).toContain('faceWidth');
  });

  it('estimates the crown from face proportions when it is outside the photo', () => {
    const { crown: _, ...cut } = upright;
    const plan = planCrop(cut, cropSpecOf(pixelBands(getSpec('cn-travel'))));
    expect(plan.crownEstimated).toBe(true);
    // 1.7 eye-to-mouth distances above the eyes: the crown at y = 364.
    expect(plan.headHeightPx).toBeCloseTo((636 - 364) * plan.scale, 6);
  });

  it('validates its inputs', () => {
    expect(() =>
      planCrop({ ...upright, faceWidth: -1 }, cropSpecOf(pixelBands(getSpec('cn-travel')))),
    ).toThrow(/planCrop.*faceWidth/);
  });
});
