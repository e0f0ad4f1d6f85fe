import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { balanceApiApp } from './balance-api.app';

runStandalone(balanceApiApp);
