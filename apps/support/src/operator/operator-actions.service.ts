import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@mp/platform';
import { OperatorActionEntity } from '../index/entities/operator-action.entity';

export type OperatorActionKind = 'redrive' | 'index-rebuild';

export interface OperatorAction {
  readonly actionId: string;
  readonly action: OperatorActionKind;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly transactionId: string | null;
  readonly reason: string | null;
}

/** The audit of what operators did: written before (or with) the action itself, read by the console. */
@Injectable()
export class OperatorActions {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Records an action; inside `manager`'s transaction when given, so that it commits with the action. */
  async record(
    action: Omit<OperatorAction, 'requestedAt' | 'actionId'> & { actionId?: string; at?: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OperatorAction> {
    const row: OperatorActionEntity = {
      actionId: action.actionId ?? randomUUID(),
      action: action.action,
      requestedBy: action.requestedBy,
      requestedAt: action.at ?? new Date(),
      transactionId: action.transactionId,
      reason: action.reason,
    };
    await manager.getRepository(OperatorActionEntity).insert(row);
    return operatorActionOf(row);
  }

  /** Newest first. */
  async recent(limit: number): Promise<OperatorAction[]> {
    const rows = await this.dataSource.getRepository(OperatorActionEntity).find({
      order: { requestedAt: 'DESC', actionId: 'ASC' },
      take: limit,
    });
    return rows.map(operatorActionOf);
  }
}

function operatorActionOf(row: OperatorActionEntity): OperatorAction {
  return {
    actionId: row.actionId,
    action: row.action as OperatorActionKind,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    transactionId: row.transactionId,
    reason: row.reason,
  };
}
