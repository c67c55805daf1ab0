/**
 * The personal-information vocabulary of the catalogue. Each kind carries the Chinese label used in
 * disclosure tables and its nearest Apple privacy-manifest and Google Play Data safety data type, so
 * one catalogue entry feeds all three outputs.
 */
export const personalInfoKinds = {
  'device-id': {
    zh: '设备标识符（Android ID、OAID、IDFV等）',
    apple: 'DeviceID',
    play: ['IDENTIFIERS', 'PSL_DEVICE_ID'],
  },
  imei: { zh: 'IMEI、MEID、IMSI、SIM卡序列号', apple: 'DeviceID', play: ['IDENTIFIERS', 'PSL_DEVICE_ID'] },
  'advertising-id': {
    zh: '广告标识符（OAID、IDFA）',
    apple: 'DeviceID',
    play: ['IDENTIFIERS', 'PSL_DEVICE_ID'],
  },
  'mac-address': { zh: 'MAC地址', apple: 'DeviceID', play: ['IDENTIFIERS', 'PSL_DEVICE_ID'] },
  'device-info': {
    zh: '设备信息（品牌、型号、操作系统版本）',
    apple: 'OtherDiagnosticData',
    play: ['APP_PERFORMANCE', 'PSL_PERFORMANCE_DIAGNOSTICS'],
  },
  'network-info': {
    zh: '网络信息（网络类型、运营商、IP地址）',
    apple: 'OtherDiagnosticData',
    play: ['APP_PERFORMANCE', 'PSL_OTHER_PERFORMANCE'],
  },
  'wifi-info': {
    zh: 'WLAN信息（SSID、BSSID）',
    apple: 'CoarseLocation',
    play: ['LOCATION', 'PSL_APPROX_LOCATION'],
  },
  'precise-location': {
    zh: '精确位置信息（GNSS）',
    apple: 'PreciseLocation',
    play: ['LOCATION', 'PSL_PRECISE_LOCATION'],
  },
  'coarse-location': {
    zh: '粗略位置信息（基站、WLAN定位）',
    apple: 'CoarseLocation',
    play: ['LOCATION', 'PSL_APPROX_LOCATION'],
  },
  'installed-apps': {
    zh: '应用安装列表',
    apple: 'OtherUsageData',
    play: ['APP_ACTIVITY', 'PSL_APPS_ON_DEVICE'],
  },
  'usage-data': {
    zh: '应用使用数据（页面访问、点击事件、使用时长）',
    apple: 'ProductInteraction',
    play: ['APP_ACTIVITY', 'PSL_USER_INTERACTION'],
  },
  'crash-log': { zh: '崩溃日志与性能数据', apple: 'CrashData', play: ['APP_PERFORMANCE', 'PSL_CRASH_LOGS'] },
  'phone-number': { zh: '手机号码', apple: 'PhoneNumber', play: ['PERSONAL', 'PSL_PHONE'] },
  'account-id': {
    zh: '第三方账号标识（OpenID、UnionID、昵称、头像）',
    apple: 'UserID',
    play: ['PERSONAL', 'PSL_USER_ACCOUNT'],
  },
  'payment-info': { zh: '支付与订单信息', apple: 'PaymentInfo', play: ['FINANCIAL', 'PSL_PURCHASE_HISTORY'] },
  'face-image': {
    zh: '人脸图像与活体检测数据（敏感个人信息）',
    apple: 'SensitiveInfo',
    play: ['PHOTOS_AND_VIDEOS', 'PSL_PHOTOS'],
  },
  'identity-document': {
    zh: '身份证件信息（姓名、证件号码）（敏感个人信息）',
    apple: 'SensitiveInfo',
    play: ['PERSONAL', 'PSL_OTHER_PERSONAL'],
  },
  name: { zh: '姓名', apple: 'Name', play: ['PERSONAL', 'PSL_NAME'] },
  photos: { zh: '照片与文件', apple: 'PhotosorVideos', play: ['PHOTOS_AND_VIDEOS', 'PSL_PHOTOS'] },
  'audio-data': { zh: '音频数据', apple: 'AudioData', play: ['AUDIO', 'PSL_AUDIO'] },
  clipboard: {
    zh: '剪切板信息',
    apple: 'OtherUserContent',
    play: ['APP_ACTIVITY', 'PSL_OTHER_APP_ACTIVITY'],
  },
  sensors: {
    zh: '传感器信息（加速度、陀螺仪）',
    apple: 'OtherDiagnosticData',
    play: ['APP_PERFORMANCE', 'PSL_OTHER_PERFORMANCE'],
  },
  'push-token': { zh: '推送标识（Token、RegID）', apple: 'DeviceID', play: ['IDENTIFIERS', 'PSL_DEVICE_ID'] },
  'browsing-history': {
    zh: '网页浏览记录',
    apple: 'BrowsingHistory',
    play: ['SEARCH_AND_BROWSING', 'PSL_WEB_BROWSING_HISTORY'],
  },
  'ad-interaction': {
    zh: '广告展示与点击数据',
    apple: 'AdvertisingData',
    play: ['APP_ACTIVITY', 'PSL_OTHER_APP_ACTIVITY'],
  },
} as const satisfies Record<string, { zh: string; apple: string; play: readonly [string, string] }>;

export type PersonalInfoKind = keyof typeof personalInfoKinds;

export const personalInfoKindNames = Object.keys(personalInfoKinds) as [
  PersonalInfoKind,
  ...PersonalInfoKind[],
];
