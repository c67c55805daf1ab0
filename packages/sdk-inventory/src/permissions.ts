/**
 * Android permissions a disclosure table names, with the Chinese label used in policy texts and how
 * the system grants them: `runtime` ones are asked for and can be revoked, `special` ones are granted
 * on a settings screen, `install` ones are granted silently at install time.
 */
export type PermissionGrant = 'runtime' | 'special' | 'install';

interface PermissionInfo {
  readonly zh: string;
  readonly grant: PermissionGrant;
}

const A = 'android.permission.';

export const androidPermissions: Readonly<Record<string, PermissionInfo>> = {
  [`${A}CAMERA`]: { zh: '相机（摄像头）', grant: 'runtime' },
  [`${A}RECORD_AUDIO`]: { zh: '麦克风（录音）', grant: 'runtime' },
  [`${A}ACCESS_FINE_LOCATION`]: { zh: '精确位置', grant: 'runtime' },
  [`${A}ACCESS_COARSE_LOCATION`]: { zh: '粗略位置', grant: 'runtime' },
  [`${A}ACCESS_BACKGROUND_LOCATION`]: { zh: '后台位置', grant: 'runtime' },
  [`${A}READ_PHONE_STATE`]: { zh: '读取电话状态（设备信息）', grant: 'runtime' },
  [`${A}READ_PHONE_NUMBERS`]: { zh: '读取本机号码', grant: 'runtime' },
  [`${A}CALL_PHONE`]: { zh: '拨打电话', grant: 'runtime' },
  [`${A}READ_CONTACTS`]: { zh: '读取通讯录', grant: 'runtime' },
  [`${A}READ_CALENDAR`]: { zh: '读取日历', grant: 'runtime' },
  [`${A}READ_SMS`]: { zh: '读取短信', grant: 'runtime' },
  [`${A}READ_EXTERNAL_STORAGE`]: { zh: '读取存储', grant: 'runtime' },
  [`${A}WRITE_EXTERNAL_STORAGE`]: { zh: '写入存储', grant: 'runtime' },
  [`${A}READ_MEDIA_IMAGES`]: { zh: '读取照片', grant: 'runtime' },
  [`${A}READ_MEDIA_VIDEO`]: { zh: '读取视频', grant: 'runtime' },
  [`${A}READ_MEDIA_AUDIO`]: { zh: '读取音频', grant: 'runtime' },
  [`${A}POST_NOTIFICATIONS`]: { zh: '发送通知', grant: 'runtime' },
  [`${A}BLUETOOTH_CONNECT`]: { zh: '连接蓝牙设备', grant: 'runtime' },
  [`${A}BLUETOOTH_SCAN`]: { zh: '扫描蓝牙设备', grant: 'runtime' },
  [`${A}BODY_SENSORS`]: { zh: '身体传感器', grant: 'runtime' },
  [`${A}ACTIVITY_RECOGNITION`]: { zh: '身体活动', grant: 'runtime' },
  [`${A}REQUEST_INSTALL_PACKAGES`]: { zh: '安装未知来源应用', grant: 'special' },
  [`${A}SYSTEM_ALERT_WINDOW`]: { zh: '悬浮窗', grant: 'special' },
  [`${A}WRITE_SETTINGS`]: { zh: '修改系统设置', grant: 'special' },
  [`${A}QUERY_ALL_PACKAGES`]: { zh: '获取应用安装列表', grant: 'install' },
  [`${A}INTERNET`]: { zh: '访问网络', grant: 'install' },
  [`${A}ACCESS_NETWORK_STATE`]: { zh: '获取网络状态', grant: 'install' },
  [`${A}ACCESS_WIFI_STATE`]: { zh: '获取WLAN状态', grant: 'install' },
  [`${A}CHANGE_WIFI_STATE`]: { zh: '修改WLAN状态', grant: 'install' },
  [`${A}CHANGE_NETWORK_STATE`]: { zh: '修改网络状态', grant: 'install' },
  [`${A}WAKE_LOCK`]: { zh: '防止手机休眠', grant: 'install' },
  [`${A}VIBRATE`]: { zh: '控制振动', grant: 'install' },
  [`${A}RECEIVE_BOOT_COMPLETED`]: { zh: '开机自启动', grant: 'install' },
  [`${A}FOREGROUND_SERVICE`]: { zh: '前台服务', grant: 'install' },
};

/** The Chinese label and grant kind of a permission; unknown ones are treated as install-time. */
export function permissionInfo(name: string): PermissionInfo {
  return androidPermissions[name] ?? { zh: name.split('.').at(-1) ?? name, grant: 'install' };
}

/** Words policy texts use for permissions, mapped to the permission names they stand for. */
const chineseTerms: readonly [string, readonly string[]][] = [
  ['摄像头', [`${A}CAMERA`]],
  ['相机', [`${A}CAMERA`]],
  ['麦克风', [`${A}RECORD_AUDIO`]],
  ['录音', [`${A}RECORD_AUDIO`]],
  ['位置', [`${A}ACCESS_FINE_LOCATION`, `${A}ACCESS_COARSE_LOCATION`]],
  ['定位', [`${A}ACCESS_FINE_LOCATION`, `${A}ACCESS_COARSE_LOCATION`]],
  ['电话状态', [`${A}READ_PHONE_STATE`]],
  ['电话权限', [`${A}READ_PHONE_STATE`]],
  ['设备信息权限', [`${A}READ_PHONE_STATE`]],
  ['通讯录', [`${A}READ_CONTACTS`]],
  ['存储', [`${A}READ_EXTERNAL_STORAGE`, `${A}WRITE_EXTERNAL_STORAGE`]],
  ['相册', [`${A}READ_MEDIA_IMAGES`, `${A}READ_EXTERNAL_STORAGE`]],
  ['短信', [`${A}READ_SMS`]],
  ['通知', [`${A}POST_NOTIFICATIONS`]],
  ['网络', [`${A}INTERNET`, `${A}ACCESS_NETWORK_STATE`]],
];

/**
 * Permission names a free-text declaration covers: explicit `android.permission.X` names plus the
 * usual Chinese terms ("摄像头权限", "读取及写入存储器权限").
 */
export function permissionsInText(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(?:android\.permission|com\.[\w.]+\.permission)\.[A-Z_]+\b/g))
    found.add(match[0]);
  for (const [term, names] of chineseTerms) {
    if (text.includes(term)) for (const name of names) found.add(name);
  }
  return found;
}

/**
 * iOS Info.plist purpose-string keys and the Android permissions guarding the same resource, so an
 * SDK's catalogued (Android) permissions can be shown against what an iOS app really asks for.
 */
export const iosUsageKeys: Readonly<Record<string, { zh: string; android: readonly string[] }>> = {
  NSCameraUsageDescription: { zh: '相机', android: [`${A}CAMERA`] },
  NSMicrophoneUsageDescription: { zh: '麦克风', android: [`${A}RECORD_AUDIO`] },
  NSLocationWhenInUseUsageDescription: {
    zh: '使用期间定位',
    android: [`${A}ACCESS_FINE_LOCATION`, `${A}ACCESS_COARSE_LOCATION`],
  },
  NSLocationAlwaysAndWhenInUseUsageDescription: {
    zh: '始终定位',
    android: [`${A}ACCESS_FINE_LOCATION`, `${A}ACCESS_COARSE_LOCATION`, `${A}ACCESS_BACKGROUND_LOCATION`],
  },
  NSContactsUsageDescription: { zh: '通讯录', android: [`${A}READ_CONTACTS`] },
  NSPhotoLibraryUsageDescription: {
    zh: '相册',
    android: [`${A}READ_MEDIA_IMAGES`, `${A}READ_EXTERNAL_STORAGE`],
  },
  NSBluetoothAlwaysUsageDescription: { zh: '蓝牙', android: [`${A}BLUETOOTH_CONNECT`, `${A}BLUETOOTH_SCAN`] },
};

/** The iOS purpose-string keys an app declares whose resource one of `androidPermissions` guards. */
export function iosKeysFor(
  androidPermissionNames: readonly string[],
  declaredKeys: readonly string[],
): string[] {
  return declaredKeys.filter((key) =>
    iosUsageKeys[key]?.android.some((permission) => androidPermissionNames.includes(permission)),
  );
}
