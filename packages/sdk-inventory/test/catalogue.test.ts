import { describe, expect, it } from 'vitest';
import {
  DeclaredResolver,
  loadCatalogue,
  matchesWildcard,
  PrefixTrie,
  parseCatalogue,
} from '../src/index.js';

const catalogue = loadCatalogue();

describe('catalogue', () => {
  it('holds at least 60 SDKs, Flutter and uni-app among them', () => {
    expect(catalogue.sdks.length).toBeGreaterThanOrEqual(60);
    const ids = catalogue.sdks.map((entry) => entry.id);
    expect(ids).toContain('flutter');
    expect(ids).toContain('dcloud-uniapp');
  });

  it('resolves every SDK the seed policies name to an entry citing that policy', () => {
    const named: [string, string, string][] = [
      ['友盟统计', 'umeng-analytics', 'S000'],
      ['支付宝', 'alipay-pay', 'S000'],
      ['微信支付', 'wechat-opensdk', 'S000'],
      ['mob分享', 'mob-sharesdk', 'S000'],
      ['腾讯bugly', 'bugly', 'S000'],
      ['阿里云DNS', 'aliyun-httpdns', 'S000'],
      ['阿里云OSS', 'aliyun-oss', 'S000'],
      ['身份证回执接口', 'id-receipt-api', 'S000'],
      ['Alipay(支付宝)SDK', 'alipay-pay', 'S001'],
      ['微信SDK', 'wechat-opensdk', 'S001'],
      ['腾讯移动开放平台SDK', 'qq-connect', 'S001'],
      ['腾讯云慧眼人脸核身SDK', 'tencent-huiyan-face', 'S001'],
      ['友盟统计SDK', 'umeng-analytics', 'S001'],
      ['极光安全认证SDK', 'jverification', 'S001'],
      ['身份验证SDK (人脸验证)', 'alipay-verify', 'S001'],
      ['旷视SDK', 'megvii-faceid', 'S002'],
      ['腾讯信鸽推送', 'tpns', 'S002'],
      ['一砂实人认证 SDK', 'esand', 'S003'],
      ['乐刷活体检测 SDK', 'leshua-liveness', 'S004'],
    ];
    const resolver = new DeclaredResolver(catalogue);
    for (const [name, id, source] of named) {
      const entry = resolver.resolve({ name })?.entry;
      expect(entry?.id, name).toBe(id);
      expect(entry?.sources, name).toContain(source);
    }
  });

  it('keeps provenance: every entry cites sources from the legend and has one current provider', () => {
    for (const entry of catalogue.sdks) {
      expect(
        entry.sources.every((source) => source in catalogue.sources),
        entry.id,
      ).toBe(true);
      expect(
        entry.providers.filter((provider) => provider.status === 'current').length,
        entry.id,
      ).toBeGreaterThanOrEqual(1);
    }
    const umeng = catalogue.sdks.find((entry) => entry.id === 'umeng-analytics');
    expect(umeng?.providers.map((provider) => [provider.name, provider.status])).toEqual([
      ['友盟同欣（北京）科技有限公司', 'current'],
      ['北京锐讯灵通科技有限公司', 'former'],
    ]);
  });

  it('never shares a package prefix between two SDKs', () => {
    const owners = new Map<string, string>();
    for (const entry of catalogue.sdks) {
      for (const prefix of entry.android.packages) {
        expect(owners.get(prefix), `${prefix} in ${entry.id}`).toBeUndefined();
        owners.set(prefix, entry.id);
      }
    }
  });

  it('rejects an entry that cites an unknown source or nests an unknown SDK', () => {
    const first = catalogue.sdks[0];
    const broken = { ...catalogue, sdks: [{ ...first, sources: ['NOPE'], nested: ['ghost'] }] };
    expect(() => parseCatalogue(broken)).toThrow(expect.objectContaining({ code: 'ERR_CATALOGUE' }));
  });
});

describe('matching primitives', () => {
  it('matches whole segments and prefers the longest prefix', () => {
    const trie = new PrefixTrie();
    trie.add('com.tune', 'tune');
    trie.add('com.huawei.hms', 'hms');
    trie.add('com.huawei.hms.push', 'push');
    expect(trie.match('com.tunein.Player')).toBeUndefined();
    expect(trie.match('com.tune.Tracker')?.owner).toBe('tune');
    expect(trie.match('com.huawei.hms.push.HmsMessaging')?.owner).toBe('push');
    expect(trie.match('com.huawei.hms.api.Client')?.owner).toBe('hms');
    expect(trie.match('com.huawei')).toBeUndefined();
    expect(trie.matchDescriptor('Lcom/huawei/hms/push/HmsMessaging;')?.owner).toBe('push');
    expect(trie.matchDescriptor('Lcom/tunein/Player;')).toBeUndefined();
    expect(trie.matchDescriptor('[Lcom/tune/Tracker;')).toBeUndefined();
  });

  it('treats only `*` as a wildcard in library names; dots and plus signs are literal', () => {
    expect(matchesWildcard('libjcore*.so', 'libjcore400.so')).toBe(true);
    expect(matchesWildcard('libjcore*.so', 'libjcore.so')).toBe(true);
    expect(matchesWildcard('libBugly.so', 'libBuglyXso')).toBe(false);
    expect(matchesWildcard('libAMapSDK_MAP_v*.so', 'libAMapSDK_MAP_v9_8_2.so')).toBe(true);
    expect(matchesWildcard('lib*ab*.so', 'libab.so')).toBe(true);
    expect(matchesWildcard('lib*ab*.so', 'liba.so')).toBe(false);
    expect(matchesWildcard('libab*ba.so', 'libaba.so')).toBe(false);
  });
});
