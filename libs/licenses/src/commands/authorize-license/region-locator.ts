import { Injectable } from '@nestjs/common';

type GeoIp = { lookup(ip: string): { country?: string } | null };

/**
 * Country codes for region limits, from geoip-lite. Its tables take ~150 MB, so they load the first time a
 * policy with `limitType: "region"` needs a lookup, not at start-up. Private and unknown addresses are `ZZ`.
 */
@Injectable()
export class RegionLocator {
  private geoip: Promise<GeoIp> | null = null;

  async countryOf(address: string): Promise<string> {
    this.geoip ??= import('geoip-lite').then((m) => ((m as { default?: GeoIp }).default ?? (m as unknown as GeoIp)));
    const country = (await this.geoip).lookup(address)?.country;
    return country && /^[A-Z]{2}$/.test(country) ? country : 'ZZ';
  }
}
