import type { NativeCallback } from './binding.js';
import { fromNative } from './errors.js';

/**
 * Runs one native call and settles a promise with its result. The stack is captured here, on the
 * caller's turn, so a failure reported later from the worker thread still points at user code.
 */
// biome-ignore lint/complexity/noBannedTypes: any function may be the frame the stack starts above
export function callNative<T>(caller: Function, invoke: (callback: NativeCallback<T>) => void): Promise<T> {
  const site: { stack?: string } = {};
  Error.captureStackTrace(site, caller);
  return new Promise<T>((resolve, reject) => {
    invoke((error, result) => {
      if (error) reject(fromNative(error, site.stack));
      else resolve(result as T);
    });
  });
}
