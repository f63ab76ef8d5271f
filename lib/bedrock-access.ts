/**
 * @module Least-privilege Bedrock permissions: the gateway invokes only the catalog's models; the
 * read-only list and Price List actions (on `*`, with a stated reason) go only to the functions that
 * fetch the live catalog (maintenance, admin), never to the gateway, which reads the snapshot.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { bedrockInvokeResourceArns, type CatalogEntry, type ModelCatalog } from '../lambda/catalog';
import type { RouteTable } from '../lambda/routing/route-types';

/**
 * The Bedrock runtime actions the gateway calls: Converse and ConverseStream authorize as InvokeModel
 * and InvokeModelWithResponseStream; CountTokens (on the bare foundation model, for
 * `/v1/messages/count_tokens` and `/bedrock/.../count-tokens`) is an action of its own, whose only
 * resource type is `foundation-model`.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html
 */
const BEDROCK_INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:CountTokens'] as const;

/**
 * Control-plane list actions. The Service Authorization Reference lists no resource type for them,
 * so IAM accepts only `Resource: "*"`; they return metadata, never invoke anything.
 */
const BEDROCK_LIST_ACTIONS = ['bedrock:ListFoundationModels', 'bedrock:ListInferenceProfiles'] as const;

/** Room for ARNs in one managed policy (limit 6,144 characters without whitespace, minus the statement). */
const MANAGED_POLICY_BUDGET_CHARS = 5800;

/** Managed policies per role default to 10; keep room for others. */
const MAX_INVOKE_POLICIES = 6;

/** Splits `items` into runs whose estimated JSON size (from `sizing`, index-aligned) stays under `budget`. */
function chunkBySize(items: readonly string[], sizing: readonly string[], budget: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  items.forEach((item, index) => {
    const itemSize = (sizing[index] ?? item).length + 3; // quotes and comma
    if (current.length > 0 && size + itemSize > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface BedrockAccessProps {
  /** The principal that calls Bedrock (the gateway function's role). */
  readonly grantee: iam.IGrantable;
  /** The models it may call: every served entry's model, profile and destination-region ARNs. */
  readonly catalog: ModelCatalog;
  /**
   * Routing table whose targets may name other Regions or inference profiles than the catalog's
   * defaults; their ARNs (in the target's Region) are granted too.
   * @default - no routes
   */
  readonly routes?: RouteTable;
  /**
   * Guardrail applied to requests (`bedrock:ApplyGuardrail` on that guardrail only).
   * @default - no guardrail permission
   */
  readonly guardrailId?: string;
  /**
   * The catalog merges the live listing (`catalogRefresh`): invoke also on every foundation model and
   * this account's inference profiles (system-defined and application), since models the listing
   * brings later are not known at synthesis. @default false
   */
  readonly liveCatalog?: boolean;
}

/** The AWS Price List action the live catalog reads prices with (no resource type: `*` only). */
const PRICE_LIST_ACTIONS = ['pricing:GetProducts'] as const;

const LIST_REASON =
  'bedrock:ListFoundationModels, bedrock:ListInferenceProfiles and pricing:GetProducts use "*": the Service Authorization Reference defines no resource type for these read-only list actions.';

/**
 * Grants the read-only calls of a catalog refresh (the two Bedrock list actions and the Price List's
 * GetProducts, all on `*`, the only resource IAM accepts for them) to a function's role: the
 * functions that fetch the live listing into the catalog snapshot (maintenance, admin).
 */
function grantCatalogRefresh(fn: iam.IGrantable & Construct): void {
  const policy = new iam.Policy(fn, 'CatalogRefreshPolicy', {
    statements: [new iam.PolicyStatement({ sid: 'ListModelsAndPrices', actions: [...BEDROCK_LIST_ACTIONS, ...PRICE_LIST_ACTIONS], resources: ['*'] })],
  });
  const role = fn.grantPrincipal;
  if (role instanceof iam.Role) policy.attachToRole(role);
  Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: LIST_REASON });
}

/**
 * Grants a principal `bedrock:InvokeModel`, `bedrock:InvokeModelWithResponseStream` and `bedrock:CountTokens` on exactly
 * the resources `bedrockInvokeResourceArns` derives from the catalog (never `bedrock:*`, never `*`),
 * and `bedrock:ApplyGuardrail` on the configured guardrail. No list or Price List action: the
 * gateway answers the Bedrock listings from its catalog and reads the live catalog's snapshot from
 * the ledger table.
 *
 * Converse and ConverseStream need no actions of their own: IAM authorizes them as InvokeModel
 * and InvokeModelWithResponseStream.
 */
class BedrockAccess extends Construct {
  /** The invoke resource ARNs granted, for tests and reviews. */
  readonly invokeResourceArns: readonly string[];
  /** Customer-managed policies holding the invoke grants (the catalog's ARNs; with the live catalog, also the listed models'). */
  readonly invokePolicies: readonly iam.ManagedPolicy[];
  /** Inline policy with the guardrail grant; undefined without a guardrail. */
  readonly policy: iam.Policy | undefined;

  constructor(scope: Construct, id: string, props: BedrockAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const entries = props.catalog.list();
    if (entries.length === 0) {
      throw new Error(`BedrockAccess ${id}: the catalog serves no model; check "models" and "catalog.allowList" in the gateway config.`);
    }
    // One group per Region: the catalog in the stack's Region, then each route target in its own.
    const groups: { entries: readonly CatalogEntry[]; region?: string }[] = [{ entries }];
    for (const route of props.routes?.values() ?? []) {
      for (const target of route.targets) groups.push({ entries: [target.model], region: target.region });
    }
    const applicationInferenceProfileArns = props.catalog.applicationInferenceProfileArns;
    const arns: string[] = [];
    const sizing: string[] = [];
    const seen = new Set<string>();
    for (const group of groups) {
      const granted = bedrockInvokeResourceArns({
        entries: group.entries,
        applicationInferenceProfileArns,
        region: group.region ?? stack.region,
        account: stack.account,
        partition: stack.partition,
      });
      // The same ARNs with the longest concrete values in place of the tokens, to size the policies.
      // The fake Region matches no destination Region, so the two lists stay index-aligned.
      const sized = bedrockInvokeResourceArns({
        entries: group.entries,
        applicationInferenceProfileArns,
        region: group.region ?? 'xx-xxxxxxxxx-9',
        account: '123456789012',
        partition: 'aws-us-gov',
      });
      granted.forEach((arn, index) => {
        if (seen.has(arn)) return;
        seen.add(arn);
        arns.push(arn);
        sizing.push(sized[index] ?? arn);
      });
    }
    this.invokeResourceArns = arns;
    const role = props.grantee.grantPrincipal;
    if (!(role instanceof iam.Role)) {
      throw new Error(`BedrockAccess ${id}: the grantee must be backed by an IAM role created in this app.`);
    }

    // A role's inline policies share 10,240 characters; the catalog alone comes close. The invoke
    // grants go into customer-managed policies (6,144 characters each), as many as needed.
    const chunks = chunkBySize(this.invokeResourceArns, sizing, MANAGED_POLICY_BUDGET_CHARS);
    if (chunks.length > MAX_INVOKE_POLICIES) {
      throw new Error(
        `BedrockAccess ${id}: the catalog needs ${chunks.length} invoke policies (at most ${MAX_INVOKE_POLICIES}); narrow it with "models".`,
      );
    }
    const catalogPolicies = chunks.map(
      (resources, index) =>
        new iam.ManagedPolicy(this, `InvokePolicy${index}`, {
          description: `Invoke the gateway catalog's Bedrock models (part ${index + 1} of ${chunks.length})`,
          statements: [
            new iam.PolicyStatement({ sid: `InvokeCatalogModels${index}`, actions: [...BEDROCK_INVOKE_ACTIONS], resources }),
          ],
          roles: [role],
        }),
    );
    // A managed policy too, so that every role given the invoke policies (the audit role) can call listed models.
    const listedPolicy =
      props.liveCatalog === true
        ? new iam.ManagedPolicy(this, 'InvokeListedModelsPolicy', {
            description: "Invoke the models the gateway's live catalog lists (unknown at synthesis)",
            statements: [
              new iam.PolicyStatement({
                sid: 'InvokeListedModels',
                actions: [...BEDROCK_INVOKE_ACTIONS],
                resources: [
                  `arn:${stack.partition}:bedrock:*::foundation-model/*`,
                  `arn:${stack.partition}:bedrock:*:${stack.account}:inference-profile/*`,
                  `arn:${stack.partition}:bedrock:*:${stack.account}:application-inference-profile/*`,
                ],
              }),
            ],
            roles: [role],
          })
        : undefined;
    if (listedPolicy !== undefined) {
      const reason =
        "With catalogRefresh on, invoke is granted on every foundation model and this account's inference profiles (system-defined and application): models the live listing brings are unknown at synthesis; the gateway's catalog decides what is served.";
      for (const resource of [
        'arn:<AWS::Partition>:bedrock:*::foundation-model/*',
        'arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:inference-profile/*',
        'arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:application-inference-profile/*',
      ]) {
        Validations.of(listedPolicy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
      }
    }
    this.invokePolicies = listedPolicy === undefined ? catalogPolicies : [...catalogPolicies, listedPolicy];

    const statements: iam.PolicyStatement[] = [];
    if (props.guardrailId !== undefined) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ApplyGuardrail',
          actions: ['bedrock:ApplyGuardrail'],
          resources: [
            props.guardrailId.startsWith('arn:')
              ? props.guardrailId
              : stack.formatArn({ service: 'bedrock', resource: 'guardrail', resourceName: props.guardrailId }),
          ],
        }),
      );
    }
    this.policy = statements.length === 0 ? undefined : new iam.Policy(this, 'Resource', { statements });
    this.policy?.attachToRole(role);
  }
}

export { BEDROCK_INVOKE_ACTIONS, BEDROCK_LIST_ACTIONS, BedrockAccess, PRICE_LIST_ACTIONS, chunkBySize, grantCatalogRefresh };
export type { BedrockAccessProps };
