// Builds synthetic Android files byte by byte (no Android SDK needed): a dex with chosen classes, a
// binary AndroidManifest.xml (AXML) and ZIP archives around them, including hostile variants.
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

class Writer {
  private readonly chunks: Buffer[] = [];
  length = 0;

  bytes(data: Uint8Array): this {
    const buffer = Buffer.from(data);
    this.chunks.push(buffer);
    this.length += buffer.length;
    return this;
  }

  u8(value: number): this {
    return this.bytes(Buffer.from([value]));
  }

  u16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    return this.bytes(b);
  }

  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function uleb128(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** MUTF-8: UTF-16 code units encoded one by one, NUL as C0 80. */
function mutf8(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit !== 0 && unit < 0x80) out.push(unit);
    else if (unit < 0x800) out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return out;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A dex file defining `descriptors` (e.g. `Lcom/umeng/analytics/MobclickAgent;`), with valid checksums. */
export function buildDex(descriptors: readonly string[]): Buffer {
  const strings = [...new Set(descriptors)].sort();
  const count = strings.length;
  const stringIdsOff = 0x70;
  const typeIdsOff = stringIdsOff + count * 4;
  const classDefsOff = typeIdsOff + count * 4;
  const dataOff = classDefsOff + count * 32;
  const data = new Writer();
  const stringOffsets: number[] = [];
  for (const text of strings) {
    stringOffsets.push(dataOff + data.length);
    data.bytes(Uint8Array.from([...uleb128(text.length), ...mutf8(text), 0]));
  }
  const body = new Writer();
  for (const offset of stringOffsets) body.u32(offset);
  for (let i = 0; i < count; i++) body.u32(i);
  for (let i = 0; i < count; i++) {
    body.u32(i).u32(1).u32(0xffffffff).u32(0).u32(0xffffffff).u32(0).u32(0).u32(0);
  }
  const fileSize = dataOff + data.length;
  const header = Buffer.alloc(0x70);
  header.write('dex\n035\0', 0, 'latin1');
  header.writeUInt32LE(fileSize, 32);
  header.writeUInt32LE(0x70, 36);
  header.writeUInt32LE(0x12345678, 40);
  header.writeUInt32LE(count, 56);
  header.writeUInt32LE(count === 0 ? 0 : stringIdsOff, 60);
  header.writeUInt32LE(count, 64);
  header.writeUInt32LE(count === 0 ? 0 : typeIdsOff, 68);
  header.writeUInt32LE(count, 96);
  header.writeUInt32LE(count === 0 ? 0 : classDefsOff, 100);
  header.writeUInt32LE(data.length, 104);
  header.writeUInt32LE(dataOff, 108);
  const file = Buffer.concat([header, body.done(), data.done()]);
  createHash('sha1').update(file.subarray(32)).digest().copy(file, 12);
  file.writeUInt32LE(adler32(file.subarray(12)), 8);
  return file;
}

export interface ManifestSpec {
  packageName: string;
  permissions: string[];
  components: { kind: 'activity' | 'service' | 'receiver' | 'provider'; name: string }[];
  metaData?: string[];
  utf8?: boolean;
}

/** A compiled AndroidManifest.xml (AXML) with a string pool, resource map and elements. */
export function buildAxml(spec: ManifestSpec): Buffer {
  const pool: string[] = ['name', 'package', 'manifest', 'uses-permission', 'application', 'meta-data'];
  const index = (text: string): number => {
    let at = pool.indexOf(text);
    if (at === -1) at = pool.push(text) - 1;
    return at;
  };
  const elements: Buffer[] = [];
  const start = (name: string, attributes: [string, string][]): void => {
    const w = new Writer();
    const attributeBytes = attributes.length * 20;
    w.u16(0x0102)
      .u16(16)
      .u32(16 + 20 + attributeBytes)
      .u32(1)
      .u32(0xffffffff);
    w.u32(0xffffffff).u32(index(name)).u16(20).u16(20).u16(attributes.length).u16(0).u16(0).u16(0);
    for (const [attribute, value] of attributes) {
      const valueIndex = index(value);
      w.u32(0xffffffff).u32(index(attribute)).u32(valueIndex).u16(8).u8(0).u8(0x03).u32(valueIndex);
    }
    elements.push(w.done());
  };
  const end = (name: string): void => {
    elements.push(
      new Writer().u16(0x0103).u16(16).u32(24).u32(1).u32(0xffffffff).u32(0xffffffff).u32(index(name)).done(),
    );
  };
  start('manifest', [['package', spec.packageName]]);
  for (const permission of spec.permissions) {
    start('uses-permission', [['name', permission]]);
    end('uses-permission');
  }
  start('application', []);
  for (const component of spec.components) {
    start(component.kind, [['name', component.name]]);
    end(component.kind);
  }
  for (const key of spec.metaData ?? []) {
    start('meta-data', [['name', key]]);
    end('meta-data');
  }
  end('application');
  end('manifest');
  const stringData = new Writer();
  const offsets: number[] = [];
  for (const text of pool) {
    offsets.push(stringData.length);
    if (spec.utf8) {
      const bytes = Buffer.from(text, 'utf8');
      stringData.u8(text.length).u8(bytes.length).bytes(bytes).u8(0);
    } else {
      stringData.u16(text.length).bytes(Buffer.from(text, 'utf16le')).u16(0);
    }
  }
  while (stringData.length % 4 !== 0) stringData.u8(0);
  const poolHeader = 28;
  const stringsStart = poolHeader + pool.length * 4;
  const poolChunk = new Writer()
    .u16(0x0001)
    .u16(poolHeader)
    .u32(stringsStart + stringData.length);
  poolChunk
    .u32(pool.length)
    .u32(0)
    .u32(spec.utf8 ? 1 << 8 : 0)
    .u32(stringsStart)
    .u32(0);
  for (const offset of offsets) poolChunk.u32(offset);
  poolChunk.bytes(stringData.done());
  const resourceMap = new Writer().u16(0x0180).u16(8).u32(12).u32(0x01010003).done();
  const body = Buffer.concat([poolChunk.done(), resourceMap, ...elements]);
  return Buffer.concat([
    new Writer()
      .u16(0x0003)
      .u16(8)
      .u32(8 + body.length)
      .done(),
    body,
  ]);
}

export interface ZipSpecEntry {
  name: string;
  data: Uint8Array;
  /** 0 stores, 8 deflates (default). */
  method?: 0 | 8;
  /** Overrides the uncompressed size written to the directory (to forge hostile archives). */
  declaredSize?: number;
}

/** A ZIP archive with local headers, a central directory and an end record. */
export function buildZip(entries: readonly ZipSpecEntry[]): Buffer {
  const local = new Writer();
  const central = new Writer();
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const payload = method === 8 ? deflateRawSync(entry.data) : Buffer.from(entry.data);
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? entry.data.length;
    const offset = local.length;
    local.u32(0x04034b50).u16(20).u16(0x0800).u16(method).u32(0).u32(0).u32(payload.length).u32(size);
    local.u16(name.length).u16(0).bytes(name).bytes(payload);
    central
      .u32(0x02014b50)
      .u16(20)
      .u16(20)
      .u16(0x0800)
      .u16(method)
      .u32(0)
      .u32(0)
      .u32(payload.length)
      .u32(size);
    central.u16(name.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(offset).bytes(name);
  }
  const directory = central.done();
  const body = local.done();
  const end = new Writer()
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(entries.length)
    .u16(entries.length)
    .u32(directory.length)
    .u32(body.length)
    .u16(0)
    .done();
  return Buffer.concat([body, directory, end]);
}

/** Dotted class names -> dex descriptors. */
export const descriptors = (classes: readonly string[]): string[] =>
  classes.map((name) => `L${name.replaceAll('.', '/')};`);

/** An APK built from parts: classes spread over two dex files, a manifest and native libraries. */
export function buildApk(spec: { classes: string[]; manifest: ManifestSpec; nativeLibs?: string[] }): Buffer {
  const half = Math.ceil(spec.classes.length / 2);
  return buildZip([
    { name: 'AndroidManifest.xml', data: buildAxml(spec.manifest) },
    { name: 'classes.dex', data: buildDex(descriptors(spec.classes.slice(0, half))) },
    { name: 'classes2.dex', data: buildDex(descriptors(spec.classes.slice(half))) },
    ...(spec.nativeLibs ?? []).map((path) => ({
      name: path,
      data: Buffer.from('\u007fELF'),
      method: 0 as const,
    })),
  ]);
}

/** The synthetic app holding Chinese SDKs, decoys that must not match, and vendor push channels. */
export function chineseSdkApk(): Buffer {
  return buildApk({
    classes: [
      'com.example.idphoto.MainActivity',
      'com.umeng.analytics.MobclickAgent',
      'com.umeng.commonsdk.UMConfigure',
      'cn.jpush.android.api.JPushInterface',
      'com.igexin.sdk.PushManager',
      'com.xiaomi.mipush.sdk.MiPushClient',
      'com.huawei.hms.push.HmsMessaging',
      'com.huawei.hms.api.HuaweiApiClient',
      'com.tencent.mm.opensdk.openapi.WXAPIFactory',
      'com.alipay.sdk.app.PayTask',
      'com.qq.e.ads.banner2.UnifiedBannerView',
      'com.tencent.bugly.crashreport.CrashReport',
      'com.megvii.meglive_sdk.manager.MegLiveManager',
      'io.dcloud.PandoraEntry',
      'io.flutter.embedding.android.FlutterActivity',
      // decoys: a longer first segment, a sibling package and a ByteDance library that is not Pangle
      'com.umengx.tools.Helper',
      'com.tunein.player.Radio',
      'com.bytedance.boost_multidex.BoostMultiDex',
      'com.alipayx.Fake',
    ],
    manifest: {
      packageName: 'com.example.idphoto',
      permissions: [
        'android.permission.INTERNET',
        'android.permission.ACCESS_NETWORK_STATE',
        'android.permission.READ_PHONE_STATE',
        'android.permission.CAMERA',
        'android.permission.ACCESS_FINE_LOCATION',
      ],
      components: [
        { kind: 'activity', name: '.MainActivity' },
        { kind: 'activity', name: 'com.alipay.sdk.app.H5PayActivity' },
        { kind: 'service', name: 'com.tencent.android.tpush.service.XGVipPushService' },
      ],
      metaData: ['JPUSH_APPKEY'],
    },
    nativeLibs: ['lib/arm64-v8a/libBugly.so', 'lib/arm64-v8a/libjcore400.so', 'lib/arm64-v8a/libflutter.so'],
  });
}

function protoVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

const protoBytes = (field: number, data: Uint8Array): Buffer =>
  Buffer.concat([
    Buffer.from([...protoVarint(field * 8 + 2), ...protoVarint(data.length)]),
    Buffer.from(data),
  ]);
const protoString = (field: number, text: string): Buffer => protoBytes(field, Buffer.from(text, 'utf8'));
const protoUint = (field: number, value: number): Buffer =>
  Buffer.from([...protoVarint(field * 8), ...protoVarint(value)]);

interface ProtoElement {
  name: string;
  attributes: [string, string][];
  children: ProtoElement[];
}

function protoElement(element: ProtoElement): Buffer {
  const parts: Buffer[] = [protoString(3, element.name)];
  for (const [name, value] of element.attributes) {
    const attribute = Buffer.concat([
      protoString(2, name),
      protoString(3, value),
      ...(name === 'name' ? [protoUint(5, 0x01010003)] : []),
    ]);
    parts.push(protoBytes(4, attribute));
  }
  for (const child of element.children) parts.push(protoBytes(5, protoBytes(1, protoElement(child))));
  return Buffer.concat(parts);
}

/** The aapt2 protobuf manifest of an App Bundle module. */
export function buildProtoManifest(spec: ManifestSpec): Buffer {
  const root: ProtoElement = {
    name: 'manifest',
    attributes: [['package', spec.packageName]],
    children: [
      ...spec.permissions.map((name) => ({
        name: 'uses-permission',
        attributes: [['name', name]] as [string, string][],
        children: [],
      })),
      {
        name: 'application',
        attributes: [],
        children: spec.components.map((component) => ({
          name: component.kind,
          attributes: [['name', component.name]] as [string, string][],
          children: [],
        })),
      },
    ],
  };
  return protoBytes(1, protoElement(root));
}
