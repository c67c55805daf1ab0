import { ManifestError } from '../errors.js';
import { type AndroidManifestInfo, ManifestCollector } from './manifest.js';

const MAX_DEPTH = 64;
const NAME_ATTRIBUTE_ID = 0x01010003;

/** A protobuf field: wire type 0 (varint) or 2 (length-delimited) are the only ones aapt2's XmlNode uses. */
interface Field {
  readonly number: number;
  readonly varint: number;
  readonly bytes: Uint8Array | undefined;
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length || shift > 63)
        throw new ManifestError('ERR_PROTO_CORRUPT', 'a protobuf varint is truncated');
      const byte = bytes[at++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === 0) {
      yield { number, varint: varint(), bytes: undefined };
    } else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length)
        throw new ManifestError('ERR_PROTO_CORRUPT', 'a protobuf field runs past its message');
      yield { number, varint: 0, bytes: bytes.subarray(at, at + length) };
      at += length;
    } else if (wire === 1) {
      at += 8;
    } else if (wire === 5) {
      at += 4;
    } else {
      throw new ManifestError(
        'ERR_PROTO_CORRUPT',
        `protobuf wire type ${wire} is not expected in a manifest`,
      );
    }
  }
}

const text = (bytes: Uint8Array | undefined): string =>
  bytes === undefined ? '' : Buffer.from(bytes).toString('utf8');

function readAttribute(bytes: Uint8Array): { name: string; value: string } {
  let name = '';
  let value = '';
  let resourceId = 0;
  for (const field of fields(bytes)) {
    if (field.number === 2) name = text(field.bytes);
    else if (field.number === 3) value = text(field.bytes);
    else if (field.number === 5) resourceId = field.varint;
  }
  return { name: resourceId === NAME_ATTRIBUTE_ID ? 'name' : name, value };
}

function walkNode(bytes: Uint8Array, collector: ManifestCollector, depth: number): void {
  if (depth > MAX_DEPTH)
    throw new ManifestError('ERR_PROTO_CORRUPT', `elements nest deeper than ${MAX_DEPTH}`);
  for (const field of fields(bytes)) {
    if (field.number === 1 && field.bytes !== undefined) walkElement(field.bytes, collector, depth);
  }
}

function walkElement(bytes: Uint8Array, collector: ManifestCollector, depth: number): void {
  let name = '';
  const attributes = new Map<string, string>();
  const children: Uint8Array[] = [];
  for (const field of fields(bytes)) {
    if (field.bytes === undefined) continue;
    if (field.number === 3) name = text(field.bytes);
    else if (field.number === 4) {
      const attribute = readAttribute(field.bytes);
      if (!attributes.has(attribute.name)) attributes.set(attribute.name, attribute.value);
    } else if (field.number === 5) children.push(field.bytes);
  }
  collector.start(name, attributes);
  for (const child of children) walkNode(child, collector, depth + 1);
  collector.end();
}

/** Decodes the aapt2 protobuf manifest an Android App Bundle keeps at `base/manifest/AndroidManifest.xml`. */
export function readProtoManifest(bytes: Uint8Array): AndroidManifestInfo {
  const collector = new ManifestCollector();
  walkNode(bytes, collector, 0);
  return collector.result();
}
