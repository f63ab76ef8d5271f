/** @module Unit tests of the model and inference-profile listings. */

import { listFoundationModels, listInferenceProfiles } from '../../../local/bedrock-emulator/control-plane';
import type { EmulatorModel } from '../../../local/bedrock-emulator/types';

const context = { region: 'us-east-1', accountId: '111122223333' };
const MODELS: EmulatorModel[] = [
  { modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', provider: 'Anthropic', name: 'Claude Haiku 4.5', kind: 'chat', inputModalities: ['TEXT', 'IMAGE'], inferenceProfiles: ['us', 'global'] },
  { modelId: 'amazon.titan-embed-text-v2:0', provider: 'Amazon', name: 'Titan Text Embeddings V2', kind: 'embedding' },
];

describe('listFoundationModels', () => {
  it('summarises each model', () => {
    expect(listFoundationModels(MODELS, new URLSearchParams(), context).modelSummaries[0]).toEqual({
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
      modelName: 'Claude Haiku 4.5',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      customizationsSupported: [],
      inferenceTypesSupported: ['ON_DEMAND'],
      modelLifecycle: { status: 'ACTIVE' },
    });
  });

  it.each([
    { query: 'byOutputModality=EMBEDDING', ids: ['amazon.titan-embed-text-v2:0'] },
    { query: 'byProvider=anthropic', ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'] },
    { query: 'byOutputModality=IMAGE', ids: [] },
  ])('filters with $query', ({ query, ids }) => {
    expect(listFoundationModels(MODELS, new URLSearchParams(query), context).modelSummaries.map((summary) => summary.modelId)).toEqual(ids);
  });
});

describe('listInferenceProfiles', () => {
  it('lists one system-defined profile per model and geography, global ones with region-less model ARNs', () => {
    const { inferenceProfileSummaries } = listInferenceProfiles(MODELS, new URLSearchParams(), context);

    expect(inferenceProfileSummaries.map((profile) => profile.inferenceProfileId)).toEqual([
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    ]);
    expect(inferenceProfileSummaries[1]).toMatchObject({
      inferenceProfileArn: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0',
      inferenceProfileName: 'Global Claude Haiku 4.5',
      models: [{ modelArn: 'arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0' }],
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    });
  });

  it('lists no application profiles', () => {
    expect(listInferenceProfiles(MODELS, new URLSearchParams('type=APPLICATION'), context).inferenceProfileSummaries).toEqual([]);
  });

  it('pages with maxResults and nextToken', () => {
    const first = listInferenceProfiles(MODELS, new URLSearchParams('maxResults=1'), context);
    const second = listInferenceProfiles(MODELS, new URLSearchParams(`maxResults=1&nextToken=${first.nextToken}`), context);

    expect(first.nextToken).toBe('1');
    expect(second.inferenceProfileSummaries.map((profile) => profile.inferenceProfileId)).toEqual(['global.anthropic.claude-haiku-4-5-20251001-v1:0']);
    expect(second.nextToken).toBeUndefined();
  });
});
