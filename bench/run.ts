// npm run bench: every benchmark, one after the other (tables on stdout).
await import('./cost.js');
await import('./iot-ingest.js');
