/** Active connectivity checks: the probe matrix, probe kinds, outcomes, scheduling. */
package ai.thinkheads.droptrace.probes;
