import { isIPv6 } from 'node:net';
import { hexValue } from './luhn.js';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** End of a dotted-quad IPv4 address starting at `at` (each octet 0-255, no leading zeros), or -1. */
export function ipv4End(text: string, at: number): number {
  let p = at;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(p) !== 46) return -1;
      p++;
    }
    const start = p;
    let value = 0;
    while (p - start < 3 && isDigit(text.charCodeAt(p))) {
      value = value * 10 + text.charCodeAt(p) - 48;
      p++;
    }
    const length = p - start;
    if (length === 0 || value > 255 || (length > 1 && text.charCodeAt(start) === 48)) return -1;
  }
  // A fifth group or a longer digit run means a version string or something else.
  const next = text.charCodeAt(p);
  if (isDigit(next) || (next === 46 && isDigit(text.charCodeAt(p + 1)))) return -1;
  return p;
}

function isHexDigit(c: number): boolean {
  return hexValue(c) >= 0;
}

/** End of a MAC address (6 hex pairs, one consistent ':' or '-' separator) at `at`, or -1. */
export function macEnd(text: string, at: number): number {
  const sep = text.charCodeAt(at + 2);
  if (sep !== 58 && sep !== 45) return -1;
  for (let group = 0; group < 6; group++) {
    const p = at + group * 3;
    if (!isHexDigit(text.charCodeAt(p)) || !isHexDigit(text.charCodeAt(p + 1))) return -1;
    if (group < 5 && text.charCodeAt(p + 2) !== sep) return -1;
  }
  const end = at + 17;
  const next = text.charCodeAt(end);
  if (isHexDigit(next) || next === sep || (next >= 71 && next <= 90) || (next >= 103 && next <= 122))
    return -1;
  return end;
}

const maxIpv6Length = 45;

/**
 * End of an IPv6 address at `at`: the maximal run of hex digits, ':' and '.' (embedded IPv4) is
 * taken as the candidate and checked by node:net; at least two colons, at most 45 characters.
 * -1 when there is none; below -1 (the negated end of the token) when the token is over-long.
 */
export function ipv6End(text: string, at: number): number {
  let p = at;
  let colons = 0;
  let doubleColon = false;
  while (p - at <= maxIpv6Length) {
    const c = text.charCodeAt(p);
    if (c === 58) {
      colons++;
      if (text.charCodeAt(p - 1) === 58) doubleColon = true;
    } else if (!(isHexDigit(c) || c === 46)) break;
    p++;
  }
  if (p - at > maxIpv6Length) {
    // Over-long hex/colon token: report where it ends (negated) so the scanner can skip all of it.
    while (isHexDigit(text.charCodeAt(p)) || text.charCodeAt(p) === 58 || text.charCodeAt(p) === 46) p++;
    return -p;
  }
  if (colons < 2) return -1;
  // Without '::' an address has exactly 7 colons (6 with an embedded IPv4): times like 12:30:45 fail here.
  if (colons < 6 && !doubleColon) return -1;
  const next = text.charCodeAt(p);
  if ((next >= 71 && next <= 90) || (next >= 103 && next <= 122) || next === 95) return -1;
  // Trailing '.' belongs to the sentence, not to the address.
  let end = p;
  while (text.charCodeAt(end - 1) === 46) end--;
  const candidate = text.slice(at, end);
  if (candidate === '::' || !isIPv6(candidate)) return -1;
  // Loopback and unspecified addresses identify nobody.
  if (candidate === '::1' || /^[0:]+$/.test(candidate)) return -1;
  return end;
}

/** Length of the hex-digit/dash UUID form 8-4-4-4-12 at `at`, or 0. */
export function uuidLength(text: string, at: number): number {
  const groups = [8, 4, 4, 4, 12];
  let p = at;
  for (let g = 0; g < groups.length; g++) {
    for (let i = 0; i < (groups[g] ?? 0); i++) {
      if (!isHexDigit(text.charCodeAt(p))) return 0;
      p++;
    }
    if (g < 4) {
      if (text.charCodeAt(p) !== 45) return 0;
      p++;
    }
  }
  const next = text.charCodeAt(p);
  if (isHexDigit(next) || next === 45 || (next >= 71 && next <= 90) || (next >= 103 && next <= 122)) return 0;
  return p - at;
}
