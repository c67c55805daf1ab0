import { describe, expect, it } from 'vitest';
import {
  createPolicy,
  createRedactor,
  type Finding,
  luhnValid,
  PiiRedactionError,
  staticKeyProvider,
  validateEighteenDigitId,
  validateUscc,
} from '../src/index.js';
import { Masker } from '../src/transform/mask-chars.js';
import { isMobileNumber } from '../src/validators/phone.js';

const keyProvider = staticKeyProvider({ k1: new Uint8Array(32).fill(1), k2: new Uint8Array(32).fill(2) });
const redact = (text: string, options: Parameters<typeof createRedactor>[0] = {}) =>
  createRedactor({ keyProvider, ...options }).redactText(text).text;

describe('display masking', () => {
  it('uses the documented defaults', () => {
    expect(redact('手机 13812345678')).toBe('手机 138****5678');
    expect(redact('tel +86 138 1234 5678')).toBe('tel +86 138 **** 5678');
    expect(redact('身份证 11010519491231002X')).toBe('身份证 1****************X');
    expect(redact('卡号 6222021234567890128')).toBe(`卡号 ${'622202'}${'*'.repeat(9)}0128`);
    expect(redact('mail zhang.wei@example.com')).toBe('mail z********@example.com');
    expect(redact('ip 192.168.10.2')).toBe('ip 192.*.*.*');
    expect(redact('收件人：欧阳娜娜')).toBe('收件人：欧阳**');
    expect(redact('地址：广东省深圳市南山区科技园路1号')).toBe('地址：广东省深圳市南山区******');
    expect(redact('验证码 1234')).toBe('验证码 ******');
  });

  it('never reveals the gender digit of an ID, even when a rule keeps the end', () => {
    const options = { policyOptions: { rules: { 'resident-id': { keepStart: 6, keepEnd: 4 } } } };
    expect(redact('身份证 11010519491231002X', options)).toBe('身份证 110105********00*X');
    const revealing = { policyOptions: { ...options.policyOptions, revealGenderDigit: true } };
    expect(redact('身份证 11010519491231002X', revealing)).toBe('身份证 110105********002X');
    expect(redact('身份证 110105491231002')).toBe('身份证 1**************');
  });

  it('is configurable per type and mask character', () => {
    const options = { policyOptions: { maskChar: '#', rules: { mobile: { keepStart: 0, keepEnd: 4 } } } };
    expect(redact('手机 13812345678', options)).toBe('手机 #######5678');
  });

  it('masks around separators one for one, with any mask character', () => {
    expect(redact('ip 2001:db8::8a2e:370:7334')).toBe('ip 2001:*::*:*:*');
    expect(redact('mac 00-1A-2B-3C-4D-5E')).toBe('mac 00-1A-2B-*-*-*');
    expect(redact('idfa 6D92078A-8246-4BA4-AE5B-76104861E7DC')).toBe(
      'idfa ********-****-****-****-********E7DC',
    );
    const dots = { policyOptions: { maskChar: '●' } };
    expect(redact('卡号 6222 0212 3456 7890 128', dots)).toBe('卡号 6222 02●● ●●●● ●●●0 128');
    expect(redact('ip 10.0.0.1', dots)).toBe('ip 10.●.●.●');
  });

  it('writes a mask character outside the BMP whole, and masks values of any length', () => {
    const lock = { policyOptions: { maskChar: '🔒' } };
    expect(redact('手机 138-1234-5678', lock)).toBe('手机 138-🔒🔒🔒🔒-5678');
    expect(redact('ip 10.0.0.1', lock)).toBe('ip 10.🔒.🔒.🔒');
    const gender = {
      policyOptions: { maskChar: '🔒', rules: { 'resident-id': { keepStart: 6, keepEnd: 4 } } },
    };
    expect(redact('身份证 11010519491231002X', gender)).toBe('身份证 110105🔒🔒🔒🔒🔒🔒🔒🔒00🔒X');
    const long = 'a-'.repeat(5000);
    expect(new Masker('*').keep(long, 1, 1)).toBe(`a-${'*-'.repeat(4998)}a-`);
    expect(new Masker('*').groups(`1:${long}`, ':', 1)).toBe('1:*');
    expect(new Masker('🔒').keep(long, 0, 0)).toBe('🔒-'.repeat(5000));
  });

  it('masks everything when a rule would keep every character', () => {
    const options = { policyOptions: { rules: { mobile: { keepStart: 8, keepEnd: 8 } } } };
    expect(redact('手机 13812345678', options)).toBe('手机 ***********');
    expect(redact('手机 138 1234 5678', options)).toBe('手机 *** **** ****');
  });
});

describe('full redaction', () => {
  it('writes labels in Chinese by default, in English or custom on request', () => {
    expect(redact('身份证 11010519491231002X 手机 13812345678', { policy: 'redact' })).toBe(
      '身份证 [身份证号] 手机 [手机号]',
    );
    expect(redact('手机 13812345678', { policy: 'redact', policyOptions: { language: 'en' } })).toBe(
      '手机 [MOBILE]',
    );
    expect(
      redact('手机 13812345678', { policy: 'redact', policyOptions: { labels: { mobile: '电话' } } }),
    ).toBe('手机 [电话]');
  });
});

describe('keyed pseudonymisation', () => {
  const pseudo = (text: string, options: Record<string, unknown>) =>
    redact(text, { policy: 'pseudonymise', policyOptions: { keyId: 'k1', ...options } });

  it('gives the same token for the same person across writings and data sets, keyed', () => {
    const a = pseudo('手机 13812345678', {});
    expect(a).toMatch(/^手机 \[手机号#[0-9a-f]{16}\]$/);
    expect(pseudo('tel +86 138-1234-5678', {}).slice(4)).toBe(a.slice(3));
    expect(pseudo('手机 13812345678', { keyId: 'k2' })).not.toBe(a);
    expect(pseudo('手机 13812345678', { algorithm: 'hmac-sm3' })).not.toBe(a);
    expect(pseudo('手机 13812345678', { algorithm: 'hmac-sm3' })).toBe(
      pseudo('手机 13812345678', { algorithm: 'hmac-sm3' }),
    );
  });

  it('links a 15-digit ID to its 18-digit form', () => {
    const old = pseudo('身份证 110105491231002', { format: 'bare' });
    const current = pseudo('身份证 11010519491231002X', { format: 'bare' });
    expect(old).toMatch(/^身份证 [0-9a-f]{16}$/);
    expect(old).toBe(current);
  });

  it('needs a key provider and a known key, and says so without any value', () => {
    expect(() => createRedactor({ policy: 'pseudonymise', policyOptions: { keyId: 'k1' } })).toThrow(
      /needs a keyProvider/,
    );
    const failing = createRedactor({ policy: 'pseudonymise', policyOptions: { keyId: 'nope' }, keyProvider });
    const result = failing.redactText('手机 13812345678');
    expect(result.text).toBe('** ***********');
    expect(result.failure?.code).toBe('KEY_NOT_FOUND');
    expect(result.failure?.message).not.toContain('13812345678');
  });
});

describe('format-preserving tokens', () => {
  const fpe = createRedactor({ policy: 'format-preserving', policyOptions: { keyId: 'k1' }, keyProvider });
  const tokenOf = (text: string) => {
    const result = fpe.redactText(text);
    const finding = result.findings[0] as Finding;
    return { token: result.text.slice(finding.start), before: text.slice(finding.start) };
  };

  it('keeps the type valid: ID, mobile, card, USCC still pass their validators', () => {
    const id = tokenOf('身份证 11010519491231002X').token;
    expect(id).not.toBe('11010519491231002X');
    expect(validateEighteenDigitId(id, 0)?.type).toBe('resident-id');
    expect(isMobileNumber(tokenOf('手机 13812345678').token)).toBe(true);
    const card = tokenOf('卡号 6222021234567890128').token;
    expect(card).toMatch(/^622202\d{13}$/);
    expect(luhnValid(card, 0, card.length)).toBe(true);
    const uscc = tokenOf('信用代码 91110108551385082Q').token;
    expect(validateUscc(uscc, 0)?.organisationCodeValid).toBe(true);
    expect(tokenOf('手机 13812345678').token).toBe(tokenOf('手机 13812345678').token);
  });

  it('falls back to a tagged token for types without a format-preserving generator', () => {
    expect(fpe.redactText('护照 E12345678').text).toMatch(/^护照 \[护照号#[0-9a-f]{16}\]$/);
  });
});

describe('policy lookup', () => {
  it('lists the valid names for an unknown one', () => {
    expect(() => createPolicy('mask')).toThrow(
      new PiiRedactionError(
        'UNKNOWN_POLICY',
        'unknown policy "mask"; valid: display, redact, pseudonymise, format-preserving',
      ),
    );
  });

  it('validates options with the policy schema', () => {
    expect(() => createPolicy('display', { maskChar: '**' })).toThrow(/maskChar/);
    expect(() => createPolicy('pseudonymise', {}, { keyProvider })).toThrow(/keyId/);
    expect(() => createRedactor({ minConfidence: 2 })).toThrow(/minConfidence/);
  });
});
