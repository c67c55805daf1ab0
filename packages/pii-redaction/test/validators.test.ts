import { describe, expect, it } from 'vitest';
import {
  isMobileNumber,
  luhnValid,
  validateEighteenDigitId,
  validateFifteenDigitId,
  validateUscc,
} from '../src/index.js';
import { meidCheckDigit } from '../src/validators/luhn.js';
import { ipv4End, ipv6End, macEnd } from '../src/validators/network.js';
import { plateLength } from '../src/validators/plate.js';
import { mod112CheckChar } from '../src/validators/resident-id.js';

describe('resident ID (GB 11643, MOD 11-2)', () => {
  it('accepts the standard sample and a published example', () => {
    expect(validateEighteenDigitId('11010519491231002X', 0)?.type).toBe('resident-id');
    expect(validateEighteenDigitId('51343620000320711X', 0)?.validators).toEqual([
      'province-code',
      'birth-date',
      'mod11-2',
    ]);
    expect(validateEighteenDigitId('11010519491231002x', 0)?.type).toBe('resident-id');
  });

  it('rejects a wrong check character, an unknown province and impossible or future dates', () => {
    expect(validateEighteenDigitId('110105194912310021', 0)).toBeUndefined();
    const withCheck = (body: string) => body + mod112CheckChar(body, 0);
    expect(validateEighteenDigitId(withCheck('99010519491231002'), 0)).toBeUndefined();
    expect(validateEighteenDigitId(withCheck('11010519490230002'), 0)).toBeUndefined();
    expect(validateEighteenDigitId(withCheck('11010520990101002'), 0)).toBeUndefined();
    expect(validateEighteenDigitId(withCheck('11010520000229002'), 0)?.type).toBe('resident-id');
  });

  it('tells residence permits of HK/Macau/Taiwan residents and the 2023 foreigner ID apart', () => {
    const withCheck = (body: string) => body + mod112CheckChar(body, 0);
    expect(validateEighteenDigitId(withCheck('81000019900101001'), 0)?.type).toBe('hmt-residence-permit');
    expect(validateEighteenDigitId(withCheck('83000019900101001'), 0)?.type).toBe('hmt-residence-permit');
    expect(validateEighteenDigitId(withCheck('81010119900101001'), 0)).toBeUndefined();
    expect(validateEighteenDigitId(withCheck('93115619900101001'), 0)?.type).toBe(
      'foreigner-permanent-residence-id',
    );
  });

  it('checks province and date of the 15-digit ID', () => {
    expect(validateFifteenDigitId('110105491231002', 0)).toBe(true);
    expect(validateFifteenDigitId('110105491331002', 0)).toBe(false);
    expect(validateFifteenDigitId('990105491231002', 0)).toBe(false);
  });
});

describe('unified social credit code (GB 32100, mod 31)', () => {
  it('accepts published company codes, which also pass the embedded GB 11714 check', () => {
    for (const code of ['91110108551385082Q', '9144030071526726XG', '91330100716105852F']) {
      expect(validateUscc(code, 0)?.organisationCodeValid).toBe(true);
    }
  });

  it('rejects a changed check character and an impossible authority/type pair', () => {
    expect(validateUscc('91110108551385082R', 0)).toBeUndefined();
    expect(validateUscc('90110108551385082Q', 0)).toBeUndefined();
  });
});

describe('Luhn family', () => {
  it('accepts the classic test card and IMEI and rejects altered ones', () => {
    expect(luhnValid('4111111111111111', 0, 16)).toBe(true);
    expect(luhnValid('4111 1111 1111 1111', 0, 19)).toBe(true);
    expect(luhnValid('4111111111111112', 0, 16)).toBe(false);
    expect(luhnValid('490154203237518', 0, 15)).toBe(true);
    expect(luhnValid('490154203237517', 0, 15)).toBe(false);
  });

  it('computes the MEID check digit in base 16 (doubling every second digit from the right)', () => {
    // Worked by hand: digits 0,0,...,0,1 (14 hex); the last digit is doubled → 2; check = 16 - 2.
    expect(meidCheckDigit('00000000000001', 0)).toBe(14);
    expect(meidCheckDigit('0000000000000F', 0)).toBe((16 - ((30 % 16) + 1)) % 16);
  });
});

describe('phones', () => {
  it('knows allocated mobile ranges', () => {
    expect(isMobileNumber('13812345678')).toBe(true);
    expect(isMobileNumber('19912345678')).toBe(true);
    expect(isMobileNumber('17400123456')).toBe(true);
    expect(isMobileNumber('17490123456')).toBe(false);
    expect(isMobileNumber('15412345678')).toBe(false);
    expect(isMobileNumber('12012345678')).toBe(false);
  });
});

describe('network identifiers', () => {
  it('reads dotted quads, MACs and IPv6', () => {
    expect(ipv4End('10.1.255.3 ', 0)).toBe(10);
    expect(ipv4End('10.1.256.3', 0)).toBe(-1);
    expect(ipv4End('1.2.3.4.5', 0)).toBe(-1);
    expect(macEnd('00:1A:2B:3C:4D:5E', 0)).toBe(17);
    expect(macEnd('00:1A:2B-3C:4D:5E', 0)).toBe(-1);
    expect(ipv6End('2001:db8::8a2e:370:7334 ', 0)).toBe(23);
    expect(ipv6End('12:30:45', 0)).toBe(-1);
  });
});

describe('licence plates (GA 36-2018)', () => {
  it('reads ordinary, new-energy small and large plates', () => {
    expect(plateLength('粤B12345', 0)).toEqual({ length: 7, newEnergy: false });
    expect(plateLength('粤BD12345', 0)).toEqual({ length: 8, newEnergy: true });
    expect(plateLength('粤B12345F', 0)).toEqual({ length: 8, newEnergy: true });
    expect(plateLength('粤B·1234学', 0)).toEqual({ length: 8, newEnergy: false });
    expect(plateLength('粤I12345', 0)).toBeUndefined();
  });
});
