import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Runs a unit of work in one transaction: the handler's writes and its audit events commit together. */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger('Transactions');
  private readonly afterCommitCallbacks = new WeakMap<EntityManager, Array<() => void>>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
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
