// Small helpers for the stand-in's wire formats: XML escaping and each protocol's error shape,
// exactly as the SDK's deserialisers read them (so an injected fault arrives as the real error).
import type { StandinResponse } from './service.js';

export function xmlEscape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** `<name>value</name>`, escaped. */
export function tag(name: string, value: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' } as const;
export const JSON11_HEADERS = { 'content-type': 'application/x-amz-json-1.1' } as const;
export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export interface StandinError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** EC2's query protocol: `<Response><Errors><Error>…</Error></Errors>`. */
export function ec2Error(error: StandinError, requestId = 'standin'): StandinResponse {
  return {
    status: error.status,
    headers: XML_HEADERS,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${tag('Code', error.code)}${tag('Message', error.message)}</Error></Errors>${tag('RequestID', requestId)}</Response>`,
  };
}

/** The awsQuery protocol (SNS, STS, IAM): `<ErrorResponse><Error><Type/><Code/><Message/></Error>`. */
export function queryError(error: StandinError, xmlns: string, requestId = 'standin'): StandinResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    headers: XML_HEADERS,
    body: `<ErrorResponse xmlns="${xmlns}"><Error>${tag('Type', type)}${tag('Code', error.code)}${tag('Message', error.message)}</Error>${tag('RequestId', requestId)}</ErrorResponse>`,
  };
}

/** REST/XML (CloudFront): the same `<ErrorResponse>` shape as awsQuery. */
export const restXmlError = queryError;

/** JSON 1.1 (SSM, Budgets): `{"__type": "…#Code", "message": …}`. */
export function json11Error(error: StandinError, namespace: string): StandinResponse {
  return {
    status: error.status,
    headers: JSON11_HEADERS,
    body: JSON.stringify({ __type: `${namespace}#${error.code}`, message: error.message }),
  };
}

/** REST/JSON (Lambda): the code in `x-amzn-ErrorType`, the message in the body. */
export function restJsonError(error: StandinError): StandinResponse {
  return {
    status: error.status,
    headers: {
      ...JSON_HEADERS,
      'x-amzn-errortype': `${error.code}:http://internal.amazon.com/coral/com.amazonaws.standin/`,
    },
    body: JSON.stringify({
      Type: error.status >= 500 ? 'Service' : 'User',
      Message: error.message,
      message: error.message,
    }),
  };
}

export function json(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = JSON_HEADERS,
): StandinResponse {
  return { status, headers, body: JSON.stringify(value) };
}

/** Form fields of a query-protocol body (EC2, SNS, STS, IAM). */
export function formOf(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

/** `Prefix.1`, `Prefix.2`, … of a query-protocol list (EC2's `InstanceId.N`, SNS's `member.N`). */
export function listOf(form: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let index = 1; ; index += 1) {
    const value = form.get(`${prefix}.${index}`);
    if (value === null) return values;
    values.push(value);
  }
}
