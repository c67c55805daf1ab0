import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlist, readObjcClassNames, renderDisclosure, scanArchive, scanPath } from '../src/index.js';
import { binaryPlist, buildIpa, machO, xmlPlist } from './support/ios-fixtures.js';

const info = {
  CFBundleIdentifier: 'com.example.idphoto',
  NSCameraUsageDescription: '拍摄证件照',
  NSLocationWhenInUseUsageDescription: '推荐附近的照相馆',
  UIRequiredDeviceCapabilities: ['arm64'],
};
const privacy = {
  NSPrivacyTracking: false,
  NSPrivacyCollectedDataTypes: [
    {
      NSPrivacyCollectedDataType: 'NSPrivacyCollectedDataTypeCrashData',
      NSPrivacyCollectedDataTypeLinked: false,
    },
  ],
  NSPrivacyAccessedAPITypes: [{ NSPrivacyAccessedAPIType: 'NSPrivacyAccessedAPICategoryUserDefaults' }],
};

describe('property lists', () => {
  it('reads XML and binary plists to the same value', () => {
    expect(parsePlist(xmlPlist(info))).toEqual(info);
    expect(parsePlist(binaryPlist(info))).toEqual(info);
    expect(parsePlist(binaryPlist({ text: '相机用途说明', list: [1, true, false] }))).toEqual({
      text: '相机用途说明',
      list: [1, true, false],
    });
  });

  it('refuses truncated, inconsistent and exponentially shared plists with a typed error', () => {
    const binary = binaryPlist(info);
    expect(() => parsePlist(binary.subarray(0, 20))).toThrow(
      expect.objectContaining({ code: 'ERR_PLIST_CORRUPT' }),
    );
    expect(() => parsePlist(Buffer.from('<plist><dict><key>a</key>'))).toThrow(
      expect.objectContaining({ code: 'ERR_PLIST_CORRUPT' }),
    );
    // 32 arrays, each holding the next one twice: 2^32 values if references were followed blindly.
    const objects: Buffer[] = [];
    for (let i = 0; i < 32; i++) objects.push(Buffer.from([0xa2, i + 1, i + 1]));
    objects.push(Buffer.from([0x09]));
    const offsets: number[] = [];
    let at = 8;
    for (const object of objects) {
      offsets.push(at);
      at += object.length;
    }
    const trailer = Buffer.alloc(32);
    trailer.writeUInt8(1, 6);
    trailer.writeUInt8(1, 7);
    trailer.writeBigUInt64BE(BigInt(objects.length), 8);
    trailer.writeBigUInt64BE(BigInt(at), 24);
    const laughs = Buffer.concat([Buffer.from('bplist00'), ...objects, Buffer.from(offsets), trailer]);
    expect(() => parsePlist(laughs)).toThrow(expect.objectContaining({ code: 'ERR_PLIST_CORRUPT' }));
    const broken = Buffer.from(binary);
    broken.writeBigUInt64BE(10_000_000n, broken.length - 24);
    expect(() => parsePlist(broken)).toThrow(expect.objectContaining({ code: 'ERR_PLIST_CORRUPT' }));
  });
});

describe('IPA', () => {
  for (const [label, encode] of [
    ['XML', xmlPlist],
    ['binary', binaryPlist],
  ] as const) {
    it(`finds frameworks, usage strings and privacy manifests (${label} plists)`, async () => {
      const ipa = buildIpa({
        infoPlist: encode(info),
        frameworks: ['Bugly', 'AlipaySDK-iOS', 'Flutter', 'App', 'MyOwnKit'],
        privacyManifests: {
          'PrivacyInfo.xcprivacy': encode(privacy),
          'Frameworks/Bugly.framework/PrivacyInfo.xcprivacy': encode({ ...privacy, NSPrivacyTracking: true }),
        },
      });
      const result = await scanArchive(ipa, 'IDPhoto.ipa');
      expect(result.target.type).toBe('ipa');
      expect(result.app.packageName).toBe('com.example.idphoto');
      expect(result.findings.map((finding) => finding.sdkId)).toEqual(['alipay-pay', 'bugly', 'flutter']);
      expect(result.findings.find((finding) => finding.sdkId === 'bugly')?.evidence).toEqual([
        {
          kind: 'ios-framework',
          rule: 'Bugly',
          source: 'Payload/IDPhoto.app/Frameworks/Bugly.framework',
          count: 1,
          samples: ['Bugly'],
        },
      ]);
      expect(result.app.usageDescriptions).toEqual({
        NSCameraUsageDescription: '拍摄证件照',
        NSLocationWhenInUseUsageDescription: '推荐附近的照相馆',
      });
      expect(
        result.app.privacyManifests.map((manifest) => [manifest.path.split('/').at(-2), manifest.tracking]),
      ).toEqual([
        ['IDPhoto.app', false],
        ['Bugly.framework', true],
      ]);
      expect(result.app.privacyManifests[0]?.accessedApiTypes).toEqual([
        'NSPrivacyAccessedAPICategoryUserDefaults',
      ]);
    });
  }
});

describe('Mach-O class names', () => {
  const executableInfo = { ...info, CFBundleExecutable: 'IDPhoto' };

  it('finds statically linked SDKs by their Objective-C classes in the executable (thin and fat)', async () => {
    for (const fat of [false, true]) {
      const ipa = buildIpa({
        infoPlist: binaryPlist(executableInfo),
        frameworks: [],
        executable: machO(['AppDelegate', 'WXApi', 'BuglyConfig', 'JPUSHService', 'WXApiX'], { fat }),
      });
      const result = await scanArchive(ipa, 'IDPhoto.ipa');
      expect(
        result.findings.map((finding) => [
          finding.sdkId,
          finding.evidence[0]?.kind,
          finding.evidence[0]?.samples,
        ]),
      ).toEqual([
        ['bugly', 'ios-class', ['BuglyConfig']],
        ['jpush', 'ios-class', ['JPUSHService']],
        ['wechat-opensdk', 'ios-class', ['WXApi']],
      ]);
      expect(result.findings[0]?.evidence[0]?.source).toBe('Payload/IDPhoto.app/IDPhoto');
    }
  });

  it('warns that an encrypted App Store binary hides its classes', async () => {
    const ipa = buildIpa({
      infoPlist: xmlPlist(executableInfo),
      frameworks: [],
      executable: machO(['WXApi'], { encrypted: true }),
    });
    expect((await scanArchive(ipa, 'store.ipa')).warnings[0]).toMatch(
      /IDPhoto is encrypted \(App Store build\)/,
    );
  });

  it('refuses a Mach-O whose load commands run past the file', () => {
    const broken = machO(['WXApi']);
    broken.writeUInt32LE(0x7fff, 32 + 4);
    expect(() => readObjcClassNames(broken)).toThrow(expect.objectContaining({ code: 'ERR_MACHO_CORRUPT' }));
  });
});

describe('IPA disclosure rows', () => {
  it("fills the permission column with the app's purpose strings for what the SDK uses", async () => {
    const ipa = buildIpa({ infoPlist: binaryPlist(info), frameworks: ['AMapLocation', 'Bugly'] });
    const rows = JSON.parse(
      renderDisclosure({ kind: 'scan', scan: await scanArchive(ipa, 'x.ipa') }, { format: 'json' }),
    );
    expect(rows.map((row: { sdkId: string; permissions: string[] }) => [row.sdkId, row.permissions])).toEqual(
      [
        ['amap', ['使用期间定位（NSLocationWhenInUseUsageDescription）']],
        ['bugly', []],
      ],
    );
  });
});

describe('build files', () => {
  const root = mkdtempSync(join(tmpdir(), 'sdk-inventory-'));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'android/app/build.gradle',
    [
      'dependencies {',
      "    implementation 'com.tencent.bugly:crashreport:4.1.9'",
      '    implementation group: "com.umeng.umsdk", name: "common", version: "9.6.8"',
      "    // implementation 'cn.jiguang.sdk:jpush:5.0.0'",
      '    implementation(libs.getui)',
      '}',
    ].join('\n'),
  );
  write(
    'android/gradle/libs.versions.toml',
    [
      '[versions]',
      'gt = "3.3.5.0"',
      '[libraries]',
      'getui = { module = "com.getui:gtsdk", version.ref = "gt" }',
      'amap = { group = "com.amap.api", name = "location", version = "6.4.0" }',
      'plain = "com.huawei.hms:push:6.11.0.300"',
    ].join('\n'),
  );
  write(
    'ios/Podfile.lock',
    'PODS:\n  - AlipaySDK-iOS (15.8.16)\n  - Bugly (2.6.1)\n  - WechatOpenSDK-XCFramework/Core (2.0.4)\n\nDEPENDENCIES:\n  - Bugly\n',
  );
  write(
    'pubspec.lock',
    'packages:\n  fluwx:\n    dependency: "direct main"\n    version: "4.5.5"\n  path:\n    version: "1.9.0"\nsdks:\n  dart: ">=3.3.0 <4.0.0"\n  flutter: ">=3.19.0"\n',
  );
  write(
    'package.json',
    JSON.stringify({ dependencies: { 'jpush-react-native': '^3.1.0', react: '18.2.0' } }),
  );
  write('node_modules/ignored/package.json', JSON.stringify({ dependencies: { 'react-native': '0.74.0' } }));
  write(
    'uni/manifest.json',
    '{\n  // HBuilderX writes comments\n  "name": "idphoto",\n  "app-plus": { "distribute": { "sdkConfigs": { "payment": { "alipay": {}, "weixin": {} }, "statics": { "umeng": {} } } } }\n}',
  );

  write(
    'harmony/entry/oh-package.json5',
    "{\n  // HarmonyOS NEXT\n  name: 'entry',\n  dependencies: {\n    '@jg/push': '1.1.0',\n    \"@getui/gysdk\": \"1.0.2\",\n  },\n}\n",
  );

  it('reads Gradle, version catalogs, Podfile.lock, pubspec.lock, package.json, uni-app and HarmonyOS manifests', async () => {
    const result = await scanPath(root);
    expect(result.target.type).toBe('directory');
    const sources = Object.fromEntries(
      result.findings.map((finding) => [
        finding.sdkId,
        finding.evidence.map((evidence) => `${evidence.source}: ${evidence.rule}`).sort(),
      ]),
    );
    expect(sources).toEqual({
      'alipay-pay': [
        'ios/Podfile.lock: cocoapods:AlipaySDK-iOS',
        'uni/manifest.json: uni-app:sdkConfigs.payment.alipay',
      ],
      amap: ['android/gradle/libs.versions.toml: maven:com.amap.api:location'],
      bugly: [
        'android/app/build.gradle: maven:com.tencent.bugly:crashreport',
        'ios/Podfile.lock: cocoapods:Bugly',
      ],
      'dcloud-uniapp': ['uni/manifest.json: uni-app:app-plus'],
      flutter: ['pubspec.lock: pub:flutter'],
      getui: ['android/gradle/libs.versions.toml: maven:com.getui:gtsdk'],
      'getui-gy': ['harmony/entry/oh-package.json5: ohpm:@getui/gysdk'],
      'huawei-push': ['android/gradle/libs.versions.toml: maven:com.huawei.hms:push'],
      jpush: ['harmony/entry/oh-package.json5: ohpm:@jg/push', 'package.json: npm:jpush-react-native'],
      'umeng-analytics': [
        'android/app/build.gradle: maven:com.umeng.umsdk:common',
        'uni/manifest.json: uni-app:sdkConfigs.statics.umeng',
      ],
      'wechat-opensdk': [
        'pubspec.lock: pub:fluwx',
        'ios/Podfile.lock: cocoapods:WechatOpenSDK-XCFramework',
        'uni/manifest.json: uni-app:sdkConfigs.payment.weixin',
      ].sort(),
    });
    const getui = result.findings.find((finding) => finding.sdkId === 'getui');
    expect(getui?.evidence[0]?.samples).toEqual(['com.getui:gtsdk@3.3.5.0']);
  });

  it('scans a single build file and refuses a malformed one with a typed error', async () => {
    expect((await scanPath(join(root, 'ios/Podfile.lock'))).findings.map((finding) => finding.sdkId)).toEqual(
      ['alipay-pay', 'bugly', 'wechat-opensdk'],
    );
    write('broken/package.json', '{ not json');
    await expect(scanPath(join(root, 'broken/package.json'))).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_BUILD_FILE' }),
    );
  });
});
