import { describe, expect, it } from 'vitest';
import { createRedactor, type Finding, generateCorpus, validateUscc } from '../src/index.js';

const redactor = createRedactor();
const find = (text: string) => redactor.detect(text);
const types = (text: string) => find(text).map((f) => f.type);
const spanText = (text: string, f: Finding) => text.slice(f.start, f.end);

describe('detectors', () => {
  it('finds an ID with its validators and the context word', () => {
    const text = '身份证号:11010519491231002X';
    const [finding] = find(text);
    expect(finding).toMatchObject({ type: 'resident-id', start: 5, end: 23, confidence: 0.99 });
    expect(finding?.why).toEqual({
      pattern: '17 digits + check',
      validators: ['province-code', 'birth-date', 'mod11-2'],
      context: ['身份证号'],
    });
  });

  it('finds mobiles in every common writing and rejects unallocated ranges', () => {
    const text =
      '13812345678 / 138 1234 5678 / 138-1234-5678 / +86 138 1234 5678 / +8613812345678 / 15412345678';
    const found = find(text).map((f) => [f.type, spanText(text, f)]);
    expect(found).toEqual([
      ['mobile', '13812345678'],
      ['mobile', '138 1234 5678'],
      ['mobile', '138-1234-5678'],
      ['mobile', '+86 138 1234 5678'],
      ['mobile', '+8613812345678'],
    ]);
  });

  it('finds landlines with extensions and 400 numbers', () => {
    const text = '电话 0755-86962269转123，(010)82345678，400-123-4567';
    expect(find(text).map((f) => [f.type, spanText(text, f)])).toEqual([
      ['landline', '0755-86962269转123'],
      ['landline', '(010)82345678'],
      ['service-number', '400-123-4567'],
    ]);
  });

  it('needs Luhn and an issuer prefix (or a card word) for bank cards', () => {
    expect(types('pay 6222021234567890124 ok')).toEqual([]);
    expect(types('pay 4111111111111111 ok')).toEqual(['bank-card']);
    expect(types('卡号 6222 0212 3456 7890 128')).toEqual(['bank-card']);
    expect(types('ref 7111111111111114 ok')).toEqual([]);
    expect(types('卡号 7111111111111114')).toEqual(['bank-card']);
    // Only the last groups of a long run of digit groups can form a card.
    const long = '9999 9999 9999 9999 9999 9999 4111 1111 1111 1111';
    expect(find(long).map((f) => spanText(long, f))).toEqual(['4111 1111 1111 1111']);
  });

  it('finds device and network identifiers', () => {
    const text =
      'imei=490154203237518 imsi=460001234567890 mac=00:1A:2B:3C:4D:5E ip=10.2.3.4 ip6=2001:db8::1:2';
    expect(types(text)).toEqual(['imei', 'imsi', 'mac', 'ipv4', 'ipv6']);
  });

  it('gates UUID-shaped advertising IDs and hex device IDs on context', () => {
    const uuid = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
    expect(types(`trace=${uuid}`)).toEqual([]);
    expect(types(`idfa=${uuid}`)).toEqual(['idfa']);
    expect(types(`oaid: ${uuid.toLowerCase()}`)).toEqual(['oaid']);
    expect(types('android_id=9774d56d682e549c')).toEqual(['android-id']);
    expect(types('span=9774d56d682e549c')).toEqual([]);
  });

  it('finds documents and plates', () => {
    const text = '护照 EA1234567 回乡证 H1234567800 通行证 C12345678 车牌 粤B·12345 新能源 沪AD12345';
    expect(types(text)).toEqual([
      'passport',
      'hk-macau-permit',
      'mainland-hk-macau-permit',
      'licence-plate',
      'licence-plate',
    ]);
  });

  it('finds context-gated numbers only next to their keyword, the closest keyword deciding', () => {
    expect(types('验证码 834921，QQ 12345678')).toEqual(['sms-code', 'qq']);
    expect(types('count 834921 id 12345678')).toEqual([]);
    expect(types('订单号 202611231234567890 创建于 20261123064615')).toEqual(['order-number']);
    expect(types('运单号 SF1234567890123')).toEqual(['tracking-number']);
    expect(types('微信号 zhang_san99')).toEqual(['wechat']);
    expect(types('台胞证 12345678')).toEqual(['taiwan-permit']);
    // A keyword at the end of one text gives no context to the next one.
    expect(types('验证码')).toEqual([]);
    expect(types('834921')).toEqual([]);
    expect(types('2026-11-23 08:29:23.061')).toEqual([]);
    expect(types('验证码 2026-11-23')).toEqual(['sms-code']);
  });

  it('finds names after name words (compound surnames included) and addresses with a house number', () => {
    const text = '收件人：欧阳娜娜 电话13812345678 地址：广东省深圳市南山区科技园路1号 备注';
    const found = find(text).map((f) => [f.type, spanText(text, f)]);
    expect(found).toEqual([
      ['chinese-name', '欧阳娜娜'],
      ['mobile', '13812345678'],
      ['address', '广东省深圳市南山区科技园路1号'],
    ]);
    expect(types('上海路很堵')).toEqual([]);
    // Long runs of place names: attempts inside text known to hold no street marker are skipped,
    // and an address after them is still found.
    const long = `${'广东省'.repeat(2000)}深圳市南山区科技园路1号`;
    const tail = find(long);
    expect(tail.map((f) => f.type)).toEqual(['address']);
    expect(tail[0]?.end).toBe(long.length);
    expect(find('广东省'.repeat(2000))).toEqual([]);
    expect(types('用户在北京市朝阳区下单')).toEqual([]);
  });

  it('finds emails with bounded parts and takes the email over a phone inside it', () => {
    const text = 'mail 13812345678@qq.com, a.b-c@example.com.cn.';
    expect(find(text).map((f) => [f.type, spanText(text, f)])).toEqual([
      ['email', '13812345678@qq.com'],
      ['email', 'a.b-c@example.com.cn'],
    ]);
  });

  it('leaves timestamps, trace IDs, versions and snowflake IDs alone', () => {
    const text =
      '2026-11-23T06:46:15.123Z ts=1732345678901 trace=4bf92f3577b34da6a3ce929d0e0e4736 v1.2.3.4 id=1812345678901234567 12:30:45';
    expect(find(text)).toEqual([]);
  });
});

describe('overlap rules', () => {
  it('prefers the resident ID when the same 18 digits also pass the social credit code check', () => {
    const corpus = generateCorpus({ seed: 11, lines: 4000, documents: 0 });
    const both = corpus
      .flatMap((s) =>
        s.labels.filter((l) => l.type === 'resident-id').map((l) => s.text.slice(l.start, l.end)),
      )
      .find((id) => validateUscc(id, 0) !== undefined);
    expect(both).toBeDefined();
    // Without a credit-code keyword an ID-shaped digit run is not even a USCC candidate.
    expect(find(`身份证 ${both}`)[0]?.why.validators).not.toContain('also matches uscc');
    // With both keywords near, both candidates exist and the ID wins the same span.
    const [finding, ...rest] = find(`信用代码或身份证 ${both}`);
    expect(rest).toEqual([]);
    expect(finding?.type).toBe('resident-id');
    expect(finding?.why.validators).toContain('also matches uscc');
  });

  it('does not read a mistyped ID as a bank card', () => {
    // Right province and birth year, wrong check character, Luhn happens to pass.
    const candidates = ['410105198001011234', '410105198001011235', '410105198001011236'];
    for (const text of candidates) {
      expect(find(`id=${text}`).filter((f) => f.type === 'bank-card')).toEqual([]);
    }
  });
});
