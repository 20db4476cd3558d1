package ai.thinkheads.droptrace.bench.ingest;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two builds of droptrace's parser in one JVM, each in its own class loader, timed in alternation
 * on the same real-shaped lines: round after round, A then B, then B then A. A change to the parser
 * is a few percent to a few tens of percent, while this shared machine moves a JMH score by up to
 * 1.5x between runs minutes apart (docs/benchmarks.md); interleaving rounds of a fraction of a
 * second puts both builds under the same neighbours, so the median of the per-round ratios shows
 * the change where separate runs cannot.
 *
 * <p>A build is a class path: directories and {@code dir/*} jar folders, as for {@code java -cp}
 * (for example {@code bench/target/classes:bench/target/lib/*} of two checkouts).
 *
 * <pre>java -Xmx3g -Xms3g -XX:+UseSerialGC -cp 'bench/target/classes:bench/target/lib/*' \
 *     ai.thinkheads.droptrace.bench.ingest.ParserAB CLASSPATH_A CLASSPATH_B [LINES] [ROUNDS]</pre>
 */
public final class ParserAB {

    private ParserAB() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParserAB CLASSPATH_A CLASSPATH_B [LINES] [ROUNDS]");
            System.exit(2);
        }
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        List<String> lines = RealShapedLines.generate(count, 42);
        MethodHandle a = parser(args[0]);
        MethodHandle b = parser(args[1]);
        for (int k = 0; k < 5; k++) { // warm-up: both compiled before anything is timed
            pass(a, lines);
            pass(b, lines);
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> rateA = new ArrayList<>();
        List<Double> rateB = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean aFirst = round % 2 == 0;
            double first = pass(aFirst ? a : b, lines);
            double second = pass(aFirst ? b : a, lines);
            double ta = aFirst ? first : second;
            double tb = aFirst ? second : first;
            rateA.add(count / ta);
            rateB.add(count / tb);
            ratios.add(ta / tb);
        }
        System.out.printf("%d lines, %d rounds; lines/s median (min-max): A %,.0f (%,.0f-%,.0f), B %,.0f (%,.0f-%,.0f)%n",
                count, rounds, median(rateA), Collections.min(rateA), Collections.max(rateA), median(rateB),
                Collections.min(rateB), Collections.max(rateB));
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        System.out.printf("B / A speed, per round: median %.3f, middle half %.3f-%.3f, B faster in %d of %d rounds%n",
                median(ratios), sorted.get(rounds / 4), sorted.get(rounds * 3 / 4),
                ratios.stream().filter(r -> r > 1).count(), rounds);
    }

    /** Seconds to parse every line once. */
    private static double pass(MethodHandle parse, List<String> lines) throws Throwable {
        long start = System.nanoTime();
        int parsed = 0;
        for (String line : lines) {
            if (parse.invoke(line) != null) {
                parsed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (parsed != lines.size()) {
            throw new IllegalStateException("a parse gave no result");
        }
        return seconds;
    }

    /** {@code line -> FirewallLineParser.parse(line, origin)} of the build on {@code classPath}. */
    private static MethodHandle parser(String classPath) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith("/*")) {
                try (Stream<Path> jars = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            } else {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Class<?> zones = loader.loadClass("ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone");
        Class<?> parserClass = loader.loadClass("ai.thinkheads.droptrace.ingest.FirewallLineParser");
        Class<?> originClass = loader.loadClass("ai.thinkheads.droptrace.core.event.Origin");
        Object yearAndZone = zones.getMethod("of", Integer.class, java.time.ZoneId.class, Instant.class)
                .invoke(null, 2025, ZoneOffset.UTC, Instant.EPOCH);
        Object parser = parserClass.getConstructor(zones).newInstance(yearAndZone);
        Object origin = originClass.getMethod("of", String.class, long.class).invoke(null, "bench", 1L);
        MethodHandle parse = MethodHandles.publicLookup().findVirtual(parserClass, "parse",
                MethodType.methodType(loader.loadClass("ai.thinkheads.droptrace.ingest.ParseResult"), String.class,
                        originClass));
        return MethodHandles.insertArguments(parse.bindTo(parser), 1, origin)
                .asType(MethodType.methodType(Object.class, String.class));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
