// Process memory as the kernel counts it (Linux /proc/self/status), for peak-memory benchmarks.
#pragma once
#include <cstdint>

namespace infotorch::bench {

// Resident set size now and its high-water mark, in bytes; -1 where /proc is unavailable.
int64_t current_rss_bytes();
int64_t peak_rss_bytes();
// Resets the high-water mark to the current RSS (writes 5 to /proc/self/clear_refs, Linux >= 4.0).
// Returns false where that is not possible; the peak then includes everything before.
bool reset_peak_rss();

}  // namespace infotorch::bench
