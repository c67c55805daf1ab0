import { existsSync, readFileSync } from 'node:fs';

/**
 * Real test images, resolved where their registry package installs them. None is committed;
 * licences are recorded in test/fixtures/README.md. scripts/setup installs the Debian packages.
 */
export const fixtureImages = {
  /** 512×512 RGB PNG portrait (NASA, public domain), Debian python3-skimage. */
  astronaut: {
    path: '/usr/lib/python3/dist-packages/skimage/data/astronaut.png',
    debianPackage: 'python3-skimage',
  },
  /** 600×400 RGB PNG (CC0), Debian python3-skimage. */
  coffee: {
    path: '/usr/lib/python3/dist-packages/skimage/data/coffee.png',
    debianPackage: 'python3-skimage',
  },
  /** 512×512 greyscale PNG (CC0), Debian python3-skimage. */
  camera: {
    path: '/usr/lib/python3/dist-packages/skimage/data/camera.png',
    debianPackage: 'python3-skimage',
  },
  /** 548×342 baseline JPEG, OpenCV sample data, Debian opencv-doc. */
  messi: { path: '/usr/share/doc/opencv-doc/examples/data/messi5.jpg', debianPackage: 'opencv-doc' },
} as const;

export type FixtureImageName = keyof typeof fixtureImages;

export function fixtureImagePath(name: FixtureImageName): string {
  const image = fixtureImages[name];
  if (!existsSync(image.path)) {
    throw new Error(
      `Test image "${name}" is missing at ${image.path}. Install it with: apt-get install ${image.debianPackage} ` +
        '(scripts/setup does this).',
    );
  }
  return image.path;
}

export function readFixtureImage(name: FixtureImageName): Buffer {
  return readFileSync(fixtureImagePath(name));
}
