import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DeclaredList,
  diffDeclared,
  lintDeclared,
  readDeclaredList,
  renderDisclosure,
  scanArchive,
  sdkTableFromPolicyText,
} from '../src/index.js';
import { chineseSdkApk } from './support/fixtures.js';

// The Annex 1 table of seed policy 000, flattened one cell per line as it was copied from the web.
const annex = readFileSync(new URL('./fixtures/policy-annex.txt', import.meta.url), 'utf8');

describe('declared lists', () => {
  it('extracts the cell-per-line SDK table from a policy text', () => {
    const sdks = sdkTableFromPolicyText(annex);
    expect(sdks.map((sdk) => sdk.name)).toEqual([
      '友盟统计',
      '支付宝',
      '微信支付',
      'mob分享',
      '腾讯bugly',
      '阿里云DNS',
      '阿里云OSS',
      '身份证回执接口',
    ]);
    expect(sdks[0]).toEqual({
      name: '友盟统计',
      provider: '北京锐讯灵通科技有限公司',
      personalInfo: ['设备信息、昵称'],
      purpose: ['用于优化和完善证件照随拍的功能和运营'],
    });
  });

  it('reads Markdown and tab-separated tables, taking a package name from the SDK name', () => {
    const markdown = [
      '| SDK名称 | 开发者名称 | 使用目的 | 隐私政策链接 |',
      '| --- | --- | --- | --- |',
      '| 穿山甲(com.bytedance.sdk.openadsdk) | 北京巨量引擎网络科技有限公司 | 广告 | https://www.pangle.cn/privacy |',
    ].join('\n');
    expect(sdkTableFromPolicyText(markdown)).toEqual([
      {
        name: '穿山甲(com.bytedance.sdk.openadsdk)',
        provider: '北京巨量引擎网络科技有限公司',
        purpose: ['广告'],
        privacyUrl: 'https://www.pangle.cn/privacy',
        packageName: 'com.bytedance.sdk.openadsdk',
      },
    ]);
    const tabs = 'SDK名称\t提供方\t权限\n极光推送\t深圳市和讯华谷信息技术有限公司\t读取电话状态\n';
    expect(sdkTableFromPolicyText(tabs)[0]?.permissions).toEqual(['读取电话状态']);
  });

  it('reads JSON and YAML lists and rejects malformed ones with a typed error', () => {
    const yaml = 'sdks:\n  - name: 友盟统计\n    provider: 友盟同欣（北京）科技有限公司\n';
    expect(readDeclaredList(yaml, 'yaml').sdks[0]?.provider).toBe('友盟同欣（北京）科技有限公司');
    expect(readDeclaredList('[{"name":"Bugly"}]', 'json').sdks).toEqual([{ name: 'Bugly' }]);
    expect(() => readDeclaredList('{"sdks":[{"nom":"x"}]}', 'json')).toThrow(
      expect.objectContaining({ code: 'ERR_DECLARED_LIST' }),
    );
    expect(() => readDeclaredList('no table here', 'policy-text')).toThrow(
      expect.objectContaining({ code: 'ERR_DECLARED_LIST' }),
    );
  });
});

const chineseScan = await scanArchive(chineseSdkApk(), 'idphoto.apk');

describe('diff against the declared list', () => {
  const scan = chineseScan;
  const report = diffDeclared(scan, readDeclaredList(annex, 'policy-text'));
  const codes = (code: string): (string | undefined)[] =>
    report.issues.filter((issue) => issue.code === code).map((issue) => issue.sdkId ?? issue.declaredName);

  it('ties every annex entry to a catalogue entry', () => {
    expect(report.matches.map((match) => match.sdkId)).toEqual([
      'umeng-analytics',
      'alipay-pay',
      'wechat-opensdk',
      'mob-sharesdk',
      'bugly',
      'aliyun-httpdns',
      'aliyun-oss',
      'id-receipt-api',
    ]);
  });

  it('lists detected SDKs the annex does not declare, nested channels included', () => {
    expect(codes('undeclared-sdk').sort()).toEqual(
      [
        'dcloud-uniapp',
        'flutter',
        'gdt-ylh',
        'getui',
        'huawei-hms-core',
        'huawei-push',
        'jpush',
        'megvii-faceid',
        'tpns',
        'xiaomi-push',
      ].sort(),
    );
    const xiaomi = report.issues.find((issue) => issue.sdkId === 'xiaomi-push');
    expect(xiaomi?.message).toContain('shipped inside getui, jpush, tpns');
    expect(xiaomi?.message).toContain('dex-class com.xiaomi.mipush.sdk in classes.dex');
  });

  it('flags declared SDKs that are absent, and those that cannot be detected at all', () => {
    expect(codes('declared-not-detected')).toEqual(['mob-sharesdk', 'aliyun-httpdns', 'aliyun-oss']);
    expect(codes('declared-undetectable')).toEqual(['id-receipt-api']);
  });

  it('flags provider names that drifted to an old alias or match no known name', () => {
    expect(codes('provider-outdated')).toEqual(['umeng-analytics', 'mob-sharesdk']);
    expect(report.issues.find((issue) => issue.code === 'provider-outdated')?.message).toContain(
      '友盟同欣（北京）科技有限公司',
    );
    expect(codes('provider-mismatch')).toEqual(['aliyun-httpdns', 'aliyun-oss']);
  });

  it('flags runtime permissions an SDK uses that its declaration does not name', () => {
    const permissions = report.issues.filter((issue) => issue.code === 'undeclared-permission');
    expect(permissions.map((issue) => [issue.sdkId, issue.message.split(' ')[3]])).toEqual([
      ['umeng-analytics', 'android.permission.READ_PHONE_STATE'],
      ['alipay-pay', 'android.permission.READ_PHONE_STATE'],
      ['bugly', 'android.permission.READ_PHONE_STATE'],
    ]);
  });

  it('flags missing privacy links for every annex entry', () => {
    expect(codes('missing-field')).toHaveLength(8);
    expect(report.counts.error).toBe(report.issues.filter((issue) => issue.severity === 'error').length);
  });

  it('accepts a complete, current declaration without provider or permission issues', () => {
    const declared: DeclaredList = {
      sdks: [
        {
          name: '腾讯Bugly',
          provider: '深圳市腾讯计算机系统有限公司',
          purpose: ['崩溃分析'],
          personalInfo: ['设备信息'],
          permissions: ['读取电话状态权限'],
          privacyUrl: 'https://privacy.qq.com/',
        },
      ],
    };
    const clean = diffDeclared(scan, declared).issues.filter((issue) => issue.sdkId === 'bugly');
    expect(clean).toEqual([]);
  });
});

describe('lint without a scan', () => {
  it('reports missing fields, unknown SDKs and provider drift from the declaration alone', () => {
    const report = lintDeclared(readDeclaredList(annex, 'policy-text'));
    expect(new Set(report.issues.map((issue) => issue.code))).toEqual(
      new Set(['missing-field', 'provider-outdated', 'provider-mismatch']),
    );
    const unknown = lintDeclared({
      sdks: [
        {
          name: '某某神秘SDK',
          provider: 'X公司',
          purpose: ['统计'],
          personalInfo: ['设备信息'],
          privacyUrl: 'https://x.example',
        },
      ],
    });
    expect(unknown.issues.map((issue) => issue.code)).toEqual(['declared-unknown']);
    expect(unknown.counts).toEqual({ error: 0, warning: 1, info: 0 });
  });
});

describe('disclosure outputs', () => {
  const scan = chineseScan;

  it('renders the Chinese disclosure table and the permission table in Markdown', () => {
    const markdown = renderDisclosure({ kind: 'scan', scan }, { format: 'md' });
    expect(markdown).toContain(
      '| SDK名称 | 提供方 | 使用目的 | 收集个人信息类型 | 权限 | 收集方式 | 隐私政策链接 |',
    );
    expect(markdown).toContain(
      '| 腾讯Bugly（com.tencent.bugly） | 深圳市腾讯计算机系统有限公司 | 收集和分析应用程序故障 |',
    );
    expect(markdown).toContain('| 设备权限 | 调用权限目的 | 是否询问 | 用户可否关闭权限 | 关闭权限的影响 |');
    expect(markdown).toContain(
      '| 相机（摄像头）（android.permission.CAMERA） | 旷视FaceID活体检测SDK：人脸识别与活体检测 | 是 | 是 |',
    );
    expect(markdown).toContain(
      '小米推送SDK（com.xiaomi.mipush.sdk） | 北京小米移动软件有限公司 | 在小米设备上推送消息通知；随个推消息推送SDK、极光推送SDK、腾讯移动推送TPNS（原信鸽）集成',
    );
  });

  it('escapes HTML and links the privacy URL', () => {
    const html = renderDisclosure(
      {
        kind: 'declared',
        declared: { sdks: [{ name: '<script>x</script>', privacyUrl: 'https://a.example/?q=1&b="2"' }] },
      },
      { format: 'html' },
    );
    expect(html).toContain('<td>&lt;script&gt;x&lt;/script&gt;</td>');
    expect(html).toContain('<a href="https://a.example/?q=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">');
    expect(html).not.toContain('<script>');
  });

  it('fills declared rows from the catalogue where the declaration is silent', () => {
    const json = JSON.parse(
      renderDisclosure(
        { kind: 'declared', declared: { sdks: [{ name: '极光推送', purpose: '消息推送' }] } },
        { format: 'json' },
      ),
    );
    expect(json[0]).toMatchObject({
      sdkId: 'jpush',
      name: '极光推送',
      provider: '深圳市和讯华谷信息技术有限公司',
      purposes: ['消息推送'],
      privacyUrl: 'https://www.jiguang.cn/license/privacy',
    });
  });

  it('writes an Apple privacy manifest that parses back as a plist with the collected types', async () => {
    const { parsePlist } = await import('../src/index.js');
    const xml = renderDisclosure({ kind: 'scan', scan }, { format: 'xcprivacy' });
    const plist = parsePlist(Buffer.from(xml)) as Record<string, unknown>;
    expect(plist.NSPrivacyTracking).toBe(true);
    const types = (plist.NSPrivacyCollectedDataTypes as Record<string, unknown>[]).map(
      (item) => item.NSPrivacyCollectedDataType,
    );
    expect(types).toContain('NSPrivacyCollectedDataTypeDeviceID');
    expect(types).toContain('NSPrivacyCollectedDataTypeSensitiveInfo');
    const face = (plist.NSPrivacyCollectedDataTypes as Record<string, unknown>[]).find(
      (item) => item.NSPrivacyCollectedDataType === 'NSPrivacyCollectedDataTypeSensitiveInfo',
    );
    expect(face).toMatchObject({
      NSPrivacyCollectedDataTypeLinked: true,
      NSPrivacyCollectedDataTypeTracking: false,
    });
  });

  it('writes Play Data safety rows under the exact CSV header', () => {
    const csv = renderDisclosure({ kind: 'scan', scan }, { format: 'datasafety' }).trim().split('\n');
    expect(csv[0]).toBe(
      'Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label',
    );
    expect(csv).toContain(
      'PSL_DATA_TYPES_IDENTIFIERS,PSL_DEVICE_ID,true,MULTIPLE_CHOICE,Data types collected',
    );
    expect(csv).toContain(
      'PSL_DATA_USAGE_RESPONSES:PSL_CRASH_LOGS:DATA_USAGE_COLLECTION_PURPOSE,PSL_ANALYTICS,true,MULTIPLE_CHOICE,Why is this user data collected?',
    );
    expect(csv.every((line) => line.split(',').length >= 5)).toBe(true);
  });

  it('refuses an unknown format with the valid names', () => {
    expect(() => renderDisclosure({ kind: 'scan', scan }, { format: 'pdf' as 'md' })).toThrow(
      /md.*html.*json.*xcprivacy.*datasafety/s,
    );
  });
});

describe('numbered SDK descriptions in policy texts', () => {
  it('reads "(1).名称 / key: value" blocks, values continued on the following lines (seed 001)', () => {
    const sdks = sdkTableFromPolicyText(
      readFileSync(new URL('./fixtures/policy-sdk-blocks.txt', import.meta.url), 'utf8'),
    );
    expect(sdks.map((sdk) => sdk.name)).toEqual([
      'Alipay(支付宝)SDK',
      '微信SDK',
      '腾讯移动开放平台SDK',
      '手机号一键登录SDK',
      '腾讯云慧眼人脸核身SDK',
      '友盟统计SDK',
      '极光安全认证SDK',
      '身份验证SDK (人脸验证)',
    ]);
    expect(sdks[0]).toMatchObject({
      purpose: ['保障APP的稳定运行；完成支付安全风控；确认支付环境安全'],
      method: '支付时调用；功能使用时调用',
      privacyUrl: 'https://opendocs.alipay.com/common/02kiq3',
    });
    expect(sdks[0]?.personalInfo?.[0]).not.toContain('信息处理方式');
    expect(sdks[5]).toMatchObject({
      provider: '北京锐讯灵通科技有限公司',
      privacyUrl: 'https://www.umeng.com/page/policy',
    });
  });

  it('reads "1、名称 / 运营主体: …" blocks with two labels on one line (seed 003)', () => {
    const sdks = sdkTableFromPolicyText(
      readFileSync(new URL('./fixtures/policy-sdk-operators.txt', import.meta.url), 'utf8'),
    );
    expect(sdks.map((sdk) => [sdk.name, sdk.provider, sdk.privacyUrl])).toEqual([
      ['支付宝', '支付宝(中国)网络技术有限公司', 'https://opendocs.alipay.com/open/01g6qm#iOS%20%C2%A0SDK'],
      [
        '微信支付',
        '财付通支付科技有限公司',
        'https://pay.weixin.qq.com/index.php/public/apply_sign/protocol_v2',
      ],
      ['一砂实人认证 SDK', '北京一砂信息技术有限公司', 'https://edis.esandcloud.com/web/privacy.html'],
    ]);
    expect(sdks[0]?.purpose).toEqual(['当您在购买平台商品或服务时,为方便您完成相关支付行为']);
    expect(sdks[0]?.personalInfo?.[0]).toMatch(/^授权信息、设备信息/);
  });

  it('diffs seed 003 against a scan: the full-width/half-width provider spelling is not drift', () => {
    const scan = chineseScan;
    const report = diffDeclared(
      scan,
      readDeclaredList(
        readFileSync(new URL('./fixtures/policy-sdk-operators.txt', import.meta.url), 'utf8'),
        'policy-text',
      ),
    );
    expect(report.matches.map((match) => match.sdkId)).toEqual(['alipay-pay', 'wechat-opensdk', 'esand']);
    expect(report.issues.filter((issue) => issue.code.startsWith('provider-'))).toEqual([]);
    expect(report.issues.find((issue) => issue.code === 'declared-not-detected')?.sdkId).toBe('esand');
  });
});
