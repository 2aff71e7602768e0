// A typed Jiuye client in one file: run `npm run build`, then
//   node dist/main.js http://127.0.0.1:8000 <API token> [village code]
// It pages through households, reads the board's headline, sends a mutation that is refused
// (an expected error, returned as data), provokes a request error, and waits for one live push
// after a write of its own. It prints one JSON line summarising what it saw, and exits 0, or
// 1 with the reason on stderr.

import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

import { graphql } from "./gql/index.js";
import type { HouseholdsPageQuery, TypedDocumentString } from "./gql/graphql.js";

// --- the operations (codegen reads these and types them) ---------------------------------

const Me = graphql(`
  query Me {
    me {
      name
      role
      regionCode
    }
  }
`);

// `totalCount` costs a COUNT query: ask for it on the first page only.
const HouseholdsPage = graphql(`
  query HouseholdsPage($after: String, $withTotal: Boolean!) {
    households(first: 50, after: $after) {
      totalCount @include(if: $withTotal)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        registryNumber
        villageCode
      }
    }
  }
`);

const Board = graphql(`
  query Board {
    dashboard {
      regionCode
      asOf
      headline {
        value
        statusLabel
      }
    }
  }
`);

const CreateHousehold = graphql(`
  mutation CreateHousehold($input: CreateHouseholdInput!) {
    createHousehold(input: $input) {
      __typename
      ... on HouseholdSuccess {
        household {
          id
          registryNumber
          villageCode
        }
      }
      ... on RecordError {
        code
        message
        problems {
          field
          code
          reason
          message
        }
      }
    }
  }
`);

// Page sizes run 1–100: 500 is a request error, not data.
const TooLargePage = graphql(`
  query TooLargePage {
    households(first: 500) {
      totalCount
    }
  }
`);

const MetricsChanged = graphql(`
  subscription MetricsChanged {
    metricsChanged {
      regionCode
      writes
      at
    }
  }
`);

// --- a small fetch client ------------------------------------------------------------------

interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; argument?: string; [key: string]: unknown };
}

interface Answer<R> {
  status: number;
  data?: R | null;
  errors?: GraphQLErrorEntry[];
}

class Api {
  constructor(
    readonly url: string,
    private readonly token: string | null,
  ) {}

  /** Send one operation; the answer as the server gave it (data, errors, HTTP status). */
  async send<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<Answer<R>> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json",
    };
    if (this.token !== null) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(this.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    if (response.status === 429) {
      throw new Error(`rate limited: retry after ${response.headers.get("Retry-After")} s`);
    }
    const body = (await response.json()) as Omit<Answer<R>, "status">;
    return { status: response.status, ...body };
  }

  /** Send one operation that must succeed: its data, or an error naming what went wrong. */
  async data<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const answer = await this.send(document, variables);
    if (answer.errors?.length || answer.data == null) {
      const first = answer.errors?.[0];
      const code = first?.extensions?.code ?? "";
      throw new Error(`HTTP ${answer.status} ${code}: ${first?.message ?? "no data"}`);
    }
    return answer.data;
  }
}

// --- the steps -------------------------------------------------------------------------------

async function allHouseholds(api: Api) {
  let after: string | null = null;
  let total: number | undefined;
  let pages = 0;
  const seen = new Set<string>();
  let firstVillage: string | null = null;
  for (;;) {
    const page: HouseholdsPageQuery = await api.data(HouseholdsPage, {
      after,
      withTotal: pages === 0,
    });
    const { households } = page;
    pages += 1;
    total ??= households.totalCount;
    for (const node of households.nodes) {
      seen.add(node.id);
      firstVillage ??= node.villageCode;
    }
    if (!households.pageInfo.hasNextPage) break;
    after = households.pageInfo.endCursor ?? null;
    if (after === null) throw new Error("hasNextPage without an endCursor");
  }
  if (total !== seen.size) {
    throw new Error(`paged through ${seen.size} households but totalCount was ${total}`);
  }
  return { summary: { pages, count: seen.size, totalCount: total }, firstVillage };
}

/** A valid 18-character resident ID number (GB 11643) in the village's county. */
function idNumber(county: string): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(Math.random() * 40 * 365) * 86_400_000);
  const day = birth.toISOString().slice(0, 10).replaceAll("-", "");
  const sequence = String(Math.floor(Math.random() * 1000)).padStart(3, "0");
  const body = `${county}${day}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const total = [...body].reduce((sum, digit, i) => sum + Number(digit) * (weights[i] ?? 0), 0);
  return body + "10X98765432"[total % 11];
}

function newHousehold(village: string) {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return {
    registryNumber: `FE-${stamp}`.toUpperCase(),
    villageCode: village,
    members: [
      {
        name: "示例户主",
        idNumber: idNumber(village.slice(0, 6)),
        relation: "HEAD" as const,
        labourCapacity: "ORDINARY" as const,
      },
    ],
  };
}

async function refusedMutation(api: Api) {
  // No village has this code: the mutation answers with a RecordError, HTTP 200, no `errors`.
  const input = newHousehold("450225999999");
  const answer = await api.send(CreateHousehold, { input });
  const result = answer.data?.createHousehold;
  if (answer.errors?.length || result?.__typename !== "RecordError") {
    throw new Error(`expected a RecordError, got ${JSON.stringify(answer)}`);
  }
  return {
    status: answer.status,
    code: result.code,
    message: result.message,
    problems: result.problems.map(({ field, code, reason }) => ({ field, code, reason })),
  };
}

async function requestError(api: Api) {
  const answer = await api.send(TooLargePage, {});
  const error = answer.errors?.[0];
  if (error?.extensions?.code !== "BAD_ARGUMENT") {
    throw new Error(`expected BAD_ARGUMENT, got ${JSON.stringify(answer)}`);
  }
  const { code, field, argument } = error.extensions;
  return { status: answer.status, code, field, argument, message: error.message };
}

async function unauthorised(url: string) {
  const answer = await new Api(url, null).send(Me, {});
  if (answer.status !== 401) throw new Error(`expected 401 without a token, got ${answer.status}`);
  return { status: answer.status, message: answer.errors?.[0]?.message ?? null };
}

/** The first result a subscription pushes, typed from its document. */
function firstNext<R, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentString<R, V>,
  variables: V,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const query = document.toString();
    client.subscribe<R>(
      { query, variables },
      {
        next: (message) => {
          if (message.data) resolve(message.data);
          else reject(new Error(`subscription error: ${JSON.stringify(message.errors)}`));
        },
        error: (error) => reject(error instanceof Error ? error : new Error(describe(error))),
        complete: () => reject(new Error("the subscription ended before any push")),
      },
    );
  });
}

/** Subscribe to `metricsChanged`, write a household, and wait for the push it causes. */
async function firstPush(api: Api, token: string, village: string, timeoutMs: number) {
  const client = createClient({
    url: api.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { token },
    retryAttempts: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const connected = new Promise<void>((resolve) => client.on("connected", () => resolve()));
    const pushed = firstNext(client, MetricsChanged, {});
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no push within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([connected, pushed, timeout]);
    // The server watches for writes from the moment the subscription starts; give it a beat.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { createHousehold } = await api.data(CreateHousehold, { input: newHousehold(village) });
    if (createHousehold.__typename !== "HouseholdSuccess") {
      throw new Error(`creating a household was refused: ${createHousehold.message}`);
    }
    const { metricsChanged } = await Promise.race([pushed, timeout]);
    return { created: createHousehold.household.registryNumber, ...metricsChanged };
  } finally {
    clearTimeout(timer);
    await client.dispose();
  }
}

function describe(error: unknown): string {
  // graphql-ws reports a closed socket as its CloseEvent: the code says why (4403: bad token).
  if (typeof error === "object" && error !== null && "code" in error) {
    const { code, reason } = error as { code: number; reason?: string };
    return `socket closed ${code} ${reason ?? ""}`.trim();
  }
  return String(error);
}

async function main(argv: string[]): Promise<void> {
  const [base, token, village] = argv;
  if (!base || !token) {
    throw new Error("usage: node dist/main.js BASE_URL API_TOKEN [VILLAGE_CODE]");
  }
  const api = new Api(`${base.replace(/\/+$/, "")}/graphql`, token);
  const { me } = await api.data(Me, {});
  const households = await allHouseholds(api);
  const { dashboard } = await api.data(Board, {});
  const refused = await refusedMutation(api);
  const badArgument = await requestError(api);
  const noToken = await unauthorised(api.url);
  const where = village ?? households.firstVillage;
  if (!where) throw new Error("no household to take a village from: pass a village code");
  const live = await firstPush(api, token, where, 20_000);
  const summary = {
    me,
    households: households.summary,
    dashboard: {
      regionCode: dashboard.regionCode,
      asOf: dashboard.asOf,
      headline: dashboard.headline,
    },
    refused,
    badArgument,
    noToken,
    live,
  };
  console.log(JSON.stringify(summary));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
