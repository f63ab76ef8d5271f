/**
 * @module Admin API entry point (placeholder until the ledger work lands).
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 501,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { message: 'Admin API not deployed yet.', type: 'server_error', code: null, param: null } }),
});

export { handler };
