// The contract between the AWS stand-in's HTTP server and each service it answers (EC2, Lambda,
// SSM, CloudFront, SNS, Budgets, STS, IAM): the server parses the request and finds the service
// by the SigV4 credential scope's service name; a service answers in its own wire format
// (query/XML, REST/JSON, JSON 1.1, REST/XML) and keeps its own state.

/** One request as the stand-in's server hands it to a service. */
export interface StandinRequest {
  readonly method: string;
  /** The path without the query, e.g. `/2015-03-31/functions/checkout/concurrency`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body (form-encoded for the query protocols, JSON or XML for the others). */
  readonly body: string;
  /** The region of the credential scope (e.g. `ap-northeast-1`; `us-east-1` for global services). */
  readonly region: string;
}

/** A service's answer, already in its wire format. */
export interface StandinResponse {
  readonly status: number;
  /** The API operation answered, for the request log (REST services; the others name it in the request). */
  readonly operation?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One AWS service of the stand-in. */
export interface StandinService {
  /** The SigV4 signing name the SDK puts in the credential scope: `ec2`, `lambda`, `ssm`, `cloudfront`, `sns`, `budgets`, `sts`, `iam`. */
  readonly signingName: string;
  handle(request: StandinRequest): StandinResponse | Promise<StandinResponse>;
}
