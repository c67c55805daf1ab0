import { Transform, type TransformCallback } from 'node:stream';
import type { Redactor } from '../redactor.js';
import { applyReplacements, failClosed } from '../render/apply.js';
import type { Finding } from '../types.js';

export interface StreamOptions {
  /** Called with the findings of each processed piece (offsets relative to the whole stream). */
  onFindings?: (findings: Finding[]) => void;
}

/** Characters of already-written text kept in front of the next piece, for context words. */
const contextChars = 256;
/** Characters kept back after a forced cut so a finding near the cut is seen whole. */
const lookahead = 512;
/** Text held without a newline before a cut is forced. */
const maxPending = 64 * 1024;

/**
 * A Transform that redacts text as it flows, in constant memory. Text is cut after the last newline
 * (no finding contains one); a line longer than 64 KiB is cut 512 characters before its end, findings
 * straddling the cut move it, and the rest is scanned again with the next chunk.
 */
export class RedactionStream extends Transform {
  private readonly redactor: Redactor;
  private readonly onFindings: ((findings: Finding[]) => void) | undefined;
  /** Streaming UTF-8 decoder: a BOM stays in the text, bytes that are not UTF-8 become U+FFFD. */
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private pending = '';
  private context = '';
  private offset = 0;

  constructor(redactor: Redactor, options: StreamOptions = {}) {
    super({ decodeStrings: true });
    this.redactor = redactor;
    this.onFindings = options.onFindings;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending += this.decoder.decode(chunk, { stream: true });
    const lastNewline = this.pending.lastIndexOf('\n');
    if (lastNewline >= 0) this.emitUpTo(lastNewline + 1, false);
    while (this.pending.length > maxPending) this.emitUpTo(this.pending.length - lookahead, true);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.pending += this.decoder.decode();
    if (this.pending.length > 0) this.emitUpTo(this.pending.length, false);
    callback();
  }

  /** Redacts pending[0, cut) with the context before it (and, for a forced cut, the text after it). */
  private emitUpTo(requestedCut: number, forced: boolean): void {
    const scanned = forced ? this.context + this.pending : this.context + this.pending.slice(0, requestedCut);
    const base = this.context.length;
    let cut = requestedCut;
    let out: string;
    try {
      const all = this.redactor.detect(scanned);
      const mine: Finding[] = [];
      for (const f of all) {
        if (f.start < base) continue;
        const start = f.start - base;
        if (start >= cut) break;
        if (f.end - base > cut) cut = f.end - base;
        mine.push({ ...f, start, end: f.end - base });
      }
      const piece = this.pending.slice(0, cut);
      out = applyReplacements(piece, mine, (value, f) => this.redactor.replace(value, f));
      if (this.onFindings && mine.length > 0) {
        this.onFindings(mine.map((f) => ({ ...f, start: f.start + this.offset, end: f.end + this.offset })));
      }
    } catch {
      out = failClosed(this.pending.slice(0, cut));
    }
    // Sliced from the written text itself when it is long enough: slicing a joined string would
    // copy the whole piece first.
    this.context =
      cut >= contextChars
        ? this.pending.slice(cut - contextChars, cut)
        : (this.context + this.pending.slice(0, cut)).slice(-contextChars);
    this.pending = this.pending.slice(cut);
    this.offset += cut;
    this.push(out);
  }
}

export function createRedactionStream(redactor: Redactor, options: StreamOptions = {}): RedactionStream {
  return new RedactionStream(redactor, options);
}
