import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRedactor, type Finding, pinoRedaction } from '../src/index.js';

const redactor = createRedactor();

describe('JSON values', () => {
  it('walks keys and values and uses field names as hints', () => {
    const result = redactor.redactJson({
      user: { idCard: '11010519491231002X', mobile: '13812345678', name: '张伟', nick: 'pino' },
      contacts: { '13912345678': 'friend' },
      tags: ['手机 13712345678'],
      bankCard: '1234567890123456',
      name: 'pino',
    });
    expect(result.value).toEqual({
      user: { idCard: '1****************X', mobile: '138****5678', name: '张*', nick: 'pino' },
      contacts: { '139****5678': 'friend' },
      tags: ['手机 137****5678'],
      bankCard: '123456******3456',
      name: 'pino',
    });
    const byPath = Object.fromEntries(result.findings.map((f) => [`${f.in}:${f.path.join('.')}`, f]));
    expect(byPath['key:contacts.13912345678']?.type).toBe('mobile');
    expect(byPath['value:user.name']?.why).toMatchObject({
      pattern: 'whole value of a named field',
      field: 'name',
    });
    expect(byPath['value:bankCard']?.why.field).toBe('bankCard');
    expect(byPath['value:user.idCard']?.why.context).toEqual(['idCard']);
  });

  it("leaves the caller's value untouched", () => {
    const input = { mobile: '13812345678', list: ['13912345678'] };
    redactor.redactJson(input);
    expect(input).toEqual({ mobile: '13812345678', list: ['13912345678'] });
  });

  it('reports an 18-digit ID stored as a JSON number as corrupted, exactly when read from text', () => {
    const text =
      '{"legacy":123456789012345,"idNo":110105194912310011,"amount":12.5,"note":"110105194912310011"}';
    const exact = createRedactor({ policy: 'redact' }).redactJsonText(text);
    expect(exact.text).toBe(
      '{"legacy":123456789012345,"idNo":"[身份证号]","amount":12.5,"note":"[身份证号]"}',
    );
    expect(exact.findings.map((f) => [f.path.join('.'), f.why.corruptedNumber ?? false])).toEqual([
      ['idNo', true],
      ['note', false],
    ]);
    const fromText = createRedactor({ policy: 'redact' }).redactJsonText(
      '{"user":{"id":110105194912310011},"n":1}',
    );
    expect(JSON.parse(fromText.text)).toEqual({ user: { id: '[身份证号]' }, n: 1 });
    expect(fromText.findings[0]?.why.corruptedNumber).toBe(true);
    expect(fromText.findings[0]?.type).toBe('resident-id');

    // Already parsed: the digits are gone; reported as corrupted, never as validated.
    const parsed = redactor.redactJson(JSON.parse(`{"idCard":110105194912310011}`));
    expect(parsed.findings[0]?.why).toMatchObject({ corruptedNumber: true, field: 'idCard' });
    expect(parsed.findings[0]?.why.validators).toEqual(['not checkable: digits lost when parsed']);
  });

  it('keeps the formatting, rewrites only what changes, and refuses non-JSON without quoting it', () => {
    const pretty = redactor.redactJsonText('{\n    "mobile": "13812345678",\n    "n": 1.50\n}\n');
    expect(pretty.text).toBe('{\n    "mobile": "138****5678",\n    "n": 1.50\n}');
    const escaped = redactor.redactJsonText('["tel \\u0031\\u0033812345678", "a\\"b"]');
    expect(JSON.parse(escaped.text)).toEqual(['tel 138****5678', 'a"b']);
    for (const bad of ['{"mobile": 13812345678', '{"a":01}', '["a\tb"]', '[1,]', '{"a" 1}', 'nul', '"x" y']) {
      expect(() => redactor.redactJsonText(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_JSON', message: 'input is not valid JSON' }),
      );
    }
    const deep = `${'['.repeat(300)}1${']'.repeat(300)}`;
    expect(redactor.redactJsonText(deep)).toMatchObject({
      text: '"[REDACTION_FAILED]"',
      failure: { code: 'INVALID_JSON' },
    });
  });
});

async function throughStream(chunks: string[]): Promise<{ text: string; findings: Finding[] }> {
  const findings: Finding[] = [];
  const stream = redactor.createStream({ onFindings: (f) => findings.push(...f) });
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  const source = new PassThrough();
  const done = pipeline(source, stream, sink);
  for (const chunk of chunks) source.write(Buffer.from(chunk, 'utf8'));
  source.end();
  await done;
  return { text, findings };
}

describe('streams', () => {
  const text =
    '用户 身份证号 11010519491231002X\n手机 138 1234 5678 mail a.b@example.com 卡号 6222021234567890128\n';

  it('gives the same output as redactText wherever the chunks are cut', async () => {
    const expected = redactor.redactText(text);
    for (let cut = 1; cut < text.length; cut++) {
      const result = await throughStream([text.slice(0, cut), text.slice(cut)]);
      expect(result.text).toBe(expected.text);
      expect(result.findings.map((f) => [f.type, f.start, f.end])).toEqual(
        expected.findings.map((f) => [f.type, f.start, f.end]),
      );
    }
  });

  it('splits UTF-8 safely inside multi-byte characters', async () => {
    const bytes = Buffer.from(text, 'utf8');
    const stream = redactor.createStream();
    let out = '';
    stream.on('data', (chunk: Buffer | string) => {
      out += chunk.toString();
    });
    for (let i = 0; i < bytes.length; i += 5) stream.write(bytes.subarray(i, i + 5));
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(out).toBe(redactor.redactText(text).text);
  });

  it('keeps a byte-order mark and turns bytes that are not UTF-8 into U+FFFD, as decoding would', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const invalid = Buffer.from([0xff, 0xc3, 0x28]);
    const bytes = Buffer.concat([
      bom,
      Buffer.from('手机 13812345678 '),
      invalid,
      Buffer.from(' 13912345678\n'),
    ]);
    const expected = redactor.redactText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).text;
    expect(expected.startsWith('\uFEFF手机 138****5678 \uFFFD\uFFFD( 139****5678')).toBe(true);
    for (const size of [1, 2, 7, bytes.length]) {
      const stream = redactor.createStream();
      const out: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => out.push(chunk));
      for (let i = 0; i < bytes.length; i += size) stream.write(bytes.subarray(i, i + size));
      stream.end();
      await new Promise((resolve) => stream.on('end', resolve));
      expect(Buffer.concat(out).toString('utf8')).toBe(expected);
    }
  });

  it('handles a line far longer than its buffer without losing findings at the forced cuts', async () => {
    const unit = '手机13812345678,卡号6222021234567890128;';
    const line = unit.repeat(20_000);
    const chunks: string[] = [];
    for (let i = 0; i < line.length; i += 7_777) chunks.push(line.slice(i, i + 7_777));
    const result = await throughStream(chunks);
    expect(result.text).toBe(redactor.redactText(line).text);
    expect(result.findings.length).toBe(40_000);
  });
});

describe('pino integration', () => {
  it('redacts each serialised line before it is written and keeps it JSON', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = pino({ base: undefined, timestamp: false, ...pinoRedaction({ policy: 'redact' }) }, sink);
    logger.info(
      { mobile: '13812345678', user: { idCard: '11010519491231002X' } },
      '用户 a.b@example.com 登录',
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 30,
      mobile: '[手机号]',
      user: { idCard: '[身份证号]' },
      msg: '用户 [邮箱] 登录',
    });
  });
});
