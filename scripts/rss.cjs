// Preloaded by the benchmark into the batch process: records its peak resident memory (KB) at exit.
process.on('exit', () => require('node:fs').writeFileSync(process.env.TARIFF_RSS_FILE, String(process.resourceUsage().maxRSS)));
