import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isTransientConflict } from '../database-errors.js';

const MAX_ATTEMPTS = 3;

/** Runs a unit of work in one transaction: the handler's writes and its audit events commit together. */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger('Transactions');
  private readonly afterCommitCallbacks = new WeakMap<EntityManager, Array<() => void>>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction, and again (up to three times in all) when PostgreSQL rolled it back to break a
   * deadlock: two transactions taking the same rows in different orders (a webhook endpoint deleted while its
   * deliveries are being sent) must not answer a client with a 500. `work` must therefore do nothing outside the
   * transaction that cannot happen twice; after-commit callbacks of a rolled-back attempt never run.
   */
  async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransientConflict(error)) throw error;
        this.logger.warn(`transaction rolled back by PostgreSQL (${error instanceof Error ? error.message : String(error)}); running it again`);
      }
    }
  }

  private async once<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    let manager: EntityManager | null = null;
    const result = await this.dataSource.transaction('READ COMMITTED', (tx) => {
      manager = tx;
      return work(tx);
    });
    const callbacks = manager ? this.afterCommitCallbacks.get(manager) : undefined;
    for (const callback of callbacks ?? []) {
      try {
        callback();
      } catch (error) {
        this.logger.warn(`after-commit callback failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return result;
  }

  /** Runs `callback` once `tx` (a transaction of `run`) has committed; never when it rolls back. */
  afterCommit(tx: EntityManager, callback: () => void): void {
    const callbacks = this.afterCommitCallbacks.get(tx) ?? [];
    callbacks.push(callback);
    this.afterCommitCallbacks.set(tx, callbacks);
  }
}
