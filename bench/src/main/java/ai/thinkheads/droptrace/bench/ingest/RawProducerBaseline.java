package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: a plain Kafka producer with droptrace's producer settings (idempotent, acks=all,
 * linger 10 ms, 128 KiB batches, lz4) sending already serialised records (length-prefixed key and
 * value, streamed from a file) to one topic, then waiting for every acknowledgement.
 *
 * <pre>java ... RawProducerBaseline BOOTSTRAP TOPIC RECORDS_FILE</pre>
 */
public final class RawProducerBaseline {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        Path records = Path.of(args[2]);
        long count = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                EventPublisher.config(bootstrap, "raw-baseline", Map.of()), new ByteArraySerializer(),
                new ByteArraySerializer());
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(records), 1 << 20))) {
            while (true) {
                byte[] key;
                byte[] value;
                try {
                    key = new byte[in.readInt()];
                } catch (EOFException e) {
                    break;
                }
                in.readFully(key);
                value = new byte[in.readInt()];
                in.readFully(value);
                producer.send(new ProducerRecord<>(topic, key, value));
                count++;
            }
            producer.flush();
        }
        System.out.printf("raw producer: %d records in %.2f s%n", count, (System.nanoTime() - start) / 1e9);
    }
}
