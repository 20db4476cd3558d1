/**
 * Benchmarks. Every benchmark measures droptrace and the peer named in its issue in the same run,
 * so results are ratios that survive a noisy shared machine. Results and the exact commands go in
 * {@code docs/benchmarks.md}. No benchmark runs as part of {@code mvn verify}.
 */
package ai.thinkheads.droptrace.bench;
