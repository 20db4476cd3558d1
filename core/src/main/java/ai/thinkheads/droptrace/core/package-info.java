/** The droptrace domain shared by every module: events, keys, topics, configuration model. */
package ai.thinkheads.droptrace.core;
