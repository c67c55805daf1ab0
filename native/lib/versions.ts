import { loadBinding } from './binding.js';

export interface NativeVersions {
  /** Version of @piplkit/native the addon was built from. */
  addon: string;
  /** OpenCV version the addon is linked against. */
  opencv: string;
  /** Node-API version the addon was compiled for. */
  napi: number;
}

export function versions(): NativeVersions {
  return loadBinding().versions();
}
