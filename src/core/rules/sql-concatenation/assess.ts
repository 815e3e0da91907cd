/**
 * Rule-level glue shared by every language of `sql-concatenation`: from the parts of one built
 * string to "is this worth a finding, and about which value". Language modules call
 * {@link assessParts} for each construction site and {@link isSqlForSink} for the text that
 * reaches the query call.
 */
import {
  constantText,
  holeContexts,
  isReportableHole,
  sqlShape,
  type HoleContext,
  type HoleContextKind,
  type HoleSafety,
  type SqlHolePart,
  type SqlPart,
} from '../shared/sql';

export interface Assessment {
  /** One context per part (undefined for text parts). */
  readonly contexts: readonly (HoleContext | undefined)[];
  /** The first hole worth reporting, named in the message. */
  readonly hole: SqlHolePart;
  readonly context: HoleContextKind;
}

/** `undefined` when no spliced value is an injection risk. */
export function assessParts(parts: readonly SqlPart[]): Assessment | undefined {
  if (!parts.some((part) => part.kind === 'hole' && (part.safety === 'dynamic' || part.safety === 'attribute'))) return undefined;
  const contexts = holeContexts(parts);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part?.kind === 'hole' && isReportableHole(part.safety, contexts[i])) {
      return { contexts, hole: part, context: contexts[i]?.kind ?? 'clause' };
    }
  }
  return undefined;
}

/**
 * Whether the text reaching a query call is SQL. `definite` sinks take SQL by contract
 * (`whereRaw`, `$queryRawUnsafe`, `executescript`, SQLAlchemy `text`), so any text counts; other
 * calls (`query`, `execute`, `get`, `run`...) need a statement or an upper-case clause.
 */
export function isSqlForSink(parts: readonly SqlPart[], definite: boolean): boolean {
  return definite || sqlShape(constantText(parts)) !== undefined;
}

/**
 * The safety of a value made of two values (`a + b`, both branches of a conditional, every
 * definition of a variable): dynamic wins, then attribute; two different safe kinds make a constant.
 */
export function combineSafety(a: HoleSafety, b: HoleSafety): HoleSafety {
  if (a === 'dynamic' || b === 'dynamic') return 'dynamic';
  if (a === 'attribute' || b === 'attribute') return 'attribute';
  return a === b ? a : 'constant';
}
