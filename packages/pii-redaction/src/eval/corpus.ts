import type { PiiType } from '../types.js';
import { Prng } from './prng.js';
import { lookAlike, valid } from './values.js';

/** Where a labelled value sits: a span of a log line, or a JSON path (dotted) for documents. */
export interface LabelledSpan {
  type: PiiType;
  start: number;
  end: number;
  path?: string;
}

export interface CorpusSample {
  kind: 'log-zh' | 'log-en' | 'json';
  text: string;
  labels: LabelledSpan[];
}

export interface CorpusOptions {
  seed: number;
  /** Number of log lines (half Chinese, half English). */
  lines: number;
  /** Number of JSON documents. */
  documents: number;
  /** Share of log lines and of documents that carry no personal data (IDs, times, versions, prices). */
  plainShare?: number;
}

type Piece = string | [PiiType, string];

function build(kind: CorpusSample['kind'], pieces: Piece[]): CorpusSample {
  let text = '';
  const labels: LabelledSpan[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') text += piece;
    else {
      labels.push({ type: piece[0], start: text.length, end: text.length + piece[1].length });
      text += piece[1];
    }
  }
  return { kind, text, labels };
}

function groupedMobile(mobile: string, sep: string): string {
  return `${mobile.slice(0, 3)}${sep}${mobile.slice(3, 7)}${sep}${mobile.slice(7)}`;
}

function groupedCard(card: string): string {
  return card.replace(/(\d{4})(?=\d)/g, '$1 ');
}

const zhTemplates: ((rng: Prng, ts: string) => Piece[])[] = [
  (r, ts) => [
    `${ts} INFO 用户实名认证成功 身份证号:`,
    ['resident-id', valid.residentId(r)],
    ' 手机号:',
    ['mobile', valid.mobile(r)],
  ],
  (r, ts) => [
    `${ts} WARN 支付失败 卡号 `,
    ['bank-card', valid.bankCard(r)],
    ` 金额 ${lookAlike.amount(r)} 元 traceId=${lookAlike.traceId(r)}`,
  ],
  (r, ts) => [
    `${ts} INFO 收件人：`,
    ['chinese-name', valid.name(r)],
    ' 电话：',
    ['mobile', valid.mobile(r)],
    ' 地址：',
    ['address', valid.address(r)],
  ],
  (r, ts) => [
    `${ts} INFO 设备登记 IMEI `,
    ['imei', valid.imei(r)],
    ' IMSI ',
    ['imsi', valid.imsi(r)],
    ' MAC ',
    ['mac', valid.mac(r)],
    ' 来源 ',
    ['ipv4', valid.ipv4(r)],
  ],
  (r, ts) => [
    `${ts} INFO 短信验证码 `,
    ['sms-code', valid.smsCode(r)],
    ' 已发送至 ',
    ['mobile', valid.mobile(r)],
  ],
  (r, ts) => [
    `${ts} INFO 企业认证 统一社会信用代码 `,
    ['uscc', valid.uscc(r)],
    ' 联系邮箱 ',
    ['email', valid.email(r)],
  ],
  (r, ts) => [
    `${ts} INFO 港澳居民来往内地通行证 `,
    ['hk-macau-permit', valid.hkMacauPermit(r)],
    ' 居住证 ',
    ['hmt-residence-permit', valid.hmtResidencePermit(r)],
  ],
  (r, ts) => [
    `${ts} INFO 外国人永久居留身份证 `,
    ['foreigner-permanent-residence-id', valid.foreignerResidenceId(r)],
    ' 护照 ',
    ['passport', valid.passport(r)],
  ],
  (r, ts) => [
    `${ts} INFO 车辆 `,
    ['licence-plate', valid.plate(r)],
    ' 入场 快递单号 ',
    ['tracking-number', valid.trackingNumber(r)],
  ],
  (r, ts) => [
    `${ts} DEBUG 请求完成 耗时 ${r.int(1, 900)}ms 版本 ${lookAlike.versionString(r)} span=${lookAlike.spanId(r)} id=${lookAlike.snowflake(r)}`,
  ],
  (r, ts) => [
    `${ts} WARN 校验失败 身份证号 ${lookAlike.residentIdBadCheck(r)} 卡号 ${lookAlike.bankCardBadLuhn(r)} 串号 ${lookAlike.imeiBadLuhn(r)}`,
  ],
  (r, ts) => [
    `${ts} WARN 日期非法 身份证 ${lookAlike.residentIdBadDate(r)} 信用代码 ${lookAlike.usccBadCheck(r)} 时间戳 ${lookAlike.epochMillis(r)}`,
  ],
  (r, ts) => [`${ts} INFO 好友 QQ `, ['qq', valid.qq(r)], ' 微信号 ', ['wechat', valid.wechat(r)]],
  (r, ts) => [
    `${ts} INFO 往来港澳通行证 `,
    ['mainland-hk-macau-permit', valid.mainlandHkMacauPermit(r)],
    ' 台胞证 ',
    ['taiwan-permit', valid.taiwanPermit(r)],
  ],
  (r, ts) => [
    `${ts} INFO 客服热线 `,
    ['service-number', valid.serviceNumber(r)],
    ' 终端 MEID ',
    ['meid', valid.meid(r)],
  ],
  (r, ts) => [
    `${ts} INFO 老身份证 `,
    ['resident-id-15', valid.residentId15(r)],
    ' 座机 ',
    ['landline', valid.landline(r)],
  ],
  (r, ts) => [
    `${ts} INFO 订单号 `,
    ['order-number', valid.orderNumber(r)],
    ` 创建于 ${lookAlike.compactTime(r)} 批次 ${lookAlike.epochSeconds(r)}`,
  ],
  (r, ts) => [
    `${ts} INFO 用户绑定手机 +86 `.slice(0, -5),
    ['mobile', `+86 ${groupedMobile(valid.mobile(r), ' ')}`],
    ` 银行卡 `,
    ['bank-card', groupedCard(valid.bankCard(r))],
  ],
];

const enTemplates: ((rng: Prng, ts: string) => Piece[])[] = [
  (r, ts) => [
    `${ts} INFO login ok user=`,
    ['email', valid.email(r)],
    ' ip=',
    ['ipv4', valid.ipv4(r)],
    ' imei=',
    ['imei', valid.imei(r)],
  ],
  (r, ts) => [
    `${ts} ERROR payment declined card=`,
    ['bank-card', valid.bankCard(r)],
    ` amount=${lookAlike.amount(r)} trace_id=${lookAlike.traceId(r)}`,
  ],
  (r, ts) => [
    `${ts} DEBUG profile updated phone=`,
    ['mobile', groupedMobile(valid.mobile(r), '-')],
    ' id_card=',
    ['resident-id', valid.residentId(r)],
  ],
  (r, ts) => [
    `${ts} WARN checksum mismatch id=${lookAlike.residentIdBadDate(r)} card=${lookAlike.bankCardBadLuhn(r)} imei=${lookAlike.imeiBadLuhn(r)}`,
  ],
  (r, ts) => [
    `${ts} INFO request id=${valid.uuid(r)} span=${lookAlike.spanId(r)} took ${r.int(1, 900)}ms build ${lookAlike.versionString(r)}`,
  ],
  (r, ts) => [`${ts} INFO device registered mac=`, ['mac', valid.mac(r)], ' ipv6=', ['ipv6', valid.ipv6(r)]],
  (r, ts) => [
    `${ts} INFO merchant verified uscc=`,
    ['uscc', valid.uscc(r)],
    ' contact=',
    ['email', valid.email(r)],
  ],
  (r, ts) => [
    `${ts} INFO callback tel `,
    ['landline', valid.landline(r)],
    ' mobile ',
    ['mobile', valid.mobile(r)],
  ],
  (r, ts) => [
    `${ts} INFO cdma handset meid=`,
    ['meid', valid.meid(r)],
    ' support ',
    ['service-number', valid.serviceNumber(r)],
  ],
  (r, ts) => [
    `${ts} WARN rejected meid=${lookAlike.meidBadCheck(r)} code=${r.digits(8)} ref ${r.digits(10)}`,
  ],
  (r, ts) => [
    `${ts} WARN unknown number ${lookAlike.mobileBadRange(r)} at ${lookAlike.epochMillis(r)} seq ${lookAlike.snowflake(r)}`,
  ],
  (r, ts) => [
    `${ts} INFO ad ids idfa=`,
    ['idfa', valid.uuid(r, true)],
    ' oaid=',
    ['oaid', valid.uuid(r)],
    ' android_id=',
    ['android-id', r.hex(16)],
  ],
  (r, ts) => [
    `${ts} INFO sms otp `,
    ['sms-code', valid.smsCode(r)],
    ' sent, order ',
    ['order-number', valid.orderNumber(r)],
  ],
  (r, ts) => [
    `${ts} INFO passport `,
    ['passport', valid.passport(r)],
    ' uploaded, imsi ',
    ['imsi', valid.imsi(r)],
  ],
];

const plainTemplates: ((rng: Prng, ts: string) => string)[] = [
  (r, ts) =>
    `${ts} INFO [http-nio-8080-exec-${r.int(1, 200)}] c.e.o.OrderController - GET /api/v1/orders/${lookAlike.snowflake(r)} 200 ${r.int(1, 900)}ms traceId=${lookAlike.traceId(r)}`,
  (r, ts) =>
    `${ts} DEBUG 查询商品列表 耗时 ${r.int(1, 900)}ms 返回 ${r.int(0, 500)} 条记录 spanId=${lookAlike.spanId(r)}`,
  (r, ts) =>
    `${ts} INFO upstream response status=200 bytes=${r.int(100, 99999)} latency_ms=${lookAlike.amount(r)} version=${lookAlike.versionString(r)}`,
  (r, ts) => `${ts} WARN 缓存未命中 key=sku:detail:${lookAlike.snowflake(r)} ttl=${r.int(10, 3600)}s`,
  (r, ts) =>
    `${ts} ERROR connection reset by peer, retrying (attempt ${r.int(1, 5)}/5) request_id=${lookAlike.traceId(r)}`,
  (r, ts) =>
    `${ts} INFO 定时任务 syncInventory 执行完成 处理 ${r.int(1, 99999)} 条数据 耗时 ${r.int(1, 9000)}ms`,
  (r, ts) =>
    `${ts} INFO GC pause young ${lookAlike.amount(r)}ms heap ${r.int(100, 4000)}M->${r.int(100, 4000)}M at ${lookAlike.epochMillis(r)}`,
  (r, ts) =>
    `${ts} DEBUG SQL select * from t_sku where id in (${r.digits(6)}, ${r.digits(6)}) cost ${r.int(1, 300)}ms`,
];

function zhTimestamp(rng: Prng): string {
  return lookAlike.isoTime(rng).replace('T', ' ').replace('Z', '');
}

function jsonDocument(rng: Prng): CorpusSample {
  const legacyId = valid.residentId(rng).replace(/X$/, '');
  const legacy = legacyId.length === 18 ? legacyId : undefined;
  const values = {
    name: valid.name(rng),
    idCard: valid.residentId(rng),
    mobile: valid.mobile(rng),
    address: valid.address(rng),
    email: valid.email(rng),
    imei: valid.imei(rng),
    oaid: valid.uuid(rng),
    orderId: valid.orderNumber(rng),
    bankCard: valid.bankCard(rng),
  };
  const doc = {
    event: 'kyc.completed',
    traceId: lookAlike.traceId(rng),
    createdAt: Number(lookAlike.epochMillis(rng)),
    version: lookAlike.versionString(rng),
    user: {
      name: values.name,
      idCard: values.idCard,
      mobile: values.mobile,
      address: values.address,
      email: values.email,
      note: `用户 ${values.name} 已完成认证，卡号 ${values.bankCard}`,
    },
    device: { imei: values.imei, oaid: values.oaid, model: 'HUAWEI P60', os: 'HarmonyOS 4.0.0' },
    order: {
      orderId: values.orderId,
      amount: Number(lookAlike.amount(rng)),
      items: [{ sku: `SKU-${rng.digits(6)}`, count: rng.int(1, 5) }],
    },
  };
  const labels: LabelledSpan[] = [
    { type: 'chinese-name', start: 0, end: 0, path: 'user.name' },
    { type: 'resident-id', start: 0, end: 0, path: 'user.idCard' },
    { type: 'mobile', start: 0, end: 0, path: 'user.mobile' },
    { type: 'address', start: 0, end: 0, path: 'user.address' },
    { type: 'email', start: 0, end: 0, path: 'user.email' },
    { type: 'bank-card', start: 0, end: 0, path: 'user.note' },
    { type: 'imei', start: 0, end: 0, path: 'device.imei' },
    { type: 'oaid', start: 0, end: 0, path: 'device.oaid' },
    { type: 'order-number', start: 0, end: 0, path: 'order.orderId' },
  ];
  let text = JSON.stringify(doc);
  if (legacy !== undefined) {
    // An ID stored as a JSON number: still exact in the text, corrupted once parsed.
    text = `${text.slice(0, -1)},"legacyIdNumber":${legacy}}`;
    labels.push({ type: 'resident-id', start: 0, end: 0, path: 'legacyIdNumber' });
  }
  return { kind: 'json', text, labels };
}

/** A service response without personal data: catalogue items, prices, times, trace IDs. */
function plainDocument(rng: Prng): CorpusSample {
  const doc = {
    code: 0,
    message: 'ok',
    traceId: lookAlike.traceId(rng),
    serverTime: Number(lookAlike.epochMillis(rng)),
    data: {
      page: rng.int(1, 50),
      total: rng.int(100, 99999),
      items: Array.from({ length: rng.int(2, 5) }, () => ({
        skuId: lookAlike.snowflake(rng),
        title: rng.pick(['无线蓝牙耳机', '不锈钢保温杯', 'USB-C 数据线 1m', '机械键盘 87 键', '运动速干T恤']),
        price: Number(lookAlike.amount(rng)),
        stock: rng.int(0, 5000),
        updatedAt: lookAlike.isoTime(rng),
        tags: [rng.pick(['new', 'hot', 'sale']), `v${rng.int(1, 9)}`],
      })),
    },
  };
  return { kind: 'json', text: JSON.stringify(doc), labels: [] };
}

/** A labelled corpus, identical for the same options. */
export function generateCorpus(options: CorpusOptions): CorpusSample[] {
  const rng = new Prng(options.seed);
  const samples: CorpusSample[] = [];
  const plainShare = options.plainShare ?? 0;
  for (let i = 0; i < options.lines; i++) {
    if (plainShare > 0 && rng.chance(plainShare)) {
      const ts = i % 2 === 0 ? zhTimestamp(rng) : lookAlike.isoTime(rng);
      samples.push({
        kind: i % 2 === 0 ? 'log-zh' : 'log-en',
        text: rng.pick(plainTemplates)(rng, ts),
        labels: [],
      });
    } else if (i % 2 === 0) samples.push(build('log-zh', rng.pick(zhTemplates)(rng, zhTimestamp(rng))));
    else samples.push(build('log-en', rng.pick(enTemplates)(rng, lookAlike.isoTime(rng))));
  }
  for (let i = 0; i < options.documents; i++) {
    samples.push(plainShare > 0 && rng.chance(plainShare) ? plainDocument(rng) : jsonDocument(rng));
  }
  return samples;
}
