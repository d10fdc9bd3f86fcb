import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explicitRegistry, repositoryOf, tagOf } from '../../core/catalog';
import { pinnedDigest, pinnedReference } from '../../core/image-source';
import { pullProgress } from '../../adapters/docker/pull-progress';

const digest = `sha256:${'a'.repeat(64)}`;

describe('image references, pins and pull progress', () => {
  test('references split into registry, repository and tag', () => {
    const cases: [string, string | null, string, string][] = [
      ['godocker/busybox:latest', null, 'godocker/busybox', 'latest'],
      ['godocker/busybox', null, 'godocker/busybox', 'latest'],
      [
        '127.0.0.1:5000/godocker/debian:12',
        '127.0.0.1:5000',
        '127.0.0.1:5000/godocker/debian',
        '12',
      ],
      [`localhost:5000/debian:12@${digest}`, 'localhost:5000', 'localhost:5000/debian', '12'],
      ['127.0.0.1:5000/debian', '127.0.0.1:5000', '127.0.0.1:5000/debian', 'latest'],
    ];
    for (const [reference, registry, repository, tag] of cases) {
      assert.equal(explicitRegistry(reference), registry, reference);
      assert.equal(repositoryOf(reference), repository, reference);
      assert.equal(tagOf(reference), tag, reference);
    }
  });

  test('a container runs from repository@digest, or from the image id of a local image', () => {
    assert.equal(pinnedDigest(`r:5000/a/b:1@${digest}`), digest);
    assert.equal(pinnedDigest('r:5000/a/b:1'), undefined);
    assert.equal(pinnedReference('r:5000/a/b:1', digest), `r:5000/a/b@${digest}`);
    assert.equal(pinnedReference(`r:5000/a/b:1@${digest}`, digest), `r:5000/a/b@${digest}`);
    assert.equal(pinnedReference('godocker/busybox:latest', digest), digest);
    assert.equal(pinnedReference('godocker/busybox:latest', null), 'godocker/busybox:latest');
  });

  test('pull progress counts downloaded and extracted bytes over all layers', () => {
    const progress = pullProgress();
    assert.equal(progress({ status: 'Pulling fs layer', id: 'a' }), 0);
    assert.equal(
      progress({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } }),
      25,
    );
    assert.equal(
      progress({ status: 'Downloading', id: 'b', progressDetail: { current: 0, total: 100 } }),
      12,
    );
    assert.equal(progress({ status: 'Pull complete', id: 'a' }), 50);
    assert.equal(progress({ status: 'Already exists', id: 'b' }), 99);
    assert.equal(progress({ status: `Status: Downloaded newer image for x@${digest}` }), 100);
  });
});
