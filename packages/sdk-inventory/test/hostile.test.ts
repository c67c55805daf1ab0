import { describe, expect, it } from 'vitest';
import {
  defaultLimits,
  readBinaryManifest,
  readDexClasses,
  type SdkInventoryErrorCode,
  scanArchive,
  ZipArchive,
} from '../src/index.js';
import { buildAxml, buildDex, buildZip, descriptors } from './support/fixtures.js';

async function asyncCodeOf(run: () => Promise<unknown>): Promise<SdkInventoryErrorCode | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: SdkInventoryErrorCode }).code;
  }
  return undefined;
}

function codeOf(run: () => unknown): SdkInventoryErrorCode | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: SdkInventoryErrorCode }).code;
  }
  return undefined;
}

const oneClassDex = (): Buffer => buildDex(descriptors(['com.example.A']));
const manifest = buildAxml({ packageName: 'com.example', permissions: [], components: [] });

describe('hostile archives', () => {
  it('refers to input that is not a ZIP archive', () => {
    expect(codeOf(() => new ZipArchive(Buffer.from('not an archive at all, just text'), defaultLimits))).toBe(
      'ERR_ZIP_NOT_FOUND',
    );
  });

  it('rejects path-traversal, absolute and backslash names', () => {
    for (const name of ['../../etc/passwd', '/abs/classes.dex', 'lib\\..\\x.so', 'a/../../b']) {
      expect(codeOf(() => new ZipArchive(buildZip([{ name, data: Buffer.alloc(1) }]), defaultLimits))).toBe(
        'ERR_ZIP_UNSAFE_PATH',
      );
    }
  });

  it('stops a zip bomb whose stream inflates past its declared size, without inflating it all', async () => {
    const bomb = buildZip([
      { name: 'AndroidManifest.xml', data: manifest },
      { name: 'classes.dex', data: Buffer.alloc(64 * 1024 * 1024), declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await asyncCodeOf(() => scanArchive(bomb, 'bomb.apk'))).toBe('ERR_ZIP_BOMB');
  });

  it('stops a streamed (large) entry that inflates past its declared size', async () => {
    const zip = new ZipArchive(
      buildZip([{ name: 'classes.dex', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 600_000 }]),
      defaultLimits,
    );
    const reader = zip.open(zip.entries[0] as (typeof zip.entries)[number]);
    expect(await asyncCodeOf(() => reader.ensure(600_000))).toBe('ERR_ZIP_BOMB');
    reader.close();
  });

  it('refuses a streamed entry that ends before its declared size', async () => {
    const zip = new ZipArchive(
      buildZip([{ name: 'classes.dex', data: Buffer.alloc(700_000, 7), declaredSize: 900_000 }]),
      defaultLimits,
    );
    const reader = zip.open(zip.entries[0] as (typeof zip.entries)[number]);
    expect(await asyncCodeOf(() => reader.ensure(900_000))).toBe('ERR_ZIP_CORRUPT');
    reader.close();
  });

  it('refuses a corrupt large dex read while it inflates, and a broken deflate stream', async () => {
    const dex = Buffer.concat([oneClassDex(), Buffer.alloc(700_000)]);
    dex.writeUInt32LE(0x3fffffff, 56);
    const apk = buildZip([
      { name: 'AndroidManifest.xml', data: manifest },
      { name: 'classes.dex', data: dex },
    ]);
    expect(await asyncCodeOf(() => scanArchive(apk, 'corrupt.apk'))).toBe('ERR_DEX_CORRUPT');
    const broken = Buffer.from(apk);
    const at = broken.indexOf(Buffer.from('classes.dex')) + 'classes.dex'.length;
    broken.fill(0xff, at, at + 64);
    expect(await asyncCodeOf(() => scanArchive(broken, 'broken.apk'))).toBe('ERR_ZIP_CORRUPT');
  });

  it('reads large dex files one at a time when two together would pass the per-entry limit', async () => {
    const padded = (name: string): Buffer =>
      Buffer.concat([buildDex(descriptors([name])), Buffer.alloc(700_000)]);
    const apk = buildZip([
      { name: 'AndroidManifest.xml', data: manifest },
      { name: 'classes.dex', data: padded('com.example.A') },
      { name: 'classes2.dex', data: padded('com.example.B') },
    ]);
    const result = await scanArchive(apk, 'two.apk', { limits: { maxEntryBytes: 800_000 } });
    expect(result.app.classCount).toBe(2);
  });

  it('refuses entries whose declared ratio or size is over the limits before inflating', () => {
    const ratio = buildZip([{ name: 'classes.dex', data: Buffer.alloc(8 * 1024 * 1024) }]);
    expect(codeOf(() => new ZipArchive(ratio, defaultLimits))).toBe('ERR_ZIP_BOMB');
    const big = buildZip([{ name: 'classes.dex', data: Buffer.alloc(4096) }]);
    expect(codeOf(() => new ZipArchive(big, { ...defaultLimits, maxEntryBytes: 1024 }))).toBe(
      'ERR_ZIP_LIMIT',
    );
  });

  it('charges nested archives to one decompression budget', async () => {
    const inner = buildZip([
      { name: 'AndroidManifest.xml', data: manifest },
      { name: 'classes.dex', data: Buffer.concat([oneClassDex(), Buffer.alloc(600_000)]) },
    ]);
    const set = buildZip([
      { name: 'base.apk', data: inner },
      { name: 'split.apk', data: inner },
    ]);
    expect(
      await asyncCodeOf(() => scanArchive(set, 'set.apks', { limits: { maxTotalBytes: 1_000_000 } })),
    ).toBe('ERR_ZIP_BOMB');
  });

  it('refuses to read an encrypted entry', () => {
    const archive = buildZip([{ name: 'AndroidManifest.xml', data: manifest }]);
    const directory = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    archive.writeUInt16LE(archive.readUInt16LE(directory + 8) | 1, directory + 8);
    const zip = new ZipArchive(archive, defaultLimits);
    expect(codeOf(() => zip.read(zip.entries[0] as (typeof zip.entries)[number]))).toBe(
      'ERR_ZIP_UNSUPPORTED',
    );
  });

  it('refuses APKs nested deeper than the limit', async () => {
    let archive = buildZip([{ name: 'AndroidManifest.xml', data: manifest }]);
    for (let i = 0; i < 4; i++) archive = buildZip([{ name: `level${i}.apk`, data: archive, method: 0 }]);
    expect(await asyncCodeOf(() => scanArchive(archive, 'deep.apks'))).toBe('ERR_ZIP_LIMIT');
  });
});

describe('hostile dex files', () => {
  it('refuses a truncated dex', () => {
    const dex = oneClassDex();
    expect(codeOf(() => readDexClasses(dex.subarray(0, 0x50), defaultLimits))).toBe('ERR_DEX_CORRUPT');
    expect(codeOf(() => readDexClasses(dex.subarray(0, dex.length - 10), defaultLimits))).toBe(
      'ERR_DEX_CORRUPT',
    );
  });

  it('refuses a string table that claims more entries than the file holds', () => {
    const dex = Buffer.from(oneClassDex());
    dex.writeUInt32LE(0x3fffffff, 56);
    expect(codeOf(() => readDexClasses(dex, defaultLimits))).toBe('ERR_DEX_CORRUPT');
  });

  it('applies the string-count limit', () => {
    const dex = buildDex(descriptors(['a.A', 'a.B', 'a.C']));
    expect(codeOf(() => readDexClasses(dex, { ...defaultLimits, maxDexStrings: 2 }))).toBe('ERR_DEX_LIMIT');
  });

  it('refuses class_defs pointing outside the type table', () => {
    const dex = Buffer.from(oneClassDex());
    const classDefs = dex.readUInt32LE(100);
    dex.writeUInt32LE(99, classDefs);
    expect(codeOf(() => readDexClasses(dex, defaultLimits))).toBe('ERR_DEX_CORRUPT');
  });

  it('refuses a file without the dex magic', () => {
    expect(codeOf(() => readDexClasses(Buffer.alloc(0x80), defaultLimits))).toBe('ERR_DEX_CORRUPT');
  });
});

describe('hostile manifests', () => {
  it('refuses a manifest that is not binary XML', () => {
    expect(codeOf(() => readBinaryManifest(Buffer.from('<manifest/>')))).toBe('ERR_AXML_CORRUPT');
  });

  it('refuses a chunk whose size runs past the document', () => {
    const broken = Buffer.from(manifest);
    broken.writeUInt32LE(0x7fffffff, 12);
    expect(codeOf(() => readBinaryManifest(broken))).toBe('ERR_AXML_CORRUPT');
  });

  it('refuses a string pool whose offsets do not fit', () => {
    const broken = Buffer.from(manifest);
    broken.writeUInt32LE(0x00ffffff, 16);
    expect(codeOf(() => readBinaryManifest(broken))).toBe('ERR_AXML_CORRUPT');
  });
});
