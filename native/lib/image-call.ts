import type { z } from 'zod';
import { loadBinding, type NativeBinding, type NativeCallback } from './binding.js';
import { callNative } from './call.js';
import { type ImageInput, imageInputSchema, type NativeImage, toNativeImage } from './image-input.js';
import { ensureModels, type VisionModelId } from './model-loader.js';
import { parseOptions } from './options.js';

/**
 * The shape of every call that takes an image: validate the image and the options, make sure the
 * models it needs are loaded, then one native call whose errors carry the caller's stack.
 * Validation failures reject too, so callers have one error channel.
 */
export function imageCall<S extends z.ZodType, T>(
  caller: ((...args: never[]) => unknown) & { name: string },
  optionsSchema: S,
  image: ImageInput,
  options: unknown,
  models: (options: z.output<S>) => readonly VisionModelId[],
  invoke: (
    binding: NativeBinding,
    image: NativeImage,
    options: z.output<S>,
    callback: NativeCallback<T>,
  ) => void,
): Promise<T> {
  try {
    const input = parseOptions(caller.name, imageInputSchema, image);
    const opts = parseOptions(caller.name, optionsSchema, options);
    ensureModels(models(opts));
    const binding = loadBinding();
    const native = toNativeImage(input);
    return callNative<T>(caller, (callback) => invoke(binding, native, opts, callback));
  } catch (error) {
    return Promise.reject(error);
  }
}
