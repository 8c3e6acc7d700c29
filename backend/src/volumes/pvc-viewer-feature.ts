import type { KubeApis } from '../k8s/kube-apis.ts';
import { isKubeError } from '../k8s/kube-error.ts';
import { viewerTemplateExists } from './viewer-template.ts';

const RECHECK_MS = 30_000;

/**
 * PVC viewers are on when the PVCViewer CRD is served and the spec template exists (kubernetes.md
 * §1.3). The CRD check is a one-item cluster-wide list, remembered for a while: a CRD installed
 * later is picked up without a restart.
 */
export class PvcViewerFeature {
  private readonly apis: KubeApis;
  private readonly templatePath: string;
  private crdServed: boolean | undefined;
  private checkedAt = 0;

  constructor(apis: KubeApis, templatePath: string) {
    this.apis = apis;
    this.templatePath = templatePath;
  }

  get templateFile(): string {
    return this.templatePath;
  }

  async enabled(): Promise<boolean> {
    if (!viewerTemplateExists(this.templatePath)) return false;
    return this.crdInstalled();
  }

  private async crdInstalled(): Promise<boolean> {
    const now = Date.now();
    if (this.crdServed !== undefined && now - this.checkedAt < RECHECK_MS) return this.crdServed;
    try {
      await this.apis.pvcViewers.list(undefined, { limit: 1 });
      this.crdServed = true;
    } catch (err) {
      if (!isKubeError(err, 'notFound')) throw err;
      this.crdServed = false;
    }
    this.checkedAt = now;
    return this.crdServed;
  }
}
