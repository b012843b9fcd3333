/**
 * Seeded data: deterministic users, queues, external contacts, downloads, recordings and
 * credentials (the same values on every run for the same options).
 *
 * @module
 */

import { seededUuid } from "./ids.ts";
import type {
  SandboxClient,
  SandboxCredentials,
  SandboxDownload,
  SandboxOptions,
  SandboxQueue,
  SandboxRecording,
  SandboxState,
  SandboxUser,
} from "./types.ts";
import { FIRST_NAMES, LAST_NAMES } from "./api/synthesize.ts";

const DEPARTMENTS = ["Sales", "Support", "Billing", "Engineering"];
const TITLES = ["Agent", "Senior Agent", "Supervisor", "Team Lead"];
const QUEUE_TOPICS = ["Sales", "Support", "Billing", "Returns", "VIP", "Technical", "Escalations"];

/** Fixed instant the seeded dates are built from. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

function isoAt(offsetMs: number): string {
  return new Date(EPOCH + offsetMs).toISOString();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The organization every seeded entity belongs to. */
export function seedOrganization(): { id: string; name: string } {
  return { id: seededUuid("organization"), name: "sandbox-org" };
}

/** The home division of every seeded entity. */
export function homeDivision(): { id: string; name: string; selfUri: string } {
  const id = seededUuid("division-home");
  return { id, name: "Home", selfUri: `/api/v2/authorization/divisions/${id}` };
}

function seedUsers(count: number): Map<string, SandboxUser> {
  const users = new Map<string, SandboxUser>();
  const division = homeDivision();
  for (let i = 0; i < count; i++) {
    const id = seededUuid(`user-${i}`);
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
    const email = `${first.toLowerCase()}.${last.toLowerCase()}${pad(i)}@sandbox.example`;
    users.set(id, {
      id,
      name: `${first} ${last}`,
      division: { ...division },
      chat: { jabberId: `${id.replaceAll("-", "").slice(0, 24)}@sandbox.orgspan.com` },
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      email,
      primaryContactInfo: [{ address: email, mediaType: "EMAIL", type: "PRIMARY" }],
      addresses: [],
      state: "active",
      title: TITLES[i % TITLES.length],
      username: email,
      version: 1,
      acdAutoAnswer: false,
      selfUri: `/api/v2/users/${id}`,
    });
  }
  return users;
}

/** A new queue object with the fields Genesys fills in on creation. */
export function makeQueue(
  id: string,
  name: string,
  createdAt: string,
  createdBy: string,
  extra: Record<string, unknown> = {},
): SandboxQueue {
  const mediaDefaults = {
    alertingTimeoutSeconds: 8,
    serviceLevel: { percentage: 0.8, durationMs: 20000 },
    enableAutoAnswer: false,
  };
  return {
    division: homeDivision(),
    description: "",
    memberCount: 0,
    userMemberCount: 0,
    joinedMemberCount: 0,
    mediaSettings: {
      call: { ...mediaDefaults },
      chat: { ...mediaDefaults, alertingTimeoutSeconds: 30 },
      email: { ...mediaDefaults, alertingTimeoutSeconds: 300 },
      message: { ...mediaDefaults, alertingTimeoutSeconds: 30 },
    },
    routingRules: [],
    acwSettings: { wrapupPrompt: "OPTIONAL", timeoutMs: 300000 },
    skillEvaluationMethod: "ALL",
    scoringMethod: "TimestampAndPriority",
    lastAgentRoutingMode: "Disabled",
    autoAnswerOnly: true,
    enableTranscription: false,
    enableAudioMonitoring: false,
    enableManualAssignment: false,
    suppressInQueueCallRecording: true,
    ...extra,
    id,
    name,
    dateCreated: createdAt,
    dateModified: createdAt,
    createdBy,
    modifiedBy: createdBy,
    selfUri: `/api/v2/routing/queues/${id}`,
  };
}

function seedQueues(count: number, creatorId: string): Map<string, SandboxQueue> {
  const queues = new Map<string, SandboxQueue>();
  for (let i = 0; i < count; i++) {
    const id = seededUuid(`queue-${i}`);
    const name = `${QUEUE_TOPICS[i % QUEUE_TOPICS.length]} ${pad(i + 1)}`;
    const q = makeQueue(id, name, isoAt(i * 3600_000), creatorId, {
      description: `Seeded queue ${i + 1}`,
      memberCount: (i * 3) % 11,
      userMemberCount: (i * 3) % 11,
      joinedMemberCount: (i * 2) % 7,
    });
    queues.set(id, q);
  }
  return queues;
}

function seedExternalContacts(count: number): Record<string, unknown>[] {
  const contacts: Record<string, unknown>[] = [];
  const division = homeDivision();
  for (let i = 0; i < count; i++) {
    const id = seededUuid(`external-contact-${i}`);
    const first = FIRST_NAMES[(i * 3) % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 5) % LAST_NAMES.length];
    contacts.push({
      id,
      division: { ...division },
      firstName: first,
      lastName: last,
      workEmail: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@customer.example`,
      workPhone: {
        display: `+1 317-555-${pad(i % 10000, 4)}`,
        e164: `+1317555${pad(i % 10000, 4)}`,
      },
      type: "Curated",
      createDate: isoAt(i * 60_000),
      modifyDate: isoAt(i * 60_000),
      selfUri: `/api/v2/externalcontacts/contacts/${id}`,
    });
  }
  return contacts;
}

function seedDownloads(): Map<string, SandboxDownload> {
  const text = new TextEncoder();
  const rows = ["id,name,total"];
  for (let i = 1; i <= 20; i++) rows.push(`${i},row ${i},${i * 17}`);
  const pdfLike = new Uint8Array(256);
  for (let i = 0; i < pdfLike.length; i++) pdfLike[i] = (i * 31 + 7) & 0xff;
  const list: SandboxDownload[] = [
    {
      id: seededUuid("download-csv"),
      contentType: "text/csv",
      fileName: "report.csv",
      bytes: text.encode(rows.join("\n") + "\n"),
    },
    {
      id: seededUuid("download-json"),
      contentType: "application/json",
      fileName: "export.json",
      bytes: text.encode(JSON.stringify({ exported: true, items: [1, 2, 3] })),
    },
    {
      id: seededUuid("download-binary"),
      contentType: "application/octet-stream",
      fileName: "archive.bin",
      bytes: pdfLike,
    },
  ];
  return new Map(list.map((d) => [d.id, d]));
}

function seedRecordings(conversationCount: number): Map<string, SandboxRecording[]> {
  const byConversation = new Map<string, SandboxRecording[]>();
  for (let c = 0; c < conversationCount; c++) {
    const conversationId = seededUuid(`conversation-${c}`);
    const list: SandboxRecording[] = [];
    for (let r = 0; r < 2; r++) {
      const start = c * 86400_000 + r * 120_000;
      const durationMs = 45_000 + r * 15_000;
      list.push({
        id: seededUuid(`recording-${c}-${r}`),
        conversationId,
        media: "audio",
        startTime: isoAt(start),
        endTime: isoAt(start + durationMs),
        durationMs,
      });
    }
    byConversation.set(conversationId, list);
  }
  return byConversation;
}

/** A SAML assertion document, base64 encoded, whose encoding has `+` and `/` (form-encoding matters). */
function seedSamlAssertion(orgName: string, email: string): string {
  for (let nonce = 0; nonce < 1000; nonce++) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>` +
      `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_sandbox${nonce}" ` +
      `IssueInstant="2025-01-06T09:00:00Z" Version="2.0"><saml2:Issuer>urn:sandbox:idp</saml2:Issuer>` +
      `<saml2:Subject><saml2:NameID>${email}</saml2:NameID></saml2:Subject>` +
      `<saml2:AttributeStatement><saml2:Attribute Name="OrganizationName"><saml2:AttributeValue>` +
      `${orgName}</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>` +
      `<!-- ~~??>>~~ ${nonce} --></saml2:Assertion>`;
    const encoded = btoa(xml);
    if (encoded.includes("+") && encoded.includes("/")) return encoded;
  }
  throw new Error("could not build a SAML assertion with '+' and '/' in its encoding");
}

/** Default redirect URIs of the seeded clients. */
export const DEFAULT_REDIRECT_URIS: readonly string[] = [
  "http://localhost:3000/callback",
  "http://127.0.0.1:3000/callback",
];

/** Builds the seeded state and credentials for the given options. */
export function seedSandbox(
  options: SandboxOptions,
): { state: SandboxState; credentials: SandboxCredentials } {
  const organization = seedOrganization();
  const users = seedUsers(options.userCount ?? 57);
  const firstUser = users.values().next().value;
  const creatorId = firstUser?.id ?? seededUuid("system-user");
  const queues = seedQueues(options.queueCount ?? 30, creatorId);

  const confidential: SandboxClient = {
    clientId: options.confidentialClient?.clientId ?? seededUuid("confidential-client"),
    clientSecret: options.confidentialClient?.clientSecret ??
      "sbx_conf_9Qw3-Lr7ZkT2mXvB8nHc4sYd1uFa6eGp_5tJ",
    grants: ["client_credentials", "code", "saml2bearer"],
    redirectUris: [...(options.confidentialClient?.redirectUris ?? DEFAULT_REDIRECT_URIS)],
  };
  const publicClient: SandboxClient = {
    clientId: options.publicClient?.clientId ?? seededUuid("public-client"),
    grants: ["implicit", "pkce"],
    redirectUris: [...(options.publicClient?.redirectUris ?? DEFAULT_REDIRECT_URIS)],
  };
  const clients = new Map<string, SandboxClient>();
  for (const c of [confidential, publicClient, ...(options.clients ?? [])]) {
    clients.set(c.clientId, { ...c, grants: [...c.grants], redirectUris: [...c.redirectUris] });
  }

  const loginUser = firstUser ?? {
    id: creatorId,
    username: "nobody@sandbox.example",
  };
  const firstQueue = queues.values().next().value;
  const state: SandboxState = {
    organization,
    clients,
    users,
    queues,
    externalContacts: seedExternalContacts(options.externalContactCount ?? 250),
    downloads: seedDownloads(),
    recordings: seedRecordings(options.conversationCount ?? 3),
    guestChats: new Map(),
    webDeploymentRefreshTokens: new Map(),
  };
  const credentials: SandboxCredentials = {
    // These objects are the live client records: tests that add a redirect URI see it here.
    confidentialClient: clients.get(confidential.clientId) as SandboxCredentials[
      "confidentialClient"
    ],
    publicClient: clients.get(publicClient.clientId) as SandboxCredentials["publicClient"],
    saml: {
      orgName: organization.name,
      assertion: seedSamlAssertion(organization.name, String(loginUser.username)),
    },
    organization,
    user: { id: loginUser.id, username: String(loginUser.username) },
    webChat: {
      organizationId: organization.id,
      deploymentId: seededUuid("webchat-deployment"),
      queueName: firstQueue?.name ?? "",
    },
    webDeployment: { deploymentId: seededUuid("web-deployment") },
  };
  return { state, credentials };
}
