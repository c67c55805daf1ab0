import type { Dependency } from '../detect/artifacts.js';
import { BuildFileError } from '../errors.js';

/**
 * uni-app `manifest.json` → catalogue ids: `app-plus.distribute.sdkConfigs.<module>.<provider>`
 * names the native SDK HBuilderX packs into the app.
 */
const sdkConfigIds: Record<string, Record<string, string>> = {
  payment: { alipay: 'alipay-pay', weixin: 'wechat-opensdk' },
  oauth: { weixin: 'wechat-opensdk', qq: 'qq-connect', univerify: 'getui-gy', sina: 'weibo-sdk' },
  share: { weixin: 'wechat-opensdk', qq: 'qq-connect', sina: 'weibo-sdk' },
  push: { unipush: 'getui' },
  maps: { amap: 'amap', baidu: 'baidu-map', tencent: 'tencent-map' },
  geolocation: { amap: 'amap', baidu: 'baidu-map', tencent: 'tencent-map' },
  statics: { umeng: 'umeng-analytics' },
};

/** Strips `//` and `/* *\/` comments (HBuilderX manifest.json, HarmonyOS oh-package.json5). */
export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** True when a manifest.json is a uni-app one (it has an `app-plus` section). */
export function isUniManifest(text: string): boolean {
  return text.includes('"app-plus"');
}

export function readUniManifest(text: string, file: string): Dependency[] {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(stripComments(text)) as Record<string, unknown>;
  } catch {
    throw new BuildFileError('ERR_BUILD_FILE', `${file} is not valid JSON`);
  }
  const found: Dependency[] = [{ ecosystem: 'uni-app', name: 'app-plus', version: undefined, sdkId: 'dcloud-uniapp', file }];
  const appPlus = manifest['app-plus'] as { distribute?: { sdkConfigs?: Record<string, unknown> } } | undefined;
  const configs = appPlus?.distribute?.sdkConfigs ?? {};
  for (const [module, providers] of Object.entries(configs)) {
    if (typeof providers !== 'object' || providers === null) continue;
    for (const provider of Object.keys(providers)) {
      const sdkId = sdkConfigIds[module]?.[provider];
      if (sdkId !== undefined) {
        found.push({ ecosystem: 'uni-app', name: `sdkConfigs.${module}.${provider}`, version: undefined, sdkId, file });
      }
    }
  }
  return found;
}
