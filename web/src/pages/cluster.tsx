import { useEffect, useState } from 'react';
import { clusterSchema, type ClusterView } from '../../../core/cluster';
import { api } from '../api/client';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { formatMemory, formatTime } from '../jobs/format';
import { TableWrap } from '../components/table-wrap';

function LoadTable(props: { title: string; rows: ClusterView['groups'] }) {
  if (props.rows.length === 0) return null;
  return (
    <TableWrap label={props.title}>
      <table>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Running</th>
            <th scope="col">Pending</th>
            <th scope="col">CPUs</th>
            <th scope="col">Memory</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">{row.name}</th>
              <td>{row.running}</td>
              <td>{row.pending}</td>
              <td>{row.runningCpus.toFixed(2)}</td>
              <td>{formatMemory(row.runningMemoryMiB)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Nodes, what jobs hold and use there, load by group and queue, ordering timings (every 5 s). */
export function ClusterPage() {
  const [cluster, setCluster] = useState<ClusterView>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const load = () => api(clusterSchema, '/cluster').then(setCluster, setError);
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, []);
  if (!cluster) return error ? <ErrorNote error={error} /> : <Loading />;
  const { totals, ordering } = cluster;
  return (
    <section aria-labelledby="cluster-title">
      <h1 id="cluster-title">Cluster</h1>
      <ErrorNote error={error} />
      <p className="summary">
        {totals.cpus} cpus ({totals.allocatedCpus.toFixed(2)} allocated,{' '}
        {totals.usedCpus.toFixed(2)} used), {formatMemory(totals.memoryMiB)} memory (
        {formatMemory(totals.allocatedMemoryMiB)} allocated, {formatMemory(totals.usedMemoryMiB)}{' '}
        used); {totals.running} running, {totals.pending} pending jobs.
      </p>
      {cluster.nodes.length === 0 ? (
        <Empty>No worker has reported a node yet.</Empty>
      ) : (
        <TableWrap label="Nodes">
          <table>
            <caption>Nodes</caption>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">CPUs</th>
                <th scope="col">Allocated</th>
                <th scope="col">Used</th>
                <th scope="col">Memory</th>
                <th scope="col">Allocated</th>
                <th scope="col">Used</th>
                <th scope="col">Jobs</th>
                <th scope="col">Reported</th>
              </tr>
            </thead>
            <tbody>
              {cluster.nodes.map((node) => (
                <tr key={node.node}>
                  <th scope="row">{node.node}</th>
                  <td>{node.cpus}</td>
                  <td>{node.allocatedCpus.toFixed(2)}</td>
                  <td>{node.usedCpus.toFixed(2)}</td>
                  <td>{formatMemory(node.memoryMiB)}</td>
                  <td>{formatMemory(node.allocatedMemoryMiB)}</td>
                  <td>{formatMemory(node.usedMemoryMiB)}</td>
                  <td>{node.runningJobs}</td>
                  <td>{formatTime(node.reportedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadTable title="By group" rows={cluster.groups} />
      <LoadTable title="By queue" rows={cluster.queues} />
      <p className="note">
        Ordering ({ordering.policy}):{' '}
        {ordering.lastMs === null
          ? 'no pass yet'
          : `last pass ${ordering.lastMs.toFixed(1)} ms at ${formatTime(ordering.lastAt)}; p50 ${ordering.p50Ms?.toFixed(1)} ms, p95 ${ordering.p95Ms?.toFixed(1)} ms, max ${ordering.maxMs?.toFixed(1)} ms over ${ordering.passes} passes`}
      </p>
    </section>
  );
}
