import { QualityInputError } from './quality-input-error.js';

/** One judgement: which of two items (answers, models) an annotator preferred, the left one being shown first. */
export interface PairwiseComparison {
  left: string;
  right: string;
  outcome: 'left' | 'right' | 'tie';
}

export interface BradleyTerryOptions {
  /**
   * Weight of a Gaussian prior centred on 0 on every log-parameter (default 0.01). It keeps the fit finite when an
   * item won every comparison it was in, or the left side won every time, and is too weak to move well-measured items.
   */
  prior?: number;
  maxIterations?: number;
  /** Stop when no log-parameter moves by more than this in a sweep (default 1e-9). */
  tolerance?: number;
}

export interface BradleyTerryItem {
  item: string;
  /** log-strength, centred so that the items' mean is 0; the odds of i over j (no position, no tie) are exp(si - sj). */
  strength: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface BradleyTerryResult {
  /** Strongest first. */
  items: BradleyTerryItem[];
  /**
   * Position bias: the fitted factor theta by which being shown on the left multiplies an item's strength (1 = none,
   * above 1 = annotators favour the left answer), and the raw share of decided comparisons the left side won.
   */
  positionBias: { theta: number; leftWinShare: number };
  /** Davidson's tie parameter nu (0 when no comparison was a tie) and the raw share of ties. */
  ties: { nu: number; share: number };
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/**
 * Fits a Bradley-Terry model to pairwise preferences, with Davidson's extension for ties and an order effect for the
 * side an item was shown on, so that a preference for whatever comes first is measured and taken out of the
 * strengths instead of being mistaken for quality:
 *
 *   P(left wins) = theta*pl / D,  P(right wins) = pr / D,  P(tie) = nu*sqrt(theta*pl*pr) / D,  D = the sum of the three.
 *
 * In log-parameters this is a multinomial logit whose utilities are linear, so the log-likelihood is concave; it is
 * maximised by Newton steps (directions by preconditioned conjugate gradients, so many items cost little), each
 * step halved until the penalised likelihood rises.
 *
 * References: R. A. Bradley and M. E. Terry, Biometrika 39, 1952; R. R. Davidson, "On extending the Bradley-Terry
 * model to accommodate ties", JASA 65, 1970; R. R. Davidson and R. J. Beaver, "On extending the Bradley-Terry model
 * to incorporate within-pair order effects", Biometrics 33, 1977.
 */
export function bradleyTerry(comparisons: readonly PairwiseComparison[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  if (comparisons.length === 0) throw new QualityInputError('no comparisons to fit');
  const prior = options.prior ?? 0.01;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-9;
  if (!(prior > 0)) throw new QualityInputError(`prior must be positive, got ${prior}`);

  const index = new Map<string, number>();
  const idOf = (item: string) => {
    let i = index.get(item);
    if (i === undefined) index.set(item, (i = index.size));
    return i;
  };
  const n = comparisons.length;
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const outcome = new Uint8Array(n); // 0 left, 1 right, 2 tie
  let ties = 0;
  let leftWins = 0;
  for (let c = 0; c < n; c++) {
    const cmp = comparisons[c]!;
    if (cmp.left === cmp.right) throw new QualityInputError(`comparison ${c} compares "${cmp.left}" with itself`);
    if (cmp.outcome !== 'left' && cmp.outcome !== 'right' && cmp.outcome !== 'tie') {
      throw new QualityInputError(`comparison ${c}: outcome must be left, right or tie, got "${String(cmp.outcome)}"`);
    }
    left[c] = idOf(cmp.left);
    right[c] = idOf(cmp.right);
    outcome[c] = cmp.outcome === 'left' ? 0 : cmp.outcome === 'right' ? 1 : 2;
    if (cmp.outcome === 'tie') ties += 1;
    if (cmp.outcome === 'left') leftWins += 1;
  }
  const m = index.size;
  const withTies = ties > 0;
  // parameters: m log-strengths, then log theta, then log nu (fixed at -infinity, i.e. nu = 0, without ties)
  const P = m + 2;
  const THETA = m;
  const NU = m + 1;
  let params = new Float64Array(P);
  const grad = new Float64Array(P);
  const diag = new Float64Array(P); // the diagonal of the negated Hessian, CG's preconditioner
  const probs = new Float64Array(3 * n); // each comparison's (pa, pb, pt) at the current parameters
  const h = withTies ? 0.5 : 0;
  // parameter j of a comparison (its left item, right item, theta, nu) loads on the utilities (a, b, t) with these weights
  const wa = [1, 0, 1, 0];
  const wb = [0, 1, 0, 0];
  const wt = [h, h, h, 1];
  const loads = withTies ? 4 : 3;
  const idsOf = (c: number, into: number[]) => {
    into[0] = left[c]!;
    into[1] = right[c]!;
    into[2] = THETA;
    into[3] = NU;
  };
  const ids = [0, 0, 0, 0];

  const evaluate = (x: Float64Array, withDerivatives: boolean): number => {
    if (withDerivatives) {
      grad.fill(0);
      diag.fill(0);
    }
    let ll = 0;
    for (let c = 0; c < n; c++) {
      const l = left[c]!;
      const r = right[c]!;
      const a = x[THETA]! + x[l]!;
      const b = x[r]!;
      const t = withTies ? x[NU]! + (x[THETA]! + x[l]! + x[r]!) / 2 : -Infinity;
      const top = Math.max(a, b, t);
      const ea = Math.exp(a - top);
      const eb = Math.exp(b - top);
      const et = withTies ? Math.exp(t - top) : 0;
      const d = ea + eb + et;
      const pa = ea / d;
      const pb = eb / d;
      const pt = et / d;
      const y = outcome[c]!;
      ll += (y === 0 ? a : y === 1 ? b : t) - top - Math.log(d);
      if (!withDerivatives) continue;
      probs[3 * c] = pa;
      probs[3 * c + 1] = pb;
      probs[3 * c + 2] = pt;
      const ra = (y === 0 ? 1 : 0) - pa;
      const rb = (y === 1 ? 1 : 0) - pb;
      const rt = (y === 2 ? 1 : 0) - pt;
      idsOf(c, ids);
      for (let j = 0; j < loads; j++) {
        const k = ids[j]!;
        grad[k] = grad[k]! + wa[j]! * ra + wb[j]! * rb + wt[j]! * rt;
        const mean = wa[j]! * pa + wb[j]! * pb + wt[j]! * pt;
        diag[k] = diag[k]! + wa[j]! * wa[j]! * pa + wb[j]! * wb[j]! * pb + wt[j]! * wt[j]! * pt - mean * mean;
      }
    }
    let penalty = 0;
    for (let k = 0; k < P; k++) {
      if (k === NU && !withTies) continue;
      penalty += x[k]! * x[k]!;
      if (withDerivatives) {
        grad[k] = grad[k]! - prior * x[k]!;
        diag[k] = diag[k]! + prior;
      }
    }
    if (withDerivatives && !withTies) diag[NU] = 1;
    return ll - (prior / 2) * penalty;
  };

  /**
   * out = (negated Hessian) v, from the probabilities of the last evaluation: the multinomial logit's Hessian is
   * -(sum_u wj wk p_u - (sum_u wj p_u)(sum_u wk p_u)) per comparison, plus the prior.
   */
  const hessianTimes = (v: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let c = 0; c < n; c++) {
      const pa = probs[3 * c]!;
      const pb = probs[3 * c + 1]!;
      const pt = probs[3 * c + 2]!;
      idsOf(c, ids);
      // with u = sum_j w_j v_j per utility: (H v)_j = sum_u w_j,u p_u u_u - (sum_u w_j,u p_u)(sum_u p_u u_u)
      let ua = 0;
      let ub = 0;
      let ut = 0;
      for (let j = 0; j < loads; j++) {
        const vj = v[ids[j]!]!;
        ua += wa[j]! * vj;
        ub += wb[j]! * vj;
        ut += wt[j]! * vj;
      }
      const mix = pa * ua + pb * ub + pt * ut;
      for (let j = 0; j < loads; j++) {
        const k = ids[j]!;
        const mean = wa[j]! * pa + wb[j]! * pb + wt[j]! * pt;
        out[k] = out[k]! + wa[j]! * pa * ua + wb[j]! * pb * ub + wt[j]! * pt * ut - mean * mix;
      }
    }
    for (let k = 0; k < P; k++) out[k] = k === NU && !withTies ? v[k]! : out[k]! + prior * v[k]!;
  };

  let objective = evaluate(params, true);
  let iterations = 0;
  let converged = false;
  const trial = new Float64Array(P);
  const direction = new Float64Array(P);
  const cg = { r: new Float64Array(P), z: new Float64Array(P), p: new Float64Array(P), hp: new Float64Array(P) };
  while (iterations < maxIterations) {
    iterations += 1;
    newtonDirection(hessianTimes, grad, diag, direction, cg);
    if (!withTies) direction[NU] = 0;
    let step = 1;
    let accepted = false;
    let moved = 0;
    for (let halvings = 0; halvings < 40; halvings++) {
      moved = 0;
      for (let k = 0; k < P; k++) {
        const delta = step * direction[k]!;
        trial[k] = params[k]! + delta;
        moved = Math.max(moved, Math.abs(delta));
      }
      const value = evaluate(trial, false);
      if (value >= objective - 1e-12) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) {
      converged = true; // no ascent left at machine precision
      break;
    }
    params = Float64Array.from(trial);
    // Adding a constant to every strength leaves the likelihood unchanged; only the prior pins it. Centring removes
    // that direction outright (and only raises the penalised objective).
    centre(params, m);
    const previous = objective;
    objective = evaluate(params, true);
    if (moved < tolerance || objective - previous <= 1e-13 * Math.max(1, Math.abs(objective))) {
      converged = true;
      break;
    }
  }

  const counts = Array.from({ length: m }, () => ({ wins: 0, losses: 0, ties: 0 }));
  for (let c = 0; c < n; c++) {
    const l = counts[left[c]!]!;
    const r = counts[right[c]!]!;
    if (outcome[c] === 0) {
      l.wins += 1;
      r.losses += 1;
    } else if (outcome[c] === 1) {
      r.wins += 1;
      l.losses += 1;
    } else {
      l.ties += 1;
      r.ties += 1;
    }
  }
  const items = [...index.entries()]
    .map(([item, i]) => ({ item, strength: params[i]!, ...counts[i]! })) // centred at every step
    .sort((x, y) => y.strength - x.strength || x.item.localeCompare(y.item));
  const decided = n - ties;
  return {
    items,
    positionBias: { theta: Math.exp(params[THETA]!), leftWinShare: decided > 0 ? leftWins / decided : 0.5 },
    ties: { nu: withTies ? Math.exp(params[NU]!) : 0, share: ties / n },
    // `objective` is the penalised log-likelihood at `params`: add the penalty back
    logLikelihood: objective + (prior / 2) * sumSquares(params, withTies ? P : P - 1),
    iterations,
    converged,
  };
}

/**
 * The Newton direction d with (negated Hessian) d = g, by conjugate gradients preconditioned with the diagonal: one
 * pass over the comparisons per CG step, so it scales to many items, and exact (up to 1e-10 relative residual) on
 * the small problems where CG needs few steps.
 */
function newtonDirection(
  hessianTimes: (v: Float64Array, out: Float64Array) => void,
  g: Float64Array,
  diag: Float64Array,
  x: Float64Array,
  w: { r: Float64Array; z: Float64Array; p: Float64Array; hp: Float64Array },
): void {
  const size = g.length;
  x.fill(0);
  w.r.set(g);
  let rz = 0;
  let norm0 = 0;
  for (let k = 0; k < size; k++) {
    w.z[k] = w.r[k]! / diag[k]!;
    w.p[k] = w.z[k]!;
    rz += w.r[k]! * w.z[k]!;
    norm0 += g[k]! * g[k]!;
  }
  if (norm0 === 0) return;
  for (let it = 0; it < Math.min(size, 200); it++) {
    hessianTimes(w.p, w.hp);
    let php = 0;
    for (let k = 0; k < size; k++) php += w.p[k]! * w.hp[k]!;
    if (!(php > 0)) return;
    const alpha = rz / php;
    let norm = 0;
    for (let k = 0; k < size; k++) {
      x[k] = x[k]! + alpha * w.p[k]!;
      w.r[k] = w.r[k]! - alpha * w.hp[k]!;
      norm += w.r[k]! * w.r[k]!;
    }
    if (norm <= 1e-20 * norm0) return;
    let rzNext = 0;
    for (let k = 0; k < size; k++) {
      w.z[k] = w.r[k]! / diag[k]!;
      rzNext += w.r[k]! * w.z[k]!;
    }
    const beta = rzNext / rz;
    rz = rzNext;
    for (let k = 0; k < size; k++) w.p[k] = w.z[k]! + beta * w.p[k]!;
  }
}

function centre(x: Float64Array, m: number): void {
  let mean = 0;
  for (let i = 0; i < m; i++) mean += x[i]!;
  mean /= m;
  for (let i = 0; i < m; i++) x[i] = x[i]! - mean;
}

function sumSquares(x: Float64Array, count: number): number {
  let s = 0;
  for (let k = 0; k < count; k++) s += x[k]! * x[k]!;
  return s;
}

/**
 * The probability that `a` is better than `b` under a fitted model with the position effect taken out (as if each
 * were shown on the left half the time) and ties set aside: exp(sa) / (exp(sa) + exp(sb)).
 */
export function preferenceProbability(result: BradleyTerryResult, a: string, b: string): number {
  const sa = result.items.find((i) => i.item === a)?.strength;
  const sb = result.items.find((i) => i.item === b)?.strength;
  if (sa === undefined || sb === undefined) throw new QualityInputError(`no strength for "${sa === undefined ? a : b}": it was in no comparison`);
  return 1 / (1 + Math.exp(sb - sa));
}
