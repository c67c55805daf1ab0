import type { Finding, PiiType } from '../types.js';

/**
 * When two findings cover exactly the same characters, the earlier type in this list wins at equal
 * confidence. The resident-ID family precedes the social credit code: about 3 % of valid IDs also
 * pass the GB 32100 mod-31 check, never the other way round with a valid birth date and MOD 11-2.
 */
const priority: readonly PiiType[] = [
  'resident-id',
  'hmt-residence-permit',
  'foreigner-permanent-residence-id',
  'uscc',
  'bank-card',
  'imsi',
  'imei',
  'mobile',
];

function rank(type: PiiType): number {
  const index = priority.indexOf(type);
  return index < 0 ? priority.length : index;
}

/** True when `a` should be kept over `b`: longer span, then higher confidence, then type priority. */
function beats(a: Finding, b: Finding): boolean {
  const lengthA = a.end - a.start;
  const lengthB = b.end - b.start;
  if (lengthA !== lengthB) return lengthA > lengthB;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return rank(a.type) < rank(b.type);
}

/**
 * Keeps non-overlapping findings at or above `minConfidence`. Candidates are grouped into clusters of
 * transitively overlapping spans (linear after sorting); inside a cluster the best is kept first and
 * anything overlapping it is dropped. The loser's types are noted in the winner's `why.validators`
 * only when the same characters also passed another checksum (for the ID / USCC rule).
 */
export function resolveOverlaps(candidates: readonly Finding[], minConfidence: number): Finding[] {
  if (candidates.length === 0) return [];
  // Common case: in order, no overlap, all confident enough; nothing to decide.
  let end = 0;
  let settled = true;
  for (const candidate of candidates) {
    if (candidate.start < end || candidate.confidence < minConfidence) {
      settled = false;
      break;
    }
    end = candidate.end;
  }
  if (settled) return [...candidates];
  const eligible = candidates.filter((c) => c.confidence >= minConfidence);
  // The scanner emits almost in order (an e-mail after the runs inside it): sort only when needed.
  let sorted = true;
  for (let i = 1; i < eligible.length && sorted; i++) {
    const previous = eligible[i - 1] as Finding;
    const current = eligible[i] as Finding;
    if (current.start < previous.start || (current.start === previous.start && current.end > previous.end)) {
      sorted = false;
    }
  }
  if (!sorted) eligible.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  let cluster: Finding[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0] as Finding);
    else if (cluster.length > 1) kept.push(...pickFromCluster(cluster));
    cluster = [];
  };
  for (const candidate of eligible) {
    if (candidate.start >= clusterEnd) {
      flush();
      clusterEnd = candidate.end;
    } else clusterEnd = Math.max(clusterEnd, candidate.end);
    cluster.push(candidate);
  }
  flush();
  return kept;
}

function pickFromCluster(cluster: Finding[]): Finding[] {
  const ordered = [...cluster].sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : 0));
  const chosen: Finding[] = [];
  for (const candidate of ordered) {
    const overlapping = chosen.find((c) => c.start < candidate.end && candidate.start < c.end);
    if (overlapping === undefined) {
      chosen.push(candidate);
    } else if (overlapping.start === candidate.start && overlapping.end === candidate.end) {
      // Validator lists are shared constants: the note goes into a new list.
      overlapping.why = {
        ...overlapping.why,
        validators: [...overlapping.why.validators, `also matches ${candidate.type}`],
      };
    }
  }
  return chosen.sort((a, b) => a.start - b.start);
}
