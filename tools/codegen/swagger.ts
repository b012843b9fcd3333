/**
 * The part of Swagger 2.0 the generator reads, as TypeScript types.
 *
 * Only fields the generator uses are declared; everything else in the
 * definition is ignored.
 *
 * @module
 */

/** A JSON schema as Swagger 2.0 writes it (`definitions`, body parameters, responses). */
export interface Schema {
  /** `#/definitions/<Name>` */
  readonly $ref?: string;
  /** `object`, `array`, `string`, `integer`, `number`, `boolean`, `file`. */
  readonly type?: string;
  /** `date-time`, `int32`, ... (documentation only: every format maps to its base type). */
  readonly format?: string;
  /** Human-readable description. */
  readonly description?: string;
  /** Allowed values. */
  readonly enum?: readonly (string | number | boolean)[];
  /** Element schema of an array. */
  readonly items?: Schema;
  /** Object properties. */
  readonly properties?: { readonly [name: string]: Schema };
  /** Names of required properties. */
  readonly required?: readonly string[];
  /** Map values (`true` or `{}` for any value). */
  readonly additionalProperties?: Schema | boolean;
  /** Schemas the value satisfies at once. */
  readonly allOf?: readonly Schema[];
  /** The server sets it; requests need not send it. */
  readonly readOnly?: boolean;
}

/** One operation parameter. Non-body parameters carry their type inline. */
export interface Parameter {
  /** Wire name. */
  readonly name: string;
  /** Location. `formData` is not used by the Platform API and is rejected. */
  readonly in: "path" | "query" | "header" | "body" | "formData";
  /** Human-readable description. */
  readonly description?: string;
  /** Required parameters become positional arguments. */
  readonly required?: boolean;
  /** Type of a non-body parameter. */
  readonly type?: string;
  /** Format of a non-body parameter. */
  readonly format?: string;
  /** Allowed values of a non-body parameter. */
  readonly enum?: readonly (string | number | boolean)[];
  /** Element schema of an array parameter. */
  readonly items?: Schema;
  /** How an array parameter is written (`csv` when absent). */
  readonly collectionFormat?: string;
  /** Default the server applies. */
  readonly default?: unknown;
  /** Schema of a body parameter. */
  readonly schema?: Schema;
  /** `#/parameters/<Name>` */
  readonly $ref?: string;
}

/** One response of an operation. */
export interface ResponseSpec {
  /** Human-readable description. */
  readonly description?: string;
  /** Body schema; absent when the response has no body. */
  readonly schema?: Schema;
}

/** `x-inin-requires-permissions`: the permissions an operation needs. */
export interface RequiredPermissions {
  /** `ANY`: one of them suffices; `ALL`: every one is needed. */
  readonly type: string;
  /** Permission names such as `directory:user:view`. */
  readonly permissions: readonly string[];
}

/** A security scheme of `securityDefinitions`. */
export interface SecurityScheme {
  /** `oauth2`, `apiKey` or `basic`. */
  readonly type: string;
  /** Where an `apiKey` travels: `header` or `query`. */
  readonly in?: string;
  /** The header or query parameter an `apiKey` travels in. */
  readonly name?: string;
  /** Human-readable description. */
  readonly description?: string;
}

/** A security requirement: scheme name to scopes. */
export type SecurityRequirement = { readonly [scheme: string]: readonly string[] };

/** One operation (a method of a path). */
export interface Operation {
  /** API groups; the first leads, the others also list the operation. */
  readonly tags?: readonly string[];
  /** One-line summary. */
  readonly summary?: string;
  /** Longer description. */
  readonly description?: string;
  /** Operation id. */
  readonly operationId?: string;
  /** The SDK method name all official SDKs use. */
  readonly "x-purecloud-method-name"?: string;
  /** Request media types (the document's when absent). */
  readonly consumes?: readonly string[];
  /** Response media types (the document's when absent). */
  readonly produces?: readonly string[];
  /** Parameters. */
  readonly parameters?: readonly Parameter[];
  /** Responses by status code. */
  readonly responses?: { readonly [status: string]: ResponseSpec };
  /** Security requirements (the document's when absent). */
  readonly security?: readonly SecurityRequirement[];
  /** Deprecated operations stay callable but are marked `@deprecated`. */
  readonly deprecated?: boolean;
  /** Permissions the caller needs. */
  readonly "x-inin-requires-permissions"?: RequiredPermissions;
}

/** A path item: operations by lower-case HTTP method, plus shared parameters. */
export interface PathItem {
  /** Parameters shared by every operation of the path. */
  readonly parameters?: readonly Parameter[];
  /** Operations by lower-case method (`get`, `post`, ...). */
  readonly [method: string]: Operation | readonly Parameter[] | undefined;
}

/** A tag with its description. */
export interface TagSpec {
  /** Tag name, such as `Telephony Providers Edge`. */
  readonly name: string;
  /** What the API group is about. */
  readonly description?: string;
}

/** A Swagger 2.0 document. */
export interface SwaggerDocument {
  /** Always `2.0`. */
  readonly swagger: string;
  /** Title and version. */
  readonly info?: { readonly title?: string; readonly version?: string };
  /** Tags with descriptions. */
  readonly tags?: readonly TagSpec[];
  /** Default request media types. */
  readonly consumes?: readonly string[];
  /** Default response media types. */
  readonly produces?: readonly string[];
  /** Default security requirements. */
  readonly security?: readonly SecurityRequirement[];
  /** Security schemes by name. */
  readonly securityDefinitions?: { readonly [name: string]: SecurityScheme };
  /** Operations by path. */
  readonly paths: { readonly [path: string]: PathItem };
  /** Named schemas (the models). */
  readonly definitions?: { readonly [name: string]: Schema };
  /** Named parameters that operations reference with `$ref`. */
  readonly parameters?: { readonly [name: string]: Parameter };
}

/** HTTP methods of a path item, lower case, in the order the generator visits them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

/** Prefix of definition references. */
export const DEFINITION_REF_PREFIX = "#/definitions/";

/** The definition name a `$ref` points at; throws for references outside `#/definitions/`. */
export function refName(ref: string): string {
  if (!ref.startsWith(DEFINITION_REF_PREFIX)) {
    throw new DefinitionError(
      `unsupported $ref "${ref}": only ${DEFINITION_REF_PREFIX}... is supported`,
    );
  }
  return ref.slice(DEFINITION_REF_PREFIX.length);
}

/** The definition cannot be generated from: it is malformed or uses an unsupported feature. */
export class DefinitionError extends Error {
  /** Creates the error with a message naming the problem. */
  constructor(message: string) {
    super(message);
    this.name = "DefinitionError";
  }
}
