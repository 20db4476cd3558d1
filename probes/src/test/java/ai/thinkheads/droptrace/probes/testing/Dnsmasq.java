package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real dnsmasq (Debian {@code dnsmasq-base}) on 127.0.0.1 and a free port, authoritative for
 * {@code internal.test} (unknown names there are NXDOMAIN), bounded by {@code timeout} and
 * stopped by its PID. Tests are skipped, saying so, when dnsmasq is not installed.
 */
public final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final int port;

    private Dnsmasq(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts dnsmasq with {@code --address=/name/ip} for each record. */
    public static Dnsmasq start(List<String> records) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/dnsmasq");
        Assumptions.assumeTrue(Files.isExecutable(binary), "dnsmasq is not installed (Debian dnsmasq-base; .ci/run installs it)");
        int port = Ports.freeForBoth();
        List<String> argv = new ArrayList<>(List.of("timeout", "300", binary.toString(), "--no-daemon", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--local=/internal.test/", "--pid-file="));
        records.forEach(r -> argv.add("--address=" + r));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Dnsmasq d = new Dnsmasq(p, port);
        d.awaitAnswering();
        return d;
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 4, 'p', 'i', 'n', 'g', 8, 'i', 'n', 't', 'e', 'r', 'n', 'a', 'l',
            4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dnsmasq exited with " + process.exitValue());
                }
                try {
                    s.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", port)));
                    s.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                    // not answering yet: ask again until the deadline
                }
            }
        }
        throw new IllegalStateException("dnsmasq did not answer within 30 s");
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
