/**
 * SM3 cryptographic hash (GB/T 32905-2016), written from the standard: 512-bit blocks, message
 * expansion to W0..W67 and W'0..W'63, 64 rounds of the compression function, 256-bit digest.
 * Kept in pure JS so HMAC-SM3 works where the OpenSSL build has no SM3.
 */
const iv = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

function rotl(x: number, n: number): number {
  const s = n % 32;
  return ((x << s) | (x >>> (32 - s))) >>> 0;
}

function p0(x: number): number {
  return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
}

function p1(x: number): number {
  return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
}

/** T_j rotated left by j, precomputed for the 64 rounds. */
const roundConstants = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j));

function compress(
  state: Uint32Array,
  block: Uint8Array,
  offset: number,
  w: Uint32Array,
  w1: Uint32Array,
): void {
  for (let j = 0; j < 16; j++) {
    const o = offset + j * 4;
    w[j] =
      (((block[o] ?? 0) << 24) |
        ((block[o + 1] ?? 0) << 16) |
        ((block[o + 2] ?? 0) << 8) |
        (block[o + 3] ?? 0)) >>>
      0;
  }
  for (let j = 16; j < 68; j++) {
    const x = (w[j - 16] ?? 0) ^ (w[j - 9] ?? 0) ^ rotl(w[j - 3] ?? 0, 15);
    w[j] = (p1(x >>> 0) ^ rotl(w[j - 13] ?? 0, 7) ^ (w[j - 6] ?? 0)) >>> 0;
  }
  for (let j = 0; j < 64; j++) w1[j] = ((w[j] ?? 0) ^ (w[j + 4] ?? 0)) >>> 0;

  let a = state[0] ?? 0;
  let b = state[1] ?? 0;
  let c = state[2] ?? 0;
  let d = state[3] ?? 0;
  let e = state[4] ?? 0;
  let f = state[5] ?? 0;
  let g = state[6] ?? 0;
  let h = state[7] ?? 0;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + (roundConstants[j] ?? 0)) >>> 0, 7);
    const ss2 = (ss1 ^ a12) >>> 0;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = ((ff >>> 0) + d + ss2 + (w1[j] ?? 0)) >>> 0;
    const tt2 = ((gg >>> 0) + h + ss1 + (w[j] ?? 0)) >>> 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  const next = [a, b, c, d, e, f, g, h];
  for (let i = 0; i < 8; i++) state[i] = ((state[i] ?? 0) ^ (next[i] ?? 0)) >>> 0;
}

/** SM3 digest (32 bytes) of `message`. */
export function sm3(message: Uint8Array): Uint8Array {
  const bitLength = message.length * 8;
  // Padding: 0x80, zeros to 56 mod 64, 64-bit big-endian length.
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const state = Uint32Array.from(iv);
  const w = new Uint32Array(68);
  const w1 = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) compress(state, padded, offset, w, w1);
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, state[i] ?? 0);
  return out;
}
