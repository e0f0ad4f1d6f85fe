// End-to-end tests start whole processes.
jest.setTimeout(120_000);
