/** @module Resolves a Bedrock `modelId` (model id, inference profile id or ARN) to a known model. */

import type { EmbeddingDialect, EmulatorModel, EmulatorModelKind, InferenceProfileGeo } from './types';

const PROFILE_GEOS: readonly InferenceProfileGeo[] = ['us-gov', 'us', 'eu', 'apac', 'global', 'jp', 'au', 'ca'];

/** `arn:aws:bedrock:REGION:ACCOUNT:RESOURCE-TYPE/ID`, in any AWS partition. */
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:([a-z-]+)\/(.+)$/;

/** Dialects by model id pattern, for models given without `embeddingDialect`. */
const EMBEDDING_DIALECT_PATTERNS: readonly { readonly pattern: RegExp; readonly dialect: EmbeddingDialect }[] = [
  { pattern: /^amazon\.titan-embed-text-v2/, dialect: 'titan-text-v2' },
  { pattern: /^cohere\.embed-(english|multilingual)-v3/, dialect: 'cohere-v3' },
  { pattern: /^cohere\.embed-v4/, dialect: 'cohere-v4' },
];

/** Options that shape resolution beyond the model list. */
interface ModelResolverOptions {
  /** Application inference profile id (last ARN segment) to foundation model id. */
  readonly applicationInferenceProfiles?: Readonly<Record<string, string>>;
}

/** Result of resolving a model id: the model, and the profile prefix if one was used. */
interface ResolvedModel {
  readonly model: EmulatorModel;
  readonly profileGeo?: InferenceProfileGeo;
}

/**
 * Looks up models by the many names Bedrock accepts for them.
 *
 * Application inference profiles cannot be known in advance, so any such ARN resolves: to the model
 * configured for its id, else to the first model of the kind the operation needs.
 */
class ModelResolver {
  private readonly byId: ReadonlyMap<string, EmulatorModel>;

  constructor(
    readonly models: readonly EmulatorModel[],
    private readonly options: ModelResolverOptions = {},
  ) {
    this.byId = new Map(models.map((model) => [model.modelId, model]));
  }

  /** Resolves `modelId`, or returns undefined when Bedrock would call the identifier invalid. */
  resolve(modelId: string, kind: EmulatorModelKind): ResolvedModel | undefined {
    const arn = BEDROCK_ARN.exec(modelId);
    if (arn) return this.resolveArn(arn[1] ?? '', arn[2] ?? '', kind);
    return this.resolveId(modelId);
  }

  private resolveId(id: string): ResolvedModel | undefined {
    const direct = this.byId.get(id);
    if (direct) return { model: direct };
    for (const geo of PROFILE_GEOS) {
      if (id.startsWith(`${geo}.`)) {
        const model = this.byId.get(id.slice(geo.length + 1));
        return model ? { model, profileGeo: geo } : undefined;
      }
    }
    return undefined;
  }

  private resolveArn(resourceType: string, resourceId: string, kind: EmulatorModelKind): ResolvedModel | undefined {
    switch (resourceType) {
      case 'foundation-model': {
        const model = this.byId.get(resourceId);
        return model ? { model } : undefined;
      }
      case 'inference-profile':
        return this.resolveId(resourceId);
      case 'application-inference-profile': {
        const mapped = this.options.applicationInferenceProfiles?.[resourceId];
        const model = mapped ? this.byId.get(mapped) : this.models.find((candidate) => candidate.kind === kind);
        return model ? { model } : undefined;
      }
      default:
        return undefined;
    }
  }
}

/** The embedding dialect of a model: its own setting, else the one its id implies. */
function embeddingDialectOf(model: EmulatorModel): EmbeddingDialect | undefined {
  return model.embeddingDialect ?? EMBEDDING_DIALECT_PATTERNS.find(({ pattern }) => pattern.test(model.modelId))?.dialect;
}

export { ModelResolver, embeddingDialectOf };
export type { ModelResolverOptions, ResolvedModel };
