// Preloaded into the server by bench:memory (`node --import ./bench/memory-reporter.mjs …`): sends
// its V8 heap figures over the IPC channel every 100 ms. Plain JS, so the server runs without tsx.
if (process.send) {
  const report = () => {
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send({ heapUsed, heapTotal, external, arrayBuffers }, () => {});
  };
  setInterval(report, 100).unref();
  // The channel must not keep a server that was asked to stop alive.
  process.channel?.unref();
}
