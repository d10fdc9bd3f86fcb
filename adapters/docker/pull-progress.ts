/** One event of the daemon's pull stream. */
export interface PullEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

/**
 * Folds a pull's events into one percentage over all layers: bytes downloaded and extracted
 * over twice the bytes to download. Layers whose size is not known yet count as not started.
 */
export function pullProgress(): (event: PullEvent) => number {
  const layers = new Map<string, { total: number; downloaded: number; extracted: number }>();
  return (event) => {
    if (event.id) {
      const layer = layers.get(event.id) ?? { total: 0, downloaded: 0, extracted: 0 };
      const { current, total } = event.progressDetail ?? {};
      if (event.status === 'Downloading' && total) {
        layer.total = total;
        layer.downloaded = current ?? 0;
      } else if (event.status === 'Extracting' && total) {
        layer.total = total;
        layer.downloaded = total;
        layer.extracted = current ?? 0;
      } else if (event.status === 'Download complete') {
        layer.downloaded = layer.total;
      } else if (event.status === 'Pull complete' || event.status === 'Already exists') {
        layer.total ||= 1;
        layer.downloaded = layer.total;
        layer.extracted = layer.total;
      }
      layers.set(event.id, layer);
    }
    if (event.status?.startsWith('Status:')) return 100;
    let sum = 0;
    let done = 0;
    for (const layer of layers.values()) {
      sum += 2 * layer.total;
      done += layer.downloaded + layer.extracted;
    }
    return sum === 0 ? 0 : Math.min(99, Math.floor((100 * done) / sum));
  };
}
