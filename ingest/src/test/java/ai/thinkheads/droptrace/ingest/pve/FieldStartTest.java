package ai.thinkheads.droptrace.ingest.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldStartTest {

    @Test
    void findsTheFirstFieldKeyLongestFirstAndGluedOnes() {
        assertThat(FieldStart.find("policy DROP: IN=fwbr1 OUT=", 0)).isEqualTo(13);
        assertThat(FieldStart.find("PHYSIN=eno1 SRC=1", 0)).isZero();
        assertThat(FieldStart.find("abcPHYSOUT=tap1", 0)).isEqualTo(3);
        assertThat(FieldStart.find("[WAN_IN-2000-A]IN=eth0", 0)).isEqualTo(15);
        assertThat(FieldStart.find("x=1 DST=2 SRC=3", 0)).isEqualTo(10);
        assertThat(FieldStart.find("MAC=00:11", 0)).isZero();
        assertThat(FieldStart.find("OUT= IN=", 0)).isZero();
    }

    @Test
    void noKeyOrAKeyBeforeTheStartIsNone() {
        assertThat(FieldStart.find("A=1 N=2 =3 XUT=4 MXC=5", 0)).isEqualTo(-1);
        assertThat(FieldStart.find("IN=a", 1)).isEqualTo(-1);
        assertThat(FieldStart.find("PHYSIN=a", 2)).isEqualTo(4);
        assertThat(FieldStart.find("PHYSOUT=a", 1)).isEqualTo(4);
        assertThat(FieldStart.find("", 0)).isEqualTo(-1);
    }

    @Test
    void agreesWithComparingEveryKeyOnRandomText() {
        Random random = new Random(7);
        String alphabet = "INOUTPHYSMACRD= x:";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int from = length == 0 ? 0 : random.nextInt(length);
            assertThat(FieldStart.find(text.toString(), from)).as("'%s' from %d", text, from)
                    .isEqualTo(everyKey(text.toString(), from));
        }
    }

    /** The plain definition: at each '=', the first of the keys (longest first) that ends there. */
    private static int everyKey(String text, int from) {
        String[] keys = {"PHYSOUT", "PHYSIN", "OUT", "IN", "MAC", "SRC"};
        for (int eq = text.indexOf('=', from); eq > 0; eq = text.indexOf('=', eq + 1)) {
            for (String key : keys) {
                int start = eq - key.length();
                if (start >= from && text.startsWith(key, start)) {
                    return start;
                }
            }
        }
        return -1;
    }
}
