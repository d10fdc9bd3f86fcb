/** Services the test runner brought up (scripts/test-runner.ts sets these). */
export interface TestServices {
  mysqlUrl: string;
  temporalBinary: string;
  dockerSocket: string;
}

/** Reads the services the test runner prepared, failing with how to get them. */
export function testServices(): TestServices {
  const mysqlUrl = process.env.GODOCKER_TEST_MYSQL_URL;
  const temporalBinary = process.env.GODOCKER_TEST_TEMPORAL_BIN;
  if (!mysqlUrl || !temporalBinary) {
    throw new Error(
      'integration tests need real services: run them through `npm test` (it starts MariaDB, Temporal and Docker)',
    );
  }
  return {
    mysqlUrl,
    temporalBinary,
    dockerSocket: process.env.GODOCKER_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock',
  };
}
