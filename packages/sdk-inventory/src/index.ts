export { type AndroidArchiveType, androidArchiveType, readAndroidArchive } from './android/apk.js';
export { readBinaryManifest } from './android/axml.js';
export {
  type DexClasses,
  type DexRead,
  descriptorToClassName,
  dexClassesReader,
  readDexClasses,
  readDexEntry,
} from './android/dex.js';
export type { AndroidManifestInfo, ManifestComponent } from './android/manifest.js';
export { readProtoManifest } from './android/proto-manifest.js';
export { type EntryReader, InflateBudget, ZipArchive, type ZipEntry } from './archive/zip.js';
export { type BuildFileKind, buildFileKind, readBuildDirectory, readBuildFile } from './build/index.js';
export { catalogueEntry, currentProvider, loadCatalogue, parseCatalogue } from './catalogue/index.js';
export { type PersonalInfoKind, personalInfoKinds } from './catalogue/personal-info.js';
export {
  type Catalogue,
  type CatalogueInput,
  catalogueSchema,
  type SdkCategory,
  type SdkEntry,
  type SdkProvider,
  sdkCategories,
} from './catalogue/schema.js';
export {
  type DeclaredFormat,
  type DeclaredList,
  type DeclaredListInput,
  type DeclaredSdk,
  declaredFormatOf,
  declaredListSchema,
  readDeclaredList,
  sdkTableFromPolicyText,
} from './declared/index.js';
export { DeclaredResolver, normaliseName, type Resolution } from './declared/resolve.js';
export { Artifacts, type Dependency } from './detect/artifacts.js';
export { Detector } from './detect/detector.js';
export { matchesWildcard, PrefixTrie } from './detect/prefix-trie.js';
export {
  type Evidence,
  type EvidenceKind,
  evidenceKinds,
  type Finding,
  type ScanResult,
  scanResultSchema,
} from './detect/scan-result.js';
export {
  type DiffIssue,
  type DiffIssueCode,
  type DiffOptions,
  type DiffReport,
  diffDeclared,
  diffIssueCodes,
  diffOptionsSchema,
  lintDeclared,
  type Severity,
} from './diff.js';
export {
  ArchiveError,
  BuildFileError,
  CatalogueError,
  DeclaredListError,
  DexError,
  InvalidOptionError,
  MachOError,
  ManifestError,
  PlistError,
  SdkInventoryError,
  type SdkInventoryErrorCode,
} from './errors.js';
export { isIpa, readIpa } from './ios/ipa.js';
export { type ObjcClassNames, readObjcClassNames } from './ios/macho.js';
export { type PlistValue, parsePlist } from './ios/plist.js';
export { defaultLimits, type ScanLimits, type ScanLimitsInput, scanLimitsSchema } from './limits.js';
export {
  androidPermissions,
  iosKeysFor,
  iosUsageKeys,
  type PermissionGrant,
  permissionInfo,
  permissionsInText,
} from './permissions.js';
export {
  disclosureRows,
  type RenderOptions,
  renderDisclosure,
  renderOptionsSchema,
  type TableFormat,
  type TableSource,
  tableFormats,
} from './render/index.js';
export { dataSafetyCsv, dataSafetyHeader, privacyManifest } from './render/platform.js';
export { type DisclosureRow, disclosureHeadings } from './render/rows.js';
export { permissionHeadings } from './render/tables.js';
export { resultFromArtifacts, type ScanOptions, scanArchive, scanOptionsSchema, scanPath } from './scan.js';
