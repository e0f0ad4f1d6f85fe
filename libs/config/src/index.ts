export * from './config-validation.error';
export * from './config.fragments';
export * from './environment.source';
export * from './load-config';
export * from './setting.schemas';
export * from './per-app/app-config.types';
export * from './per-app/app-configs';
export * from './per-app/define-app-config';
