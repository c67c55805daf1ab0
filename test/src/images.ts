import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A file inside an installed npm package (a devDependency of @piplkit/test-support). */
function inNpmPackage(packageName: string, file: string): string {
  try {
    return join(dirname(require.resolve(`${packageName}/package.json`)), file);
  } catch {
    return join('node_modules', packageName, file);
  }
}

const faceApiSample = (n: number) => ({
  path: inNpmPackage('@vladmandic/face-api', `demo/sample${n}.jpg`),
  npmPackage: '@vladmandic/face-api',
});

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
  /** Group photos, 1920×1280–1537 JPEG, npm @vladmandic/face-api (MIT). */
  faceApiSample1: faceApiSample(1),
  faceApiSample2: faceApiSample(2),
  faceApiSample3: faceApiSample(3),
  faceApiSample4: faceApiSample(4),
  faceApiSample5: faceApiSample(5),
  faceApiSample6: faceApiSample(6),
} as const;

export type FixtureImageName = keyof typeof fixtureImages;

export function fixtureImagePath(name: FixtureImageName): string {
  const image = fixtureImages[name];
  if (!existsSync(image.path)) {
    const install =
      'debianPackage' in image
        ? `apt-get install ${image.debianPackage} (scripts/setup does this)`
        : `pnpm install (${image.npmPackage} is a devDependency of @piplkit/test-support)`;
    throw new Error(`Test image "${name}" is missing at ${image.path}. Install it with: ${install}.`);
  }
  return image.path;
}

export function readFixtureImage(name: FixtureImageName): Buffer {
  return readFileSync(fixtureImagePath(name));
}
