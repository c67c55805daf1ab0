import type { PolicyDocumentInput } from '../src/index.js';

/** A privacy policy of an ID-photo app: ordinary, sensitive, third-party and cross-border purposes. */
export function samplePolicy(overrides: Partial<PolicyDocumentInput> = {}): PolicyDocumentInput {
  return {
    version: '1.0',
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    material: true,
    processor: { name: '示例证件照科技有限公司', contact: 'privacy@example.cn' },
    text: '隐私政策全文（示例）',
    categories: [
      { id: 'device', name: '设备信息', sensitive: false },
      { id: 'face', name: '人脸图像', sensitive: true },
      { id: 'order', name: '订单信息', sensitive: false },
    ],
    purposes: [
      { id: 'core', name: '制作证件照', legalBasis: 'contract', categories: ['order'], required: true },
      { id: 'analytics', name: '使用统计', legalBasis: 'consent', categories: ['device'] },
      {
        id: 'face-upload',
        name: '上传人脸照片云端处理',
        legalBasis: 'consent',
        categories: ['face'],
        necessity: '云端抠图需要原始照片',
        impact: '照片在服务器保存不超过24小时',
      },
      { id: 'push', name: '消息推送', legalBasis: 'consent', categories: ['device'] },
      { id: 'recommend', name: '个性化推荐', legalBasis: 'consent', categories: ['device'] },
    ],
    recipients: [
      { id: 'push-sdk', name: '某推送SDK', kind: 'sdk', purposes: ['push'] },
      { id: 'cloud-matting', name: '抠图云服务', kind: 'entrusted', purposes: ['face-upload'] },
      { id: 'stats', name: 'Statistics Inc.', kind: 'entrusted', country: 'SG', purposes: ['analytics'] },
    ],
    permissions: [
      {
        id: 'camera',
        android: ['android.permission.CAMERA'],
        ios: ['NSCameraUsageDescription'],
        purposes: ['core'],
      },
    ],
    ...overrides,
  };
}
