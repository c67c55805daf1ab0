/** Characters that carry information (letters, digits, CJK); separators such as space, '-', '+' stay. */
export function isMaskable(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    c === 0xb7
  );
}

/**
 * Keeps the first `keepStart` and last `keepEnd` maskable characters and masks the others one for
 * one; separators are kept. When nothing would be masked, everything is masked. Indices in
 * `alwaysMask` (counted over maskable characters) are masked even inside the kept ends.
 */
export function maskKeeping(
  value: string,
  keepStart: number,
  keepEnd: number,
  maskChar: string,
  alwaysMask: ReadonlySet<number> = noIndices,
): string {
  let total = 0;
  for (let i = 0; i < value.length; i++) if (isMaskable(value.charCodeAt(i))) total++;
  const keepAll = keepStart + keepEnd >= total;
  // Common case (no separators, forced indices inside the masked middle): three pieces.
  if (total === value.length && !keepAll) {
    let inMiddle = true;
    for (const index of alwaysMask) if (index < keepStart || index >= total - keepEnd) inMiddle = false;
    if (inMiddle) {
      return (
        value.slice(0, keepStart) +
        maskChar.repeat(total - keepStart - keepEnd) +
        value.slice(total - keepEnd)
      );
    }
  }
  // Built from runs (kept slices and repeated mask characters), not one character at a time.
  let out = '';
  let runStart = 0;
  let masked = 0;
  let index = 0;
  for (let i = 0; i < value.length; i++) {
    if (!isMaskable(value.charCodeAt(i))) {
      if (masked > 0) {
        out += maskChar.repeat(masked);
        masked = 0;
        runStart = i;
      }
      continue;
    }
    const kept = !keepAll && (index < keepStart || index >= total - keepEnd) && !alwaysMask.has(index);
    index++;
    if (kept) {
      if (masked > 0) {
        out += maskChar.repeat(masked);
        masked = 0;
        runStart = i;
      }
    } else {
      if (masked === 0) out += value.slice(runStart, i);
      masked++;
    }
  }
  return masked > 0 ? out + maskChar.repeat(masked) : out + value.slice(runStart);
}

const noIndices: ReadonlySet<number> = new Set();
