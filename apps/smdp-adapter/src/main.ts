import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { smdpAdapterApp } from './smdp-adapter.app';

runStandalone(smdpAdapterApp);
