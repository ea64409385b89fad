package pics.aed.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The test-only RSA key pair shipped in this jar under {@code aedpics-test-keys/} (see the README there):
 * {@link Tokens} signs with the private key, services under test verify with the public key.
 */
public final class TestKeys {

    private static final String DIRECTORY = "aedpics-test-keys/";

    private TestKeys() {}

    public static PrivateKey privateKey() {
        return decode(pem("private-key.pem"), true);
    }

    public static PublicKey publicKey() {
        return decode(pem("public-key.pem"), false);
    }

    /** The public key as PEM text, the form {@code mp.jwt.verify.publickey} accepts. */
    public static String publicKeyPem() {
        return pem("public-key.pem");
    }

    private static String pem(String file) {
        try (InputStream in = TestKeys.class.getClassLoader().getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException(DIRECTORY + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <K> K decode(String pem, boolean isPrivate) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            @SuppressWarnings("unchecked")
            K key = (K)
                    (isPrivate
                            ? rsa.generatePrivate(new PKCS8EncodedKeySpec(der))
                            : rsa.generatePublic(new X509EncodedKeySpec(der)));
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("invalid test key", e);
        }
    }
}
