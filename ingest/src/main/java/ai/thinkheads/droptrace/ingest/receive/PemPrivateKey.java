package ai.thinkheads.droptrace.ingest.receive;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;

/**
 * A private key from PEM text in the three unencrypted forms tools write: PKCS#8
 * ({@code BEGIN PRIVATE KEY}, openssl 3's default), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY},
 * {@code openssl genrsa -traditional}) and SEC1 EC ({@code BEGIN EC PRIVATE KEY}, what
 * {@code step ca certificate} and {@code openssl ecparam -genkey} write). An encrypted key, or
 * anything else, is refused with the openssl command that makes it readable.
 */
final class PemPrivateKey {

    private PemPrivateKey() {
    }

    /**
     * The key in {@code text} (read from {@code file}, named in errors); {@code publicKey} is the
     * certificate's, whose algorithm, and for SEC1 whose curve, the key is read with.
     */
    static PrivateKey read(String text, Path file, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = publicKey.getAlgorithm();
        byte[] pkcs8 = block(text, "PRIVATE KEY");
        if (pkcs8 != null) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (java.security.spec.InvalidKeySpecException e) {
                throw new GeneralSecurityException(file + " is not an " + algorithm
                        + " private key like the certificate's (the key of another certificate?)", e);
            }
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new GeneralSecurityException(file + " is an encrypted private key; droptrace reads unencrypted keys "
                    + "(keep the file readable by root only): openssl pkey -in KEY -out KEY.plain");
        }
        try {
            byte[] rsa = block(text, "RSA PRIVATE KEY");
            if (rsa != null) {
                return KeyFactory.getInstance("RSA").generatePrivate(pkcs1(rsa));
            }
            byte[] ec = block(text, "EC PRIVATE KEY");
            if (ec != null) {
                if (!(publicKey instanceof ECPublicKey ecPublic)) {
                    throw new GeneralSecurityException(file + " is an EC private key but the certificate's key is "
                            + algorithm + " (the key of another certificate?)");
                }
                return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(sec1(ec), ecPublic.getParams()));
            }
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + " is not a readable private key (" + e.getMessage() + ")", e);
        }
        throw new GeneralSecurityException(file + " is not a PEM private key (-----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----); "
                + "convert it with: openssl pkey -in KEY -out KEY.pem");
    }

    /** The bytes of the first {@code -----BEGIN label-----} block, or {@code null} when there is none. */
    private static byte[] block(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + label + "-----", from + 1);
        if (from < 0 || to < 0) {
            return null;
        }
        String body = text.substring(from + begin.length(), to);
        if (body.contains(":")) { // RFC 1421 headers (Proc-Type, DEK-Info): an encrypted traditional key
            return null;
        }
        return Base64.getMimeDecoder().decode(body);
    }

    /** PKCS#1 RSAPrivateKey: SEQUENCE { version, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p }. */
    private static RSAPrivateCrtKeySpec pkcs1(byte[] der) {
        Der key = new Der(der).sequence();
        key.integer(); // version
        return new RSAPrivateCrtKeySpec(key.integer(), key.integer(), key.integer(), key.integer(), key.integer(),
                key.integer(), key.integer(), key.integer());
    }

    /** SEC1 ECPrivateKey: SEQUENCE { version 1, privateKey OCTET STRING, [0] curve, [1] public key }. */
    private static BigInteger sec1(byte[] der) {
        Der key = new Der(der).sequence();
        key.integer(); // version
        return new BigInteger(1, key.next(0x04));
    }

    /** Just enough of DER for the two key structures: definite lengths, SEQUENCE, INTEGER, OCTET STRING. */
    private static final class Der {

        private final byte[] bytes;
        private int at;
        private final int end;

        Der(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Der(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        Der sequence() {
            int length = header(0x30);
            Der inner = new Der(bytes, at, at + length);
            at += length;
            return inner;
        }

        BigInteger integer() {
            return new BigInteger(next(0x02));
        }

        byte[] next(int tag) {
            int length = header(tag);
            byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return value;
        }

        private int header(int tag) {
            if (at + 2 > end || (bytes[at] & 0xff) != tag) {
                throw new IllegalArgumentException("expected DER tag " + tag + " at byte " + at);
            }
            at++;
            int length = bytes[at++] & 0xff;
            if (length > 0x7f) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3 || at + octets > end) {
                    throw new IllegalArgumentException("bad DER length at byte " + at);
                }
                length = 0;
                for (int k = 0; k < octets; k++) {
                    length = length << 8 | bytes[at++] & 0xff;
                }
            }
            if (length > end - at) {
                throw new IllegalArgumentException("DER value longer than its container at byte " + at);
            }
            return length;
        }
    }
}
