/**
 * @module Admin API input: zod schemas for bodies and query strings, and the 400 they fail with.
 */
// A namespace import lets esbuild drop zod's unused locales (~260 KB); `import { z }` keeps them all.
import * as z from 'zod';
import { usdToNanoUsd } from '../catalog/pricing';
import { BUDGET_PERIODS, SUBJECT_KINDS } from '../ledger/table-keys';
import { USAGE_GROUP_BY } from '../ledger/usage-report';
import { InvalidRequestError } from '../platform/errors';
import { storageIdProblem, type StorageIdKind } from '../platform/storage-ids';

/** Largest budget accepted: keeps every nano-USD sum far inside exact integer range. */
const MAX_BUDGET_USD = 1_000_000;
/** Longest usage report range. */
const MAX_REPORT_DAYS = 366;

const usd = z
  .number()
  .finite()
  .min(0)
  .max(MAX_BUDGET_USD)
  .refine(
    (value) => {
      try {
        usdToNanoUsd(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must have at most 9 decimals' },
  );

/** Alert thresholds in percent of the limit; stored sorted and without repeats. */
const alertThresholds = z
  .array(z.number().int().min(1).max(100))
  .max(10)
  .transform((values) => [...new Set(values)].sort((a, b) => a - b));

const budgetSchema = z.strictObject({ usd, period: z.enum(BUDGET_PERIODS), alertThresholds: alertThresholds.optional() });

const limitsSchema = z
  .strictObject({
    rpm: z.number().int().positive().max(1_000_000).optional(),
    tpm: z.number().int().positive().max(1_000_000_000).optional(),
  })
  .refine((value) => value.rpm !== undefined || value.tpm !== undefined, { message: 'set rpm, tpm or both', path: ['rpm'] });

const identifier = z.string().trim().min(1).max(256);
const subjectKindSchema = z.enum(SUBJECT_KINDS);

/** A value that becomes part of a ledger key: refused here, naming the field, rather than by DynamoDB as a 500. */
function storableId(kind: StorageIdKind) {
  return z
    .string()
    .trim()
    .superRefine((value, context) => {
      const problem = storageIdProblem(kind, value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    });
}
const team = storableId('team');
const models = z.array(z.string().trim().min(1).max(256)).max(500);
const futureDate = z.iso.datetime({ offset: true });

const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(128),
  team: team.optional(),
  models: models.optional(),
  budget: budgetSchema.optional(),
  limits: limitsSchema.optional(),
  expiresAt: futureDate.optional(),
});

const updateKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(128).optional(),
  team: team.nullable().optional(),
  models: models.nullable().optional(),
  budget: budgetSchema.nullable().optional(),
  limits: limitsSchema.nullable().optional(),
  expiresAt: futureDate.nullable().optional(),
});

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((value) => value.slice(0, 10));

/** Response formats of the usage report. */
const REPORT_FORMATS = ['json', 'csv'] as const;

const usageQuerySchema = z.strictObject({
  key: storableId('keyId').optional(),
  team: team.optional(),
  principal: storableId('principal').optional(),
  model: identifier.optional(),
  from: day.optional(),
  to: day.optional(),
  groupBy: z.enum(USAGE_GROUP_BY).default('model'),
  format: z.enum(REPORT_FORMATS).optional(),
});

/** `?kind=` of the budget and limit lists. */
const policyListQuerySchema = z.strictObject({ kind: subjectKindSchema.optional() });

/** A positive integer sent as a query string value. */
const queryInteger = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** Most alerts one list returns. */
const MAX_ALERTS_LISTED = 500;

const alertsQuerySchema = z.strictObject({ limit: queryInteger(MAX_ALERTS_LISTED).default(50) });

/** `?allowNewTeam=true` confirms a budget or limits for a team no key or recorded usage names yet. */
const policyWriteQuerySchema = z.strictObject({ allowNewTeam: z.enum(['true', 'false']).transform((value) => value === 'true').optional() });

type CreateKeyBody = z.infer<typeof createKeySchema>;
type UpdateKeyBody = z.infer<typeof updateKeySchema>;
type BudgetBody = z.infer<typeof budgetSchema>;
type LimitsBody = z.infer<typeof limitsSchema>;
type UsageQuery = z.infer<typeof usageQuerySchema>;
type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Turns the first zod issue into a 400 that names the field. */
function invalid(error: z.ZodError, prefix?: string): InvalidRequestError {
  const issue = error.issues[0];
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [prefix, ...(issue?.path ?? []).map(String), unknownKey].filter((part): part is string => part !== undefined && part !== '');
  const param = path.length > 0 ? path.join('.') : null;
  const detail = issue?.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((key) => `'${key}'`).join(', ')}` : issue?.message;
  return new InvalidRequestError(`Invalid ${param === null ? 'request' : `'${param}'`}: ${detail ?? 'invalid value'}.`, {
    param,
    code: 'invalid_value',
  });
}

/** Validates `value` or throws a 400 naming the field. */
function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error, prefix);
  return result.data;
}

/** Parses a JSON request body; an empty or malformed body is a 400. */
function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new InvalidRequestError('The request body must be a JSON object.', { code: 'invalid_json' });
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON.', { code: 'invalid_json' });
  }
}

export {
  MAX_ALERTS_LISTED,
  MAX_REPORT_DAYS,
  alertsQuerySchema,
  storableId,
  budgetSchema,
  createKeySchema,
  limitsSchema,
  parseJsonBody,
  parseWith,
  policyListQuerySchema,
  policyWriteQuerySchema,
  subjectKindSchema,
  updateKeySchema,
  usageQuerySchema,
};
export type { BudgetBody, CreateKeyBody, LimitsBody, ReportFormat, UpdateKeyBody, UsageQuery };
