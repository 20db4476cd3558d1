package ai.thinkheads.droptrace.cli;

import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A broker of a test's own, to stop (or start again) mid-test, not the shared one: data under a temp folder. */
public final class OwnBroker {

    private OwnBroker() {
    }

    /** A broker on two loopback ports free a moment ago, its data in {@code dir/kafka}, deleted on close. */
    public static EmbeddedKafkaBroker start(Path dir) throws IOException {
        int[] ports = twoFreePorts();
        return EmbeddedKafkaBroker.builder(dir.resolve("kafka")).port(ports[0]).controllerPort(ports[1])
                .deleteOnClose(true).start();
    }

    /** Two loopback ports free a moment ago: a broker's and its controller's. */
    public static int[] twoFreePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
