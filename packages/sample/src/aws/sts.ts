// STS (query/XML): GetCallerIdentity, the account and caller the plan records and apply checks.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { formOf, queryError, tag, XML_HEADERS } from './wire.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsStandinOptions {
  readonly account: string;
  /** Default `arn:aws:sts::<account>:assumed-role/opsguard-apply/standin`. */
  readonly arn?: string;
  readonly faults?: StandinFaults;
}

export function stsStandin(options: StsStandinOptions): StandinService {
  const arn = options.arn ?? `arn:aws:sts::${options.account}:assumed-role/opsguard-apply/standin`;
  return {
    signingName: 'sts',
    handle(request: StandinRequest): StandinResponse {
      const action = formOf(request.body).get('Action') ?? request.query.get('Action') ?? '';
      const fault = options.faults?.take('sts', action);
      if (fault) return queryError(fault, XMLNS);
      if (action !== 'GetCallerIdentity')
        return queryError({ code: 'InvalidAction', status: 400, message: `Unknown action ${action}` }, XMLNS);
      return {
        status: 200,
        headers: XML_HEADERS,
        body: `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>${tag('Arn', arn)}${tag('UserId', 'AROASTANDIN:standin')}${tag('Account', options.account)}</GetCallerIdentityResult><ResponseMetadata>${tag('RequestId', 'standin')}</ResponseMetadata></GetCallerIdentityResponse>`,
      };
    },
  };
}
