import type { ClusterView } from '../../core/cluster';
import { BaseCommand } from '../base-command';
import { renderCluster } from '../cluster-display';

/** `godocker cluster`: what the execution nodes offer and who uses them. */
export default class Cluster extends BaseCommand<typeof Cluster> {
  static override summary =
    'Show the nodes (capacity, allocated, used), running and pending jobs by group and queue, and ordering-pass timings';

  async run(): Promise<ClusterView> {
    const view = await (await this.client()).cluster();
    this.log(renderCluster(view));
    return view;
  }
}
