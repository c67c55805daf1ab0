/** What the Android manifest tells about third-party code, whatever encoding it came in. */
export interface AndroidManifestInfo {
  readonly packageName: string | undefined;
  /** `uses-permission` and `uses-permission-sdk-23` names, in document order, without duplicates. */
  readonly usesPermissions: readonly string[];
  /** Permissions the app itself defines (`<permission>`). */
  readonly definedPermissions: readonly string[];
  /** Fully qualified activity, activity-alias, service, receiver and provider class names. */
  readonly components: readonly ManifestComponent[];
  /** `<meta-data android:name>` keys under `<application>` (e.g. an SDK's app-key slot). */
  readonly metaDataKeys: readonly string[];
}

export type ComponentKind = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';

export interface ManifestComponent {
  readonly kind: ComponentKind;
  readonly name: string;
}

const componentKinds = new Set<string>(['activity', 'activity-alias', 'service', 'receiver', 'provider']);

/** Collects manifest facts from a stream of start-element events; shared by the AXML and protobuf readers. */
export class ManifestCollector {
  private packageName: string | undefined;
  private readonly permissions = new Set<string>();
  private readonly defined = new Set<string>();
  private readonly components: ManifestComponent[] = [];
  private readonly metaData = new Set<string>();
  private readonly path: string[] = [];

  start(element: string, attributes: ReadonlyMap<string, string>): void {
    const parent = this.path.at(-1);
    this.path.push(element);
    if (element === 'manifest' && this.path.length === 1) {
      this.packageName = attributes.get('package');
      return;
    }
    const name = attributes.get('name');
    if (name === undefined || name.length === 0) return;
    if ((element === 'uses-permission' || element === 'uses-permission-sdk-23') && parent === 'manifest') {
      this.permissions.add(name);
    } else if (element === 'permission' && parent === 'manifest') {
      this.defined.add(name);
    } else if (componentKinds.has(element) && parent === 'application') {
      this.components.push({ kind: element as ComponentKind, name: this.qualify(name) });
    } else if (element === 'meta-data' && parent === 'application') {
      this.metaData.add(name);
    }
  }

  end(): void {
    this.path.pop();
  }

  private qualify(name: string): string {
    if (this.packageName === undefined) return name;
    if (name.startsWith('.')) return `${this.packageName}${name}`;
    return name.includes('.') ? name : `${this.packageName}.${name}`;
  }

  result(): AndroidManifestInfo {
    return {
      packageName: this.packageName,
      usesPermissions: [...this.permissions],
      definedPermissions: [...this.defined],
      components: this.components,
      metaDataKeys: [...this.metaData],
    };
  }
}
