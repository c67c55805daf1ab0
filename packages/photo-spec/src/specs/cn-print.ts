import type { PhotoSpec } from '../schema.js';
import { blue, red, white } from './colours.js';

// Studio print sizes (寸). No authority defines their geometry; piplkit uses the convention the
// CET and NCRE photo guides spell out (top tenth empty, head seven tenths, shoulders below).
const studioGeometry = {
  headHeight: { min: 0.6, max: 0.72, unit: 'fraction' },
  topMargin: { min: 0.06, max: 0.12, unit: 'fraction' },
  centringTolerance: 0.05,
} as const;

const studioSources = [
  'shadafang.com/a/202308/5490564.html (一寸 295×413, 小一寸 22×32, 大一寸 33×48, 小二寸 35×45, 二寸 35×53)',
  'xuyaodegithub/dreepLoop public/static/idPhoto.js (二寸 35×49 413×579)',
  'dsksun.com/jwc/info/1031/1853_1.htm (top 1/10 empty, head 7/10, shoulders 2/10)',
];

function studio(
  id: string,
  zh: string,
  en: string,
  widthMm: number,
  heightMm: number,
  notes: string[] = [],
): PhotoSpec {
  return {
    id,
    names: { zh, en },
    region: 'cn',
    kind: 'print',
    printMm: { width: widthMm, height: heightMm },
    pixels: { width: Math.round((widthMm / 25.4) * 300), height: Math.round((heightMm / 25.4) * 300) },
    dpi: 300,
    ...studioGeometry,
    backgrounds: [white, blue, red],
    fileType: 'jpeg',
    kb: null,
    editable: false,
    sources: studioSources,
    notes: ['Head and top-margin bands follow the studio convention, not an official rule.', ...notes],
  };
}

export const cnPrintSpecs: PhotoSpec[] = [
  studio('cn-1inch', '一寸', '1 inch (25 × 35 mm)', 25, 35),
  studio('cn-1inch-small', '小一寸', 'small 1 inch (22 × 32 mm)', 22, 32),
  studio('cn-1inch-large', '大一寸', 'large 1 inch (33 × 48 mm)', 33, 48),
  studio('cn-2inch', '二寸', '2 inch (35 × 49 mm)', 35, 49, [
    'Sources disagree on which size "二寸" means (35 × 49 or 35 × 53 mm); piplkit names each by its mm.',
  ]),
  studio('cn-2inch-large', '大二寸 (标准二寸)', 'large 2 inch (35 × 53 mm)', 35, 53),
  studio('cn-2inch-small', '小二寸', 'small 2 inch (35 × 45 mm)', 35, 45),
];
