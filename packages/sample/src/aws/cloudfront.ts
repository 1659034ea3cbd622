// CloudFront (REST/XML): GetDistribution, GetDistributionConfig and UpdateDistribution with
// ETag / If-Match as on the real API: a stale or missing If-Match is refused (PreconditionFailed,
// InvalidIfMatchVersion) and every update issues a new ETag. The configuration is kept as the XML
// the SDK sent, so a read-back shows exactly what was written.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { restXmlError, tag, XML_HEADERS } from './wire.js';

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

export interface StandinDistribution {
  readonly id: string;
  readonly enabled: boolean;
  readonly comment?: string;
  readonly originDomain?: string;
}

export interface CloudFrontStandinOptions {
  readonly account: string;
  readonly distributions: readonly StandinDistribution[];
  readonly faults?: StandinFaults;
}

export interface CloudFrontStandin extends StandinService {
  enabled(id: string): boolean;
  etag(id: string): string;
  /** Someone else updated the distribution: a new ETag, the same configuration. */
  touch(id: string): void;
}

interface DistributionState {
  readonly id: string;
  /** The children of `<DistributionConfig>`. */
  config: string;
  version: number;
}

function initialConfig(spec: StandinDistribution): string {
  const origin = spec.originDomain ?? 'origin.example.com';
  return (
    tag('CallerReference', `standin-${spec.id}`) +
    `<Aliases>${tag('Quantity', 0)}</Aliases>` +
    tag('DefaultRootObject', 'index.html') +
    `<Origins>${tag('Quantity', 1)}<Items><Origin>${tag('Id', 'origin')}${tag('DomainName', origin)}<CustomOriginConfig>${tag('HTTPPort', 80)}${tag('HTTPSPort', 443)}${tag('OriginProtocolPolicy', 'https-only')}</CustomOriginConfig></Origin></Items></Origins>` +
    `<DefaultCacheBehavior>${tag('TargetOriginId', 'origin')}${tag('ViewerProtocolPolicy', 'redirect-to-https')}${tag('CachePolicyId', '658327ea-f89d-4fab-a63d-7e88639e58f6')}</DefaultCacheBehavior>` +
    tag('Comment', spec.comment ?? '') +
    tag('PriceClass', 'PriceClass_100') +
    tag('Enabled', spec.enabled)
  );
}

/** The value of `<name>` directly under the root (nested `<Enabled>`s of sub-structures ignored). */
export function topLevelValue(inner: string, name: string): string | undefined {
  let depth = 0;
  const pattern = /<(\/?)([A-Za-z0-9_]+)[^>]*?(\/?)>/g;
  for (let match = pattern.exec(inner); match; match = pattern.exec(inner)) {
    const [, closing, element, selfClosing] = match;
    if (closing) depth -= 1;
    else if (!selfClosing) {
      if (depth === 0 && element === name) {
        const end = inner.indexOf(`</${name}>`, pattern.lastIndex);
        return end < 0 ? undefined : inner.slice(pattern.lastIndex, end);
      }
      depth += 1;
    }
  }
  return undefined;
}

function innerOf(body: string): string | undefined {
  const match = /<DistributionConfig(?:\s[^>]*)?>([\s\S]*)<\/DistributionConfig>/.exec(body);
  return match?.[1];
}

export function cloudFrontStandin(options: CloudFrontStandinOptions): CloudFrontStandin {
  const distributions = new Map<string, DistributionState>(
    options.distributions.map((spec) => [spec.id, { id: spec.id, config: initialConfig(spec), version: 1 }]),
  );
  const etagOf = (d: DistributionState) => `E${d.id.slice(0, 6)}V${d.version}`;
  const configXml = (d: DistributionState) => `<DistributionConfig xmlns="${XMLNS}">${d.config}</DistributionConfig>`;
  const distributionXml = (d: DistributionState) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Distribution xmlns="${XMLNS}">${tag('Id', d.id)}${tag('ARN', `arn:aws:cloudfront::${options.account}:distribution/${d.id}`)}${tag('Status', 'Deployed')}${tag('LastModifiedTime', '2026-12-01T00:00:00.000Z')}${tag('InProgressInvalidationBatches', 0)}${tag('DomainName', `${d.id.toLowerCase()}.cloudfront.net`)}${configXml(d).replace(` xmlns="${XMLNS}"`, '')}</Distribution>`;
  const ok = (d: DistributionState, body: string): StandinResponse => ({
    status: 200,
    headers: { ...XML_HEADERS, etag: etagOf(d) },
    body,
  });

  const handle = (request: StandinRequest): StandinResponse => {
    const match = /^\/2020-05-31\/distribution\/([^/]+)(\/config)?$/.exec(request.path);
    if (!match) return restXmlError({ code: 'InvalidArgument', status: 400, message: request.path }, XMLNS);
    const id = match[1] as string;
    const operation =
      request.method === 'PUT' && match[2]
        ? 'UpdateDistribution'
        : match[2]
          ? 'GetDistributionConfig'
          : 'GetDistribution';
    return { ...answer(request, id, operation), operation };
  };
  const answer = (request: StandinRequest, id: string, operation: string): StandinResponse => {
    const fault = options.faults?.take('cloudfront', operation, [id]);
    if (fault) return restXmlError(fault, XMLNS);
    const distribution = distributions.get(id);
    if (!distribution)
      return restXmlError(
        { code: 'NoSuchDistribution', status: 404, message: 'The specified distribution does not exist.' },
        XMLNS,
      );
    if (operation === 'GetDistribution') return ok(distribution, distributionXml(distribution));
    if (operation === 'GetDistributionConfig')
      return ok(distribution, `<?xml version="1.0" encoding="UTF-8"?>\n${configXml(distribution)}`);
    const ifMatch = request.headers['if-match'];
    if (!ifMatch)
      return restXmlError(
        { code: 'InvalidIfMatchVersion', status: 400, message: 'The If-Match version is missing or not valid.' },
        XMLNS,
      );
    if (ifMatch !== etagOf(distribution))
      return restXmlError(
        {
          code: 'PreconditionFailed',
          status: 412,
          message: 'The precondition given in one or more of the request-header fields evaluated to false.',
        },
        XMLNS,
      );
    const inner = innerOf(request.body);
    if (inner === undefined || topLevelValue(inner, 'Enabled') === undefined)
      return restXmlError({ code: 'MalformedXML', status: 400, message: 'DistributionConfig is malformed' }, XMLNS);
    distribution.config = inner;
    distribution.version += 1;
    return ok(distribution, distributionXml(distribution));
  };

  const get = (id: string): DistributionState => {
    const d = distributions.get(id);
    if (!d) throw new Error(`no distribution ${id}`);
    return d;
  };
  return {
    signingName: 'cloudfront',
    handle,
    enabled: (id) => topLevelValue(get(id).config, 'Enabled') === 'true',
    etag: (id) => etagOf(get(id)),
    touch(id) {
      get(id).version += 1;
    },
  };
}
