import { DockerExecutor } from '../../adapters/docker/executor';
import { testServices } from '../support/env';
import { executorContract } from './executor-contract';

executorContract(
  'Docker Engine',
  () =>
    new DockerExecutor({
      socketPath: testServices().dockerSocket,
      pidsLimit: 256,
      network: 'none',
      logCapBytes: 1024 * 1024,
      killGraceSeconds: 1,
    }),
  'godocker/busybox:latest',
);
