import 'reflect-metadata';
import { runStandalone } from '@mp/platform';
import { supportApp } from './support.app';

runStandalone(supportApp);
