package pics.aed.load;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Development tokens for the load suite's virtual users, minted by deploy/local/Token.java itself (compiled into the
 * suite's test classes, see the pom): the same claims and the same key handling as {@code deploy/local/token.sh}.
 * Token.java is a single-file program in the unnamed package, so it is called by reflection.
 *
 * <p>One token per identity, remembered for the run (a phone keeps its token too); its lifetime outlasts the longest
 * run.
 */
public final class DevTokens {

    private static final long TTL_SECONDS = 6 * 3600;

    private final Path privateKey;
    private final Method parse;
    private final Method mint;
    private final Map<List<String>, String> minted = new ConcurrentHashMap<>();

    public DevTokens(Path repo) {
        this.privateKey = repo.resolve("deploy/local/dev-keys/jwt-private.pem");
        try {
            Class<?> token = Class.forName("Token");
            this.parse = token.getDeclaredMethod("parse", String[].class);
            Class<?> request = parse.getReturnType();
            this.mint = token.getDeclaredMethod("mint", request, long.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("deploy/local/Token.java is not on the suite's classpath", e);
        }
        parse.setAccessible(true);
        mint.setAccessible(true);
    }

    public String inspector(String sub, String sido, String gugun) {
        return token(sub, "inspector", sido, gugun);
    }

    public String localAdmin(String sub, String sido, String gugun) {
        return token(sub, "local-admin", sido, gugun);
    }

    public String master(String sub) {
        return token(sub, "master", null, null);
    }

    private String token(String sub, String role, String sido, String gugun) {
        List<String> identity = new ArrayList<>(List.of(sub, role));
        if (sido != null) {
            identity.add(sido);
        }
        if (gugun != null) {
            identity.add(gugun);
        }
        return minted.computeIfAbsent(List.copyOf(identity), ignored -> mintNow(sub, role, sido, gugun));
    }

    private String mintNow(String sub, String role, String sido, String gugun) {
        List<String> args = new ArrayList<>(List.of(
                "--sub", sub, "--role", role, "--ttl", String.valueOf(TTL_SECONDS), "--key", privateKey.toString()));
        if (sido != null) {
            args.addAll(List.of("--sido", sido));
        }
        if (gugun != null) {
            args.addAll(List.of("--gugun", gugun));
        }
        try {
            Object request = parse.invoke(null, (Object) args.toArray(String[]::new));
            return (String) mint.invoke(null, request, System.currentTimeMillis() / 1000);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Token.java refused " + args + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
