import { ManifestError } from '../errors.js';
import { type AndroidManifestInfo, ManifestCollector } from './manifest.js';

const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_TYPE = 0x0003;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_XML_END_ELEMENT_TYPE = 0x0103;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const UTF8_FLAG = 1 << 8;
const TYPE_STRING = 0x03;
const NO_ENTRY = 0xffffffff;

/** Framework attribute ids (android.R.attr) the reader needs, used when a shrinker blanked the names. */
const attributeNamesById = new Map<number, string>([
  [0x01010003, 'name'],
  [0x01010001, 'label'],
]);

/** The string pool of a binary XML chunk, decoded lazily by index. */
class StringPool {
  private readonly cache = new Map<number, string>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly offsetsAt: number,
    readonly count: number,
    private readonly stringsAt: number,
    private readonly end: number,
    private readonly utf8: boolean,
  ) {}

  get(index: number): string | undefined {
    if (index === NO_ENTRY || index >= this.count) return undefined;
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    const at = this.stringsAt + this.view.getUint32(this.offsetsAt + index * 4, true);
    const value = this.utf8 ? this.readUtf8(at) : this.readUtf16(at);
    this.cache.set(index, value);
    return value;
  }

  private need(at: number, length: number): void {
    if (at + length > this.end)
      throw new ManifestError('ERR_AXML_CORRUPT', 'a string-pool entry runs past its chunk');
  }

  private readUtf8(start: number): string {
    let at = start;
    this.need(at, 2);
    // UTF-16 length (skipped), then UTF-8 byte length; each is 1 byte, or 2 with the high bit set.
    at += ((this.bytes[at] as number) & 0x80) !== 0 ? 2 : 1;
    this.need(at, 2);
    let length = this.bytes[at] as number;
    if ((length & 0x80) !== 0) {
      length = ((length & 0x7f) << 8) | (this.bytes[at + 1] as number);
      at += 2;
    } else {
      at += 1;
    }
    this.need(at, length);
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, length).toString('utf8');
  }

  private readUtf16(start: number): string {
    let at = start;
    this.need(at, 2);
    let length = this.view.getUint16(at, true);
    if ((length & 0x8000) !== 0) {
      this.need(at, 4);
      length = ((length & 0x7fff) << 16) | this.view.getUint16(at + 2, true);
      at += 4;
    } else {
      at += 2;
    }
    this.need(at, length * 2);
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, length * 2).toString('utf16le');
  }
}

function readStringPool(bytes: Uint8Array, view: DataView, chunk: number, size: number): StringPool {
  const headerSize = view.getUint16(chunk + 2, true);
  if (headerSize < 28) throw new ManifestError('ERR_AXML_CORRUPT', 'the string-pool header is too short');
  const count = view.getUint32(chunk + 8, true);
  const flags = view.getUint32(chunk + 16, true);
  const stringsStart = view.getUint32(chunk + 20, true);
  const offsetsAt = chunk + headerSize;
  if (offsetsAt + count * 4 > chunk + size || chunk + stringsStart > chunk + size) {
    throw new ManifestError('ERR_AXML_CORRUPT', `the string pool's ${count} offsets do not fit in its chunk`);
  }
  return new StringPool(
    bytes,
    view,
    offsetsAt,
    count,
    chunk + stringsStart,
    chunk + size,
    (flags & UTF8_FLAG) !== 0,
  );
}

/**
 * Decodes a compiled (AXML) AndroidManifest.xml: string pool (UTF-8 or UTF-16), resource map, and
 * start/end element chunks. Attribute names are taken from the resource map when it names a framework
 * attribute, because obfuscators blank or rename the pool strings but not the ids.
 */
export function readBinaryManifest(bytes: Uint8Array): AndroidManifestInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint16(0, true) !== RES_XML_TYPE) {
    throw new ManifestError('ERR_AXML_CORRUPT', 'not a binary XML document (RES_XML_TYPE header missing)');
  }
  const end = Math.min(bytes.byteLength, view.getUint32(4, true));
  let at = view.getUint16(2, true);
  let pool: StringPool | undefined;
  let resourceIds: number[] = [];
  const collector = new ManifestCollector();
  while (at + 8 <= end) {
    const type = view.getUint16(at, true);
    const headerSize = view.getUint16(at + 2, true);
    const size = view.getUint32(at + 4, true);
    if (size < 8 || at + size > end || headerSize > size) {
      throw new ManifestError('ERR_AXML_CORRUPT', `chunk at offset ${at} has an impossible size`);
    }
    if (type === RES_STRING_POOL_TYPE && pool === undefined) {
      pool = readStringPool(bytes, view, at, size);
    } else if (type === RES_XML_RESOURCE_MAP_TYPE) {
      const count = (size - headerSize) / 4;
      resourceIds = Array.from({ length: Math.floor(count) }, (_, i) =>
        view.getUint32(at + headerSize + i * 4, true),
      );
    } else if (type === RES_XML_START_ELEMENT_TYPE) {
      if (pool === undefined)
        throw new ManifestError('ERR_AXML_CORRUPT', 'an element precedes the string pool');
      readStartElement(view, at, headerSize, size, pool, resourceIds, collector);
    } else if (type === RES_XML_END_ELEMENT_TYPE) {
      collector.end();
    }
    at += size;
  }
  return collector.result();
}

function readStartElement(
  view: DataView,
  chunk: number,
  headerSize: number,
  size: number,
  pool: StringPool,
  resourceIds: readonly number[],
  collector: ManifestCollector,
): void {
  const ext = chunk + headerSize;
  if (ext + 20 > chunk + size) throw new ManifestError('ERR_AXML_CORRUPT', 'a start element is truncated');
  const element = pool.get(view.getUint32(ext + 4, true)) ?? '';
  const attributeStart = view.getUint16(ext + 8, true);
  const attributeSize = view.getUint16(ext + 10, true);
  const attributeCount = view.getUint16(ext + 12, true);
  if (attributeSize < 20 || ext + attributeStart + attributeCount * attributeSize > chunk + size) {
    throw new ManifestError('ERR_AXML_CORRUPT', 'the attributes of a start element do not fit in its chunk');
  }
  const attributes = new Map<string, string>();
  for (let i = 0; i < attributeCount; i++) {
    const a = ext + attributeStart + i * attributeSize;
    const nameIndex = view.getUint32(a + 4, true);
    const resourceId = resourceIds[nameIndex];
    const name =
      (resourceId !== undefined ? attributeNamesById.get(resourceId) : undefined) ?? pool.get(nameIndex);
    if (name === undefined) continue;
    const raw = view.getUint32(a + 8, true);
    const dataType = view.getUint8(a + 15);
    const data = view.getUint32(a + 16, true);
    const value = raw !== NO_ENTRY ? pool.get(raw) : dataType === TYPE_STRING ? pool.get(data) : undefined;
    if (value !== undefined && !attributes.has(name)) attributes.set(name, value);
  }
  collector.start(element, attributes);
}
