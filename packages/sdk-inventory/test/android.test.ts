// Real APKs come from the npm devDependencies appium-uiautomator2-server and io.appium.settings.
// Golden data is produced by the Debian tools aapt and dexdump; regenerate with
//   apt-get install -y aapt dexdump && pnpm exec tsx packages/sdk-inventory/test/regenerate-golden.ts
// When both tools are installed, the last test re-derives the goldens and compares.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Artifacts,
  defaultLimits,
  type EntryReader,
  readAndroidArchive,
  readBinaryManifest,
  readDexClasses,
  readDexEntry,
  scanArchive,
  scanPath,
  ZipArchive,
} from '../src/index.js';
import goldens from './golden/real-apks.golden.json' with { type: 'json' };
import { type ApkGolden, classesDigest, deriveGolden, hasTool, realApks } from './support/android-tools.js';
import {
  buildApk,
  buildAxml,
  buildDex,
  buildProtoManifest,
  buildZip,
  chineseSdkApk,
  descriptors,
} from './support/fixtures.js';

const golden = (apk: string): ApkGolden => {
  const found = (goldens as ApkGolden[]).find((entry) => entry.apk === basename(apk));
  if (found === undefined) throw new Error(`no golden for ${basename(apk)}`);
  return found;
};

function allDescriptors(apk: string): string[] {
  const zip = new ZipArchive(readFileSync(apk), defaultLimits);
  return zip.entries
    .filter((entry) => /^classes\d*\.dex$/.test(entry.name))
    .flatMap((entry) => readDexClasses(zip.read(entry), defaultLimits).descriptors);
}

describe('real APKs against aapt and dexdump', () => {
  for (const apk of realApks()) {
    it(`${basename(apk)}: uses-permission set equals aapt dump permissions`, async () => {
      const result = await scanPath(apk);
      expect(result.app.packageName).toBe(golden(apk).packageName);
      expect(result.app.permissions).toEqual(golden(apk).usesPermissions);
      expect(result.app.classCount).toBe(golden(apk).classCount);
    });

    it(`${basename(apk)}: class set equals dexdump's class descriptors`, () => {
      const found = allDescriptors(apk);
      expect(found.length).toBe(golden(apk).classCount);
      expect(new Set(found).size).toBe(found.length);
      expect(classesDigest(found)).toBe(golden(apk).classesSha256);
    });

    it(`${basename(apk)}: the scan's streamed, concurrent dex reading finds the same classes`, async () => {
      const artifacts = new Artifacts();
      await readAndroidArchive(
        new ZipArchive(readFileSync(apk), defaultLimits),
        artifacts,
        defaultLimits,
        '',
      );
      const found = [...artifacts.dexClassesBySource.values()].flat();
      expect(found.length).toBe(golden(apk).classCount);
      expect(classesDigest(found)).toBe(golden(apk).classesSha256);
    });
  }

  it.runIf(hasTool('dexdump') && hasTool('aapt'))(
    'the committed goldens match what the tools print now',
    () => {
      for (const apk of realApks()) expect(deriveGolden(apk)).toEqual(golden(apk));
    },
  );
});

/** Hands out a dex `step` bytes at a time, remembering the furthest byte asked for. */
function trickle(bytes: Buffer, step: number): EntryReader & { furthest: number; closed: boolean } {
  return {
    size: bytes.length,
    furthest: 0,
    closed: false,
    ensure(length: number) {
      this.furthest = Math.max(this.furthest, length);
      return Promise.resolve(bytes.subarray(0, Math.min(bytes.length, Math.ceil(length / step) * step)));
    },
    close() {
      this.closed = true;
    },
  };
}

describe('dex read as it arrives', () => {
  it('decodes the same classes as the whole-file reader when fed a few bytes at a time', async () => {
    const dex = buildDex(
      descriptors(['com.example.A', 'com.例子.相机', 'cn.jpush.android.api.JPushInterface', 'z.Z']),
    );
    for (const step of [1, 7, 64]) {
      const reader = trickle(dex, step);
      expect((await readDexEntry(reader, defaultLimits)).descriptors).toEqual(
        readDexClasses(dex, defaultLimits).descriptors,
      );
      expect(reader.closed).toBe(true);
    }
  });

  it('stops at the last class name of a real dex instead of waiting for the rest of the file', async () => {
    const [apk] = realApks();
    const zip = new ZipArchive(readFileSync(apk as string), defaultLimits);
    const dex = Buffer.from(zip.read(zip.get('classes.dex') as ZipEntryOf<typeof zip>));
    const reader = trickle(dex, 4096);
    const classes = await readDexEntry(reader, defaultLimits);
    expect(classes.descriptors).toEqual(readDexClasses(dex, defaultLimits).descriptors);
    expect(reader.furthest).toBeLessThan(dex.length * 0.9);
  });

  it('reads a large dex whose string data is out of string_ids order, past the guessed end', async () => {
    // Three strings, the last one not a type, so the guess ends where 'zzz' is. Both are moved: 'zzz'
    // past the size inflated on the spot, 'Lb/B;' after it, so the guessed step falls short.
    const base = buildDex(['La/A;', 'Lb/B;', 'zzz']);
    base.writeUInt32LE(2, 64);
    base.writeUInt32LE(2, 96);
    const string = (text: string): Buffer => Buffer.from([text.length, ...Buffer.from(text, 'latin1'), 0]);
    const dex = Buffer.concat([
      base,
      Buffer.alloc(520_000),
      string('zzz'),
      Buffer.alloc(400_000),
      string('Lb/B;'),
    ]);
    dex.writeUInt32LE(base.length + 520_000, 0x70 + 8);
    dex.writeUInt32LE(base.length + 520_000 + 5 + 400_000, 0x70 + 4);
    dex.writeUInt32LE(dex.length, 32);
    const zip = new ZipArchive(buildZip([{ name: 'classes.dex', data: dex }]), defaultLimits);
    const classes = await readDexEntry(
      zip.open(zip.get('classes.dex') as ZipEntryOf<typeof zip>),
      defaultLimits,
    );
    expect(classes.descriptors).toEqual(['La/A;', 'Lb/B;']);
    expect(readDexClasses(dex, defaultLimits).descriptors).toEqual(['La/A;', 'Lb/B;']);
  });
});

type ZipEntryOf<T extends ZipArchive> = T['entries'][number];

const chineseScan = await scanArchive(chineseSdkApk(), 'idphoto.apk');

describe('synthetic APK holding Chinese SDKs', () => {
  const result = chineseScan;
  const byId = new Map(result.findings.map((finding) => [finding.sdkId, finding]));

  it('finds each SDK by its package, component or library', () => {
    expect([...byId.keys()].sort()).toEqual(
      [
        'alipay-pay',
        'bugly',
        'dcloud-uniapp',
        'flutter',
        'gdt-ylh',
        'getui',
        'huawei-hms-core',
        'huawei-push',
        'jpush',
        'megvii-faceid',
        'tpns',
        'umeng-analytics',
        'wechat-opensdk',
        'xiaomi-push',
      ].sort(),
    );
  });

  it('matches whole segments only: decoys with longer or sibling names stay unmatched', () => {
    const samples = result.findings.flatMap((finding) =>
      finding.evidence.flatMap((evidence) => evidence.samples),
    );
    expect(samples).not.toContain('com.umengx.tools.Helper');
    expect(samples).not.toContain('com.tunein.player.Radio');
    expect(samples).not.toContain('com.bytedance.boost_multidex.BoostMultiDex');
    expect(samples).not.toContain('com.alipayx.Fake');
    expect(byId.has('pangle-csj')).toBe(false);
  });

  it('gives a class to the longest prefix: HMS push is not counted as HMS Core', () => {
    expect(byId.get('huawei-push')?.evidence).toEqual([
      {
        kind: 'dex-class',
        rule: 'com.huawei.hms.push',
        source: 'classes.dex',
        count: 1,
        samples: ['com.huawei.hms.push.HmsMessaging'],
      },
    ]);
    expect(byId.get('huawei-hms-core')?.evidence[0]?.samples).toEqual(['com.huawei.hms.api.HuaweiApiClient']);
  });

  it('names the evidence that fired: manifest components and native libraries', () => {
    expect(byId.get('tpns')?.evidence).toEqual([
      {
        kind: 'manifest-component',
        rule: 'com.tencent.android.tpush',
        source: 'AndroidManifest.xml',
        count: 1,
        samples: ['service com.tencent.android.tpush.service.XGVipPushService'],
      },
    ]);
    const alipay = byId.get('alipay-pay')?.evidence.map((evidence) => `${evidence.kind}:${evidence.rule}`);
    expect(alipay).toEqual([
      'dex-class:com.alipay.sdk',
      'manifest-component:com.alipay.sdk.app.H5PayActivity',
    ]);
    expect(
      byId
        .get('bugly')
        ?.evidence.map((evidence) => evidence.kind)
        .sort(),
    ).toEqual(['dex-class', 'native-lib']);
    expect(byId.get('jpush')?.evidence.find((evidence) => evidence.kind === 'native-lib')).toMatchObject({
      rule: 'libjcore*.so',
      source: 'lib/arm64-v8a/libjcore400.so',
    });
  });

  it('shows an SDK is configured, not just shipped, when the manifest carries its app-key meta-data', () => {
    expect(byId.get('jpush')?.evidence.find((evidence) => evidence.kind === 'manifest-meta-data')).toEqual({
      kind: 'manifest-meta-data',
      rule: 'JPUSH_APPKEY',
      source: 'AndroidManifest.xml',
      count: 1,
      samples: ['JPUSH_APPKEY'],
    });
  });

  it('marks vendor push channels as nested in the aggregators that ship them', () => {
    expect(byId.get('xiaomi-push')?.nestedIn).toEqual(['getui', 'jpush', 'tpns']);
    expect(byId.get('umeng-analytics')?.nestedIn).toEqual([]);
  });

  it('attributes requested permissions to the SDKs whose entry lists them', () => {
    expect(byId.get('megvii-faceid')?.permissions).toEqual([
      'android.permission.INTERNET',
      'android.permission.ACCESS_NETWORK_STATE',
      'android.permission.CAMERA',
    ]);
    expect(result.app.packageName).toBe('com.example.idphoto');
    expect(result.app.classCount).toBe(19);
    expect(result.app.dexFiles).toBe(2);
  });
});

describe('hardened apps', () => {
  it('names the packer and warns that class-based detection is blind behind it', async () => {
    const apk = buildApk({
      classes: ['com.stub.StubApp'],
      manifest: { packageName: 'com.example.hardened', permissions: [], components: [] },
      nativeLibs: ['lib/arm64-v8a/libjiagu_a64.so'],
    });
    const result = await scanArchive(apk, 'hardened.apk');
    expect(result.findings.map((finding) => finding.sdkId)).toEqual(['jiagu-360']);
    expect(result.warnings[0]).toMatch(/^hardening detected \(jiagu-360\)/);
  });
});

describe('manifest encodings and package formats', () => {
  const spec = {
    packageName: 'com.example.app',
    permissions: ['android.permission.CAMERA', 'android.permission.INTERNET'],
    components: [
      { kind: 'activity' as const, name: '.Main' },
      { kind: 'service' as const, name: 'Sync' },
    ],
  };

  it('reads UTF-16 and UTF-8 string pools alike and qualifies relative component names', () => {
    for (const utf8 of [false, true]) {
      const manifest = readBinaryManifest(buildAxml({ ...spec, utf8 }));
      expect(manifest.usesPermissions).toEqual(spec.permissions);
      expect(manifest.components).toEqual([
        { kind: 'activity', name: 'com.example.app.Main' },
        { kind: 'service', name: 'com.example.app.Sync' },
      ]);
    }
  });

  it('reads a non-ASCII string in a UTF-8 pool', () => {
    const manifest = readBinaryManifest(buildAxml({ ...spec, packageName: 'com.例子.app', utf8: true }));
    expect(manifest.packageName).toBe('com.例子.app');
  });

  it('reads an App Bundle: protobuf manifest and module dex', async () => {
    const aab = buildZip([
      { name: 'BundleConfig.pb', data: Buffer.alloc(4) },
      {
        name: 'base/manifest/AndroidManifest.xml',
        data: buildProtoManifest({
          ...spec,
          components: [{ kind: 'service', name: 'cn.jpush.android.service.PushService' }],
        }),
      },
      { name: 'base/dex/classes.dex', data: buildDex(descriptors(['com.igexin.sdk.PushManager'])) },
      { name: 'base/lib/arm64-v8a/libBugly.so', data: Buffer.alloc(8), method: 0 },
    ]);
    const result = await scanArchive(aab, 'app.aab');
    expect(result.target.type).toBe('aab');
    expect(result.app.permissions).toEqual(['android.permission.CAMERA', 'android.permission.INTERNET']);
    expect(result.findings.map((finding) => finding.sdkId)).toEqual(['bugly', 'getui', 'jpush']);
  });

  it('reads a split-APK set: base and config splits together', async () => {
    const base = buildZip([
      { name: 'AndroidManifest.xml', data: buildAxml(spec) },
      { name: 'classes.dex', data: buildDex(descriptors(['com.tencent.bugly.crashreport.CrashReport'])) },
    ]);
    const split = buildZip([
      {
        name: 'AndroidManifest.xml',
        data: buildAxml({ packageName: 'com.example.app', permissions: [], components: [] }),
      },
      { name: 'lib/arm64-v8a/libmsaoaidsec.so', data: Buffer.alloc(8), method: 0 },
    ]);
    const result = await scanArchive(
      buildZip([
        { name: 'base.apk', data: base, method: 0 },
        { name: 'split_config.arm64_v8a.apk', data: split, method: 0 },
      ]),
      'app.apks',
    );
    expect(result.target.type).toBe('apks');
    expect(result.findings.map((finding) => [finding.sdkId, finding.evidence[0]?.source])).toEqual([
      ['bugly', 'base.apk!classes.dex'],
      ['msa-oaid', 'split_config.arm64_v8a.apk!lib/arm64-v8a/libmsaoaidsec.so'],
    ]);
  });
});
