/** @module One reviewed snapshot of the default template; every property that matters has its own assertion elsewhere. */
import { synthGateway } from './support';

/** Asset hashes depend on where the checkout lives, so the snapshot stands them in with a name. */
function withoutAssetHashes(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\b[0-9a-f]{64}\b/g, '<asset-hash>');
  if (Array.isArray(value)) return value.map(withoutAssetHashes);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutAssetHashes(inner)]));
  }
  return value;
}

describe('default template', () => {
  it('matches the reviewed snapshot (update with `npx jest test/infra/snapshot -u` and review the diff)', () => {
    const { template } = synthGateway({}, 'Snapshot');
    expect(withoutAssetHashes(template.toJSON())).toMatchSnapshot();
  });
});
