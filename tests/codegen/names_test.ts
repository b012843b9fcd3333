import assert from "node:assert/strict";
import {
  apiFileStem,
  className,
  entryName,
  fingerprint,
  MAX_FILE_STEM,
  modelFileStems,
  parameterName,
  propertyKey,
  snakeCase,
} from "../../tools/codegen/names.ts";

Deno.test("className follows the official SDK class names", () => {
  assert.equal(className("Users"), "UsersApi");
  assert.equal(className("Telephony Providers Edge"), "TelephonyProvidersEdgeApi");
  assert.equal(className("Speech & Text Analytics"), "SpeechTextAnalyticsApi");
  assert.equal(className("Infrastructure as Code"), "InfrastructureAsCodeApi");
  assert.equal(className("OAuth"), "OAuthApi");
  assert.equal(className("SCIM"), "SCIMApi");
  assert.equal(className("Agent UI"), "AgentUIApi");
  assert.equal(className("WebChat"), "WebChatApi");
  assert.throws(() => className(" & "), /no letters or digits/);
});

Deno.test("entry names are kebab-case and file stems snake_case of the tag's words", () => {
  assert.equal(entryName("Telephony Providers Edge"), "telephony-providers-edge");
  assert.equal(entryName("Speech & Text Analytics"), "speech-text-analytics");
  assert.equal(entryName("OAuth"), "oauth");
  assert.equal(entryName("Agent UI"), "agent-ui");
  assert.equal(apiFileStem("Telephony Providers Edge"), "telephony_providers_edge");
  assert.equal(apiFileStem("WebMessaging"), "webmessaging");
});

Deno.test("parameterName camelCases wire names and prefixes reserved words", () => {
  assert.equal(parameterName("edgeGroup.id"), "edgeGroupId");
  assert.equal(parameterName("lines.defaultForUser.id"), "linesDefaultForUserId");
  assert.equal(parameterName("If-Match"), "ifMatch");
  assert.equal(parameterName("Accept-Language"), "acceptLanguage");
  assert.equal(parameterName("X-Journey-Session-Id"), "xJourneySessionId");
  assert.equal(parameterName("phone_hardwareId"), "phoneHardwareId");
  assert.equal(parameterName("SIPSearchPublicRequest"), "sIPSearchPublicRequest");
  assert.equal(parameterName("date"), "_date");
  assert.equal(parameterName("number"), "_number");
  assert.equal(parameterName("delete"), "_delete");
  assert.equal(parameterName("default"), "_default");
  // Not prefixed by the official SDK either.
  assert.equal(parameterName("name"), "name");
  assert.equal(parameterName("type"), "type");
  assert.equal(parameterName("async"), "async");
  assert.equal(parameterName("2fa"), "_2fa");
});

Deno.test("propertyKey quotes keys that are not identifiers", () => {
  assert.equal(propertyKey("name"), "name");
  assert.equal(propertyKey("$ref"), "$ref");
  assert.equal(propertyKey("auth-token"), '"auth-token"');
  assert.equal(
    propertyKey("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
    '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  );
  assert.equal(propertyKey("2x"), '"2x"');
});

Deno.test("snakeCase splits words, acronyms and digits", () => {
  assert.equal(snakeCase("UserEntityListing"), "user_entity_listing");
  assert.equal(snakeCase("ScimV2User"), "scim_v2_user");
  assert.equal(snakeCase("SIPSearchPublicRequest"), "sip_search_public_request");
  assert.equal(snakeCase("OAuthClient"), "o_auth_client");
  assert.equal(snakeCase("User"), "user");
});

Deno.test("modelFileStems are unique, short enough for JSR and stable", () => {
  const long =
    "BulkResponseResultExternalOrganizationExternalOrganizationEnrichRequestBulkEntityErrorExternalOrganizationEnrichRequest";
  const stems = modelFileStems(["UserEntity", "User_Entity", "Mod", "Con", long, "User"]);
  assert.equal(stems.get("User"), "user");
  // Both snake_case to user_entity: the later name (in sorted order) gets a suffix.
  assert.equal(stems.get("UserEntity"), "user_entity");
  assert.equal(stems.get("User_Entity"), "user_entity_2");
  // mod.ts is the index; con is a Windows device name.
  assert.equal(stems.get("Mod"), "mod_2");
  assert.equal(stems.get("Con"), "con_2");
  const longStem = stems.get(long)!;
  assert.ok(longStem.length <= MAX_FILE_STEM, longStem);
  assert.ok(longStem.endsWith(`_${fingerprint(long)}`), longStem);
  assert.ok(longStem.startsWith("bulk_response_result_external_organization"), longStem);
  assert.equal(new Set(stems.values()).size, stems.size);
  // Input order does not matter.
  const again = modelFileStems([long, "User", "Con", "Mod", "User_Entity", "UserEntity"]);
  assert.deepEqual([...again].sort(), [...stems].sort());
});

Deno.test("fingerprint is an 8-hex-digit FNV-1a hash", () => {
  assert.equal(fingerprint(""), "811c9dc5");
  assert.equal(fingerprint("a"), "e40c292c");
  assert.notEqual(fingerprint("ab"), fingerprint("ba"));
});
