/**
 * @module The admin CLI (`npm run admin -- ...`): every admin route as a command (local/admin-cli/commands.ts).
 *
 * Locally it sends `GATEWAY_ADMIN_TOKEN` (or `--token`); against AWS it signs requests with SigV4
 * (service `execute-api`) using the default credential chain. Answers go to stdout, failures to
 * stderr with what to do; the exit code is 0, 1 (the request failed) or 2 (the command line is wrong).
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { parseArgs } from 'node:util';
import { createStsIdentityToken } from '../lambda/identity/sts-token-presigner';
import { createAdminApiClient, type AdminApiClient } from '../local/admin-api-client';
import {
  CliError,
  DEPLOYED_URL_HINT,
  EXIT,
  LOCAL_TOKEN_HINT,
  apiFailure,
  isCredentialsError,
  isLocalUrl,
  noCredentials,
  renderFailure,
  sendFailure,
  usageError,
} from '../local/admin-cli/cli-errors';
import { COMMANDS, COMMAND_FLAGS, GLOBAL_FLAGS, findCommand, type CliCommand, type CommandContext, type FlagName, type FlagValues } from '../local/admin-cli/commands';

const DEFAULT_URL = 'http://127.0.0.1:4000';

const USAGE = [
  'Usage: npm run admin -- <command> [arguments] [options]',
  '',
  'Commands:',
  ...COMMANDS.map((command) => `  ${command.words}${command.synopsis === '' ? '' : ` ${command.synopsis}`}\n      ${command.summary}`),
  '',
  'KIND is key, team or principal; a principal is an IAM role ARN or a JWT principal.',
  '',
  'Options:',
  `  --url URL      gateway base URL (default: $GATEWAY_URL or ${DEFAULT_URL}); ${DEPLOYED_URL_HINT}`,
  '  --token T      admin token of a local gateway (default: $GATEWAY_ADMIN_TOKEN, printed by npm start);',
  '                 without one, requests to a non-local URL are signed with SigV4 from the default AWS credential chain',
  '  --region R     region for SigV4 (default: from the URL, $AWS_REGION or us-east-1)',
  '  --json         print the API answer as JSON',
  '',
  'Exit codes: 0 done, 1 the request failed (refused, unreachable, no credentials), 2 wrong command line.',
].join('\n');

function commandHelp(command: CliCommand): string {
  return [`Usage: npm run admin -- ${command.words}${command.synopsis === '' ? '' : ` ${command.synopsis}`}`, '', command.summary, `Calls ${command.route}.`].join('\n');
}

/** Where the CLI reads its settings and writes its output; injectable for tests. */
interface CliEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  /** Answers (stdout). */
  readonly out: (text: string) => void;
  /** Failures and usage (stderr). */
  readonly err: (text: string) => void;
}

type Json = Record<string, unknown>;

/** Parses the command line; every failure is a usage error. */
function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: { ...GLOBAL_FLAGS, ...COMMAND_FLAGS }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message.split('\n')[0] ?? 'Invalid arguments.'}`, 'See npm run admin -- --help.');
  }
}

/** Runs the CLI; resolves to the process exit code. */
async function runAdminCli(argv: readonly string[], cli: CliEnvironment): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    const found = findCommand(positionals);
    const asked = values.help === true || positionals[0] === 'help';
    if (asked || positionals.length === 0) {
      // `keys create --help` shows that command; `--help`, `help` or nothing at all, every command.
      const help = found === undefined || !asked ? USAGE : commandHelp(found.command);
      (asked ? cli.out : cli.err)(help);
      return asked ? EXIT.ok : EXIT.usage;
    }
    if (found === undefined) throw usageError(`Unknown command "${positionals.join(' ')}".`, `Commands: ${COMMANDS.map((command) => command.words).join(', ')}. See npm run admin -- --help.`);
    const { command, args } = found;
    const synopsis = `npm run admin -- ${command.words} ${command.synopsis}`.trimEnd();
    if (args.length < command.args.length) throw usageError(`${command.words} needs ${command.args.slice(args.length).join(' ')}.`, `Usage: ${synopsis}`);
    if (args.length > command.args.length) throw usageError(`Unexpected argument "${args[command.args.length] ?? ''}" for ${command.words}.`, `Usage: ${synopsis}`);
    const emptyArg = command.args.find((_, index) => (args[index] ?? '').trim() === '');
    if (emptyArg !== undefined) throw usageError(`${emptyArg} must not be empty.`, `Usage: ${synopsis}`);
    const flags: FlagValues = values;
    const misplaced = (Object.keys(COMMAND_FLAGS) as FlagName[]).find((flag) => flags[flag] !== undefined && !command.flags.includes(flag));
    if (misplaced !== undefined) throw usageError(`--${misplaced} does not apply to ${command.words}.`, `Usage: ${synopsis}`);

    let client: AdminApiClient | undefined;
    const adminClient = (): AdminApiClient => {
      if (client !== undefined) return client;
      const baseUrl = values.url ?? cli.env.GATEWAY_URL ?? DEFAULT_URL;
      const parsed = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
      if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        throw usageError(`--url (or GATEWAY_URL) is not an http(s) URL: "${baseUrl}".`, `Use e.g. ${DEFAULT_URL}; ${DEPLOYED_URL_HINT}.`);
      }
      const token = values.token ?? cli.env.GATEWAY_ADMIN_TOKEN;
      if ((token === undefined || token === '') && isLocalUrl(parsed)) {
        throw usageError(`No admin token for the local gateway at ${baseUrl}.`, `${LOCAL_TOKEN_HINT}; to manage a deployed gateway instead, set --url (or GATEWAY_URL): ${DEPLOYED_URL_HINT}.`);
      }
      client = createAdminApiClient({ baseUrl, token: token === '' ? undefined : token, region: values.region }, { env: cli.env, fetch: cli.fetch });
      return client;
    };
    const send = async (method: string, path: string, accept: string, body?: Json): Promise<string> => {
      const admin = adminClient();
      let response: Response;
      let text: string;
      try {
        response = await admin.send({ method, path, accept, body: body === undefined ? undefined : JSON.stringify(body) });
        text = await response.text();
      } catch (error) {
        throw sendFailure(error, admin, path);
      }
      if (!response.ok) throw apiFailure(response.status, text, admin.auth);
      return text;
    };
    const ctx: CommandContext = {
      args,
      flags,
      region: values.region,
      async call(method, path, body) {
        const text = await send(method, path, 'application/json', body);
        try {
          return JSON.parse(text) as Json;
        } catch {
          throw new CliError(`${method} ${path} answered with a body that is not JSON: ${text.slice(0, 200)}`, EXIT.failed, 'Is --url (or GATEWAY_URL) the gateway?');
        }
      },
      callText: (method, path, accept) => send(method, path, accept),
      identityToken: ({ region, audience }) =>
        createStsIdentityToken({ credentials: defaultProvider(), region: region ?? cli.env.AWS_REGION, audience }).catch((error: unknown) => {
          throw isCredentialsError(error) ? noCredentials('an IAM identity token (sts:GetCallerIdentity)') : error;
        }),
    };
    const output = await command.run(ctx);
    // CSV comes with CRLF record ends; a terminal and a redirect get LF, like every other answer.
    if ('raw' in output) cli.out(output.raw.replace(/\r\n/g, '\n').replace(/\n$/, ''));
    else cli.out(values.json === true ? JSON.stringify(output.answer, null, 2) : output.render(output.answer));
    return EXIT.ok;
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError(typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error), EXIT.failed);
    cli.err(renderFailure(failure));
    return failure.exitCode;
  }
}

if (require.main === module) {
  void runAdminCli(process.argv.slice(2), {
    env: process.env,
    fetch,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}

export { USAGE, runAdminCli };
export type { CliEnvironment };
