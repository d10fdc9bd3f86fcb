import type { AccountState, ChargedStates } from './account-book';

/**
 * Level fair share of an account among its siblings: shares over decayed usage (Slurm's
 * S/U; normalising both over the siblings would not change their order). An account that has
 * used nothing ranks above every one that has; one with no shares ranks last.
 */
export function levelFairShare(shares: number, usage: number): number {
  if (shares <= 0) return 0;
  return usage > 0 ? shares / usage : Infinity;
}

/** A (group, user) leaf of the tree: every pending job of that user charged to that group. */
interface Leaf {
  group: AccountState;
  user: AccountState;
  groupKey: number;
  userKey: number;
  factor: number;
}

function leavesOf(charged: ChargedStates, count: number): { leaves: Leaf[]; leafOf: Int32Array } {
  const byGroup = new Map<AccountState, Map<AccountState, number>>();
  const leaves: Leaf[] = [];
  const leafOf = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    const group = charged.group[i] as AccountState;
    const user = charged.user[i] as AccountState;
    let users = byGroup.get(group);
    if (!users) byGroup.set(group, (users = new Map<AccountState, number>()));
    let leaf = users.get(user);
    if (leaf === undefined) {
      leaf = leaves.length;
      users.set(user, leaf);
      leaves.push({ group, user, groupKey: 0, userKey: 0, factor: 0 });
    }
    leafOf[i] = leaf;
  }
  return { leaves, leafOf };
}

function byName(a: AccountState, b: AccountState): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

// Groups by level fair share; tied groups are merged and their users sorted together (as in
// Slurm's Fair Tree), so two untouched groups do not rank one's users all above the other's.
function treeOrder(leaves: Leaf[]): Leaf[] {
  for (const leaf of leaves) {
    leaf.groupKey = levelFairShare(leaf.group.shares, leaf.group.fairShareUsage);
    leaf.userKey = levelFairShare(leaf.user.shares, leaf.user.fairShareUsage);
  }
  return [...leaves].sort(
    (a, b) =>
      b.groupKey - a.groupKey ||
      b.userKey - a.userKey ||
      byName(a.group, b.group) ||
      byName(a.user, b.user),
  );
}

function sameRank(a: Leaf | undefined, b: Leaf): boolean {
  return a !== undefined && a.groupKey === b.groupKey && a.userKey === b.userKey;
}

/**
 * The fair-share factor of every pending job: the Fair Tree rank of its (group, user) leaf over
 * the number of leaves, so the most under-served leaf gets 1 and the least gets 1/N. Tied leaves
 * share the higher rank.
 */
export function fairTreeFactors(charged: ChargedStates, count: number): Float64Array {
  const { leaves, leafOf } = leavesOf(charged, count);
  const ordered = treeOrder(leaves);
  let rank = ordered.length;
  ordered.forEach((leaf, i) => {
    if (!sameRank(ordered[i - 1], leaf)) rank = ordered.length - i;
    leaf.factor = rank / ordered.length;
  });
  const factors = new Float64Array(count);
  for (let i = 0; i < count; i += 1) factors[i] = leaves[leafOf[i] as number]?.factor ?? 0;
  return factors;
}
