package ai.thinkheads.droptrace.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/droptrace} as a user runs it, on the jar this build packaged: the first start after a
 * build makes the class archive by a training run, later starts load their classes from it, a
 * rebuilt jar makes it again, a training that fails is not tried at every start, and
 * {@code DROPTRACE_CDS=off} starts without it; the command's own output and exit code are the same
 * in every case.
 */
class LauncherIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = MODULE.resolveSibling("bin").resolve("droptrace");
    private static final Path ARCHIVES = MODULE.resolve("target/cds");
    /** Where the JVM says a class came from when it was mapped from the launcher's archive. */
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";
    private static final String LOG_CLASSES = "-Xmx512m -XX:+UseSerialGC -Xlog:class+load=info";

    @Test
    void the_first_start_makes_the_archive_and_the_next_starts_load_their_classes_from_it() throws Exception {
        // Given no archive yet
        deleteArchives();
        // When the first start after the build
        Run first = launch(Map.of(), "--version");
        // Then the command ran as always, and the archive is there
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).startsWith("droptrace ");
        assertThat(first.err()).isEmpty();
        assertThat(archives()).hasSize(1);

        // When the next start (a parse of one line) logs where its classes come from
        Path line = Files.writeString(MODULE.resolve("target/launcher-it.log"), "101 6 tap101i0-IN 14/Mar/2025:10:00:01 "
                + "+0100 policy DROP: IN=fwbr101i0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 PROTO=TCP SPT=1 DPT=2 SYN \n");
        Run second = launch(Map.of("DROPTRACE_JAVA_OPTS", LOG_CLASSES), "parse", line.toString());
        // Then droptrace's, its parser's and Jackson's classes came from the archive
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("\"destinationPort\":2")
                .contains("ai.thinkheads.droptrace.cli.DroptraceCommand " + FROM_ARCHIVE)
                .contains("ai.thinkheads.droptrace.ingest.FirewallLineParser " + FROM_ARCHIVE)
                .contains("com.fasterxml.jackson.databind.ObjectMapper " + FROM_ARCHIVE);

        // When the archive is turned off
        Run off = launch(Map.of("DROPTRACE_CDS", "off", "DROPTRACE_JAVA_OPTS", LOG_CLASSES), "parse", line.toString());
        // Then nothing comes from it
        assertThat(off.exitCode()).isZero();
        assertThat(off.out()).contains("\"destinationPort\":2").doesNotContain(FROM_ARCHIVE);
    }

    @Test
    void an_archive_older_than_the_jar_is_made_again_and_a_failing_command_keeps_its_exit_code() throws Exception {
        // Given an archive, then a jar newer than it (as after mvn package)
        assertThat(launch(Map.of(), "--version").exitCode()).isZero();
        Path archive = archives().get(0);
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));
        FileTime stale = Files.getLastModifiedTime(archive);
        // When a command that fails runs
        Run run = launch(Map.of(), "parse", MODULE.resolve("target/no-such-file.log").toString());
        // Then its one-line error and exit code are droptrace's, and the archive was made again
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("droptrace: ").doesNotContain("Exception").hasLineCount(1);
        assertThat(archives()).hasSize(1);
        assertThat(Files.getLastModifiedTime(archives().get(0))).isGreaterThan(stale);
    }

    @Test
    void a_training_that_fails_leaves_the_command_alone_and_is_not_tried_again_until_the_next_build() throws Exception {
        // Given no archive, and JVM options under which no archive can be made
        deleteArchives();
        Map<String, String> noSharing = Map.of("DROPTRACE_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC -Xshare:off");
        // When droptrace starts twice
        Run first = launch(noSharing, "--version");
        Path marker = onlyFile();
        FileTime markedAt = Files.getLastModifiedTime(marker);
        Run second = launch(noSharing, "--version");
        // Then both ran as always, no archive was made, and the second start did not train again
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).startsWith("droptrace ");
        assertThat(first.err()).isEmpty();
        assertThat(second.exitCode()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(archives()).isEmpty();
        assertThat(marker.getFileName().toString()).endsWith(".jsa.failed");
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(markedAt);
        deleteArchives(); // the other tests start from no archive
    }

    @Test
    void a_training_that_failed_on_jvm_options_the_jvm_refused_is_tried_again_once_they_are_mended() throws Exception {
        // Given no archive, and a start with a mistyped JVM option, on which the training and the command both fail
        deleteArchives();
        Run typo = launch(Map.of("DROPTRACE_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC -XX:+NoSuchOptionAtAll"), "--version");
        assertThat(typo.exitCode()).isNotZero();
        assertThat(archives()).isEmpty();
        // When droptrace starts with the options mended
        Run mended = launch(Map.of(), "--version");
        // Then it trains again and has its archive, where it went without one until the next build
        assertThat(mended.exitCode()).isZero();
        assertThat(mended.err()).isEmpty();
        assertThat(archives()).hasSize(1);
    }

    @Test
    void a_jvm_option_that_holds_a_space_is_given_in_quotes_as_in_jdk_java_options() throws Exception {
        // Given a JVM option whose value holds a space (a file in a directory named with one), quoted in
        // DROPTRACE_JAVA_OPTS as JDK_JAVA_OPTIONS takes it; it was split at the space, the quote kept
        Path dir = Files.createDirectories(MODULE.resolve("target/launcher it"));
        Path classes = dir.resolve("classes.log");
        Files.deleteIfExists(classes);
        String logToFile = "-Xlog:class+load=info:file=" + classes;

        // When
        Run doubled = launch(Map.of("DROPTRACE_CDS", "off", "DROPTRACE_JAVA_OPTS",
                " -Xmx512m\t-XX:+UseSerialGC  \"" + logToFile + "\" "), "--version");
        String firstLog = Files.exists(classes) ? Files.readString(classes) : "";
        Files.deleteIfExists(classes);
        Run single = launch(Map.of("DROPTRACE_CDS", "off", "DROPTRACE_JAVA_OPTS", "-Xmx512m '" + logToFile + "'"),
                "--version");
        Run unclosed = launch(Map.of("DROPTRACE_CDS", "off", "DROPTRACE_JAVA_OPTS", "-Xmx512m \"" + logToFile),
                "--version");

        // Then the JVM got the option whole, and an unclosed quote is one line and a usage error
        assertThat(doubled.err()).isEmpty();
        assertThat(doubled.exitCode()).isZero();
        assertThat(doubled.out()).startsWith("droptrace ");
        assertThat(firstLog).contains("ai.thinkheads.droptrace.cli.DroptraceCommand");
        assertThat(single.err()).isEmpty();
        assertThat(single.exitCode()).isZero();
        assertThat(Files.readString(classes)).contains("ai.thinkheads.droptrace.cli.DroptraceCommand");
        assertThat(unclosed.exitCode()).isEqualTo(2);
        assertThat(unclosed.out()).isEmpty();
        assertThat(unclosed.err()).startsWith("droptrace: DROPTRACE_JAVA_OPTS has a \" that is not closed").hasLineCount(1);
    }

    @Test
    void a_launcher_started_through_a_symbolic_link_runs_the_build_it_links_to() throws Exception {
        // Given bin/droptrace linked from another directory, as an operator links it into /usr/local/bin
        Path bin = Files.createTempDirectory("launcher-link-");
        Path link = Files.createSymbolicLink(bin.resolve("droptrace"), LAUNCHER);
        try {
            // When droptrace starts through the link
            Run run = launch(link, Map.of("DROPTRACE_CDS", "off"), "--version");
            // Then it runs the application of the linked build, not "not built yet"
            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("droptrace ");
        } finally {
            Files.delete(link);
            Files.delete(bin);
        }
    }

    @Test
    void the_readme_s_install_steps_give_a_copy_that_runs_and_one_without_the_build_says_what_it_lacks() throws Exception {
        // Given the README's install steps, /opt/droptrace and /usr/local/bin a temporary directory here
        String readme = Files.readString(MODULE.resolveSibling("README.md"));
        int section = readme.indexOf("## Installing on a Proxmox host");
        assertThat(section).as("README: Installing on a Proxmox host").isPositive();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        String steps = readme.substring(start, readme.indexOf("```", start));
        Path dest = Files.createTempDirectory("launcher-install-");
        try {
            String script = steps.replace("/opt/droptrace", dest.resolve("opt").toString())
                    .replace("/usr/local/bin", dest.toString());
            assertThat(script).doesNotContain("/opt/droptrace").doesNotContain("/usr/local");
            // When only the launcher is in place (the build's files not copied: its first two steps)
            String launcherOnly = String.join("\n", script.lines().limit(2).toList());
            assertThat(shell(launcherOnly).exitCode()).isZero();
            Run bare = launch(dest.resolve("opt/bin/droptrace"), Map.of("DROPTRACE_CDS", "off"), "--version");
            // Then one line says what it lacks, where it said "not built yet" and sent the operator to run Maven in
            // a directory without sources
            assertThat(bare.exitCode()).isEqualTo(1);
            assertThat(bare.err()).isEqualTo("droptrace: " + dest.resolve("opt/cli/target") + " lacks droptrace.jar or "
                    + "lib/: copy both from a build's cli/target (README: Installing on a Proxmox host).\n");

            // When every step ran
            assertThat(shell(script).exitCode()).isZero();
            Run installed = launch(dest.resolve("droptrace"), Map.of("DROPTRACE_CDS", "off"), "--version");
            // Then the installed copy runs, through its link too
            assertThat(installed.err()).isEmpty();
            assertThat(installed.exitCode()).isZero();
            assertThat(installed.out()).startsWith("droptrace ");
        } finally {
            try (Stream<Path> files = Files.walk(dest)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Runs {@code script} with bash in the top directory of the clone. */
    private static Run shell(String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-ec", script).directory(MODULE.getParent().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(script + "\n" + output).isZero();
        return new Run(process.exitValue(), output, "");
    }

    @Test
    void a_java_home_without_a_java_is_one_line_not_another_java_run_in_silence() throws Exception {
        // Given JAVA_HOME set to a directory that is gone (a JDK removed by an upgrade) and to one without bin/java,
        // while a java is on PATH: the launcher ran that one, and said nothing of JAVA_HOME
        Path gone = MODULE.resolve("target/launcher-it-no-jdk");
        Path empty = Files.createDirectories(MODULE.resolve("target/launcher-it-empty-jdk"));
        // When
        Run missing = launch(Map.of("JAVA_HOME", gone.toString(), "DROPTRACE_CDS", "off"), "--version");
        Run noJava = launch(Map.of("JAVA_HOME", empty.toString(), "DROPTRACE_CDS", "off"), "--version");
        // Then each is one line naming JAVA_HOME and what is wrong with it, and nothing ran
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("droptrace: JAVA_HOME is " + gone + ", which does not exist; set it to a JDK "
                + "17 or newer, or unset it to use the java on PATH.\n");
        assertThat(noJava.exitCode()).isEqualTo(1);
        assertThat(noJava.out()).isEmpty();
        assertThat(noJava.err()).isEqualTo("droptrace: JAVA_HOME is " + empty + ", which has no bin/java; set it to a "
                + "JDK 17 or newer, or unset it to use the java on PATH.\n");
    }

    @Test
    void on_java_24_and_newer_kafka_s_libraries_start_without_the_jvm_s_warnings() throws Exception {
        // Given a Java 24 or newer, which warns of native code loaded (lz4-java) and of sun.misc.Unsafe's memory access
        Path java = javaHome(24);
        Assumptions.assumeTrue(java != null, "no Java 24 or newer found (java.home, /usr/lib/jvm)");
        Path line = Files.writeString(MODULE.resolve("target/launcher-it-replay.log"), "101 6 tap101i0-IN "
                + "14/Mar/2025:10:00:01 +0100 policy DROP: IN=fwbr101i0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 PROTO=TCP "
                + "SPT=1 DPT=2 SYN \n");
        // When a replay compresses its records with lz4 into an embedded broker on that Java
        Run run = launch(Map.of("JAVA_HOME", java.toString(), "DROPTRACE_CDS", "off"), "replay", line.toString());
        // Then stderr holds droptrace's own lines, none of the JVM's warnings
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("acknowledged by Kafka 1");
        assertThat(run.err()).startsWith("Started an embedded Kafka broker").doesNotContain("WARNING");
    }

    @Test
    void in_the_c_locale_a_log_named_in_utf_8_is_read_and_the_output_keeps_every_character() throws Exception {
        // Given a log whose name is not ASCII, and a probe described in German, passed as this JVM writes them (UTF-8)
        Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the test's own file names are not UTF-8 (sun.jnu.encoding " + System.getProperty("sun.jnu.encoding") + ")");
        Path log = Files.writeString(MODULE.resolve("target/launcher-it-Gr\u00fc\u00dfe.log"), "101 6 tap101i0-IN "
                + "14/Mar/2025:10:00:01 +0100 policy DROP: IN=fwbr101i0 SRC=192.0.2.1 DST=192.0.2.2 LEN=60 PROTO=TCP "
                + "SPT=1 DPT=2 SYN \n");
        Path probes = Files.writeString(MODULE.resolve("target/launcher-it-probes.yaml"), """
                site:
                  host: {name: lab, addresses: [127.0.0.1]}
                probes:
                  - id: local
                    description: "Gr\u00fc\u00dfe \u2603"
                    kind: tcp
                    to: 127.0.0.1
                    port: 9
                """);
        // When droptrace runs in the C locale, as from cron or a unit without LANG
        Map<String, String> c = Map.of("LC_ALL", "C", "DROPTRACE_CDS", "off");
        Run parse = launch(c, "parse", log.toString());
        Run list = launch(c, "probe", "list", "--config", probes.toString(), "--output", "json");
        // Then the log is found by its name, and the JSON keeps the description as written
        assertThat(parse.exitCode()).as(parse.err()).isZero();
        assertThat(parse.out()).contains("\"destinationPort\":2");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("\"description\" : \"Gr\u00fc\u00dfe \u2603\"");
    }

    /** The home of a Java of {@code major} or newer: the one running the test, or one in /usr/lib/jvm; {@code null}. */
    private static Path javaHome(int major) throws IOException {
        if (Runtime.version().feature() >= major) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isExecutable(home.resolve("bin/java")) && Files.isReadable(release)) {
                    for (String entry : Files.readAllLines(release)) {
                        if (entry.matches("JAVA_VERSION=\"\\d+.*\"")
                                && Integer.parseInt(entry.substring(14).split("\\D", 2)[0]) >= major) {
                            return home;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(ARCHIVES)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void a_closed_stdin_reads_as_empty_not_as_the_first_file_the_jvm_opens() throws Exception {
        // Given: the launcher started with its stdin closed (<&-, as a supervisor that closes it does)
        Path out = Files.createTempFile("launcher-out-", ".txt");
        Path err = Files.createTempFile("launcher-err-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec bash \"$0\" parse - <&-",
                    LAUNCHER.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("DROPTRACE_JAVA_OPTS");
            builder.environment().put("DROPTRACE_CDS", "off");
            // When
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("bin/droptrace did not finish within 180 s");
            }
            // Then: no line read, where the bytes of a file the JVM opened on descriptor 0 were read as lines
            assertThat(process.exitValue()).as(Files.readString(err)).isZero();
            assertThat(Files.readString(err)).contains("parsed 0 of 0 lines").doesNotContain("binary data");
            assertThat(Files.readString(out)).isEmpty();
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        return launch(LAUNCHER, env, args);
    }

    private static Run launch(Path launcher, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("launcher-out-", ".txt");
        Path err = Files.createTempFile("launcher-err-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", launcher.toString()), Stream.of(args))
                    .toList()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("DROPTRACE_JAVA_OPTS");
            builder.environment().remove("DROPTRACE_CDS");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("bin/droptrace did not finish within 180 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<Path> archives() throws IOException {
        if (!Files.isDirectory(ARCHIVES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ARCHIVES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** Deletes every archive and failure marker. */
    private static void deleteArchives() throws IOException {
        if (!Files.isDirectory(ARCHIVES)) {
            return;
        }
        try (Stream<Path> files = Files.list(ARCHIVES)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
