import type { PiiType } from '../types.js';

/** Chinese labels used by full redaction and by tagged pseudonyms. */
export const chineseLabels: Record<PiiType, string> = {
  'resident-id': '身份证号',
  'resident-id-15': '身份证号',
  'hmt-residence-permit': '港澳台居民居住证号',
  'foreigner-permanent-residence-id': '外国人永久居留身份证号',
  uscc: '统一社会信用代码',
  mobile: '手机号',
  landline: '固定电话',
  'service-number': '服务号码',
  'bank-card': '银行卡号',
  imei: 'IMEI',
  meid: 'MEID',
  imsi: 'IMSI',
  mac: 'MAC地址',
  ipv4: 'IP地址',
  ipv6: 'IP地址',
  idfa: 'IDFA',
  oaid: 'OAID',
  'android-id': 'Android ID',
  passport: '护照号',
  'hk-macau-permit': '港澳居民来往内地通行证号',
  'mainland-hk-macau-permit': '往来港澳通行证号',
  'taiwan-permit': '台湾居民来往大陆通行证号',
  'licence-plate': '车牌号',
  email: '邮箱',
  qq: 'QQ号',
  wechat: '微信号',
  'sms-code': '验证码',
  'order-number': '订单号',
  'tracking-number': '运单号',
  'chinese-name': '姓名',
  address: '地址',
};

export function englishLabel(type: PiiType): string {
  return type.toUpperCase().replace(/-/g, '_');
}
