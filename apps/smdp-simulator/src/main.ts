import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { smdpSimulatorApp } from './smdp-simulator.app';

runStandalone(smdpSimulatorApp);
