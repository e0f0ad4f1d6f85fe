import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { orchestratorApp } from './orchestrator.app';

runStandalone(orchestratorApp);
