import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AppConfig, AppError } from '@geckoguard/core';
import { isPublicAddress } from '../domain/address-policy.js';

/** A webhook URL the server may not call, and why. */
export class BlockedAddressError extends Error {}

function hostOf(url: URL): string {
  // URL keeps the brackets of an IPv6 literal.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Webhook URLs must not reach loopback, private or link-local addresses (the server's own network, cloud
 * metadata) unless WEBHOOK_ALLOW_PRIVATE=true. Checked when an endpoint is saved, and again for every delivery
 * by resolving inside the connection itself (`lookup`), so a DNS answer that changes after the save, or between
 * a check and the connect, cannot slip through.
 */
@Injectable()
export class WebhookAddressGuard {
  constructor(private readonly config: AppConfig) {}

  get allowPrivate(): boolean {
    return this.config.webhookAllowPrivate;
  }

  /** At save: 400 VALIDATION_ERROR on `url` when it does not resolve, or resolves to a non-public address. */
  async checkForSave(rawUrl: string): Promise<void> {
    if (this.allowPrivate) return;
    const host = hostOf(new URL(rawUrl));
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
    } catch {
      throw AppError.validation([{ path: 'url', message: `The host ${host} cannot be resolved` }]);
    }
    const blocked = addresses.find((a) => !isPublicAddress(a));
    if (blocked !== undefined || addresses.length === 0) {
      throw AppError.validation([
        { path: 'url', message: `The URL resolves to ${blocked ?? 'no address'}, a loopback, private or link-local address; webhooks go to public addresses only` },
      ]);
    }
  }

  /** At delivery: throws BlockedAddressError for an IP-literal URL; returns the lookup to connect with. */
  connectLookup(url: URL): LookupFunction | undefined {
    if (this.allowPrivate) return undefined;
    const host = hostOf(url);
    if (isIP(host)) {
      if (!isPublicAddress(host)) throw new BlockedAddressError(`${host} is not a public address`);
      return undefined;
    }
    return guardedLookup;
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** `dns.lookup` for `net.connect` that fails when any address of the name is not public. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked || addresses.length === 0) {
      return callback(new BlockedAddressError(`${hostname} resolves to ${blocked?.address ?? 'no address'}, which is not a public address`), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
