import type { Background } from '../schema.js';

// Colours piplkit paints, and how far a measured background may drift from them (CIE76 ΔE).
export const white: Background = { name: 'white', hex: '#ffffff', maxDeltaE: 12 };
export const offWhite: Background = { name: 'off-white', hex: '#f5f5f0', maxDeltaE: 10 };
/** NIA 照相指引: grey with H = S = 0 and V ≥ 198. */
export const lightGrey: Background = { name: 'light-grey', hex: '#dcdcdc', maxDeltaE: 14 };
/** NIA 照相指引 light blue (H 135, S 240 on the 0–240 scale, V ≥ 167) = the NCRE RGB (100, 197, 255). */
export const lightBlue: Background = { name: 'light-blue', hex: '#64c5ff', maxDeltaE: 14 };
/** The blue of Chinese studio ID photos (HivisionIDPhotos' colour list, 蓝色). */
export const blue: Background = { name: 'blue', hex: '#628bce', maxDeltaE: 16 };
/** The red of Chinese studio ID photos (HivisionIDPhotos' colour list, 红色). */
export const red: Background = { name: 'red', hex: '#d74532', maxDeltaE: 16 };
export const cream: Background = { name: 'cream', hex: '#f3ead5', maxDeltaE: 10 };
