import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

type GeoIp = { lookup(ip: string): { country?: string } | null };

/** A stored policy document (partial: merged on read) that limits IPs by region. */
const REGION_POLICY = `#>> '{limits,ip,limitType}' = 'region'`;

/**
 * Country codes for region limits, from geoip-lite. Its tables take ~150 MB, so they load only when region
 * limits are in use: at start-up when a product's policy has one, otherwise the first time a policy with
 * `limitType: "region"` needs a lookup. (geoip-lite reads its tables synchronously, which holds up the event
 * loop for about a second; at start-up no request is waiting.) Private and unknown addresses are `ZZ`.
 */
@Injectable()
export class RegionLocator implements OnApplicationBootstrap {
  private geoip: Promise<GeoIp> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    // Products only: their table is small. A region limit set only in a license's own override still loads on
    // first use (scanning every license at each start would cost more than it saves).
    const [row] = (await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM products WHERE default_license_policy ${REGION_POLICY}) AS used`)) as Array<{
      used: boolean;
    }>;
    if (row?.used) await this.tables();
  }

  /** Whether the tables are in memory (or loading). */
  get loaded(): boolean {
    return this.geoip !== null;
  }

  async countryOf(address: string): Promise<string> {
    const country = (await this.tables()).lookup(address)?.country;
    return country && /^[A-Z]{2}$/.test(country) ? country : 'ZZ';
  }

  private tables(): Promise<GeoIp> {
    this.geoip ??= import('geoip-lite').then((m) => (m as { default?: GeoIp }).default ?? (m as unknown as GeoIp));
    return this.geoip;
  }
}
