import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { ConsentStore, type ConsentStoreOptions, type PolicyDocumentInput } from '../src/index.js';

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

let sharedPglite: PGlite | undefined;

/** Starts the file's PGlite (seconds of WebAssembly start-up on a busy machine) outside test timeouts. */
export async function warmPglite(): Promise<void> {
  sharedPglite ??= new PGlite();
  await sharedPglite.waitReady;
}

/** Milliseconds a beforeAll hook may take to start PGlite. */
export const startupTimeout = 120_000;

/** A store in a schema of its own, on one shared PGlite per test file or on the test server. */
export async function openTestStore(
  backend: Backend,
  options: Partial<Omit<ConsentStoreOptions, 'storage'>> & { schema?: string } = {},
): Promise<ConsentStore> {
  const schema = options.schema ?? `t_${randomBytes(6).toString('hex')}`;
  if (backend === 'pglite') sharedPglite ??= new PGlite();
  const storage =
    backend === 'pglite'
      ? { backend: 'pglite' as const, instance: sharedPglite, schema }
      : { backend: 'postgres' as const, url: inject('postgresUrl'), schema, poolSize: 2 };
  return ConsentStore.open({ subjectSecret: 'test-secret-that-is-at-least-32-bytes!!', ...options, storage });
}

/** A settable clock so tests move time explicitly. */
export function testClock(start: string) {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advanceHours: (hours: number) => {
      now += hours * 3_600_000;
    },
  };
}

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
