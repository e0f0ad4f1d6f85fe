export * from './config-validation.error';
export * from './config.fragments';
export * from './environment.source';
export * from './load-config';
export * from './setting.schemas';
export * from './apps/app-config.types';
export * from './apps/app-configs';
export * from './apps/define-app-config';
