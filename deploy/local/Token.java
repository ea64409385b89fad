/*
 * Mints a DEVELOPMENT JWT for the local stack, signed RS256 with deploy/local/dev-keys/jwt-private.pem.
 * JDK only, run as a single-file program (no build needed):
 *
 *   java deploy/local/Token.java --sub kim --role inspector --sido 서울특별시 --gugun 종로구 [--ttl 3600]
 *
 * Prefer deploy/local/token.sh, which finds the key from any directory and passes Korean arguments safely whatever
 * the locale. Prints exactly one token on stdout; errors go to stderr with exit status 2.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

public class Token {

    static final String ISSUER = "https://aed.pics/local";
    /** The audience the local stack's services verify (MP_JWT_VERIFY_AUDIENCES in up.sh). */
    static final String AUDIENCE = "aedpics";

    static final long DEFAULT_TTL = 3600;
    static final long MAX_TTL = 366L * 24 * 3600;
    static final Set<String> ROLES = Set.of("inspector", "local-admin", "regional-admin", "master", "service");
    static final List<String> SIDO = List.of(
            "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충청남도",
            "전북특별자치도", "전라남도", "경상북도", "경상남도", "제주특별자치도");

    static final String USAGE = """
            usage: token.sh --sub <id> --role <inspector|local-admin|regional-admin|master|service>
                            [--sido <full sido name> [--gugun <gugun>]] [--ttl <seconds>] [--key <private key PEM>]
              inspector and local-admin need --sido and --gugun; regional-admin needs --sido (and no --gugun).
              --ttl defaults to 3600. Prints one development JWT (RS256, iss https://aed.pics/local, aud aedpics).""";

    static final class BadArgs extends Exception {
        BadArgs(String message) {
            super(message);
        }
    }

    public static void main(String[] argv) {
        try {
            String[] args = decode(argv);
            if (args.length == 0
                    || List.of(args).contains("-h")
                    || List.of(args).contains("--help")) {
                System.err.println(USAGE);
                System.exit(args.length == 0 ? 2 : 0);
            }
            System.out.println(mint(parse(args), System.currentTimeMillis() / 1000));
        } catch (BadArgs e) {
            System.err.println("token: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("token: " + e);
            System.exit(1);
        }
    }

    /** token.sh passes every argument hex-encoded (UTF-8) after --hex-args, so no locale can garble Korean. */
    static String[] decode(String[] argv) throws BadArgs {
        if (argv.length == 0 || !argv[0].equals("--hex-args")) {
            String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
            if (!jnu.equalsIgnoreCase("UTF-8")) {
                for (String a : argv) {
                    if (a.indexOf('?') >= 0 || a.indexOf('\uFFFD') >= 0) {
                        throw new BadArgs("argument '" + a + "' was garbled by the locale (" + jnu
                                + "); use deploy/local/token.sh or a UTF-8 locale (LC_ALL=C.UTF-8)");
                    }
                }
            }
            return argv;
        }
        String[] out = new String[argv.length - 1];
        for (int i = 1; i < argv.length; i++) {
            try {
                out[i - 1] = new String(HexFormat.of().parseHex(argv[i]), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadArgs("--hex-args: not hex: " + argv[i]);
            }
        }
        return out;
    }

    record Request(String sub, String role, String sido, String gugun, long ttl, Path key) {}

    static Request parse(String[] args) throws BadArgs {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else if (a.startsWith("--")) {
                name = a.substring(2);
                if (i + 1 >= args.length) {
                    throw new BadArgs(a + " needs a value");
                }
                value = args[++i];
            } else {
                throw new BadArgs("unexpected argument '" + a + "'");
            }
            if (!Set.of("sub", "role", "sido", "gugun", "ttl", "key").contains(name)) {
                throw new BadArgs("unknown option --" + name);
            }
            if (opts.put(name, value) != null) {
                throw new BadArgs("--" + name + " given twice");
            }
        }
        String sub = opts.get("sub");
        if (sub == null || sub.isBlank()) {
            throw new BadArgs("--sub is required");
        }
        if (sub.length() > 255 || !sub.strip().equals(sub)) {
            throw new BadArgs("--sub must be at most 255 characters without surrounding spaces");
        }
        String role = opts.get("role");
        if (role == null) {
            throw new BadArgs("--role is required");
        }
        if (!ROLES.contains(role)) {
            throw new BadArgs("unknown role '" + role + "'");
        }
        String sido = blankToNull(opts.get("sido"));
        String gugun = blankToNull(opts.get("gugun"));
        if (sido != null && !SIDO.contains(sido)) {
            throw new BadArgs("--sido must be a full official sido name, one of " + String.join(", ", SIDO) + "; was '"
                    + sido + "'");
        }
        if (gugun != null && sido == null) {
            throw new BadArgs("--gugun needs --sido");
        }
        switch (role) {
            case "inspector", "local-admin" -> {
                if (sido == null || gugun == null) {
                    throw new BadArgs(role + " needs --sido and --gugun");
                }
            }
            case "regional-admin" -> {
                if (sido == null) {
                    throw new BadArgs("regional-admin needs --sido");
                }
                if (gugun != null) {
                    throw new BadArgs("regional-admin is scoped to a whole sido; drop --gugun");
                }
            }
            default -> {
                // master, service: national; a scope is allowed but not needed
            }
        }
        long ttl = DEFAULT_TTL;
        if (opts.containsKey("ttl")) {
            try {
                ttl = Long.parseLong(opts.get("ttl").trim());
            } catch (NumberFormatException e) {
                throw new BadArgs("--ttl must be a number of seconds");
            }
            if (ttl < 1 || ttl > MAX_TTL) {
                throw new BadArgs("--ttl must be between 1 and " + MAX_TTL + " seconds");
            }
        }
        Path key = Path.of(opts.getOrDefault("key", "deploy/local/dev-keys/jwt-private.pem"));
        if (!Files.isReadable(key)) {
            throw new BadArgs(
                    "private key not found: " + key.toAbsolutePath() + " (use --key, or deploy/local/token.sh)");
        }
        return new Request(sub, role, sido, gugun, ttl, key);
    }

    static String mint(Request r, long now) throws Exception {
        List<String> claims = new ArrayList<>();
        claims.add(str("iss", ISSUER));
        claims.add(str("aud", AUDIENCE));
        claims.add(str("sub", r.sub()));
        claims.add(str("upn", r.sub()));
        claims.add(json("groups") + ":[" + json(r.role()) + "]");
        if (r.sido() != null) {
            claims.add(str("sido", r.sido()));
        }
        if (r.gugun() != null) {
            claims.add(str("gugun", r.gugun()));
        }
        claims.add(json("iat") + ":" + now);
        claims.add(json("exp") + ":" + (now + r.ttl()));
        claims.add(str("jti", UUID.randomUUID().toString()));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{" + String.join(",", claims) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(privateKey(r.key()));
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(sig.sign());
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        }
        String body = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String str(String name, String value) {
        return json(name) + ":" + json(value);
    }

    /** A JSON string literal; non-ASCII stays as UTF-8. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
